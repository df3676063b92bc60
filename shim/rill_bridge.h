/*
 * rill_bridge.h: the plain structs the C shim and the Go plugin archive exchange on each
 * call. Not part of CLAP. plugin/ includes it through cgo, and plugin/block.go checks at
 * compile time that its Go mirror (plugin/instance.HostEvent) has the same layout.
 */
#ifndef RILL_BRIDGE_H
#define RILL_BRIDGE_H

#include <stdint.h>

/* Kinds of rill_event_t. */
enum {
    RILL_EVENT_PARAM_VALUE = 1,   /* value: plain parameter value */
    RILL_EVENT_PARAM_MOD = 2,     /* value: modulation offset added to the plain value */
    RILL_EVENT_TRANSPORT = 3,     /* flags: CLAP transport flags, value: tempo (BPM) */
    RILL_EVENT_GESTURE_BEGIN = 4, /* output only: the editor grabbed param_id */
    RILL_EVENT_GESTURE_END = 5,   /* output only: the editor released param_id */
};

/* rill_event_t: one flattened event, in and out (24 bytes, no pointers). */
typedef struct rill_event {
    uint32_t offset;   /* sample offset in the block */
    uint32_t kind;     /* RILL_EVENT_* */
    uint32_t param_id; /* parameter id (param and gesture events) */
    uint32_t flags;    /* transport flags (transport events) */
    double value;      /* value, modulation amount or tempo */
} rill_event_t;

/* Capacities of the per-instance event arrays the shim allocates at creation. */
enum {
    RILL_MAX_IN_EVENTS = 1024, /* more in one block: the shim splits the block */
    RILL_MAX_OUT_EVENTS = 512,
    RILL_STATE_CAPACITY = 64 * 1024, /* longer state streams are rejected */
};

/* rill_block_t: one process (or flush) call. C fills the inputs, Go the outputs. */
typedef struct rill_block {
    /* in: host channel pointers (NULL when absent); in and out may be the same. */
    const float *in[2];
    float *out[2];
    uint32_t frames;
    uint32_t in_channels;  /* channels the host gave (0, 1, 2, ...) */
    uint32_t out_channels;
    uint32_t in_constant;  /* host's input constant_mask, low bits */
    /* in: transport at sample 0 (has_transport 0 for a free-running host) */
    uint32_t has_transport;
    uint32_t transport_flags;
    double tempo;
    /* in: events sorted by offset */
    const rill_event_t *events;
    uint32_t event_count;
    /* out: events for the host, and how many were written (at most out_capacity) */
    uint32_t out_capacity;
    rill_event_t *out_events;
    uint32_t out_count;
    /* out: constant_mask for the output port */
    uint32_t out_constant;
    /* out: the tail (clap.tail samples) after the call, so the shim can tell the host when it
     * changes without a second Go call */
    uint32_t tail;
} rill_block_t;

#endif /* RILL_BRIDGE_H */
