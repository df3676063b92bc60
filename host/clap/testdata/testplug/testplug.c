/*
 * testplug.c: a small CLAP effect written in plain C that the host's tests load,
 * so package clap is tested against a plugin that is not Rill's. Two plugins:
 *
 *   org.rill.test.gain   stereo gain + integer sample delay with sample-accurate
 *                        parameter events, params (text both ways), state,
 *                        tail, render, timer-support, a fake gui, and read-only
 *                        parameters that report what the host did (callbacks,
 *                        timer ticks, parent window, render mode, thread errors,
 *                        activations, the tempo of the last transport: 0 when
 *                        NULL, -1 when not playing); a Mode change to 2 in process asks for a restart
 *   org.rill.test.bare   no extensions at all
 *
 * Built by the tests with: cc -shared -fPIC -Wall -Wextra -Werror -I<shim/include>.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rill_clap.h"

enum { P_GAIN = 10, P_DELAY = 20, P_MODE = 30, P_CALLBACKS = 40, P_TICKS = 41, P_PARENT = 42, P_OFFLINE = 43,
       P_THREAD_ERRORS = 44, P_ACTIVATIONS = 45, P_TEMPO_SEEN = 46 };
enum { MAX_DELAY = 100 };
static const char *mode_labels[] = {"clean", "warm", "ping-pong"};

typedef struct tp {
	clap_plugin_t plugin;
	const clap_host_t *host;
	const clap_host_log_t *log;
	const clap_host_thread_check_t *tc;
	const clap_host_params_t *hparams;
	const clap_host_timer_support_t *timers;
	double gain_db, delay, mode;
	double callbacks, ticks, parent, offline, thread_errors, activations, tempo_seen;
	float *line[2];
	int pos;
	clap_id timer;
	bool gui;
} tp;

static tp *self(const clap_plugin_t *p) { return (tp *)p->plugin_data; }

static void say(tp *t, clap_log_severity s, const char *msg) {
	if (t->log)
		t->log->log(t->host, s, msg);
}

static void need_main(tp *t, const char *what) {
	if (t->tc && !t->tc->is_main_thread(t->host)) {
		t->thread_errors++;
		char m[128];
		snprintf(m, sizeof m, "%s off the main thread", what);
		say(t, CLAP_LOG_ERROR, m);
	}
}

/* ---------------------------------------------------------------- params */

static uint32_t params_count(const clap_plugin_t *p) {
	(void)p;
	return 10;
}

static bool params_info(const clap_plugin_t *p, uint32_t i, clap_param_info_t *info) {
	(void)p;
	static const struct {
		clap_id id;
		const char *name;
		double min, max, def;
		uint32_t flags;
	} table[] = {
	    {P_GAIN, "Gain", -60, 12, 0, CLAP_PARAM_IS_AUTOMATABLE},
	    {P_DELAY, "Delay", 0, MAX_DELAY, 0, CLAP_PARAM_IS_AUTOMATABLE | CLAP_PARAM_IS_STEPPED},
	    {P_MODE, "Mode", 0, 2, 0, CLAP_PARAM_IS_STEPPED | CLAP_PARAM_IS_ENUM},
	    {P_CALLBACKS, "Callbacks", 0, 1e9, 0, CLAP_PARAM_IS_READONLY},
	    {P_TICKS, "Timer Ticks", 0, 1e9, 0, CLAP_PARAM_IS_READONLY},
	    {P_PARENT, "Parent Window", 0, 1e15, 0, CLAP_PARAM_IS_READONLY},
	    {P_OFFLINE, "Offline", 0, 1, 0, CLAP_PARAM_IS_READONLY},
	    {P_THREAD_ERRORS, "Thread Errors", 0, 1e9, 0, CLAP_PARAM_IS_READONLY},
	    {P_ACTIVATIONS, "Activations", 0, 1e9, 0, CLAP_PARAM_IS_READONLY},
	    {P_TEMPO_SEEN, "Tempo Seen", -1, 1e6, 0, CLAP_PARAM_IS_READONLY},
	};
	if (i >= sizeof table / sizeof table[0])
		return false;
	memset(info, 0, sizeof *info);
	info->id = table[i].id;
	info->flags = table[i].flags;
	snprintf(info->name, sizeof info->name, "%s", table[i].name);
	snprintf(info->module, sizeof info->module, "Test");
	info->min_value = table[i].min;
	info->max_value = table[i].max;
	info->default_value = table[i].def;
	return true;
}

