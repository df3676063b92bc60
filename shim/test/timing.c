/*
 * timing.c: clap-timing, a timing host for a built .clap.
 *
 *   clap-timing PATH.clap [--seconds 60] [--rate 48000] [--block 64] [--scans 21] [--id PLUGIN_ID]
 *
 * Reports the scan time (dlopen + init + factory + every descriptor, each in a fresh process,
 * median of --scans) and, for three runs (parameters at their defaults; "every feature on":
 * toggles and enums at their maximum, amounts that default to their minimum raised to the middle
 * of their range, bypass off, set through params.flush before activation; "automated": defaults
 * plus 4 random parameter values per block at spread offsets, as DAW automation), the time of every
 * process call of a paced audio thread: one block per block period on absolute deadlines
 * (clock_nanosleep), SCHED_FIFO when permitted, stereo out-of-place buffers, a music-like input
 * (tones with envelopes plus a little noise) and a playing transport. Per run: median, p99,
 * p99.99 and max time per call (µs, CLOCK_MONOTONIC), CPU % of real time (sum of call times /
 * audio duration), deadline misses (a call ending after the next block's deadline, which also
 * counts late wake-ups of the audio thread by the OS), calls longer than one block period, and
 * the first call; and, for the five slowest calls, wall vs thread CPU time (a slow call with little
 * CPU time was waiting: preempted by the OS or blocked in the plugin's runtime). Exits non-zero when loading or processing fails (error status, non-finite output), never
 * because of speed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "host.h"

typedef struct opts {
    const char *path;
    const char *id;
    double seconds;
    double rate;
    uint32_t block;
    int scans;
} opts_t;

typedef struct run {
    const char *name;
    inst_t *in;
    const opts_t *o;
    uint32_t *ns;     /* per measured call: wall time */
    uint32_t *cpu;    /* per measured call: the audio thread's CPU time */
    uint32_t max_cpu_block; /* block index (from the start, warm-up included) of the most CPU */
    bool automate;    /* send parameter automation every block */
    clap_event_param_value_t *auto_ev; /* AUTO_BLOCKS * AUTO_PER_BLOCK, sorted per block */
    uint32_t n;       /* measured calls */
    uint32_t misses;  /* calls that ended after the next block's deadline */
    uint32_t overruns; /* calls longer than one block period */
    uint32_t first_ns;
    bool fifo;
    bool ok;
    char why[512];
    float *src[2];    /* looped input signal */
    uint32_t srclen;
} run_t;

#define AUTO_BLOCKS 1024
#define AUTO_PER_BLOCK 4

typedef struct autolist {
    const clap_event_param_value_t *ev;
    uint32_t n;
} autolist_t;

static uint32_t auto_size(const clap_input_events_t *l) { return ((const autolist_t *)l->ctx)->n; }
static const clap_event_header_t *auto_get(const clap_input_events_t *l, uint32_t i)
{
    const autolist_t *a = l->ctx;
    return i < a->n ? &a->ev[i].header : NULL;
}

static uint64_t cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void sleep_until(uint64_t ns)
{
    struct timespec ts = {.tv_sec = (time_t)(ns / 1000000000ull), .tv_nsec = (long)(ns % 1000000000ull)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
    }
}

static uint32_t empty_size(const clap_input_events_t *l)
{
    (void)l;
    return 0;
}
static const clap_event_header_t *empty_get(const clap_input_events_t *l, uint32_t i)
{
    (void)l;
    (void)i;
    return NULL;
}
static bool drop_push(const clap_output_events_t *l, const clap_event_header_t *e)
{
    (void)l;
    (void)e;
    return true;
}

