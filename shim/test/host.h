/*
 * host.h: a small, strict CLAP host for Rill's conformance suite (validate.c) and timing host
 * (timing.c). It loads a .clap on a non-main thread, answers the host extensions a DAW offers
 * (thread-check, log, params, state, latency, tail, timer-support, gui), counts every contract
 * violation the plugin makes against it, runs process on dedicated audio threads, and puts
 * every buffer it hands the plugin between guard pages and canaries.
 *
 * Threads: the thread that calls lib_open is the host's "main" thread; each instance gets its
 * own audio thread (a worker that runs jobs synchronously for the main thread).
 */
#ifndef RILL_TEST_HOST_H
#define RILL_TEST_HOST_H

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rill_clap.h"

/* ---------------------------------------------------------------- small utilities */

/* rng_t: xorshift64*, deterministic per seed. */
typedef struct rng {
    uint64_t s;
} rng_t;

void rng_seed(rng_t *r, uint64_t seed);
uint64_t rng_u64(rng_t *r);
uint32_t rng_below(rng_t *r, uint32_t n); /* 0..n-1 */
double rng_unit(rng_t *r);                 /* [0, 1) */
double rng_range(rng_t *r, double lo, double hi);

double now_ms(void);        /* CLOCK_MONOTONIC in milliseconds */
double thread_cpu_ms(void); /* CPU time of the calling thread */

/* ---------------------------------------------------------------- guarded memory */

/*
 * gbuf_t: memory between two PROT_NONE pages. The usable bytes end exactly at the upper guard
 * page (so the first byte written past the end faults); the slack below them is filled with a
 * canary pattern that gcheck verifies (for writes before the start that stay inside the page).
 */
typedef struct gbuf {
    uint8_t *map;   /* whole mapping */
    size_t maplen;
    uint8_t *lo;    /* first accessible byte */
    uint8_t *hi;    /* one past the last accessible byte (the upper guard page) */
    const char *name;
    int slot;       /* index in the fault registry */
} gbuf_t;

#define CANARY_BYTE 0xA5

/* galloc maps a guarded region with at least len accessible bytes; returns hi - len. */
void *galloc(gbuf_t *g, size_t len, const char *name);
/* gcanary fills [lo, from) and [to, hi) with the canary byte. */
void gcanary(gbuf_t *g, const void *from, const void *to);
/* gcheck reports whether the canary bytes in [lo, from) and [to, hi) are intact. */
bool gcheck(const gbuf_t *g, const void *from, const void *to, char *why, size_t whylen);
void gfree(gbuf_t *g);

/* fault_install sets SIGSEGV/SIGBUS handlers that name the guarded buffer hit and call
 * fault_report (set by the runner) before exiting. */
void fault_install(void (*report)(const char *msg));

/* ---------------------------------------------------------------- threads */

/* worker_t: a thread that runs one job at a time, synchronously for the caller. */
typedef struct worker {
    pthread_t thread;
    sem_t go, done;
    void (*fn)(void *);
    void *arg;
    bool quit;
    bool started;
} worker_t;

void worker_start(worker_t *w);
void worker_run(worker_t *w, void (*fn)(void *), void *arg); /* post + wait (inline if already on w) */
void worker_post(worker_t *w, void (*fn)(void *), void *arg);
void worker_wait(worker_t *w);
void worker_stop(worker_t *w);

/* host_set_main_thread records the calling thread as the host's main thread. */
void host_set_main_thread(void);
bool host_on_main_thread(void);
bool host_on_audio_thread(void);
void host_register_audio_thread(void); /* the calling thread runs process (a host's own audio thread) */

/* ---------------------------------------------------------------- library */

/* lib_t: one loaded .clap. */
typedef struct lib {
    void *dl;
    const clap_plugin_entry_t *entry;
    const clap_plugin_factory_t *factory;
    char path[4096];
    double load_ms;  /* dlopen */
    double scan_ms;  /* dlopen + init + factory + every descriptor */
} lib_t;

/* lib_open dlopens with RTLD_NOW|RTLD_LOCAL, calls init, gets the plugin factory and reads
 * every descriptor. false with why on failure. */
bool lib_open(lib_t *lib, const char *path, char *why, size_t whylen);
void lib_close(lib_t *lib); /* deinit + dlclose */

/* ---------------------------------------------------------------- host context */

#define MAX_TIMERS 16

/* hostctx_t: the clap_host_t handed to one instance, plus what the plugin did to it. */
typedef struct hostctx {
    clap_host_t host;
    struct inst *inst;
    atomic_int violations;     /* thread or state contract breaks */
    char violation[512];       /* the first one */
    atomic_int fatal_logs;     /* FATAL or HOST_MISBEHAVING */
    char fatal[512];
    atomic_int logs;
    atomic_int rescans, rescan_flags, clears, flush_requests, dirty_marks;
    atomic_int latency_changes, tail_changes;
    atomic_int restart_requests, process_requests, callback_requests;
    atomic_int pending_callback, pending_flush;
    atomic_int gui_closed, gui_closed_destroyed; /* clap.gui host: closed() calls, with was_destroyed */
    atomic_int gui_requests;   /* resize_hints_changed, request_resize/show/hide */
    int timers;
    clap_id timer_id[MAX_TIMERS];
    uint32_t timer_period[MAX_TIMERS];
    double timer_next[MAX_TIMERS];
    bool in_create;            /* the plugin must not call the host from create_plugin */
} hostctx_t;