static double *slot(tp *t, clap_id id) {
	switch (id) {
	case P_GAIN: return &t->gain_db;
	case P_DELAY: return &t->delay;
	case P_MODE: return &t->mode;
	case P_CALLBACKS: return &t->callbacks;
	case P_TICKS: return &t->ticks;
	case P_PARENT: return &t->parent;
	case P_OFFLINE: return &t->offline;
	case P_THREAD_ERRORS: return &t->thread_errors;
	case P_ACTIVATIONS: return &t->activations;
	case P_TEMPO_SEEN: return &t->tempo_seen;
	}
	return NULL;
}

static bool params_value(const clap_plugin_t *p, clap_id id, double *v) {
	double *s = slot(self(p), id);
	if (!s)
		return false;
	*v = *s;
	return true;
}

static bool params_to_text(const clap_plugin_t *p, clap_id id, double v, char *buf, uint32_t cap) {
	(void)p;
	switch (id) {
	case P_GAIN: snprintf(buf, cap, "%.2f dB", v); return true;
	case P_DELAY: snprintf(buf, cap, "%d smp", (int)v); return true;
	case P_MODE:
		if (v < 0 || v > 2)
			return false;
		snprintf(buf, cap, "%s", mode_labels[(int)v]);
		return true;
	}
	if (!slot(self(p), id))
		return false;
	snprintf(buf, cap, "%g", v);
	return true;
}

static bool params_from_text(const clap_plugin_t *p, clap_id id, const char *text, double *v) {
	if (!slot(self(p), id))
		return false;
	if (id == P_MODE) {
		for (int i = 0; i < 3; i++) {
			if (!strcmp(text, mode_labels[i])) {
				*v = i;
				return true;
			}
		}
	}
	char *end;
	double x = strtod(text, &end);
	if (end == text)
		return false;
	while (*end == ' ')
		end++;
	if (*end && !(id == P_GAIN && !strcmp(end, "dB")) && !(id == P_DELAY && !strcmp(end, "smp")))
		return false;
	*v = x;
	return true;
}

static void apply(tp *t, const clap_event_header_t *h) {
	if (h->space_id != CLAP_CORE_EVENT_SPACE_ID || h->type != CLAP_EVENT_PARAM_VALUE)
		return;
	const clap_event_param_value_t *e = (const clap_event_param_value_t *)h;
	if (e->param_id == P_GAIN || e->param_id == P_DELAY || e->param_id == P_MODE)
		*slot(t, e->param_id) = e->value;
}

/* Every delay change in a block is answered by a gesture on Gain (for the output-event test). */
static void report_gain(tp *t, const clap_output_events_t *out, uint32_t time) {
	clap_event_param_gesture_t g = {{sizeof g, time, CLAP_CORE_EVENT_SPACE_ID, CLAP_EVENT_PARAM_GESTURE_BEGIN, 0}, P_GAIN};
	clap_event_param_value_t v = {{sizeof v, time, CLAP_CORE_EVENT_SPACE_ID, CLAP_EVENT_PARAM_VALUE, 0}, P_GAIN, NULL, -1, -1, -1, -1, t->gain_db};
	out->try_push(out, &g.header);
	out->try_push(out, &v.header);
	g.header.type = CLAP_EVENT_PARAM_GESTURE_END;
	out->try_push(out, &g.header);
}