/* audio_thread: the paced process loop of one run. */
static void *audio_thread(void *arg)
{
    run_t *r = arg;
    inst_t *in = r->in;
    const opts_t *o = r->o;
    host_register_audio_thread(); /* the plugin may call [audio-thread] host functions from process */
    const clap_plugin_t *p = in->p;
    uint32_t B = o->block;
    float *ib[2], *ob[2];
    for (int c = 0; c < 2; c++) {
        ib[c] = aligned_alloc(64, ((size_t)B * 4 + 63) / 64 * 64);
        ob[c] = aligned_alloc(64, ((size_t)B * 4 + 63) / 64 * 64);
    }
    /* the plugin's port layout decides the channel counts; extra channels reuse 0/1 */
    float *ip[MAX_PORTS * MAX_CH], *op[MAX_PORTS * MAX_CH];
    clap_audio_buffer_t ain[MAX_PORTS], aout[MAX_PORTS];
    uint32_t k = 0;
    for (uint32_t q = 0; q < in->nin; q++) {
        ain[q] = (clap_audio_buffer_t){.data32 = &ip[k], .channel_count = in->inch[q]};
        for (uint32_t c = 0; c < in->inch[q]; c++) ip[k++] = ib[c & 1];
    }
    k = 0;
    for (uint32_t q = 0; q < in->nout; q++) {
        aout[q] = (clap_audio_buffer_t){.data32 = &op[k], .channel_count = in->outch[q]};
        for (uint32_t c = 0; c < in->outch[q]; c++) op[k++] = ob[c & 1];
    }
    clap_input_events_t inev = {.ctx = NULL, .size = empty_size, .get = empty_get};
    autolist_t al = {0};
    if (r->automate) inev = (clap_input_events_t){.ctx = &al, .size = auto_size, .get = auto_get};
    clap_output_events_t outev = {.ctx = NULL, .try_push = drop_push};
    clap_event_transport_t tr;
    memset(&tr, 0, sizeof tr);
    tr.header = (clap_event_header_t){.size = sizeof tr, .type = CLAP_EVENT_TRANSPORT};
    tr.flags = CLAP_TRANSPORT_HAS_TEMPO | CLAP_TRANSPORT_HAS_BEATS_TIMELINE | CLAP_TRANSPORT_HAS_SECONDS_TIMELINE |
               CLAP_TRANSPORT_HAS_TIME_SIGNATURE | CLAP_TRANSPORT_IS_PLAYING;
    tr.tempo = 120;
    tr.tsig_num = 4;
    tr.tsig_denom = 4;
    clap_process_t pr = {.steady_time = 0, .frames_count = B, .transport = &tr, .audio_inputs = ain, .audio_outputs = aout,
                         .audio_inputs_count = in->nin, .audio_outputs_count = in->nout, .in_events = &inev, .out_events = &outev};

    if (!p->start_processing(p)) {
        snprintf(r->why, sizeof r->why, "start_processing returned false");
        r->ok = false;
        return NULL;
    }
    uint64_t period = (uint64_t)((double)B / o->rate * 1e9);
    uint32_t warm = (uint32_t)(o->rate / B); /* 1 s of warm-up, paced, not measured */
    uint32_t total = warm + r->n;
    uint64_t t_start = mono_ns() + 2000000;
    uint32_t pos = 0;
    r->ok = true;
    for (uint32_t b = 0; b < total; b++) {
        uint64_t deadline = t_start + (uint64_t)b * period;
        for (int c = 0; c < 2; c++) {
            for (uint32_t i = 0; i < B; i++) ib[c][i] = r->src[c][(pos + i) % r->srclen];
        }
        pos = (pos + B) % r->srclen;
        double beats = (double)pr.steady_time / o->rate * 2.0;
        tr.song_pos_beats = (clap_beattime)(beats * (double)CLAP_BEATTIME_FACTOR);
        tr.song_pos_seconds = (clap_sectime)((double)pr.steady_time / o->rate * (double)CLAP_SECTIME_FACTOR);
        tr.bar_number = (int32_t)(beats / 4);
        tr.bar_start = (clap_beattime)((double)tr.bar_number * 4 * (double)CLAP_BEATTIME_FACTOR);
        if (r->automate) {
            al.ev = &r->auto_ev[(b % AUTO_BLOCKS) * AUTO_PER_BLOCK];
            al.n = AUTO_PER_BLOCK;
        }
        sleep_until(deadline);
        uint64_t c0 = cpu_ns();
        uint64_t t0 = mono_ns();
        clap_process_status st = p->process(p, &pr);
        uint64_t t1 = mono_ns();
        uint64_t c1 = cpu_ns();
        pr.steady_time += B;
        uint64_t d = t1 - t0;
        if (b == 0) r->first_ns = (uint32_t)(d > UINT32_MAX ? UINT32_MAX : d);
        if (b >= warm) {
            r->ns[b - warm] = (uint32_t)(d > UINT32_MAX ? UINT32_MAX : d);
            r->cpu[b - warm] = (uint32_t)(c1 - c0 > UINT32_MAX ? UINT32_MAX : c1 - c0);
            if (r->cpu[b - warm] > r->cpu[r->max_cpu_block - warm < r->n ? r->max_cpu_block - warm : 0] || b == warm) r->max_cpu_block = b;
            if (t1 > deadline + period) r->misses++;
            if (d > period) r->overruns++;
        }
        if (st == CLAP_PROCESS_ERROR || st > CLAP_PROCESS_SLEEP) {
            snprintf(r->why, sizeof r->why, "process returned %d at block %u", st, b);
            r->ok = false;
            break;
        }
        for (int c = 0; c < 2; c++)
            for (uint32_t i = 0; i < B; i++)
                if (!isfinite(ob[c][i])) {
                    snprintf(r->why, sizeof r->why, "non-finite output at block %u", b);
                    r->ok = false;
                    goto out;
                }
    }
out:
    p->stop_processing(p);
    for (int c = 0; c < 2; c++) {
        free(ib[c]);
        free(ob[c]);
    }
    return NULL;
}

