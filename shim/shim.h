/*
 * shim.h: what the shim's C files share: the per-instance struct, the extension tables
 * and the thread/log helpers. The shim holds no DSP and no plugin state beyond what the
 * ABI needs; every call goes to the Go archive (rill_go.h) with an integer handle.
 */
#ifndef RILL_SHIM_H
#define RILL_SHIM_H

#include <stdbool.h>
#include <stdint.h>

#include "rill_bridge.h"
#include "rill_clap.h"
#include "rill_go.h"

/* The one plugin of this library. */
#define RILL_PLUGIN_ID "audio.rill.tape-delay"

#ifndef RILL_VERSION
#define RILL_VERSION "0.0.0-dev" /* scripts/build.sh passes the git version */
#endif

/* rill_plugin_t: one instance as the shim sees it. */
typedef struct rill_plugin {
    clap_plugin_t plugin; /* plugin.plugin_data points back here */
    const clap_host_t *host;
    const clap_host_params_t *host_params;
    const clap_host_log_t *host_log;
    const clap_host_thread_check_t *host_thread_check;
    const clap_host_state_t *host_state;
    const clap_host_tail_t *host_tail;
    int32_t handle; /* Go instance, 0 before init */
    bool active;
    bool processing;
    bool warned_thread; /* one log line per instance for host thread misuse */
    uint32_t told_tail; /* [audio-thread] the tail the host last heard of (process.c) */
    rill_block_t block; /* reused by every process/flush call */
    rill_event_t in_events[RILL_MAX_IN_EVENTS];
    rill_event_t out_events[RILL_MAX_OUT_EVENTS];
    uint8_t *state_buf; /* RILL_STATE_CAPACITY bytes */
    void *gui;          /* owned by the editor code (ext_gui.c) when present */
} rill_plugin_t;

/* rill_from: the shim instance behind a clap_plugin_t (NULL-safe). */
static inline rill_plugin_t *rill_from(const clap_plugin_t *plugin) {
    return plugin ? (rill_plugin_t *)plugin->plugin_data : 0;
}

/* entry.c */
extern const clap_plugin_descriptor_t rill_descriptor;
const char *rill_plugin_path(void); /* the path given to clap_entry.init, "" before */
bool rill_entry_initialized(void);

/* plugin.c */
const clap_plugin_t *rill_plugin_create(const clap_host_t *host);

/* process.c */
clap_process_status rill_process(const clap_plugin_t *plugin, const clap_process_t *process);
void rill_flush(rill_plugin_t *p, const clap_input_events_t *in, const clap_output_events_t *out);

/* threads.c: thread-rule checks through the host's thread-check extension. */
void rill_check_main_thread(rill_plugin_t *p, const char *what);
void rill_check_audio_thread(rill_plugin_t *p, const char *what);
void rill_log(rill_plugin_t *p, clap_log_severity severity, const char *msg);

/* Extension tables, one file each. */
extern const clap_plugin_audio_ports_t rill_ext_audio_ports;
extern const clap_plugin_params_t rill_ext_params;
extern const clap_plugin_state_t rill_ext_state;
extern const clap_plugin_state_context_t rill_ext_state_context;
extern const clap_plugin_latency_t rill_ext_latency;
extern const clap_plugin_tail_t rill_ext_tail;
extern const clap_plugin_render_t rill_ext_render;
extern const rill_plugin_debug_t rill_ext_debug;

/*
 * Editor hooks, defined by the editor's C file (ext_gui.c) when it exists. They are weak:
 * without that file they are NULL and the plugin reports no gui extension.
 */
extern const clap_plugin_gui_t rill_ext_gui __attribute__((weak));
extern const clap_plugin_timer_support_t rill_ext_timer_support __attribute__((weak));
void rill_gui_on_destroy(rill_plugin_t *p) __attribute__((weak));
void rill_gui_on_main_thread(rill_plugin_t *p) __attribute__((weak));

#endif /* RILL_SHIM_H */
