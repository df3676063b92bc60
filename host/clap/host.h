/*
 * host.h: the C half of Rill's Go CLAP host (package rill/host/clap).
 *
 * Two parts:
 *  - rh_host: the clap_host_t handed to one plugin instance, with the host-side
 *    extensions (log, thread-check, params, state, latency, tail, timer-support,
 *    gui, audio-ports). Callbacks never call into Go: requests set atomic flags
 *    and log messages go into a lock-free ring; the Go main thread drains both
 *    in its idle loop. So a callback on the audio thread costs a few atomics.
 *  - thin call wrappers: cgo cannot call C function pointers, so every plugin
 *    entry point the host uses has a static wrapper here, plus the process
 *    block (buffers, event lists, transport) laid out once in C memory.
 */
#ifndef RILL_HOST_H
#define RILL_HOST_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "rill_clap.h"

/* Request flags a plugin raises through the host callbacks; Go takes them all at once. */
enum {
	RH_REQ_RESTART = 1 << 0,
	RH_REQ_PROCESS = 1 << 1,
	RH_REQ_CALLBACK = 1 << 2,
	RH_REQ_PARAMS_FLUSH = 1 << 3,
	RH_REQ_PARAMS_RESCAN = 1 << 4,
	RH_REQ_PARAMS_CLEAR = 1 << 5,
	RH_REQ_STATE_DIRTY = 1 << 6,
	RH_REQ_LATENCY_CHANGED = 1 << 7,
	RH_REQ_TAIL_CHANGED = 1 << 8,
	RH_REQ_GUI_RESIZE = 1 << 9,
	RH_REQ_GUI_HINTS = 1 << 10,
	RH_REQ_GUI_SHOW = 1 << 11,
	RH_REQ_GUI_HIDE = 1 << 12,
	RH_REQ_GUI_CLOSED = 1 << 13,
	RH_REQ_GUI_DESTROYED = 1 << 14,
	RH_REQ_PORTS_RESCAN = 1 << 15,
	RH_REQ_MISUSE = 1 << 16, /* the plugin broke a thread rule; details are in the log */
};

enum {
	RH_LOG_SLOTS = 128,
	RH_LOG_TEXT = 512,
	RH_MAX_TIMERS = 64,
};

/* rh_log_slot: one message in the log ring (Vyukov bounded queue cell). */
typedef struct rh_log_slot {
	atomic_uint_fast64_t seq;
	int32_t severity;
	char text[RH_LOG_TEXT];
} rh_log_slot;

/* rh_timer: one registered timer. */
typedef struct rh_timer {
	clap_id id;
	uint32_t period_ms;
	int64_t next_ms;
	bool used;
} rh_timer;

/* rh_host: one host instance per plugin instance. clap must stay the first member. */
typedef struct rh_host {
	clap_host_t clap;
	const clap_plugin_t *plugin;
	uint64_t main_thread;           /* pthread_t of the main thread */
	atomic_uint_fast64_t audio_thread; /* pthread_t of the audio thread, 0 = none */
	atomic_uint flags;
	atomic_uint rescan_flags;
	atomic_uint gui_width, gui_height;
	atomic_uint log_dropped;
	atomic_uint_fast64_t log_write;
	uint64_t log_read;
	rh_log_slot logs[RH_LOG_SLOTS];
	rh_timer timers[RH_MAX_TIMERS];
	clap_id next_timer_id;
	atomic_int timer_count;
	bool gui_floating;
	bool processing;
} rh_host;

rh_host *rh_host_new(void);
void rh_host_free(rh_host *h);
unsigned rh_take_flags(rh_host *h);
unsigned rh_take_rescan_flags(rh_host *h);
void rh_set_audio_thread(rh_host *h);
void rh_clear_audio_thread(rh_host *h);
bool rh_log_pop(rh_host *h, int32_t *severity, char *text);
int rh_fire_timers(rh_host *h, int64_t now_ms, const clap_plugin_timer_support_t *ts);
int64_t rh_next_timer_ms(rh_host *h);

/* rh_params_to_text_check: text_to_value is optional in practice; false when missing. */
static inline bool rh_params_to_text_check(const clap_plugin_params_t *e) { return e->text_to_value != NULL; }

/* Reads of the host's atomics for Go, which cannot use C11 atomics directly. */
unsigned rh_take_log_dropped(rh_host *h);
void rh_gui_requested_size(rh_host *h, uint32_t *w, uint32_t *hh);
int rh_timer_count(rh_host *h);

/* ---------------------------------------------------------------- library */

/* rh_lib: an opened .clap module. */
typedef struct rh_lib {
	void *dl;
	const clap_plugin_entry_t *entry;
	const clap_plugin_factory_t *factory;
} rh_lib;

/* rh_lib_open returns 0 and fills lib, or an error code with a message in err. */
enum { RH_OK = 0, RH_ERR_DLOPEN = 1, RH_ERR_NO_ENTRY = 2, RH_ERR_VERSION = 3, RH_ERR_INIT = 4, RH_ERR_NO_FACTORY = 5 };
int rh_lib_open(const char *path, rh_lib *lib, char *err, int errlen);
void rh_lib_close(rh_lib *lib);
uint32_t rh_lib_count(const rh_lib *lib);
const clap_plugin_descriptor_t *rh_lib_descriptor(const rh_lib *lib, uint32_t i);
const clap_plugin_t *rh_lib_create(const rh_lib *lib, rh_host *h, const char *id);

/* ---------------------------------------------------------------- plugin calls */