/* features_on queues the "every feature on" values; returns how many params it changed. */
static int features_on(inst_t *in, char *desc, size_t desclen)
{
    int changed = 0;
    size_t used = 0;
    desc[0] = 0;
    for (uint32_t i = 0; i < in->np; i++) {
        const clap_param_info_t *p = &in->pi[i];
        if (p->flags & CLAP_PARAM_IS_READONLY) continue;
        double v = p->default_value;
        if (p->flags & CLAP_PARAM_IS_BYPASS) v = p->min_value;
        else if (p->flags & (CLAP_PARAM_IS_STEPPED | CLAP_PARAM_IS_ENUM)) v = p->max_value;
        else if (p->default_value == p->min_value) v = p->min_value + 0.5 * (p->max_value - p->min_value);
        if (v == p->default_value) continue;
        ev_param(in, 0, p->id, v, NULL, CLAP_CORE_EVENT_SPACE_ID);
        char text[128] = "";
        if (!in->params->value_to_text || !in->params->value_to_text(in->p, p->id, v, text, sizeof text))
            snprintf(text, sizeof text, "%g", v);
        int n = snprintf(desc + used, desclen - used, "%s%s=%s", changed ? ", " : "", p->name, text);
        if (n > 0 && used + (size_t)n < desclen) used += (size_t)n;
        changed++;
    }
    return changed;
}

typedef struct mainarg {
    opts_t *o;
    int rc;
} mainarg_t;

/* slow_cmp orders call indices by wall time, slowest first. */
static const uint32_t *g_wall;
static int slow_cmp(const void *a, const void *b)
{
    uint32_t x = g_wall[*(const uint32_t *)a], y = g_wall[*(const uint32_t *)b];
    return x > y ? -1 : x < y;
}

enum { RUN_DEFAULTS, RUN_FEATURES, RUN_AUTOMATION };