static void params_flush(const clap_plugin_t *p, const clap_input_events_t *in, const clap_output_events_t *out) {
	tp *t = self(p);
	uint32_t n = in->size(in);
	for (uint32_t i = 0; i < n; i++) {
		const clap_event_header_t *h = in->get(in, i);
		apply(t, h);
		if (h->type == CLAP_EVENT_PARAM_VALUE && ((const clap_event_param_value_t *)h)->param_id == P_DELAY)
			report_gain(t, out, 0);
	}
}

static const clap_plugin_params_t ext_params = {params_count, params_info, params_value, params_to_text,
						 params_from_text, params_flush};

/* ---------------------------------------------------------------- state */

static bool state_save(const clap_plugin_t *p, const clap_ostream_t *s) {
	tp *t = self(p);
	need_main(t, "state.save");
	uint8_t buf[4 + 3 * sizeof(double)];
	memcpy(buf, "TPLG", 4);
	memcpy(buf + 4, &t->gain_db, 8);
	memcpy(buf + 12, &t->delay, 8);
	memcpy(buf + 20, &t->mode, 8);
	uint64_t done = 0;
	while (done < sizeof buf) {
		int64_t n = s->write(s, buf + done, sizeof buf - done);
		if (n <= 0)
			return false;
		done += (uint64_t)n;
	}
	return true;
}

static bool state_load(const clap_plugin_t *p, const clap_istream_t *s) {
	tp *t = self(p);
	need_main(t, "state.load");
	uint8_t buf[28];
	uint64_t done = 0;
	while (done < sizeof buf) {
		int64_t n = s->read(s, buf + done, sizeof buf - done);
		if (n <= 0)
			return false;
		done += (uint64_t)n;
	}
	if (memcmp(buf, "TPLG", 4))
		return false;
	memcpy(&t->gain_db, buf + 4, 8);
	memcpy(&t->delay, buf + 12, 8);
	memcpy(&t->mode, buf + 20, 8);
	if (t->hparams)
		t->hparams->rescan(t->host, CLAP_PARAM_RESCAN_VALUES);
	return true;
}

static const clap_plugin_state_t ext_state = {state_save, state_load};

/* ---------------------------------------------------------------- ports, tail, latency, render */

static uint32_t ports_count(const clap_plugin_t *p, bool in) {
	(void)p;
	(void)in;
	return 1;
}

static bool ports_get(const clap_plugin_t *p, uint32_t i, bool in, clap_audio_port_info_t *info) {
	(void)p;
	if (i != 0)
		return false;
	memset(info, 0, sizeof *info);
	info->id = in ? 1 : 2;
	snprintf(info->name, sizeof info->name, "%s", in ? "In" : "Out");
	info->flags = CLAP_AUDIO_PORT_IS_MAIN;
	info->channel_count = 2;
	info->port_type = CLAP_PORT_STEREO;
	info->in_place_pair = in ? 2 : 1;
	return true;
}
static const clap_plugin_audio_ports_t ext_ports = {ports_count, ports_get};

static uint32_t tail_get(const clap_plugin_t *p) { return (uint32_t)self(p)->delay; }
static const clap_plugin_tail_t ext_tail = {tail_get};

/* In Mode 1 ("warm") the delay counts as latency, for the host's compensation test. */
static uint32_t latency_get(const clap_plugin_t *p) {
	tp *t = self(p);
	return t->mode == 1 ? (uint32_t)t->delay : 0;
}
static const clap_plugin_latency_t ext_latency = {latency_get};

static bool render_hard(const clap_plugin_t *p) {
	(void)p;
	return false;
}
static bool render_set(const clap_plugin_t *p, clap_plugin_render_mode m) {
	self(p)->offline = m == CLAP_RENDER_OFFLINE;
	return true;
}
static const clap_plugin_render_t ext_render = {render_hard, render_set};

/* ---------------------------------------------------------------- timer and gui */

static void on_timer(const clap_plugin_t *p, clap_id id) {
	tp *t = self(p);
	need_main(t, "on_timer");
	if (id == t->timer)
		t->ticks++;
}
static const clap_plugin_timer_support_t ext_timer = {on_timer};

