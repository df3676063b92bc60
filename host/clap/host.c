/*
 * host.c: the clap_host_t and host-side extensions of Rill's Go CLAP host.
 * Every callback is cheap and thread-safe unless CLAP marks it [main-thread]; none
 * calls into Go. See host.h.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host.h"

static rh_host *host_of(const clap_host_t *host) { return (rh_host *)host->host_data; }

static uint64_t self_id(void) { return (uint64_t)pthread_self(); }

static int64_t now_ms(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void raise_flag(rh_host *h, unsigned f) { atomic_fetch_or(&h->flags, f); }

/* push_log: [thread-safe] enqueue a message, or count it as dropped when the ring is full. */
static void push_log(rh_host *h, int32_t severity, const char *msg) {
	uint64_t pos = atomic_load_explicit(&h->log_write, memory_order_relaxed);
	for (;;) {
		rh_log_slot *s = &h->logs[pos % RH_LOG_SLOTS];
		uint64_t seq = atomic_load_explicit(&s->seq, memory_order_acquire);
		if (seq == pos) {
			if (atomic_compare_exchange_weak_explicit(&h->log_write, &pos, pos + 1, memory_order_relaxed,
								  memory_order_relaxed)) {
				s->severity = severity;
				snprintf(s->text, RH_LOG_TEXT, "%s", msg ? msg : "(null)");
				atomic_store_explicit(&s->seq, pos + 1, memory_order_release);
				return;
			}
		} else if (seq < pos) {
			atomic_fetch_add(&h->log_dropped, 1);
			return;
		} else {
			pos = atomic_load_explicit(&h->log_write, memory_order_relaxed);
		}
	}
}

/* misuse: the plugin called something from the wrong thread. */
static void misuse(rh_host *h, const char *what) {
	char msg[160];
	snprintf(msg, sizeof msg, "host: %s called off the main thread", what);
	push_log(h, CLAP_LOG_PLUGIN_MISBEHAVING, msg);
	raise_flag(h, RH_REQ_MISUSE);
}

static bool on_main(rh_host *h) { return self_id() == h->main_thread; }

/* ---------------------------------------------------------------- log */

/* [thread-safe] */
static void host_log(const clap_host_t *host, clap_log_severity severity, const char *msg) {
	push_log(host_of(host), severity, msg);
}
static const clap_host_log_t ext_log = {host_log};

/* ---------------------------------------------------------------- thread-check */

/* [thread-safe] */
static bool host_is_main_thread(const clap_host_t *host) { return on_main(host_of(host)); }

/* [thread-safe] */
static bool host_is_audio_thread(const clap_host_t *host) {
	uint64_t a = atomic_load(&host_of(host)->audio_thread);
	return a != 0 && a == self_id();
}
static const clap_host_thread_check_t ext_thread_check = {host_is_main_thread, host_is_audio_thread};

/* ---------------------------------------------------------------- params */

/* [main-thread] */
static void host_params_rescan(const clap_host_t *host, clap_param_rescan_flags flags) {
	rh_host *h = host_of(host);
	if (!on_main(h))
		misuse(h, "params.rescan");
	atomic_fetch_or(&h->rescan_flags, flags);
	raise_flag(h, RH_REQ_PARAMS_RESCAN);
}

/* [main-thread] */
static void host_params_clear(const clap_host_t *host, clap_id id, clap_param_clear_flags flags) {
	(void)id;
	(void)flags;
	rh_host *h = host_of(host);
	if (!on_main(h))
		misuse(h, "params.clear");
	raise_flag(h, RH_REQ_PARAMS_CLEAR);
}

/* [thread-safe, not audio-thread] */
static void host_params_request_flush(const clap_host_t *host) { raise_flag(host_of(host), RH_REQ_PARAMS_FLUSH); }
static const clap_host_params_t ext_params = {host_params_rescan, host_params_clear, host_params_request_flush};

/* ---------------------------------------------------------------- state, latency, tail */

/* [main-thread] */
static void host_state_mark_dirty(const clap_host_t *host) {
	rh_host *h = host_of(host);
	if (!on_main(h))
		misuse(h, "state.mark_dirty");
	raise_flag(h, RH_REQ_STATE_DIRTY);
}
static const clap_host_state_t ext_state = {host_state_mark_dirty};

/* [main-thread] */
static void host_latency_changed(const clap_host_t *host) {
	rh_host *h = host_of(host);
	if (!on_main(h))
		misuse(h, "latency.changed");
	raise_flag(h, RH_REQ_LATENCY_CHANGED);
}
static const clap_host_latency_t ext_latency = {host_latency_changed};

/* [audio-thread] */
static void host_tail_changed(const clap_host_t *host) { raise_flag(host_of(host), RH_REQ_TAIL_CHANGED); }
static const clap_host_tail_t ext_tail = {host_tail_changed};

