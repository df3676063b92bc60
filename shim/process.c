/*
 * process.c: the audio path on the C side. It sets FTZ/DAZ, flattens the host's input
 * events into the instance's preallocated array (core namespace only), hands the host's
 * channel pointers to Go in one call per block, and pushes Go's output events to the
 * host. Nothing here allocates, locks or blocks.
 */
#include <string.h>
#include <xmmintrin.h>

#include "shim.h"

/* MXCSR bits: flush denormal results to zero, treat denormal inputs as zero. */
#define RILL_MXCSR_FTZ 0x8000u
#define RILL_MXCSR_DAZ 0x0040u

/* flatten: one host event as a rill_event_t; false for events the plugin ignores. */
static bool flatten(const clap_event_header_t *h, uint32_t offset, rill_event_t *out) {
    if (!h || h->space_id != CLAP_CORE_EVENT_SPACE_ID) {
        return false;
    }
    switch (h->type) {
    case CLAP_EVENT_PARAM_VALUE: {
        if (h->size < sizeof(clap_event_param_value_t)) return false;
        const clap_event_param_value_t *e = (const void *)h;
        *out = (rill_event_t){offset, RILL_EVENT_PARAM_VALUE, e->param_id, 0, e->value};
        return true;
    }
    case CLAP_EVENT_PARAM_MOD: {
        if (h->size < sizeof(clap_event_param_mod_t)) return false;
        const clap_event_param_mod_t *e = (const void *)h;
        *out = (rill_event_t){offset, RILL_EVENT_PARAM_MOD, e->param_id, 0, e->amount};
        return true;
    }
    case CLAP_EVENT_TRANSPORT: {
        if (h->size < sizeof(clap_event_transport_t)) return false;
        const clap_event_transport_t *e = (const void *)h;
        *out = (rill_event_t){offset, RILL_EVENT_TRANSPORT, 0, e->flags, e->tempo};
        return true;
    }
    default:
        return false;
    }
}

/* push_out: Go's output events, as CLAP events, at time base + offset. */
static void push_out(const clap_output_events_t *out, const rill_block_t *b, uint32_t base) {
    if (!out || !out->try_push) {
        return;
    }
    for (uint32_t i = 0; i < b->out_count && i < b->out_capacity; i++) {
        const rill_event_t *e = &b->out_events[i];
        clap_event_header_t head = {
            .time = base + e->offset,
            .space_id = CLAP_CORE_EVENT_SPACE_ID,
        };
        if (e->kind == RILL_EVENT_PARAM_VALUE) {
            head.size = sizeof(clap_event_param_value_t);
            head.type = CLAP_EVENT_PARAM_VALUE;
            clap_event_param_value_t v = {
                .header = head, .param_id = e->param_id, .cookie = NULL,
                .note_id = -1, .port_index = -1, .channel = -1, .key = -1, .value = e->value,
            };
            out->try_push(out, &v.header);
        } else if (e->kind == RILL_EVENT_GESTURE_BEGIN || e->kind == RILL_EVENT_GESTURE_END) {
            head.size = sizeof(clap_event_param_gesture_t);
            head.type = e->kind == RILL_EVENT_GESTURE_BEGIN ? CLAP_EVENT_PARAM_GESTURE_BEGIN
                                                            : CLAP_EVENT_PARAM_GESTURE_END;
            clap_event_param_gesture_t g = {.header = head, .param_id = e->param_id};
            out->try_push(out, &g.header);
        }
    }
}

/* channel: channel c of an audio port, or NULL when absent. */
static float *channel(const clap_audio_buffer_t *buf, uint32_t c) {
    if (!buf || !buf->data32 || c >= buf->channel_count) {
        return NULL;
    }
    return buf->data32[c];
}

/* run: one Go call for frames [start, end) of the host block with n flattened events. */
static int32_t run(rill_plugin_t *p, const clap_process_t *proc, uint32_t start, uint32_t end,
                   uint32_t n) {
    rill_block_t *b = &p->block;
    const clap_audio_buffer_t *in = proc->audio_inputs_count ? proc->audio_inputs : NULL;
    const clap_audio_buffer_t *out = proc->audio_outputs_count ? proc->audio_outputs : NULL;
    for (uint32_t c = 0; c < 2; c++) {
        const float *ic = channel(in, c);
        float *oc = channel(out, c);
        b->in[c] = ic ? ic + start : NULL;
        b->out[c] = oc ? oc + start : NULL;
    }
    b->frames = end - start;
    b->in_channels = in && in->data32 ? in->channel_count : 0;
    b->out_channels = out && out->data32 ? out->channel_count : 0;
    b->in_constant = in ? (uint32_t)(in->constant_mask & 3u) : 0;
    b->events = p->in_events;
    b->event_count = n;
    b->out_events = p->out_events;
    b->out_capacity = RILL_MAX_OUT_EVENTS;
    b->out_count = 0;
    b->out_constant = 0;
    int32_t status = rill_go_process(p->handle, b);
    push_out(proc->out_events, b, start);
    /* Channels beyond the declared two: silence rather than whatever the host left. */
    for (uint32_t c = 2; out && out->data32 && c < out->channel_count; c++) {
        if (out->data32[c]) {
            memset(out->data32[c] + start, 0, (size_t)(end - start) * sizeof(float));
        }
    }
    return status;
}