static bool gui_supported(const clap_plugin_t *p, const char *api, bool floating) {
	(void)p;
	(void)floating;
	return !strcmp(api, CLAP_WINDOW_API_X11);
}
static bool gui_preferred(const clap_plugin_t *p, const char **api, bool *floating) {
	(void)p;
	*api = CLAP_WINDOW_API_X11;
	*floating = false;
	return true;
}
static bool gui_create(const clap_plugin_t *p, const char *api, bool floating) {
	tp *t = self(p);
	need_main(t, "gui.create");
	if (strcmp(api, CLAP_WINDOW_API_X11) || t->gui)
		return false;
	t->gui = true;
	say(t, CLAP_LOG_INFO, floating ? "gui created floating" : "gui created embedded");
	if (t->timers && !t->timers->register_timer(t->host, 5, &t->timer))
		say(t, CLAP_LOG_ERROR, "register_timer failed");
	return true;
}
static void gui_destroy(const clap_plugin_t *p) {
	tp *t = self(p);
	if (t->timers && t->gui)
		t->timers->unregister_timer(t->host, t->timer);
	t->gui = false;
}
static bool gui_scale(const clap_plugin_t *p, double s) {
	(void)p;
	(void)s;
	return false;
}
static bool gui_size(const clap_plugin_t *p, uint32_t *w, uint32_t *h) {
	(void)p;
	*w = 640;
	*h = 360;
	return true;
}
static bool gui_can_resize(const clap_plugin_t *p) {
	(void)p;
	return false;
}
static bool gui_hints(const clap_plugin_t *p, clap_gui_resize_hints_t *h) {
	(void)p;
	(void)h;
	return false;
}
static bool gui_adjust(const clap_plugin_t *p, uint32_t *w, uint32_t *h) {
	(void)p;
	(void)w;
	(void)h;
	return false;
}
static bool gui_set_size(const clap_plugin_t *p, uint32_t w, uint32_t h) {
	(void)p;
	return w == 640 && h == 360;
}
static bool gui_parent(const clap_plugin_t *p, const clap_window_t *w) {
	tp *t = self(p);
	if (!t->gui || strcmp(w->api, CLAP_WINDOW_API_X11))
		return false;
	t->parent = (double)w->x11;
	char m[64];
	snprintf(m, sizeof m, "gui parent x11 window %#lx", w->x11);
	say(t, CLAP_LOG_INFO, m);
	return true;
}
static bool gui_transient(const clap_plugin_t *p, const clap_window_t *w) {
	(void)p;
	(void)w;
	return false;
}
static void gui_title(const clap_plugin_t *p, const char *title) {
	(void)p;
	(void)title;
}
static bool gui_show(const clap_plugin_t *p) {
	tp *t = self(p);
	if (!t->gui)
		return false;
	say(t, CLAP_LOG_INFO, "gui shown");
	/* A real editor might ask for a different size once shown. */
	const clap_host_gui_t *hg = t->host->get_extension(t->host, CLAP_EXT_GUI);
	if (hg)
		hg->request_resize(t->host, 700, 400);
	return true;
}
static bool gui_hide(const clap_plugin_t *p) { return self(p)->gui; }
static const clap_plugin_gui_t ext_gui = {gui_supported, gui_preferred, gui_create,  gui_destroy,  gui_scale,
					  gui_size,      gui_can_resize, gui_hints, gui_adjust, gui_set_size,
					  gui_parent,    gui_transient,  gui_title, gui_show,   gui_hide};

/* ---------------------------------------------------------------- plugin */

static bool tp_init(const clap_plugin_t *p) {
	tp *t = self(p);
	t->log = t->host->get_extension(t->host, CLAP_EXT_LOG);
	t->tc = t->host->get_extension(t->host, CLAP_EXT_THREAD_CHECK);
	t->hparams = t->host->get_extension(t->host, CLAP_EXT_PARAMS);
	t->timers = t->host->get_extension(t->host, CLAP_EXT_TIMER_SUPPORT);
	need_main(t, "init");
	return true;
}