bool rh_init(const clap_plugin_t *p);
void rh_destroy(const clap_plugin_t *p);
bool rh_activate(const clap_plugin_t *p, double rate, uint32_t min, uint32_t max);
void rh_deactivate(const clap_plugin_t *p);
bool rh_start_processing(rh_host *h, const clap_plugin_t *p);
void rh_stop_processing(rh_host *h, const clap_plugin_t *p);
void rh_reset(const clap_plugin_t *p);
void rh_on_main_thread(const clap_plugin_t *p);
const void *rh_ext(const clap_plugin_t *p, const char *id);

uint32_t rh_ports_count(const clap_plugin_audio_ports_t *e, const clap_plugin_t *p, bool input);
bool rh_ports_get(const clap_plugin_audio_ports_t *e, const clap_plugin_t *p, uint32_t i, bool input, clap_audio_port_info_t *info);

uint32_t rh_params_count(const clap_plugin_params_t *e, const clap_plugin_t *p);
bool rh_params_info(const clap_plugin_params_t *e, const clap_plugin_t *p, uint32_t i, clap_param_info_t *info);
bool rh_params_value(const clap_plugin_params_t *e, const clap_plugin_t *p, clap_id id, double *v);
bool rh_params_to_text(const clap_plugin_params_t *e, const clap_plugin_t *p, clap_id id, double v, char *buf, uint32_t cap);
bool rh_params_from_text(const clap_plugin_params_t *e, const clap_plugin_t *p, clap_id id, const char *text, double *v);

uint32_t rh_latency(const clap_plugin_latency_t *e, const clap_plugin_t *p);
uint32_t rh_tail(const clap_plugin_tail_t *e, const clap_plugin_t *p);
bool rh_render_set(const clap_plugin_render_t *e, const clap_plugin_t *p, int32_t mode);
bool rh_render_hard_rt(const clap_plugin_render_t *e, const clap_plugin_t *p);

/* state: save returns malloc'd bytes (free with free); load hands out at most chunk bytes per read (0 = all). */
bool rh_state_save(const clap_plugin_state_t *e, const clap_plugin_t *p, uint8_t **out, uint64_t *len);
bool rh_state_load(const clap_plugin_state_t *e, const clap_plugin_t *p, const uint8_t *data, uint64_t len, uint64_t chunk);

/* gui */
bool rh_gui_supported(const clap_plugin_gui_t *g, const clap_plugin_t *p, const char *api, bool floating);
bool rh_gui_create(rh_host *h, const clap_plugin_gui_t *g, const clap_plugin_t *p, const char *api, bool floating);
void rh_gui_destroy(const clap_plugin_gui_t *g, const clap_plugin_t *p);
bool rh_gui_set_scale(const clap_plugin_gui_t *g, const clap_plugin_t *p, double scale);
bool rh_gui_get_size(const clap_plugin_gui_t *g, const clap_plugin_t *p, uint32_t *w, uint32_t *hh);
bool rh_gui_can_resize(const clap_plugin_gui_t *g, const clap_plugin_t *p);
bool rh_gui_adjust_size(const clap_plugin_gui_t *g, const clap_plugin_t *p, uint32_t *w, uint32_t *hh);
bool rh_gui_set_size(const clap_plugin_gui_t *g, const clap_plugin_t *p, uint32_t w, uint32_t hh);
bool rh_gui_set_parent_x11(const clap_plugin_gui_t *g, const clap_plugin_t *p, unsigned long xid);
void rh_gui_suggest_title(const clap_plugin_gui_t *g, const clap_plugin_t *p, const char *title);
bool rh_gui_show(const clap_plugin_gui_t *g, const clap_plugin_t *p);
bool rh_gui_hide(const clap_plugin_gui_t *g, const clap_plugin_t *p);

/* ---------------------------------------------------------------- process block */

enum { RH_MAX_PORTS = 8, RH_MAX_CHANNELS = 8 };

/* rh_out_event: what the host keeps of an event the plugin pushed. */
typedef struct rh_out_event {
	uint32_t time;
	uint16_t type;
	clap_id param_id;
	double value;
} rh_out_event;

/* rh_proc: everything one process call needs, allocated once at activation. */
typedef struct rh_proc {
	clap_process_t clap;
	clap_audio_buffer_t inputs[RH_MAX_PORTS];
	clap_audio_buffer_t outputs[RH_MAX_PORTS];
	float *in_ptrs[RH_MAX_PORTS][RH_MAX_CHANNELS];
	float *out_ptrs[RH_MAX_PORTS][RH_MAX_CHANNELS];
	float *memory; /* every channel of every port, max_frames each */
	uint32_t max_frames;
	clap_event_transport_t transport;
	bool has_transport;
	clap_input_events_t in_events;
	clap_output_events_t out_events;
	clap_event_param_value_t *events; /* input events, sorted by time by the caller */
	uint32_t event_count, event_cap;
	rh_out_event *out; /* events the plugin pushed during the last call */
	uint32_t out_count, out_cap, out_dropped;
	int64_t steady_time;
} rh_proc;

rh_proc *rh_proc_new(uint32_t in_ports, const uint32_t *in_channels, uint32_t out_ports,
		     const uint32_t *out_channels, uint32_t max_frames, uint32_t event_cap, uint32_t out_cap);
void rh_proc_free(rh_proc *pr);
float *rh_proc_channel(rh_proc *pr, bool input, uint32_t port, uint32_t ch);
int32_t rh_process(const clap_plugin_t *p, rh_proc *pr, uint32_t frames);
void rh_flush(const clap_plugin_params_t *e, const clap_plugin_t *p, rh_proc *pr);

#endif
