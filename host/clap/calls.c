/*
 * calls.c: opening a .clap module, thin wrappers around the plugin's function
 * pointers (cgo cannot call them directly), state streams, and the process block.
 * Each wrapper has the thread rule of the CLAP function it calls.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

/* ---------------------------------------------------------------- library */

/* rh_lib_open: [main-thread] dlopen + clap_entry + init + factory. */
int rh_lib_open(const char *path, rh_lib *lib, char *err, int errlen) {
	memset(lib, 0, sizeof *lib);
	dlerror();
	void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!dl) {
		const char *e = dlerror();
		snprintf(err, errlen, "%s", e ? e : "dlopen failed");
		return RH_ERR_DLOPEN;
	}
	const clap_plugin_entry_t *entry = (const clap_plugin_entry_t *)dlsym(dl, CLAP_ENTRY_SYMBOL);
	if (!entry) {
		snprintf(err, errlen, "no %s symbol", CLAP_ENTRY_SYMBOL);
		dlclose(dl);
		return RH_ERR_NO_ENTRY;
	}
	if (!clap_version_is_compatible(entry->clap_version) || !entry->init || !entry->get_factory) {
		snprintf(err, errlen, "CLAP version %u.%u.%u is not supported", entry->clap_version.major,
			 entry->clap_version.minor, entry->clap_version.revision);
		dlclose(dl);
		return RH_ERR_VERSION;
	}
	if (!entry->init(path)) {
		snprintf(err, errlen, "clap_entry.init returned false");
		dlclose(dl);
		return RH_ERR_INIT;
	}
	const clap_plugin_factory_t *f = (const clap_plugin_factory_t *)entry->get_factory(CLAP_PLUGIN_FACTORY_ID);
	if (!f || !f->get_plugin_count || !f->get_plugin_descriptor || !f->create_plugin) {
		snprintf(err, errlen, "no plugin factory");
		if (entry->deinit)
			entry->deinit();
		dlclose(dl);
		return RH_ERR_NO_FACTORY;
	}
	lib->dl = dl;
	lib->entry = entry;
	lib->factory = f;
	return RH_OK;
}

/* rh_lib_close: [main-thread] deinit + dlclose; every instance must be destroyed. */
void rh_lib_close(rh_lib *lib) {
	if (lib->entry && lib->entry->deinit)
		lib->entry->deinit();
	if (lib->dl)
		dlclose(lib->dl);
	memset(lib, 0, sizeof *lib);
}

/* [thread-safe] */
uint32_t rh_lib_count(const rh_lib *lib) { return lib->factory->get_plugin_count(lib->factory); }

/* [thread-safe] */
const clap_plugin_descriptor_t *rh_lib_descriptor(const rh_lib *lib, uint32_t i) {
	return lib->factory->get_plugin_descriptor(lib->factory, i);
}

/* rh_lib_create: [main-thread] create (not init) an instance bound to host h. */
const clap_plugin_t *rh_lib_create(const rh_lib *lib, rh_host *h, const char *id) {
	const clap_plugin_t *p = lib->factory->create_plugin(lib->factory, &h->clap, id);
	h->plugin = p;
	return p;
}

/* ---------------------------------------------------------------- lifecycle */

bool rh_init(const clap_plugin_t *p) { return p->init(p); }                       /* [main-thread] */
void rh_destroy(const clap_plugin_t *p) { p->destroy(p); }                        /* [main-thread] */
void rh_deactivate(const clap_plugin_t *p) { p->deactivate(p); }                  /* [main-thread] */
void rh_reset(const clap_plugin_t *p) { p->reset(p); }                            /* [audio-thread] */
void rh_on_main_thread(const clap_plugin_t *p) { p->on_main_thread(p); }          /* [main-thread] */
const void *rh_ext(const clap_plugin_t *p, const char *id) { return p->get_extension(p, id); } /* [thread-safe] */

/* [main-thread] */
bool rh_activate(const clap_plugin_t *p, double rate, uint32_t min, uint32_t max) {
	return p->activate(p, rate, min, max);
}

/* rh_start_processing: [audio-thread] the calling thread becomes the audio thread. */
bool rh_start_processing(rh_host *h, const clap_plugin_t *p) {
	rh_set_audio_thread(h);
	h->processing = p->start_processing(p);
	return h->processing;
}

/* [audio-thread] */
void rh_stop_processing(rh_host *h, const clap_plugin_t *p) {
	p->stop_processing(p);
	h->processing = false;
	rh_clear_audio_thread(h);
}