static void tp_destroy(const clap_plugin_t *p) {
	tp *t = self(p);
	free(t->line[0]);
	free(t->line[1]);
	free(t);
}

static bool tp_activate(const clap_plugin_t *p, double rate, uint32_t min, uint32_t max) {
	(void)min;
	(void)max;
	tp *t = self(p);
	need_main(t, "activate");
	t->line[0] = calloc(MAX_DELAY + 1, sizeof(float));
	t->line[1] = calloc(MAX_DELAY + 1, sizeof(float));
	t->pos = 0;
	t->activations++;
	char m[64];
	snprintf(m, sizeof m, "activated at %.0f Hz", rate);
	say(t, CLAP_LOG_INFO, m);
	t->host->request_callback(t->host);
	return t->line[0] && t->line[1];
}

static void tp_deactivate(const clap_plugin_t *p) {
	tp *t = self(p);
	free(t->line[0]);
	free(t->line[1]);
	t->line[0] = t->line[1] = NULL;
}

static bool tp_start(const clap_plugin_t *p) {
	tp *t = self(p);
	if (t->tc && !t->tc->is_audio_thread(t->host))
		t->thread_errors++;
	return true;
}
static void tp_stop(const clap_plugin_t *p) { (void)p; }
static void tp_reset(const clap_plugin_t *p) {
	tp *t = self(p);
	memset(t->line[0], 0, (MAX_DELAY + 1) * sizeof(float));
	memset(t->line[1], 0, (MAX_DELAY + 1) * sizeof(float));
}

static clap_process_status tp_process(const clap_plugin_t *p, const clap_process_t *pr) {
	tp *t = self(p);
	if (t->tc && !t->tc->is_audio_thread(t->host))
		t->thread_errors++;
	t->tempo_seen = 0;
	if (pr->transport)
		t->tempo_seen = (pr->transport->flags & CLAP_TRANSPORT_IS_PLAYING) ? pr->transport->tempo : -1;
	uint32_t n = pr->in_events->size(pr->in_events), next = 0;
	const float *in[2] = {pr->audio_inputs[0].data32[0], pr->audio_inputs[0].data32[1]};
	float *out[2] = {pr->audio_outputs[0].data32[0], pr->audio_outputs[0].data32[1]};
	for (uint32_t i = 0; i < pr->frames_count; i++) {
		while (next < n) {
			const clap_event_header_t *h = pr->in_events->get(pr->in_events, next);
			if (h->time > i)
				break;
			apply(t, h);
			if (h->type == CLAP_EVENT_PARAM_VALUE && ((const clap_event_param_value_t *)h)->param_id == P_DELAY)
				report_gain(t, pr->out_events, i);
			if (h->type == CLAP_EVENT_PARAM_VALUE && ((const clap_event_param_value_t *)h)->param_id == P_MODE &&
			    ((const clap_event_param_value_t *)h)->value == 2)
				t->host->request_restart(t->host);
			next++;
		}
		float g = powf(10.0f, (float)t->gain_db / 20.0f);
		int d = (int)t->delay;
		for (int c = 0; c < 2; c++) {
			t->line[c][t->pos] = in[c][i];
			int r = (t->pos - d + MAX_DELAY + 1) % (MAX_DELAY + 1);
			out[c][i] = g * t->line[c][r];
		}
		t->pos = (t->pos + 1) % (MAX_DELAY + 1);
	}
	return CLAP_PROCESS_CONTINUE;
}

static const void *tp_ext(const clap_plugin_t *p, const char *id) {
	(void)p;
	if (!strcmp(id, CLAP_EXT_PARAMS)) return &ext_params;
	if (!strcmp(id, CLAP_EXT_STATE)) return &ext_state;
	if (!strcmp(id, CLAP_EXT_AUDIO_PORTS)) return &ext_ports;
	if (!strcmp(id, CLAP_EXT_TAIL)) return &ext_tail;
	if (!strcmp(id, CLAP_EXT_LATENCY)) return &ext_latency;
	if (!strcmp(id, CLAP_EXT_RENDER)) return &ext_render;
	if (!strcmp(id, CLAP_EXT_TIMER_SUPPORT)) return &ext_timer;
	if (!strcmp(id, CLAP_EXT_GUI)) return &ext_gui;
	return NULL;
}