/* ---------------------------------------------------------------- audio ports */

/* [main-thread] */
static bool host_ports_flag_supported(const clap_host_t *host, uint32_t flag) {
	(void)host;
	(void)flag;
	return false; /* the standalone host re-reads ports only across a restart */
}

/* [main-thread] */
static void host_ports_rescan(const clap_host_t *host, uint32_t flags) {
	(void)flags;
	rh_host *h = host_of(host);
	if (!on_main(h))
		misuse(h, "audio_ports.rescan");
	raise_flag(h, RH_REQ_PORTS_RESCAN);
}
static const clap_host_audio_ports_t ext_ports = {host_ports_flag_supported, host_ports_rescan};

/* ---------------------------------------------------------------- timer support */

/* [main-thread] */
static bool host_register_timer(const clap_host_t *host, uint32_t period_ms, clap_id *timer_id) {
	rh_host *h = host_of(host);
	if (!on_main(h)) {
		misuse(h, "timer_support.register_timer");
		return false;
	}
	if (!timer_id)
		return false;
	for (int i = 0; i < RH_MAX_TIMERS; i++) {
		rh_timer *t = &h->timers[i];
		if (t->used)
			continue;
		if (period_ms < 1)
			period_ms = 1;
		t->used = true;
		t->id = h->next_timer_id++;
		t->period_ms = period_ms;
		t->next_ms = now_ms() + period_ms;
		atomic_fetch_add(&h->timer_count, 1);
		*timer_id = t->id;
		return true;
	}
	*timer_id = CLAP_INVALID_ID;
	return false;
}

/* [main-thread] */
static bool host_unregister_timer(const clap_host_t *host, clap_id timer_id) {
	rh_host *h = host_of(host);
	if (!on_main(h)) {
		misuse(h, "timer_support.unregister_timer");
		return false;
	}
	for (int i = 0; i < RH_MAX_TIMERS; i++) {
		if (h->timers[i].used && h->timers[i].id == timer_id) {
			h->timers[i].used = false;
			atomic_fetch_sub(&h->timer_count, 1);
			return true;
		}
	}
	return false;
}
static const clap_host_timer_support_t ext_timer = {host_register_timer, host_unregister_timer};

/* ---------------------------------------------------------------- gui */

/* [thread-safe & !floating] */
static void host_gui_hints_changed(const clap_host_t *host) { raise_flag(host_of(host), RH_REQ_GUI_HINTS); }

/* [thread-safe & !floating] The window follows on the main thread's next idle turn. */
static bool host_gui_request_resize(const clap_host_t *host, uint32_t w, uint32_t hh) {
	rh_host *h = host_of(host);
	if (w == 0 || hh == 0 || w > 16384 || hh > 16384)
		return false;
	atomic_store(&h->gui_width, w);
	atomic_store(&h->gui_height, hh);
	raise_flag(h, RH_REQ_GUI_RESIZE);
	return true;
}

/* [thread-safe] */
static bool host_gui_request_show(const clap_host_t *host) {
	raise_flag(host_of(host), RH_REQ_GUI_SHOW);
	return true;
}

/* [thread-safe] */
static bool host_gui_request_hide(const clap_host_t *host) {
	raise_flag(host_of(host), RH_REQ_GUI_HIDE);
	return true;
}

/* [thread-safe] */
static void host_gui_closed(const clap_host_t *host, bool was_destroyed) {
	raise_flag(host_of(host), RH_REQ_GUI_CLOSED | (was_destroyed ? RH_REQ_GUI_DESTROYED : 0));
}
static const clap_host_gui_t ext_gui = {host_gui_hints_changed, host_gui_request_resize, host_gui_request_show,
					host_gui_request_hide, host_gui_closed};

/* ---------------------------------------------------------------- clap_host_t */

/* [thread-safe] */
static const void *host_get_extension(const clap_host_t *host, const char *id) {
	(void)host;
	if (!id)
		return NULL;
	if (!strcmp(id, CLAP_EXT_LOG))
		return &ext_log;
	if (!strcmp(id, CLAP_EXT_THREAD_CHECK))
		return &ext_thread_check;
	if (!strcmp(id, CLAP_EXT_PARAMS))
		return &ext_params;
	if (!strcmp(id, CLAP_EXT_STATE))
		return &ext_state;
	if (!strcmp(id, CLAP_EXT_LATENCY))
		return &ext_latency;
	if (!strcmp(id, CLAP_EXT_TAIL))
		return &ext_tail;
	if (!strcmp(id, CLAP_EXT_TIMER_SUPPORT))
		return &ext_timer;
	if (!strcmp(id, CLAP_EXT_GUI))
		return &ext_gui;
	if (!strcmp(id, CLAP_EXT_AUDIO_PORTS))
		return &ext_ports;
	return NULL;
}