/* ---------------------------------------------------------------- extensions */

/* [main-thread] */
uint32_t rh_ports_count(const clap_plugin_audio_ports_t *e, const clap_plugin_t *p, bool input) {
	return e->count(p, input);
}
/* [main-thread] */
bool rh_ports_get(const clap_plugin_audio_ports_t *e, const clap_plugin_t *p, uint32_t i, bool input,
		  clap_audio_port_info_t *info) {
	return e->get(p, i, input, info);
}

/* [main-thread] */
uint32_t rh_params_count(const clap_plugin_params_t *e, const clap_plugin_t *p) { return e->count(p); }
/* [main-thread] */
bool rh_params_info(const clap_plugin_params_t *e, const clap_plugin_t *p, uint32_t i, clap_param_info_t *info) {
	return e->get_info(p, i, info);
}
/* [main-thread] */
bool rh_params_value(const clap_plugin_params_t *e, const clap_plugin_t *p, clap_id id, double *v) {
	return e->get_value(p, id, v);
}
/* [main-thread] */
bool rh_params_to_text(const clap_plugin_params_t *e, const clap_plugin_t *p, clap_id id, double v, char *buf,
		       uint32_t cap) {
	return e->value_to_text(p, id, v, buf, cap);
}
/* [main-thread] */
bool rh_params_from_text(const clap_plugin_params_t *e, const clap_plugin_t *p, clap_id id, const char *text,
			 double *v) {
	return e->text_to_value(p, id, text, v);
}

uint32_t rh_latency(const clap_plugin_latency_t *e, const clap_plugin_t *p) { return e->get(p); } /* [main-thread] */
uint32_t rh_tail(const clap_plugin_tail_t *e, const clap_plugin_t *p) { return e->get(p); }       /* [main, audio] */
/* [main-thread] */
bool rh_render_set(const clap_plugin_render_t *e, const clap_plugin_t *p, int32_t mode) { return e->set(p, mode); }
/* [main-thread] */
bool rh_render_hard_rt(const clap_plugin_render_t *e, const clap_plugin_t *p) {
	return e->has_hard_realtime_requirement(p);
}

/* ---------------------------------------------------------------- state streams */

enum { STATE_LIMIT = 256u << 20 }; /* a state larger than this is a plugin bug */

typedef struct out_buf {
	uint8_t *data;
	uint64_t len, cap;
} out_buf;

/* [main-thread] */
static int64_t ostream_write(const clap_ostream_t *s, const void *buf, uint64_t size) {
	out_buf *o = (out_buf *)s->ctx;
	if (!buf && size > 0)
		return -1;
	if (o->len + size > STATE_LIMIT)
		return -1;
	if (o->len + size > o->cap) {
		uint64_t cap = o->cap ? o->cap * 2 : 4096;
		while (cap < o->len + size)
			cap *= 2;
		uint8_t *d = realloc(o->data, cap);
		if (!d)
			return -1;
		o->data = d;
		o->cap = cap;
	}
	if (size > 0)
		memcpy(o->data + o->len, buf, size);
	o->len += size;
	return (int64_t)size;
}

/* rh_state_save: [main-thread] */
bool rh_state_save(const clap_plugin_state_t *e, const clap_plugin_t *p, uint8_t **out, uint64_t *len) {
	out_buf o = {0};
	clap_ostream_t s = {&o, ostream_write};
	bool ok = e->save(p, &s);
	if (!ok) {
		free(o.data);
		*out = NULL;
		*len = 0;
		return false;
	}
	*out = o.data;
	*len = o.len;
	return true;
}

typedef struct in_buf {
	const uint8_t *data;
	uint64_t len, pos, chunk;
} in_buf;

/* [main-thread] */
static int64_t istream_read(const clap_istream_t *s, void *buf, uint64_t size) {
	in_buf *in = (in_buf *)s->ctx;
	uint64_t n = in->len - in->pos;
	if (n > size)
		n = size;
	if (in->chunk && n > in->chunk)
		n = in->chunk;
	if (n > 0) {
		if (!buf)
			return -1;
		memcpy(buf, in->data + in->pos, n);
	}
	in->pos += n;
	return (int64_t)n;
}

/* rh_state_load: [main-thread] */
bool rh_state_load(const clap_plugin_state_t *e, const clap_plugin_t *p, const uint8_t *data, uint64_t len,
		   uint64_t chunk) {
	in_buf in = {data, len, 0, chunk};
	clap_istream_t s = {&in, istream_read};
	return e->load(p, &s);
}