/* tell_tail: clap.tail's changed() when the tail Go reported for the last call differs
 * from what the host last heard (feedback, time, freeze, sync...). host_tail.changed is
 * [audio-thread]: callers are process and the active (audio-thread) flush. */
static void tell_tail(rill_plugin_t *p) {
    if (p->block.tail == p->told_tail) {
        return;
    }
    p->told_tail = p->block.tail;
    if (p->host_tail && p->host_tail->changed) {
        p->host_tail->changed(p->host);
    }
}

/* [audio-thread & active & processing] */
clap_process_status rill_process(const clap_plugin_t *plugin, const clap_process_t *proc) {
    rill_plugin_t *p = rill_from(plugin);
    if (!p || !proc || !p->active) {
        return CLAP_PROCESS_ERROR;
    }
    rill_check_audio_thread(p, "process");
    const unsigned int saved_csr = _mm_getcsr();
    _mm_setcsr(saved_csr | RILL_MXCSR_FTZ | RILL_MXCSR_DAZ);

    rill_block_t *b = &p->block;
    const clap_event_transport_t *t = proc->transport;
    b->has_transport = t != NULL;
    b->transport_flags = t ? t->flags : 0;
    b->tempo = t ? t->tempo : 0;

    const uint32_t frames = proc->frames_count;
    const clap_input_events_t *in = proc->in_events;
    const uint32_t count = in && in->size && in->get ? in->size(in) : 0;
    uint32_t start = 0, n = 0, calls = 0;
    int32_t status = CLAP_PROCESS_CONTINUE;
    /* The last transport event flattened: the transport at the start of the next piece
     * when the block has to be split. */
    const rill_event_t *last_transport = NULL;
    for (uint32_t i = 0; i < count; i++) {
        const clap_event_header_t *h = in->get(in, i);
        if (!h) {
            continue;
        }
        uint32_t at = h->time;
        if (frames > 0 && at >= frames) at = frames - 1; /* a host bug: keep it in the block */
        if (at < start) at = start;                     /* out of order: not before now */
        if (n == RILL_MAX_IN_EVENTS) {
            /* The array is full: process up to this event, then go on (rare). */
            status = run(p, proc, start, frames ? at : 0, n);
            calls++;
            start = frames ? at : 0;
            n = 0;
            if (last_transport) {
                b->has_transport = 1;
                b->transport_flags = last_transport->flags;
                b->tempo = last_transport->value;
                last_transport = NULL; /* its slot is about to be reused */
            }
        }
        if (flatten(h, at - start, &p->in_events[n])) {
            if (p->in_events[n].kind == RILL_EVENT_TRANSPORT) {
                last_transport = &p->in_events[n];
            }
            n++;
        }
    }
    status = run(p, proc, start, frames, n);
    calls++;

    if (proc->audio_outputs_count && proc->audio_outputs) {
        /* A split block's pieces may differ: claim constant channels for one call only. */
        proc->audio_outputs[0].constant_mask = calls == 1 ? b->out_constant : 0;
    }
    tell_tail(p);
    _mm_setcsr(saved_csr);
    return status;
}

/* rill_flush: params.flush on the Go side, in chunks of the event array. */
void rill_flush(rill_plugin_t *p, const clap_input_events_t *in, const clap_output_events_t *out) {
    const unsigned int saved_csr = _mm_getcsr();
    _mm_setcsr(saved_csr | RILL_MXCSR_FTZ | RILL_MXCSR_DAZ);
    rill_block_t *b = &p->block;
    const uint32_t count = in && in->size && in->get ? in->size(in) : 0;
    uint32_t i = 0;
    do {
        uint32_t n = 0;
        for (; i < count && n < RILL_MAX_IN_EVENTS; i++) {
            if (flatten(in->get(in, i), 0, &p->in_events[n])) {
                n++;
            }
        }
        memset(b, 0, sizeof *b);
        b->events = p->in_events;
        b->event_count = n;
        b->out_events = p->out_events;
        b->out_capacity = RILL_MAX_OUT_EVENTS;
        rill_go_flush(p->handle, b);
        push_out(out, b, 0);
    } while (i < count);
    if (p->active) {
        tell_tail(p); /* active: this flush runs on the audio thread; inactive: the next process tells */
    }
    _mm_setcsr(saved_csr);
}