void hostctx_violation(hostctx_t *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---------------------------------------------------------------- instances and blocks */

#define MAX_PORTS 8
#define MAX_CH 8
#define EV_BYTES (1u << 20)
#define EV_MAX 65536
#define OUTEV_MAX 8192

/* inst_t: one plugin instance with its host context, audio thread and guarded buffers. */
typedef struct inst {
    lib_t *lib;
    hostctx_t *hc;
    const clap_plugin_t *p;
    const clap_plugin_params_t *params;
    const clap_plugin_state_t *state;
    const clap_plugin_audio_ports_t *ports;
    const clap_plugin_latency_t *latency;
    const clap_plugin_tail_t *tail;
    const clap_plugin_render_t *render;
    const clap_plugin_timer_support_t *timer;
    worker_t audio;
    bool active, processing;
    double rate;
    uint32_t maxf;
    int64_t steady;
    bool steady_unknown;         /* send steady_time = -1 (a host without a sample clock) */

    /* parameters (read at init) */
    uint32_t np;
    clap_param_info_t *pi;

    /* port layout (read at init) */
    uint32_t nin, nout;
    uint32_t inch[MAX_PORTS], outch[MAX_PORTS];
    clap_id inid[MAX_PORTS], outid[MAX_PORTS], outpair[MAX_PORTS];

    /* buffers, allocated at activate */
    gbuf_t ing[MAX_PORTS][MAX_CH], outg[MAX_PORTS][MAX_CH];
    float *in[MAX_PORTS][MAX_CH], *out[MAX_PORTS][MAX_CH]; /* this block's pointers */
    float *incopy[MAX_PORTS][MAX_CH];
    gbuf_t ptrg;                 /* data32 pointer arrays */
    float **inptr, **outptr;
    gbuf_t bufg;                 /* clap_audio_buffer_t arrays */
    clap_audio_buffer_t *ain, *aout;
    uint64_t in_const[MAX_PORTS]; /* constant_mask to send */
    bool inplace;
    uint32_t frames;

    /* input events */
    gbuf_t evg;
    uint8_t *ev;                 /* EV_BYTES */
    uint32_t evlen, evn;
    uint32_t evoff[EV_MAX];
    uint8_t *evcopy;
    clap_input_events_t inev;
    /* output events */
    uint32_t outn, outbad;
    char outwhy[256];
    uint16_t outtype[OUTEV_MAX];
    clap_id outparam[OUTEV_MAX];
    double outvalue[OUTEV_MAX];
    uint32_t outtime[OUTEV_MAX];
    uint32_t outlimit;           /* try_push fails past this many (0 = OUTEV_MAX) */
    clap_output_events_t outev;
    /* transport */
    gbuf_t trg;
    clap_event_transport_t *tr;
    clap_event_transport_t trcopy;

    /* last block */
    clap_process_status status;
    double last_cpu_ms;          /* thread CPU time of the last process call */
    double last_wall_ms;
} inst_t;

/* inst_new creates and inits an instance of plugin_id on the calling (main) thread. */
inst_t *inst_new(lib_t *lib, const char *plugin_id, char *why, size_t whylen);
void inst_free(inst_t *in); /* deactivates if needed, destroys */

bool inst_activate(inst_t *in, double rate, uint32_t minf, uint32_t maxf);
void inst_deactivate(inst_t *in);
bool inst_start(inst_t *in);   /* start_processing on the audio thread */
void inst_stop(inst_t *in);    /* stop_processing on the audio thread */
void inst_reset(inst_t *in);   /* reset on the audio thread */

/* blk_begin places this block's buffers (right against the guard pages), clears events. */
void blk_begin(inst_t *in, uint32_t frames, bool inplace);

enum fill { FILL_SILENCE, FILL_NOISE, FILL_DENORMAL, FILL_SINE, FILL_EXTREME, FILL_MUSIC, FILL_SMALL, FILL_DC };
void blk_fill(inst_t *in, enum fill kind, rng_t *r);

/* Events, appended in any order; sorted by time before processing. */
void ev_param(inst_t *in, uint32_t time, clap_id id, double v, void *cookie, uint16_t space);
void ev_mod(inst_t *in, uint32_t time, clap_id id, double amount, void *cookie);
void ev_transport(inst_t *in, uint32_t time, const clap_event_transport_t *t);
void ev_raw(inst_t *in, const clap_event_header_t *e);
void ev_sort(inst_t *in);

/* blk_process runs process on the audio thread (transport may be NULL), then validates the
 * block: status, finite and non-subnormal output, constant_mask truth, SLEEP → silence,
 * guard canaries, untouched inputs and events, well-formed output events. */
bool blk_process(inst_t *in, const clap_event_transport_t *t, char *why, size_t whylen);

/* flush sends the queued events through params.flush (main thread when inactive, audio
 * thread when active and not processing). */
void inst_flush(inst_t *in);

/* host_pump answers the plugin's pending requests (callback, flush) and fires due timers. */
void host_pump(inst_t *in);

/* Parameter helpers. */
bool param_get(inst_t *in, clap_id id, double *v);
double param_random(const clap_param_info_t *pi, rng_t *r);
int param_index(inst_t *in, clap_id id);

/* State helpers: save into a malloc'd buffer (chunk = max bytes accepted per write, 0 = any). */
bool state_save(inst_t *in, uint8_t **data, size_t *len, uint32_t chunk, uint64_t seed);
bool state_load(inst_t *in, const uint8_t *data, size_t len, uint32_t chunk, uint64_t seed);

/* Output checks. */
bool buf_finite_normal(const float *x, uint32_t n, char *why, size_t whylen, const char *what);
double buf_peak(const float *x, uint32_t n);

/* The instance list (for the runner's end-of-check verdict). */
extern inst_t *g_insts[256];
extern int g_ninsts;
extern hostctx_t *g_hosts[256];
extern int g_nhosts;

#endif