/* ---------------------------------------------------------------- gui (all [main-thread]) */

bool rh_gui_supported(const clap_plugin_gui_t *g, const clap_plugin_t *p, const char *api, bool floating) {
	return g->is_api_supported(p, api, floating);
}
bool rh_gui_create(rh_host *h, const clap_plugin_gui_t *g, const clap_plugin_t *p, const char *api, bool floating) {
	h->gui_floating = floating;
	return g->create(p, api, floating);
}
void rh_gui_destroy(const clap_plugin_gui_t *g, const clap_plugin_t *p) { g->destroy(p); }
bool rh_gui_set_scale(const clap_plugin_gui_t *g, const clap_plugin_t *p, double scale) { return g->set_scale(p, scale); }
bool rh_gui_get_size(const clap_plugin_gui_t *g, const clap_plugin_t *p, uint32_t *w, uint32_t *hh) {
	return g->get_size(p, w, hh);
}
bool rh_gui_can_resize(const clap_plugin_gui_t *g, const clap_plugin_t *p) { return g->can_resize(p); }
bool rh_gui_adjust_size(const clap_plugin_gui_t *g, const clap_plugin_t *p, uint32_t *w, uint32_t *hh) {
	return g->adjust_size(p, w, hh);
}
bool rh_gui_set_size(const clap_plugin_gui_t *g, const clap_plugin_t *p, uint32_t w, uint32_t hh) {
	return g->set_size(p, w, hh);
}
bool rh_gui_set_parent_x11(const clap_plugin_gui_t *g, const clap_plugin_t *p, unsigned long xid) {
	clap_window_t w;
	memset(&w, 0, sizeof w);
	w.api = CLAP_WINDOW_API_X11;
	w.x11 = xid;
	return g->set_parent(p, &w);
}
void rh_gui_suggest_title(const clap_plugin_gui_t *g, const clap_plugin_t *p, const char *title) {
	g->suggest_title(p, title);
}
bool rh_gui_show(const clap_plugin_gui_t *g, const clap_plugin_t *p) { return g->show(p); }
bool rh_gui_hide(const clap_plugin_gui_t *g, const clap_plugin_t *p) { return g->hide(p); }

/* ---------------------------------------------------------------- process block */

/* [audio-thread] */
static uint32_t in_size(const clap_input_events_t *list) { return ((const rh_proc *)list->ctx)->event_count; }

/* [audio-thread] */
static const clap_event_header_t *in_get(const clap_input_events_t *list, uint32_t i) {
	const rh_proc *pr = (const rh_proc *)list->ctx;
	if (i >= pr->event_count)
		return NULL;
	return &pr->events[i].header;
}

/* out_push: [audio-thread] keeps parameter values and gestures; other events are accepted and ignored. */
static bool out_push(const clap_output_events_t *list, const clap_event_header_t *ev) {
	rh_proc *pr = (rh_proc *)list->ctx;
	if (!ev)
		return false;
	if (ev->space_id != CLAP_CORE_EVENT_SPACE_ID)
		return true;
	rh_out_event o = {ev->time, ev->type, CLAP_INVALID_ID, 0};
	switch (ev->type) {
	case CLAP_EVENT_PARAM_VALUE:
		if (ev->size < sizeof(clap_event_param_value_t))
			return false;
		o.param_id = ((const clap_event_param_value_t *)ev)->param_id;
		o.value = ((const clap_event_param_value_t *)ev)->value;
		break;
	case CLAP_EVENT_PARAM_GESTURE_BEGIN:
	case CLAP_EVENT_PARAM_GESTURE_END:
		if (ev->size < sizeof(clap_event_param_gesture_t))
			return false;
		o.param_id = ((const clap_event_param_gesture_t *)ev)->param_id;
		break;
	default:
		return true;
	}
	if (pr->out_count >= pr->out_cap) {
		pr->out_dropped++;
		return false;
	}
	pr->out[pr->out_count++] = o;
	return true;
}

