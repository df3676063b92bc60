/*
 * rill_go.h: the functions the Go archive (plugin/, package main) exports to the shim.
 * scripts/build.sh checks these prototypes against the header cgo generates, so the two
 * cannot drift. Every boolean is an int (0 false, non-zero true); every instance is an
 * integer handle (> 0) from rill_go_create. Each function states its CLAP thread.
 */
#ifndef RILL_GO_H
#define RILL_GO_H

#include <stdint.h>

#include "rill_bridge.h"
#include "rill_clap.h"

/* [main-thread] a new instance at its defaults: its handle, or 0 on failure. */
extern int32_t rill_go_create(void);
/* [main-thread] frees the instance; the handle becomes invalid. */
extern void rill_go_destroy(int32_t handle);
/* [main-thread] allocates everything processing needs. */
extern int rill_go_activate(int32_t handle, double sample_rate, uint32_t min_frames, uint32_t max_frames);
/* [main-thread] */
extern void rill_go_deactivate(int32_t handle);
/* [audio-thread] also the warm-up call for a new audio thread. */
extern int rill_go_start_processing(int32_t handle);
/* [audio-thread] */
extern void rill_go_stop_processing(int32_t handle);
/* [audio-thread] */
extern void rill_go_reset(int32_t handle);
/* [audio-thread] one block; returns a CLAP process status. */
extern int32_t rill_go_process(int32_t handle, rill_block_t *block);
/* [audio-thread & !processing, or main-thread & !active] events and out fields of block only. */
extern void rill_go_flush(int32_t handle, rill_block_t *block);

/* [main-thread] */
extern uint32_t rill_go_param_count(void);
/* [main-thread] fills info for the parameter at index. */
extern int rill_go_param_info(uint32_t index, clap_param_info_t *info);
/* [main-thread] */
extern int rill_go_param_value(int32_t handle, uint32_t param_id, double *out_value);
/* [main-thread] writes NUL-terminated text into the host's buffer. */
extern int rill_go_value_to_text(uint32_t param_id, double value, char *out, uint32_t capacity);
/* [main-thread] */
extern int rill_go_text_to_value(uint32_t param_id, char *text, double *out_value); /* text is only read */

/* [main-thread] writes the state into buf; returns its length, or -1. */
extern int32_t rill_go_state_save(int32_t handle, uint8_t *buf, uint32_t capacity);
/* [main-thread] */
extern int rill_go_state_load(int32_t handle, uint8_t *buf, uint32_t length); /* buf is only read */

/* [main-thread, audio-thread] */
extern uint32_t rill_go_tail(int32_t handle);
/* [main-thread] */
extern uint32_t rill_go_latency(int32_t handle);
/* [main-thread] */
extern void rill_go_set_offline(int32_t handle, int offline);

/* [thread-safe] cumulative heap allocations of the plugin's Go runtime. */
extern uint64_t rill_go_heap_alloc_bytes(void);
extern uint64_t rill_go_heap_alloc_objects(void);

/* Editor (plugin/gui.go; called by shim/ext_gui.c). */
/* [main-thread] the instance's shared-memory region for an editor: its descriptor, or -1. */
extern int rill_go_gui_open(int32_t handle);
/* [main-thread] */
extern void rill_go_gui_set_visible(int32_t handle, int visible);
/* [main-thread] asks the editor to quit. */
extern void rill_go_gui_request_close(int32_t handle);
/* [main-thread] the editor's X11 window once it is up (embedded: reparented), else 0. */
extern uint64_t rill_go_gui_editor_window(int32_t handle);
/* [main-thread] timer work; bit 1: edits wait for a flush, bit 2: editor from another build. */
extern int rill_go_gui_tick(int32_t handle);
/* [main-thread, nothing processing] frees the region at instance destroy. */
extern void rill_go_gui_release(int32_t handle);

#endif /* RILL_GO_H */