/* [thread-safe] */
static void host_request_restart(const clap_host_t *host) { raise_flag(host_of(host), RH_REQ_RESTART); }
/* [thread-safe] */
static void host_request_process(const clap_host_t *host) { raise_flag(host_of(host), RH_REQ_PROCESS); }
/* [thread-safe] */
static void host_request_callback(const clap_host_t *host) { raise_flag(host_of(host), RH_REQ_CALLBACK); }

/* rh_host_new: [main-thread] the calling thread becomes the plugin's main thread. */
rh_host *rh_host_new(void) {
	rh_host *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	h->clap.clap_version = (clap_version_t)CLAP_VERSION_INIT;
	h->clap.host_data = h;
	h->clap.name = "Rill Standalone";
	h->clap.vendor = "Rill";
	h->clap.url = "https://github.com/rill-audio/rill";
	h->clap.version = "1.0.0";
	h->clap.get_extension = host_get_extension;
	h->clap.request_restart = host_request_restart;
	h->clap.request_process = host_request_process;
	h->clap.request_callback = host_request_callback;
	h->main_thread = self_id();
	h->next_timer_id = 1;
	for (uint64_t i = 0; i < RH_LOG_SLOTS; i++)
		atomic_init(&h->logs[i].seq, i);
	return h;
}

/* rh_host_free: [main-thread] after the plugin is destroyed. */
void rh_host_free(rh_host *h) { free(h); }

/* rh_take_flags: [main-thread] every request raised since the last call. */
unsigned rh_take_flags(rh_host *h) { return atomic_exchange(&h->flags, 0); }

/* rh_take_rescan_flags: [main-thread] the union of params.rescan flags since the last call. */
unsigned rh_take_rescan_flags(rh_host *h) { return atomic_exchange(&h->rescan_flags, 0); }

/* rh_set_audio_thread: [audio-thread] the calling thread is the audio thread from now on. */
void rh_set_audio_thread(rh_host *h) { atomic_store(&h->audio_thread, self_id()); }

/* rh_clear_audio_thread: [audio-thread] no thread is the audio thread. */
void rh_clear_audio_thread(rh_host *h) { atomic_store(&h->audio_thread, 0); }

/* rh_log_pop: [main-thread] the oldest message, if any; text holds RH_LOG_TEXT bytes. */
bool rh_log_pop(rh_host *h, int32_t *severity, char *text) {
	rh_log_slot *s = &h->logs[h->log_read % RH_LOG_SLOTS];
	if (atomic_load_explicit(&s->seq, memory_order_acquire) != h->log_read + 1)
		return false;
	*severity = s->severity;
	memcpy(text, s->text, RH_LOG_TEXT);
	atomic_store_explicit(&s->seq, h->log_read + RH_LOG_SLOTS, memory_order_release);
	h->log_read++;
	return true;
}

/* rh_fire_timers: [main-thread] calls on_timer for every due timer; returns how many fired. */
int rh_fire_timers(rh_host *h, int64_t now, const clap_plugin_timer_support_t *ts) {
	if (now < 0)
		now = now_ms();
	int fired = 0;
	for (int i = 0; i < RH_MAX_TIMERS; i++) {
		rh_timer *t = &h->timers[i];
		if (!t->used || t->next_ms > now)
			continue;
		t->next_ms = now + t->period_ms;
		if (ts && ts->on_timer) {
			ts->on_timer(h->plugin, t->id);
			fired++;
		}
	}
	return fired;
}

/* rh_next_timer_ms: [main-thread] milliseconds until the next timer is due, -1 if none. */
int64_t rh_next_timer_ms(rh_host *h) {
	int64_t now = now_ms(), best = -1;
	for (int i = 0; i < RH_MAX_TIMERS; i++) {
		if (!h->timers[i].used)
			continue;
		int64_t d = h->timers[i].next_ms - now;
		if (d < 0)
			d = 0;
		if (best < 0 || d < best)
			best = d;
	}
	return best;
}

/* rh_take_log_dropped: [main-thread] messages dropped since the last call. */
unsigned rh_take_log_dropped(rh_host *h) { return atomic_exchange(&h->log_dropped, 0); }

/* rh_gui_requested_size: [thread-safe] the last size asked with gui.request_resize. */
void rh_gui_requested_size(rh_host *h, uint32_t *w, uint32_t *hh) {
	*w = atomic_load(&h->gui_width);
	*hh = atomic_load(&h->gui_height);
}

/* rh_timer_count: [thread-safe] how many timers are registered. */
int rh_timer_count(rh_host *h) { return atomic_load(&h->timer_count); }