/* rh_proc_new: [main-thread] allocates everything a process call touches. */
rh_proc *rh_proc_new(uint32_t in_ports, const uint32_t *in_channels, uint32_t out_ports,
		     const uint32_t *out_channels, uint32_t max_frames, uint32_t event_cap, uint32_t out_cap) {
	if (in_ports > RH_MAX_PORTS || out_ports > RH_MAX_PORTS || max_frames == 0)
		return NULL;
	uint64_t channels = 0;
	for (uint32_t i = 0; i < in_ports; i++) {
		if (in_channels[i] > RH_MAX_CHANNELS)
			return NULL;
		channels += in_channels[i];
	}
	for (uint32_t i = 0; i < out_ports; i++) {
		if (out_channels[i] > RH_MAX_CHANNELS)
			return NULL;
		channels += out_channels[i];
	}
	rh_proc *pr = calloc(1, sizeof *pr);
	if (!pr)
		return NULL;
	/* Each channel starts on a 64-byte boundary. */
	uint64_t stride = ((uint64_t)max_frames * sizeof(float) + 63) & ~(uint64_t)63;
	pr->memory = aligned_alloc(64, stride * (channels ? channels : 1));
	pr->events = calloc(event_cap ? event_cap : 1, sizeof *pr->events);
	pr->out = calloc(out_cap ? out_cap : 1, sizeof *pr->out);
	if (!pr->memory || !pr->events || !pr->out) {
		rh_proc_free(pr);
		return NULL;
	}
	memset(pr->memory, 0, stride * (channels ? channels : 1));
	pr->max_frames = max_frames;
	pr->event_cap = event_cap;
	pr->out_cap = out_cap;
	uint8_t *at = (uint8_t *)pr->memory;
	for (uint32_t i = 0; i < in_ports; i++) {
		for (uint32_t c = 0; c < in_channels[i]; c++, at += stride)
			pr->in_ptrs[i][c] = (float *)at;
		pr->inputs[i].data32 = pr->in_ptrs[i];
		pr->inputs[i].channel_count = in_channels[i];
	}
	for (uint32_t i = 0; i < out_ports; i++) {
		for (uint32_t c = 0; c < out_channels[i]; c++, at += stride)
			pr->out_ptrs[i][c] = (float *)at;
		pr->outputs[i].data32 = pr->out_ptrs[i];
		pr->outputs[i].channel_count = out_channels[i];
	}
	pr->clap.audio_inputs = pr->inputs;
	pr->clap.audio_outputs = pr->outputs;
	pr->clap.audio_inputs_count = in_ports;
	pr->clap.audio_outputs_count = out_ports;
	pr->in_events.ctx = pr;
	pr->in_events.size = in_size;
	pr->in_events.get = in_get;
	pr->out_events.ctx = pr;
	pr->out_events.try_push = out_push;
	pr->clap.in_events = &pr->in_events;
	pr->clap.out_events = &pr->out_events;
	pr->transport.header.size = sizeof pr->transport;
	pr->transport.header.type = CLAP_EVENT_TRANSPORT;
	pr->transport.header.space_id = CLAP_CORE_EVENT_SPACE_ID;
	for (uint32_t i = 0; i < event_cap; i++) {
		clap_event_param_value_t *e = &pr->events[i];
		e->header.size = sizeof *e;
		e->header.type = CLAP_EVENT_PARAM_VALUE;
		e->header.space_id = CLAP_CORE_EVENT_SPACE_ID;
		e->note_id = -1;
		e->port_index = -1;
		e->channel = -1;
		e->key = -1;
	}
	return pr;
}

/* rh_proc_free: [main-thread] */
void rh_proc_free(rh_proc *pr) {
	if (!pr)
		return;
	free(pr->memory);
	free(pr->events);
	free(pr->out);
	free(pr);
}

/* rh_proc_channel: [any] a channel's buffer of max_frames floats, or NULL. */
float *rh_proc_channel(rh_proc *pr, bool input, uint32_t port, uint32_t ch) {
	if (port >= RH_MAX_PORTS || ch >= RH_MAX_CHANNELS)
		return NULL;
	return input ? pr->in_ptrs[port][ch] : pr->out_ptrs[port][ch];
}

/* rh_process: [audio-thread] one block; consumes the queued input events. */
int32_t rh_process(const clap_plugin_t *p, rh_proc *pr, uint32_t frames) {
	if (frames > pr->max_frames)
		frames = pr->max_frames;
	pr->clap.frames_count = frames;
	pr->clap.steady_time = pr->steady_time;
	pr->clap.transport = pr->has_transport ? &pr->transport : NULL;
	pr->out_count = 0;
	int32_t status = p->process(p, &pr->clap);
	pr->steady_time += frames;
	pr->event_count = 0;
	return status;
}

/* rh_flush: [main-thread & !active, or audio-thread & active & !processing] */
void rh_flush(const clap_plugin_params_t *e, const clap_plugin_t *p, rh_proc *pr) {
	pr->out_count = 0;
	e->flush(p, &pr->in_events, &pr->out_events);
	pr->event_count = 0;
}