static bool do_run(const opts_t *o, lib_t *lib, const char *id, const char *name, int mode, float *src[2], uint32_t srclen)
{
    char why[1024];
    inst_t *in = inst_new(lib, id, why, sizeof why);
    if (!in) {
        fprintf(stderr, "clap-timing: %s\n", why);
        return false;
    }
    char desc[4096] = "";
    bool features = mode == RUN_FEATURES;
    if (features && in->params) {
        int n = features_on(in, desc, sizeof desc);
        inst_flush(in);
        if (!n) snprintf(desc, sizeof desc, "(no parameter to change)");
    }
    if (!in->p->activate(in->p, o->rate, 1, o->block)) {
        fprintf(stderr, "clap-timing: activate(%g, 1, %u) returned false\n", o->rate, o->block);
        return false;
    }
    in->active = true;
    run_t r = {.name = name, .in = in, .o = o, .src = {src[0], src[1]}, .srclen = srclen};
    r.n = (uint32_t)(o->seconds * o->rate / o->block);
    if (r.n < 1) r.n = 1;
    r.ns = calloc(r.n, sizeof *r.ns);
    r.cpu = calloc(r.n, sizeof *r.cpu);
    if (mode == RUN_AUTOMATION) {
        /* every block: AUTO_PER_BLOCK values for random automatable params at sorted offsets */
        r.automate = true;
        r.auto_ev = calloc(AUTO_BLOCKS * AUTO_PER_BLOCK, sizeof *r.auto_ev);
        uint32_t cand[4096], nc = 0;
        for (uint32_t i = 0; i < in->np && nc < 4096; i++)
            if (!(in->pi[i].flags & (CLAP_PARAM_IS_READONLY | CLAP_PARAM_IS_BYPASS)) && (in->pi[i].flags & CLAP_PARAM_IS_AUTOMATABLE))
                cand[nc++] = i;
        rng_t g;
        rng_seed(&g, 99);
        for (uint32_t b = 0; b < AUTO_BLOCKS; b++)
            for (uint32_t k = 0; k < AUTO_PER_BLOCK; k++) {
                clap_event_param_value_t *e = &r.auto_ev[b * AUTO_PER_BLOCK + k];
                const clap_param_info_t *p = nc ? &in->pi[cand[rng_below(&g, nc)]] : NULL;
                *e = (clap_event_param_value_t){
                    .header = {.size = sizeof *e, .time = k * o->block / AUTO_PER_BLOCK, .space_id = CLAP_CORE_EVENT_SPACE_ID,
                               .type = CLAP_EVENT_PARAM_VALUE},
                    .param_id = p ? p->id : CLAP_INVALID_ID, .note_id = -1, .port_index = -1, .channel = -1, .key = -1,
                    .value = p ? param_random(p, &g) : 0};
            }
        snprintf(desc, sizeof desc, "%d random values per block over %u automatable params", AUTO_PER_BLOCK, nc);
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
    pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
    struct sched_param sp = {.sched_priority = sched_get_priority_min(SCHED_FIFO) + 10};
    pthread_attr_setschedparam(&attr, &sp);
    pthread_t t;
    r.fifo = pthread_create(&t, &attr, audio_thread, &r) == 0;
    if (!r.fifo && pthread_create(&t, NULL, audio_thread, &r)) {
        fprintf(stderr, "clap-timing: cannot create the audio thread\n");
        return false;
    }
    pthread_join(t, NULL);
    in->p->deactivate(in->p);
    in->active = false;
    if (!r.ok) {
        fprintf(stderr, "clap-timing: run \"%s\": %s\n", name, r.why);
        return false;
    }
    if (atomic_load(&in->hc->violations)) {
        fprintf(stderr, "clap-timing: run \"%s\": %s\n", name, in->hc->violation);
        return false;
    }
    double sum = 0;
    for (uint32_t i = 0; i < r.n; i++) sum += r.ns[i];
    /* the slowest calls: wall vs CPU time tells computing from waiting (preempted, blocked) */
    uint32_t *idx = calloc(r.n, sizeof *idx);
    for (uint32_t i = 0; i < r.n; i++) idx[i] = i;
    g_wall = r.ns;
    qsort(idx, r.n, sizeof *idx, slow_cmp);
    char slow[512];
    size_t used = 0;
    slow[0] = 0;
    for (uint32_t i = 0; i < 5 && i < r.n; i++) {
        int w = snprintf(slow + used, sizeof slow - used, "%s%.0f/%.0f", i ? ", " : "", r.ns[idx[i]] / 1e3, r.cpu[idx[i]] / 1e3);
        if (w > 0 && used + (size_t)w < sizeof slow) used += (size_t)w;
    }
    qsort(r.cpu, r.n, sizeof *r.cpu, cmp_u32);
    double cpu_med = r.cpu[r.n / 2] / 1e3, cpu_max = r.cpu[r.n - 1] / 1e3;
    qsort(r.ns, r.n, sizeof *r.ns, cmp_u32);
    uint32_t i99 = (uint32_t)ceil(0.99 * r.n) - 1, i9999 = (uint32_t)ceil(0.9999 * r.n) - 1;
    double audio_ns = (double)r.n * o->block / o->rate * 1e9;
    printf("run %-9s %u calls (%.0f s paced, %s): median %.2f us, p99 %.2f us, p99.99 %.2f us, max %.2f us, "
           "CPU %.3f %% of real time, deadline misses %u (calls longer than a block: %u), first call %.1f us\n",
           name, r.n, o->seconds, r.fifo ? "SCHED_FIFO" : "SCHED_OTHER", r.ns[r.n / 2] / 1e3, r.ns[i99] / 1e3,
           r.ns[i9999] / 1e3, r.ns[r.n - 1] / 1e3, 100.0 * sum / audio_ns, r.misses, r.overruns, r.first_ns / 1e3);
    printf("    slowest calls wall/CPU us: %s; CPU time per call: median %.2f us, max %.2f us\n", slow, cpu_med, cpu_max);
    if (features) printf("    features on: %s\n", desc);
    if (mode == RUN_AUTOMATION) {
        printf("    automation: %s\n", desc);
        /* the events of the block that cost the most CPU: a clue for the plugin's authors */
        const clap_event_param_value_t *e = &r.auto_ev[(r.max_cpu_block % AUTO_BLOCKS) * AUTO_PER_BLOCK];
        printf("    costliest block (#%u, %.0f us CPU) had:", r.max_cpu_block, cpu_max);
        for (int k = 0; k < AUTO_PER_BLOCK; k++) {
            int i = param_index(in, e[k].param_id);
            char text[128] = "?";
            if (i >= 0 && in->params->value_to_text) in->params->value_to_text(in->p, e[k].param_id, e[k].value, text, sizeof text);
            printf("%s %s=%s@%u", k ? "," : "", i >= 0 ? in->pi[i].name : "?", text, e[k].header.time);
        }
        printf("\n");
    }
    inst_free(in);
    free(r.ns);
    free(r.cpu);
    free(r.auto_ev);
    free(idx);
    return true;
}

static void *host_main(void *arg)
{
    mainarg_t *m = arg;
    opts_t *o = m->o;
    host_set_main_thread();
    lib_t lib;
    char why[1024];
    m->rc = 1;
    if (!lib_open(&lib, o->path, why, sizeof why)) {
        fprintf(stderr, "clap-timing: %s\n", why);
        return NULL;
    }
    const char *id = o->id;
    if (!id) {
        if (lib.factory->get_plugin_count(lib.factory) < 1) {
            fprintf(stderr, "clap-timing: no plugin in the factory\n");
            return NULL;
        }
        id = lib.factory->get_plugin_descriptor(lib.factory, 0)->id;
    }
    printf("plugin %s: %.0f Hz, %u-frame blocks, stereo, out-of-place\n", id, o->rate, o->block);
    /* a music-like input, 4 s long, looped */
    uint32_t len = (uint32_t)(o->rate * 4);
    float *src[2] = {malloc(len * 4), malloc(len * 4)};
    rng_t r;
    rng_seed(&r, 7);
    static const double notes[] = {220, 277.18, 329.63, 440, 369.99, 293.66, 246.94, 196};
    for (uint32_t i = 0; i < len; i++) {
        double t = i / o->rate;
        int n = (int)(t * 4) % 8;
        double env = exp(-6 * fmod(t, 0.25));
        double x = 0.35 * env * sin(2 * M_PI * notes[n] * t) + 0.15 * sin(2 * M_PI * 55 * t) + 0.01 * rng_range(&r, -1, 1);
        src[0][i] = (float)x;
        src[1][i] = (float)(0.9 * x + 0.1 * sin(2 * M_PI * notes[(n + 2) % 8] * t) * env);
    }
    bool ok = do_run(o, &lib, id, "defaults", RUN_DEFAULTS, src, len) && do_run(o, &lib, id, "features", RUN_FEATURES, src, len) &&
              do_run(o, &lib, id, "automated", RUN_AUTOMATION, src, len);
    lib_close(&lib);
    m->rc = ok ? 0 : 1;
    return NULL;
}

static int scan_once(const char *path, double *ms)
{
    int pfd[2];
    if (pipe(pfd)) return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(pfd[0]);
        lib_t lib;
        char why[1024];
        double v = -1;
        host_set_main_thread();
        if (lib_open(&lib, path, why, sizeof why)) v = lib.scan_ms;
        else fprintf(stderr, "clap-timing: %s\n", why);
        ssize_t w = write(pfd[1], &v, sizeof v);
        (void)w;
        _exit(v >= 0 ? 0 : 1);
    }
    close(pfd[1]);
    double v = -1;
    ssize_t n = read(pfd[0], &v, sizeof v);
    close(pfd[0]);
    int st;
    waitpid(pid, &st, 0);
    if (n != sizeof v || v < 0) return -1;
    *ms = v;
    return 0;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    opts_t o = {.seconds = 60, .rate = 48000, .block = 64, .scans = 21};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seconds") && i + 1 < argc) o.seconds = atof(argv[++i]);
        else if (!strcmp(argv[i], "--rate") && i + 1 < argc) o.rate = atof(argv[++i]);
        else if (!strcmp(argv[i], "--block") && i + 1 < argc) o.block = (uint32_t)atoi(argv[++i]);
        else if (!strcmp(argv[i], "--scans") && i + 1 < argc) o.scans = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--id") && i + 1 < argc) o.id = argv[++i];
        else if (argv[i][0] != '-' && !o.path) o.path = argv[i];
        else {
            fprintf(stderr, "usage: clap-timing PATH.clap [--seconds 60] [--rate 48000] [--block 64] [--scans 21] [--id ID]\n");
            return 2;
        }
    }
    if (!o.path || o.seconds <= 0 || o.rate < 1000 || o.block < 1 || o.block > 16384 || o.scans < 1 || o.scans > 1000) {
        fprintf(stderr, "usage: clap-timing PATH.clap [--seconds 60] [--rate 48000] [--block 64] [--scans 21] [--id ID]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    double *scans = calloc((size_t)o.scans, sizeof *scans);
    for (int k = 0; k < o.scans; k++) {
        if (scan_once(o.path, &scans[k])) {
            fprintf(stderr, "clap-timing: loading %s failed\n", o.path);
            return 1;
        }
    }
    double first = scans[0];
    qsort(scans, (size_t)o.scans, sizeof *scans, cmp_d);
    printf("scan (dlopen + init + factory + descriptors, fresh process each): median %.2f ms, min %.2f ms, max %.2f ms, "
           "first %.2f ms (%d processes)\n",
           scans[o.scans / 2], scans[0], scans[o.scans - 1], first, o.scans);
    /* the DAW's main thread is not the process's first thread */
    mainarg_t m = {.o = &o, .rc = 1};
    pthread_t t;
    pthread_create(&t, NULL, host_main, &m);
    pthread_join(t, NULL);
    return m.rc;
}