static void tp_main(const clap_plugin_t *p) {
	tp *t = self(p);
	need_main(t, "on_main_thread");
	t->callbacks++;
}

static const char *gain_features[] = {CLAP_PLUGIN_FEATURE_AUDIO_EFFECT, CLAP_PLUGIN_FEATURE_STEREO, NULL};
static const clap_plugin_descriptor_t gain_desc = {CLAP_VERSION_INIT, "org.rill.test.gain", "Test Gain", "Rill Tests",
						   "https://example.invalid", "", "", "0.1.0", "gain and delay for host tests",
						   gain_features};

/* ---------------------------------------------------------------- bare plugin */

static bool bare_init(const clap_plugin_t *p) { (void)p; return true; }
static void bare_destroy(const clap_plugin_t *p) { free((void *)p); }
static bool bare_activate(const clap_plugin_t *p, double r, uint32_t a, uint32_t b) { (void)p; (void)r; (void)a; (void)b; return true; }
static void bare_deactivate(const clap_plugin_t *p) { (void)p; }
static bool bare_start(const clap_plugin_t *p) { (void)p; return true; }
static void bare_stop(const clap_plugin_t *p) { (void)p; }
static void bare_reset(const clap_plugin_t *p) { (void)p; }
static clap_process_status bare_process(const clap_plugin_t *p, const clap_process_t *pr) { (void)p; (void)pr; return CLAP_PROCESS_SLEEP; }
static const void *bare_ext(const clap_plugin_t *p, const char *id) { (void)p; (void)id; return NULL; }
static void bare_main(const clap_plugin_t *p) { (void)p; }

static const char *bare_features[] = {CLAP_PLUGIN_FEATURE_ANALYZER, NULL};
static const clap_plugin_descriptor_t bare_desc = {CLAP_VERSION_INIT, "org.rill.test.bare", "Test Bare", "Rill Tests",
						   "", "", "", "0.1.0", "", bare_features};

/* ---------------------------------------------------------------- factory and entry */

static uint32_t f_count(const clap_plugin_factory_t *f) { (void)f; return 2; }
static const clap_plugin_descriptor_t *f_desc(const clap_plugin_factory_t *f, uint32_t i) {
	(void)f;
	return i == 0 ? &gain_desc : i == 1 ? &bare_desc : NULL;
}
static const clap_plugin_t *f_create(const clap_plugin_factory_t *f, const clap_host_t *host, const char *id) {
	(void)f;
	if (!strcmp(id, gain_desc.id)) {
		tp *t = calloc(1, sizeof *t);
		t->host = host;
		t->plugin = (clap_plugin_t){&gain_desc, t, tp_init, tp_destroy, tp_activate, tp_deactivate, tp_start,
					    tp_stop, tp_reset, tp_process, tp_ext, tp_main};
		return &t->plugin;
	}
	if (!strcmp(id, bare_desc.id)) {
		clap_plugin_t *p = calloc(1, sizeof *p);
		*p = (clap_plugin_t){&bare_desc, NULL, bare_init, bare_destroy, bare_activate, bare_deactivate,
				     bare_start, bare_stop, bare_reset, bare_process, bare_ext, bare_main};
		return p;
	}
	return NULL;
}
static const clap_plugin_factory_t factory = {f_count, f_desc, f_create};

static int inits;
static bool e_init(const char *path) { (void)path; inits++; return true; }
static void e_deinit(void) { inits--; }
static const void *e_factory(const char *id) { return strcmp(id, CLAP_PLUGIN_FACTORY_ID) ? NULL : &factory; }

__attribute__((visibility("default"))) const clap_plugin_entry_t clap_entry = {CLAP_VERSION_INIT, e_init, e_deinit, e_factory};
