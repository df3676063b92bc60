/*
 * host.c: the strict CLAP host behind the conformance suite and the timing host (see host.h).
 */
#define _GNU_SOURCE
#include "host.h"

#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

inst_t *g_insts[256];
int g_ninsts;
hostctx_t *g_hosts[256];
int g_nhosts;

/* ---------------------------------------------------------------- utilities */

void rng_seed(rng_t *r, uint64_t seed) { r->s = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull; if (!r->s) r->s = 1; }

uint64_t rng_u64(rng_t *r)
{
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545F4914F6CDD1Dull;
}

uint32_t rng_below(rng_t *r, uint32_t n) { return n ? (uint32_t)((rng_u64(r) >> 32) % n) : 0; }
double rng_unit(rng_t *r) { return (double)(rng_u64(r) >> 11) * (1.0 / 9007199254740992.0); }
double rng_range(rng_t *r, double lo, double hi) { return lo + (hi - lo) * rng_unit(r); }

double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

double thread_cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

/* ---------------------------------------------------------------- guarded memory */

#define MAX_GUARDS 4096

typedef struct guard_slot {
    uint8_t *map;
    size_t maplen;
    const char *name;
} guard_slot_t;

static guard_slot_t g_guards[MAX_GUARDS];
static pthread_mutex_t g_guard_mu = PTHREAD_MUTEX_INITIALIZER;
static size_t g_page;

static size_t page_size(void)
{
    if (!g_page) g_page = (size_t)sysconf(_SC_PAGESIZE);
    return g_page;
}

void *galloc(gbuf_t *g, size_t len, const char *name)
{
    size_t pg = page_size();
    size_t pages = (len + pg - 1) / pg;
    if (pages == 0) pages = 1;
    g->maplen = (pages + 2) * pg;
    g->map = mmap(NULL, g->maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (g->map == MAP_FAILED) {
        perror("mmap");
        abort();
    }
    if (mprotect(g->map, pg, PROT_NONE) || mprotect(g->map + g->maplen - pg, pg, PROT_NONE)) {
        perror("mprotect");
        abort();
    }
    g->lo = g->map + pg;
    g->hi = g->map + g->maplen - pg;
    g->name = name;
    memset(g->lo, CANARY_BYTE, (size_t)(g->hi - g->lo));
    g->slot = -1;
    pthread_mutex_lock(&g_guard_mu);
    for (int i = 0; i < MAX_GUARDS; i++) {
        if (!g_guards[i].map) {
            g_guards[i].map = g->map;
            g_guards[i].maplen = g->maplen;
            g_guards[i].name = name;
            g->slot = i;
            break;
        }
    }
    pthread_mutex_unlock(&g_guard_mu);
    return g->hi - len;
}

void gcanary(gbuf_t *g, const void *from, const void *to)
{
    const uint8_t *f = from, *t = to;
    if (f > g->lo) memset(g->lo, CANARY_BYTE, (size_t)(f - g->lo));
    if (t < g->hi) memset((void *)t, CANARY_BYTE, (size_t)(g->hi - t));
}

static long first_bad(const uint8_t *a, const uint8_t *b)
{
    for (const uint8_t *p = a; p < b; p++)
        if (*p != CANARY_BYTE) return (long)(p - a);
    return -1;
}

bool gcheck(const gbuf_t *g, const void *from, const void *to, char *why, size_t whylen)
{
    const uint8_t *f = from, *t = to;
    long off;
    if (f > g->lo && (off = first_bad(g->lo, f)) >= 0) {
        snprintf(why, whylen, "write before the start of %s (%ld bytes before it)", g->name,
                 (long)(f - g->lo) - off);
        return false;
    }
    if (t < g->hi && (off = first_bad(t, g->hi)) >= 0) {
        snprintf(why, whylen, "write past the end of %s (%ld bytes after it)", g->name, off);
        return false;
    }
    return true;
}

void gfree(gbuf_t *g)
{
    if (!g->map) return;
    pthread_mutex_lock(&g_guard_mu);
    if (g->slot >= 0) g_guards[g->slot].map = NULL;
    pthread_mutex_unlock(&g_guard_mu);
    munmap(g->map, g->maplen);
    memset(g, 0, sizeof *g);
}

static void (*g_fault_report)(const char *msg);

static void fault_handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    char msg[512];
    uint8_t *a = si->si_addr;
    size_t pg = page_size();
    const char *what = NULL;
    const char *name = "?";
    for (int i = 0; i < MAX_GUARDS; i++) {
        guard_slot_t *s = &g_guards[i];
        if (!s->map) continue;
        if (a >= s->map && a < s->map + pg) { what = "before the start of"; name = s->name; break; }
        if (a >= s->map + s->maplen - pg && a < s->map + s->maplen) { what = "past the end of"; name = s->name; break; }
    }
    if (what)
        snprintf(msg, sizeof msg, "%s: access %s %s (guard page hit at %p)", sig == SIGSEGV ? "SIGSEGV" : "SIGBUS",
                 what, name, (void *)a);
    else
        snprintf(msg, sizeof msg, "%s at address %p (not a guard page: a crash in the plugin)",
                 sig == SIGSEGV ? "SIGSEGV" : "SIGBUS", (void *)a);
    if (g_fault_report) g_fault_report(msg);
    _exit(3);
}

void fault_install(void (*report)(const char *msg))
{
    g_fault_report = report;
    static uint8_t altstack[65536];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fault_handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

/* ---------------------------------------------------------------- threads */

#define MAX_AUDIO_THREADS 256
static pthread_t g_main;
static bool g_main_set;
static pthread_t g_audio[MAX_AUDIO_THREADS];
static atomic_int g_naudio;

void host_set_main_thread(void)
{
    g_main = pthread_self();
    g_main_set = true;
}

bool host_on_main_thread(void) { return g_main_set && pthread_equal(pthread_self(), g_main); }

void host_register_audio_thread(void)
{
    int i = atomic_fetch_add(&g_naudio, 1);
    if (i < MAX_AUDIO_THREADS) g_audio[i] = pthread_self();
}

bool host_on_audio_thread(void)
{
    int n = atomic_load(&g_naudio);
    pthread_t self = pthread_self();
    for (int i = 0; i < n; i++)
        if (pthread_equal(self, g_audio[i])) return true;
    return false;
}

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    for (;;) {
        while (sem_wait(&w->go) && errno == EINTR) {
        }
        if (w->quit) break;
        w->fn(w->arg);
        sem_post(&w->done);
    }
    sem_post(&w->done);
    return NULL;
}

void worker_start(worker_t *w)
{
    sem_init(&w->go, 0, 0);
    sem_init(&w->done, 0, 0);
    w->quit = false;
    if (pthread_create(&w->thread, NULL, worker_main, w)) {
        perror("pthread_create");
        abort();
    }
    int i = atomic_fetch_add(&g_naudio, 1);
    if (i < MAX_AUDIO_THREADS) g_audio[i] = w->thread;
    w->started = true;
}

void worker_post(worker_t *w, void (*fn)(void *), void *arg)
{
    w->fn = fn;
    w->arg = arg;
    sem_post(&w->go);
}

void worker_wait(worker_t *w)
{
    while (sem_wait(&w->done) && errno == EINTR) {
    }
}

void worker_run(worker_t *w, void (*fn)(void *), void *arg)
{
    if (w->started && pthread_equal(pthread_self(), w->thread)) {
        fn(arg); /* already on this worker's thread */
        return;
    }
    worker_post(w, fn, arg);
    worker_wait(w);
}

void worker_stop(worker_t *w)
{
    if (!w->started) return;
    w->quit = true;
    sem_post(&w->go);
    while (sem_wait(&w->done) && errno == EINTR) {
    }
    pthread_join(w->thread, NULL);
    w->started = false;
}

/* ---------------------------------------------------------------- library */

bool lib_open(lib_t *lib, const char *path, char *why, size_t whylen)
{
    memset(lib, 0, sizeof *lib);
    snprintf(lib->path, sizeof lib->path, "%s", path);
    double t0 = now_ms();
    lib->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    lib->load_ms = now_ms() - t0;
    if (!lib->dl) {
        snprintf(why, whylen, "dlopen(RTLD_NOW|RTLD_LOCAL) failed: %s", dlerror());
        return false;
    }
    lib->entry = dlsym(lib->dl, CLAP_ENTRY_SYMBOL);
    if (!lib->entry) {
        snprintf(why, whylen, "no %s symbol", CLAP_ENTRY_SYMBOL);
        return false;
    }
    if (!clap_version_is_compatible(lib->entry->clap_version)) {
        snprintf(why, whylen, "clap_entry.clap_version %u.%u.%u is not compatible", lib->entry->clap_version.major,
                 lib->entry->clap_version.minor, lib->entry->clap_version.revision);
        return false;
    }
    if (!lib->entry->init || !lib->entry->deinit || !lib->entry->get_factory) {
        snprintf(why, whylen, "clap_entry has a NULL function");
        return false;
    }
    if (!lib->entry->init(path)) {
        snprintf(why, whylen, "clap_entry.init returned false");
        return false;
    }
    lib->factory = lib->entry->get_factory(CLAP_PLUGIN_FACTORY_ID);
    if (!lib->factory) {
        snprintf(why, whylen, "no plugin factory");
        return false;
    }
    uint32_t n = lib->factory->get_plugin_count(lib->factory);
    for (uint32_t i = 0; i < n; i++) {
        const clap_plugin_descriptor_t *d = lib->factory->get_plugin_descriptor(lib->factory, i);
        if (!d || !d->id) {
            snprintf(why, whylen, "descriptor %u is NULL or has no id", i);
            return false;
        }
    }
    lib->scan_ms = now_ms() - t0;
    return true;
}

void lib_close(lib_t *lib)
{
    if (lib->entry && lib->factory) lib->entry->deinit();
    if (lib->dl) dlclose(lib->dl);
    lib->dl = NULL;
    lib->entry = NULL;
    lib->factory = NULL;
}

/* ---------------------------------------------------------------- host extensions */

static hostctx_t *HC(const clap_host_t *h) { return h ? (hostctx_t *)h->host_data : NULL; }

void hostctx_violation(hostctx_t *h, const char *fmt, ...)
{
    if (atomic_fetch_add(&h->violations, 1) == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(h->violation, sizeof h->violation, fmt, ap);
        va_end(ap);
    }
}

static void need_main(const clap_host_t *host, const char *fn)
{
    hostctx_t *h = HC(host);
    if (!h) return;
    if (h->in_create) hostctx_violation(h, "plugin called host %s from create_plugin", fn);
    if (!host_on_main_thread())
        hostctx_violation(h, "plugin called [main-thread] host %s from %s", fn,
                          host_on_audio_thread() ? "the audio thread" : "a non-main thread");
}

static void need_any(const clap_host_t *host, const char *fn)
{
    hostctx_t *h = HC(host);
    if (h && h->in_create) hostctx_violation(h, "plugin called host %s from create_plugin", fn);
}

static bool tc_is_main(const clap_host_t *h) { need_any(h, "thread_check.is_main_thread"); return host_on_main_thread(); }
static bool tc_is_audio(const clap_host_t *h) { need_any(h, "thread_check.is_audio_thread"); return host_on_audio_thread(); }
static const clap_host_thread_check_t k_thread_check = {tc_is_main, tc_is_audio};

static void log_log(const clap_host_t *host, clap_log_severity sev, const char *msg)
{
    hostctx_t *h = HC(host);
    need_any(host, "log.log");
    if (!h) return;
    atomic_fetch_add(&h->logs, 1);
    if (sev == CLAP_LOG_FATAL || sev == CLAP_LOG_HOST_MISBEHAVING) {
        if (atomic_fetch_add(&h->fatal_logs, 1) == 0)
            snprintf(h->fatal, sizeof h->fatal, "plugin logged %s: %s",
                     sev == CLAP_LOG_FATAL ? "FATAL" : "HOST_MISBEHAVING", msg ? msg : "(NULL)");
    }
    if (sev >= CLAP_LOG_WARNING) fprintf(stderr, "  [plugin log %d] %s\n", sev, msg ? msg : "(NULL)");
}
static const clap_host_log_t k_log = {log_log};

static void params_rescan(const clap_host_t *host, clap_param_rescan_flags flags)
{
    hostctx_t *h = HC(host);
    need_main(host, "params.rescan");
    if (!h) return;
    atomic_fetch_add(&h->rescans, 1);
    atomic_fetch_or(&h->rescan_flags, (int)flags);
    if ((flags & CLAP_PARAM_RESCAN_ALL) && h->inst && h->inst->active)
        hostctx_violation(h, "plugin called params.rescan(CLAP_PARAM_RESCAN_ALL) while active");
}
static void params_clear(const clap_host_t *host, clap_id id, clap_param_clear_flags flags)
{
    (void)id;
    (void)flags;
    need_main(host, "params.clear");
    if (HC(host)) atomic_fetch_add(&HC(host)->clears, 1);
}
static void params_request_flush(const clap_host_t *host)
{
    hostctx_t *h = HC(host);
    need_any(host, "params.request_flush");
    if (!h) return;
    if (host_on_audio_thread()) hostctx_violation(h, "plugin called params.request_flush on the audio thread");
    atomic_fetch_add(&h->flush_requests, 1);
    atomic_store(&h->pending_flush, 1);
}
static const clap_host_params_t k_params = {params_rescan, params_clear, params_request_flush};

static void state_mark_dirty(const clap_host_t *host)
{
    need_main(host, "state.mark_dirty");
    if (HC(host)) atomic_fetch_add(&HC(host)->dirty_marks, 1);
}
static const clap_host_state_t k_state = {state_mark_dirty};

static void latency_changed(const clap_host_t *host)
{
    need_main(host, "latency.changed");
    if (HC(host)) atomic_fetch_add(&HC(host)->latency_changes, 1);
}
static const clap_host_latency_t k_latency = {latency_changed};

static void tail_changed(const clap_host_t *host)
{
    hostctx_t *h = HC(host);
    need_any(host, "tail.changed");
    if (!h) return;
    if (!host_on_audio_thread()) hostctx_violation(h, "plugin called [audio-thread] host tail.changed off the audio thread");
    atomic_fetch_add(&h->tail_changes, 1);
}
static const clap_host_tail_t k_tail = {tail_changed};

static bool timer_register(const clap_host_t *host, uint32_t period_ms, clap_id *id)
{
    hostctx_t *h = HC(host);
    need_main(host, "timer_support.register_timer");
    if (!h || !id || h->timers >= MAX_TIMERS) return false;
    static clap_id next = 1;
    h->timer_id[h->timers] = next++;
    h->timer_period[h->timers] = period_ms < 10 ? 10 : period_ms;
    h->timer_next[h->timers] = now_ms() + h->timer_period[h->timers];
    *id = h->timer_id[h->timers++];
    return true;
}
static bool timer_unregister(const clap_host_t *host, clap_id id)
{
    hostctx_t *h = HC(host);
    need_main(host, "timer_support.unregister_timer");
    if (!h) return false;
    for (int i = 0; i < h->timers; i++) {
        if (h->timer_id[i] == id) {
            h->timer_id[i] = h->timer_id[h->timers - 1];
            h->timer_period[i] = h->timer_period[h->timers - 1];
            h->timer_next[i] = h->timer_next[h->timers - 1];
            h->timers--;
            return true;
        }
    }
    return false;
}
static const clap_host_timer_support_t k_timer = {timer_register, timer_unregister};

static bool ports_flag_supported(const clap_host_t *host, uint32_t flag)
{
    (void)flag;
    need_main(host, "audio_ports.is_rescan_flag_supported");
    return false;
}
static void ports_rescan(const clap_host_t *host, uint32_t flags)
{
    (void)flags;
    need_main(host, "audio_ports.rescan");
    hostctx_t *h = HC(host);
    if (h && h->inst && h->inst->active) hostctx_violation(h, "plugin called audio_ports.rescan while active");
}
static const clap_host_audio_ports_t k_ports = {ports_flag_supported, ports_rescan};

/* clap.gui, host side: every call is [thread-safe]; the host only counts them (the suite's
 * windows are never resized or re-shown on request). */
static void gui_hints_changed(const clap_host_t *host)
{
    need_any(host, "gui.resize_hints_changed");
    if (HC(host)) atomic_fetch_add(&HC(host)->gui_requests, 1);
}
static bool gui_request_resize(const clap_host_t *host, uint32_t w, uint32_t h)
{
    (void)w;
    (void)h;
    need_any(host, "gui.request_resize");
    if (HC(host)) atomic_fetch_add(&HC(host)->gui_requests, 1);
    return false;
}
static bool gui_request_show(const clap_host_t *host)
{
    need_any(host, "gui.request_show");
    if (HC(host)) atomic_fetch_add(&HC(host)->gui_requests, 1);
    return false;
}
static bool gui_request_hide(const clap_host_t *host)
{
    need_any(host, "gui.request_hide");
    if (HC(host)) atomic_fetch_add(&HC(host)->gui_requests, 1);
    return false;
}
static void gui_closed(const clap_host_t *host, bool was_destroyed)
{
    need_any(host, "gui.closed");
    if (!HC(host)) return;
    atomic_fetch_add(&HC(host)->gui_closed, 1);
    if (was_destroyed) atomic_fetch_add(&HC(host)->gui_closed_destroyed, 1);
}
static const clap_host_gui_t k_gui = {gui_hints_changed, gui_request_resize, gui_request_show, gui_request_hide, gui_closed};

static const void *host_get_extension(const clap_host_t *host, const char *id)
{
    need_any(host, "get_extension");
    if (!id) return NULL;
    if (!strcmp(id, CLAP_EXT_THREAD_CHECK)) return &k_thread_check;
    if (!strcmp(id, CLAP_EXT_LOG)) return &k_log;
    if (!strcmp(id, CLAP_EXT_PARAMS)) return &k_params;
    if (!strcmp(id, CLAP_EXT_STATE)) return &k_state;
    if (!strcmp(id, CLAP_EXT_LATENCY)) return &k_latency;
    if (!strcmp(id, CLAP_EXT_TAIL)) return &k_tail;
    if (!strcmp(id, CLAP_EXT_TIMER_SUPPORT)) return &k_timer;
    if (!strcmp(id, CLAP_EXT_AUDIO_PORTS)) return &k_ports;
    if (!strcmp(id, CLAP_EXT_GUI)) return &k_gui;
    return NULL;
}

static void host_request_restart(const clap_host_t *host)
{
    need_any(host, "request_restart");
    if (HC(host)) atomic_fetch_add(&HC(host)->restart_requests, 1);
}
static void host_request_process(const clap_host_t *host)
{
    need_any(host, "request_process");
    if (HC(host)) atomic_fetch_add(&HC(host)->process_requests, 1);
}
static void host_request_callback(const clap_host_t *host)
{
    need_any(host, "request_callback");
    if (!HC(host)) return;
    atomic_fetch_add(&HC(host)->callback_requests, 1);
    atomic_store(&HC(host)->pending_callback, 1);
}

/* ---------------------------------------------------------------- instances */

static uint32_t inev_size(const clap_input_events_t *l)
{
    inst_t *in = l->ctx;
    return in->evn;
}

static const clap_event_header_t *inev_get(const clap_input_events_t *l, uint32_t i)
{
    inst_t *in = l->ctx;
    if (i >= in->evn) {
        hostctx_violation(in->hc, "plugin asked for input event %u of %u", i, in->evn);
        return NULL;
    }
    return (const clap_event_header_t *)(in->ev + in->evoff[i]);
}

static bool outev_push(const clap_output_events_t *l, const clap_event_header_t *e)
{
    inst_t *in = l->ctx;
    uint32_t limit = in->outlimit ? in->outlimit : OUTEV_MAX;
    if (in->outn >= limit) return false;
    const char *bad = NULL;
    if (!e) bad = "NULL event";
    else if (e->size < sizeof(clap_event_header_t) || e->size > 65536) bad = "event size out of range";
    else if (in->processing && in->frames && e->time >= in->frames) bad = "event time >= frames_count";
    else if (in->outn && e->time < in->outtime[in->outn - 1]) bad = "output events not in time order";
    else if (e->space_id == CLAP_CORE_EVENT_SPACE_ID) {
        switch (e->type) {
        case CLAP_EVENT_PARAM_VALUE: {
            const clap_event_param_value_t *v = (const void *)e;
            if (e->size < sizeof *v) bad = "PARAM_VALUE event too small";
            else if (param_index(in, v->param_id) < 0) bad = "PARAM_VALUE for an unknown param id";
            else if (!isfinite(v->value)) bad = "PARAM_VALUE not finite";
            else {
                in->outparam[in->outn] = v->param_id;
                in->outvalue[in->outn] = v->value;
            }
            break;
        }
        case CLAP_EVENT_PARAM_GESTURE_BEGIN:
        case CLAP_EVENT_PARAM_GESTURE_END: {
            const clap_event_param_gesture_t *g = (const void *)e;
            if (e->size < sizeof *g) bad = "gesture event too small";
            else if (param_index(in, g->param_id) < 0) bad = "gesture for an unknown param id";
            else in->outparam[in->outn] = g->param_id;
            break;
        }
        default:
            break;
        }
    }
    if (bad) {
        if (in->outbad++ == 0) snprintf(in->outwhy, sizeof in->outwhy, "bad output event: %s", bad);
        return false;
    }
    in->outtype[in->outn] = e->type;
    in->outtime[in->outn] = e->time;
    in->outn++;
    return true;
}

int param_index(inst_t *in, clap_id id)
{
    for (uint32_t i = 0; i < in->np; i++)
        if (in->pi[i].id == id) return (int)i;
    return -1;
}

inst_t *inst_new(lib_t *lib, const char *plugin_id, char *why, size_t whylen)
{
    inst_t *in = calloc(1, sizeof *in);
    hostctx_t *hc = calloc(1, sizeof *hc);
    in->lib = lib;
    in->hc = hc;
    hc->inst = in;
    hc->host = (clap_host_t){
        .clap_version = CLAP_VERSION_INIT,
        .host_data = hc,
        .name = "rill-validator",
        .vendor = "Rill",
        .url = "https://example.invalid/rill",
        .version = "1.0.0",
        .get_extension = host_get_extension,
        .request_restart = host_request_restart,
        .request_process = host_request_process,
        .request_callback = host_request_callback,
    };
    if (g_nhosts < 256) g_hosts[g_nhosts++] = hc;
    hc->in_create = true;
    in->p = lib->factory->create_plugin(lib->factory, &hc->host, plugin_id);
    hc->in_create = false;
    if (!in->p) {
        snprintf(why, whylen, "create_plugin(%s) returned NULL", plugin_id);
        return NULL;
    }
    if (!in->p->desc || !in->p->init || !in->p->destroy || !in->p->activate || !in->p->deactivate ||
        !in->p->start_processing || !in->p->stop_processing || !in->p->reset || !in->p->process ||
        !in->p->get_extension || !in->p->on_main_thread) {
        snprintf(why, whylen, "clap_plugin has a NULL desc or function pointer");
        return NULL;
    }
    if (!in->p->init(in->p)) {
        snprintf(why, whylen, "plugin init returned false");
        return NULL;
    }
    const clap_plugin_t *p = in->p;
    in->params = p->get_extension(p, CLAP_EXT_PARAMS);
    in->state = p->get_extension(p, CLAP_EXT_STATE);
    in->ports = p->get_extension(p, CLAP_EXT_AUDIO_PORTS);
    in->latency = p->get_extension(p, CLAP_EXT_LATENCY);
    in->tail = p->get_extension(p, CLAP_EXT_TAIL);
    in->render = p->get_extension(p, CLAP_EXT_RENDER);
    in->timer = p->get_extension(p, CLAP_EXT_TIMER_SUPPORT);

    if (in->params) {
        in->np = in->params->count(p);
        if (in->np > 100000) {
            snprintf(why, whylen, "params.count = %u", in->np);
            return NULL;
        }
        in->pi = calloc(in->np ? in->np : 1, sizeof *in->pi);
        for (uint32_t i = 0; i < in->np; i++) {
            if (!in->params->get_info(p, i, &in->pi[i])) {
                snprintf(why, whylen, "params.get_info(%u) returned false", i);
                return NULL;
            }
        }
    }
    if (in->ports) {
        in->nin = in->ports->count(p, true);
        in->nout = in->ports->count(p, false);
        if (in->nin > MAX_PORTS || in->nout > MAX_PORTS) {
            snprintf(why, whylen, "too many audio ports for this host (%u in, %u out)", in->nin, in->nout);
            return NULL;
        }
        for (int dir = 0; dir < 2; dir++) {
            uint32_t n = dir ? in->nout : in->nin;
            for (uint32_t i = 0; i < n; i++) {
                clap_audio_port_info_t info;
                memset(&info, 0, sizeof info);
                if (!in->ports->get(p, i, dir == 0, &info)) {
                    snprintf(why, whylen, "audio_ports.get(%u, %s) returned false", i, dir ? "output" : "input");
                    return NULL;
                }
                if (info.channel_count == 0 || info.channel_count > MAX_CH) {
                    snprintf(why, whylen, "audio port %u has %u channels", i, info.channel_count);
                    return NULL;
                }
                if (dir) {
                    in->outch[i] = info.channel_count;
                    in->outid[i] = info.id;
                    in->outpair[i] = info.in_place_pair;
                } else {
                    in->inch[i] = info.channel_count;
                    in->inid[i] = info.id;
                }
            }
        }
    }
    in->ev = galloc(&in->evg, EV_BYTES, "the input event list");
    in->evcopy = malloc(EV_BYTES);
    in->inev = (clap_input_events_t){.ctx = in, .size = inev_size, .get = inev_get};
    in->outev = (clap_output_events_t){.ctx = in, .try_push = outev_push};
    in->tr = galloc(&in->trg, sizeof(clap_event_transport_t), "the transport struct");
    worker_start(&in->audio);
    if (g_ninsts < 256) g_insts[g_ninsts++] = in;
    return in;
}

static void free_buffers(inst_t *in)
{
    for (int p = 0; p < MAX_PORTS; p++)
        for (int c = 0; c < MAX_CH; c++) {
            gfree(&in->ing[p][c]);
            gfree(&in->outg[p][c]);
            free(in->incopy[p][c]);
            in->incopy[p][c] = NULL;
        }
    gfree(&in->ptrg);
    gfree(&in->bufg);
    in->maxf = 0;
}

typedef struct job {
    inst_t *in;
    bool ok;
    const clap_process_t *proc;
} job_t;

static void job_start(void *a)
{
    job_t *j = a;
    j->ok = j->in->p->start_processing(j->in->p);
}
static void job_stop(void *a)
{
    job_t *j = a;
    j->in->p->stop_processing(j->in->p);
}
static void job_reset(void *a)
{
    job_t *j = a;
    j->in->p->reset(j->in->p);
}
static void job_flush(void *a)
{
    job_t *j = a;
    j->in->params->flush(j->in->p, &j->in->inev, &j->in->outev);
}

void inst_free(inst_t *in)
{
    if (!in) return;
    if (in->processing) inst_stop(in);
    if (in->active) inst_deactivate(in);
    in->p->destroy(in->p);
    worker_stop(&in->audio);
    free_buffers(in);
    gfree(&in->evg);
    gfree(&in->trg);
    free(in->evcopy);
    free(in->pi);
    for (int i = 0; i < g_ninsts; i++)
        if (g_insts[i] == in) g_insts[i] = g_insts[--g_ninsts];
    /* the host context stays: the runner reads its counters at the end of the check */
    free(in);
}

bool inst_activate(inst_t *in, double rate, uint32_t minf, uint32_t maxf)
{
    if (in->maxf != maxf) {
        free_buffers(in);
        in->maxf = maxf;
        uint32_t nptr = 0;
        for (uint32_t p = 0; p < in->nin; p++) {
            for (uint32_t c = 0; c < in->inch[p]; c++) {
                galloc(&in->ing[p][c], (size_t)maxf * 4, "an input audio buffer");
                in->incopy[p][c] = malloc((size_t)maxf * 4);
            }
            nptr += in->inch[p];
        }
        for (uint32_t p = 0; p < in->nout; p++) {
            for (uint32_t c = 0; c < in->outch[p]; c++) galloc(&in->outg[p][c], (size_t)maxf * 4, "an output audio buffer");
            nptr += in->outch[p];
        }
        in->inptr = galloc(&in->ptrg, (nptr ? nptr : 1) * sizeof(float *), "the data32 pointer arrays");
        in->outptr = in->inptr;
        for (uint32_t p = 0; p < in->nin; p++) in->outptr += in->inch[p];
        uint32_t nb = in->nin + in->nout;
        in->ain = galloc(&in->bufg, (nb ? nb : 1) * sizeof(clap_audio_buffer_t), "the clap_audio_buffer_t arrays");
        in->aout = in->ain + in->nin;
    }
    in->rate = rate;
    bool ok = in->p->activate(in->p, rate, minf, maxf);
    in->active = ok;
    in->steady = 0;
    host_pump(in);
    return ok;
}

void inst_deactivate(inst_t *in)
{
    if (in->processing) inst_stop(in);
    in->p->deactivate(in->p);
    in->active = false;
    host_pump(in);
}

bool inst_start(inst_t *in)
{
    job_t j = {.in = in};
    worker_run(&in->audio, job_start, &j);
    in->processing = j.ok;
    return j.ok;
}

void inst_stop(inst_t *in)
{
    job_t j = {.in = in};
    worker_run(&in->audio, job_stop, &j);
    in->processing = false;
    host_pump(in);
}

void inst_reset(inst_t *in)
{
    job_t j = {.in = in};
    worker_run(&in->audio, job_reset, &j);
}

void blk_begin(inst_t *in, uint32_t frames, bool inplace)
{
    if (frames > in->maxf) frames = in->maxf;
    in->frames = frames;
    in->inplace = inplace;
    size_t bytes = (size_t)frames * 4;
    float **ip = in->inptr;
    for (uint32_t p = 0; p < in->nin; p++) {
        in->in_const[p] = 0;
        for (uint32_t c = 0; c < in->inch[p]; c++) {
            gbuf_t *g = &in->ing[p][c];
            float *d = (float *)(g->hi - bytes);
            gcanary(g, d, g->hi);
            memset(d, 0, bytes);
            in->in[p][c] = d;
            *ip++ = d;
        }
    }
    float **op = in->outptr;
    for (uint32_t p = 0; p < in->nout; p++) {
        int pair = -1;
        if (inplace)
            for (uint32_t q = 0; q < in->nin; q++)
                if (in->outpair[p] != CLAP_INVALID_ID && in->outpair[p] == in->inid[q] && in->inch[q] == in->outch[p]) pair = (int)q;
        for (uint32_t c = 0; c < in->outch[p]; c++) {
            float *d;
            if (pair >= 0) {
                d = in->in[pair][c];
            } else {
                gbuf_t *g = &in->outg[p][c];
                d = (float *)(g->hi - bytes);
                gcanary(g, d, g->hi);
                /* unwritten output shows up as NaN */
                uint32_t nanbits = 0x7FC0DEADu;
                for (uint32_t i = 0; i < frames; i++) memcpy(&d[i], &nanbits, 4);
            }
            in->out[p][c] = d;
            *op++ = d;
        }
    }
    in->evn = 0;
    in->evlen = 0;
    in->outn = 0;
}

static float subnormal(rng_t *r)
{
    uint32_t bits = (uint32_t)(rng_u64(r) & 0x007FFFFFu) | 1u;
    if (rng_u64(r) & 1) bits |= 0x80000000u;
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

void blk_fill(inst_t *in, enum fill kind, rng_t *r)
{
    for (uint32_t p = 0; p < in->nin; p++) {
        in->in_const[p] = 0;
        for (uint32_t c = 0; c < in->inch[p]; c++) {
            float *d = in->in[p][c];
            double ph = (double)in->steady;
            for (uint32_t i = 0; i < in->frames; i++) {
                double t = (ph + i) / (in->rate > 0 ? in->rate : 48000.0);
                switch (kind) {
                case FILL_SILENCE: d[i] = 0; break;
                case FILL_NOISE: d[i] = (float)rng_range(r, -1, 1); break;
                case FILL_SMALL: d[i] = (float)rng_range(r, -1e-3, 1e-3); break;
                case FILL_DC: d[i] = c & 1 ? -0.5f : 0.25f; break;
                case FILL_DENORMAL: d[i] = subnormal(r); break;
                case FILL_SINE: d[i] = (float)(0.5 * sin(2 * M_PI * (220.0 + 110.0 * c) * t)); break;
                case FILL_MUSIC:
                    d[i] = (float)(0.3 * sin(2 * M_PI * 220 * t) * (0.5 + 0.5 * sin(2 * M_PI * 2 * t)) +
                                   0.2 * sin(2 * M_PI * 330 * t + c) * (0.5 + 0.5 * cos(2 * M_PI * 3 * t)) +
                                   0.1 * sin(2 * M_PI * 55 * t) + 0.02 * rng_range(r, -1, 1));
                    break;
                case FILL_EXTREME: {
                    static const float k[] = {NAN, INFINITY, -INFINITY, 1e30f, -1e30f, 3.4e38f, 0.0f, -0.0f, 1.0f, -1.0f, 1e-30f};
                    uint32_t j = rng_below(r, 13);
                    d[i] = j < 11 ? k[j] : (j == 11 ? subnormal(r) : (float)rng_range(r, -10, 10));
                    break;
                }
                }
            }
            if (kind == FILL_SILENCE || kind == FILL_DC) in->in_const[p] |= 1ull << c;
        }
    }
}

static void ev_append(inst_t *in, const void *e, uint32_t size)
{
    if (in->evn >= EV_MAX || in->evlen + size > EV_BYTES) {
        fprintf(stderr, "validator: event list full\n");
        abort();
    }
    uint32_t off = (in->evlen + 7u) & ~7u;
    memcpy(in->ev + off, e, size);
    in->evoff[in->evn++] = off;
    in->evlen = off + size;
}

void ev_param(inst_t *in, uint32_t time, clap_id id, double v, void *cookie, uint16_t space)
{
    clap_event_param_value_t e = {
        .header = {.size = sizeof e, .time = time, .space_id = space, .type = CLAP_EVENT_PARAM_VALUE, .flags = 0},
        .param_id = id, .cookie = cookie, .note_id = -1, .port_index = -1, .channel = -1, .key = -1, .value = v};
    ev_append(in, &e, sizeof e);
}

void ev_mod(inst_t *in, uint32_t time, clap_id id, double amount, void *cookie)
{
    clap_event_param_mod_t e = {
        .header = {.size = sizeof e, .time = time, .space_id = CLAP_CORE_EVENT_SPACE_ID, .type = CLAP_EVENT_PARAM_MOD},
        .param_id = id, .cookie = cookie, .note_id = -1, .port_index = -1, .channel = -1, .key = -1, .amount = amount};
    ev_append(in, &e, sizeof e);
}

void ev_transport(inst_t *in, uint32_t time, const clap_event_transport_t *t)
{
    clap_event_transport_t e = *t;
    e.header = (clap_event_header_t){.size = sizeof e, .time = time, .space_id = CLAP_CORE_EVENT_SPACE_ID, .type = CLAP_EVENT_TRANSPORT};
    ev_append(in, &e, sizeof e);
}

void ev_raw(inst_t *in, const clap_event_header_t *e) { ev_append(in, e, e->size); }

void ev_sort(inst_t *in)
{
    for (uint32_t i = 1; i < in->evn; i++) {
        uint32_t o = in->evoff[i];
        uint32_t t = ((clap_event_header_t *)(in->ev + o))->time;
        uint32_t j = i;
        while (j > 0 && ((clap_event_header_t *)(in->ev + in->evoff[j - 1]))->time > t) {
            in->evoff[j] = in->evoff[j - 1];
            j--;
        }
        in->evoff[j] = o;
    }
}

typedef struct pjob {
    inst_t *in;
    clap_process_t proc;
} pjob_t;

static void job_process(void *a)
{
    pjob_t *j = a;
    inst_t *in = j->in;
    double c0 = thread_cpu_ms(), t0 = now_ms();
    in->status = in->p->process(in->p, &j->proc);
    in->last_wall_ms = now_ms() - t0;
    in->last_cpu_ms = thread_cpu_ms() - c0;
}

bool buf_finite_normal(const float *x, uint32_t n, char *why, size_t whylen, const char *what)
{
    for (uint32_t i = 0; i < n; i++) {
        int cls = fpclassify(x[i]);
        if (cls == FP_NAN || cls == FP_INFINITE) {
            snprintf(why, whylen, "%s[%u] = %g (not finite)", what, i, (double)x[i]);
            return false;
        }
        if (cls == FP_SUBNORMAL) {
            snprintf(why, whylen, "%s[%u] = %g (subnormal)", what, i, (double)x[i]);
            return false;
        }
    }
    return true;
}

double buf_peak(const float *x, uint32_t n)
{
    double m = 0;
    for (uint32_t i = 0; i < n; i++) {
        double a = fabs((double)x[i]);
        if (a > m || a != a) m = a;
    }
    return m;
}

static const char *status_name(clap_process_status s)
{
    switch (s) {
    case CLAP_PROCESS_ERROR: return "ERROR";
    case CLAP_PROCESS_CONTINUE: return "CONTINUE";
    case CLAP_PROCESS_CONTINUE_IF_NOT_QUIET: return "CONTINUE_IF_NOT_QUIET";
    case CLAP_PROCESS_TAIL: return "TAIL";
    case CLAP_PROCESS_SLEEP: return "SLEEP";
    default: return "invalid";
    }
}

bool blk_process(inst_t *in, const clap_event_transport_t *t, char *why, size_t whylen)
{
    if (!in->processing) {
        snprintf(why, whylen, "validator bug: process while not processing");
        return false;
    }
    ev_sort(in);
    memcpy(in->evcopy, in->ev, in->evlen);
    if (t) {
        *in->tr = *t;
        in->trcopy = *t;
    }
    uint32_t frames = in->frames;
    size_t bytes = (size_t)frames * 4;
    for (uint32_t p = 0; p < in->nin; p++) {
        in->ain[p] = (clap_audio_buffer_t){.data32 = NULL, .data64 = NULL, .channel_count = in->inch[p], .latency = 0,
                                          .constant_mask = in->in_const[p]};
        for (uint32_t c = 0; c < in->inch[p]; c++) memcpy(in->incopy[p][c], in->in[p][c], bytes);
    }
    float **ip = in->inptr;
    for (uint32_t p = 0; p < in->nin; p++) {
        in->ain[p].data32 = ip;
        ip += in->inch[p];
    }
    float **op = in->outptr;
    for (uint32_t p = 0; p < in->nout; p++) {
        in->aout[p] = (clap_audio_buffer_t){.data32 = op, .data64 = NULL, .channel_count = in->outch[p], .latency = 0, .constant_mask = 0};
        op += in->outch[p];
    }
    clap_audio_buffer_t aincopy[MAX_PORTS];
    memcpy(aincopy, in->ain, sizeof(clap_audio_buffer_t) * in->nin);
    float *ptrcopy[MAX_PORTS * MAX_CH * 2];
    uint32_t nptr = (uint32_t)(op - in->inptr);
    memcpy(ptrcopy, in->inptr, nptr * sizeof(float *));
    in->outn = 0;
    in->outbad = 0;

    pjob_t j = {.in = in,
                .proc = {.steady_time = in->steady_unknown ? -1 : in->steady,
                         .frames_count = frames,
                         .transport = t ? in->tr : NULL,
                         .audio_inputs = in->nin ? in->ain : NULL,
                         .audio_outputs = in->nout ? in->aout : NULL,
                         .audio_inputs_count = in->nin,
                         .audio_outputs_count = in->nout,
                         .in_events = &in->inev,
                         .out_events = &in->outev}};
    worker_run(&in->audio, job_process, &j);
    in->steady += frames;

    clap_process_status st = in->status;
    if (st < CLAP_PROCESS_CONTINUE || st > CLAP_PROCESS_SLEEP) {
        snprintf(why, whylen, "process returned %d (%s) for a %u-frame block", st, status_name(st), frames);
        return false;
    }
    char w[256];
    double peak = 0;
    for (uint32_t p = 0; p < in->nout; p++) {
        for (uint32_t c = 0; c < in->outch[p]; c++) {
            const float *d = in->out[p][c];
            char what[64];
            snprintf(what, sizeof what, "output port %u channel %u", p, c);
            if (!buf_finite_normal(d, frames, w, sizeof w, what)) {
                snprintf(why, whylen, "%s (block of %u frames, %s input)", w, frames, in->inplace ? "in-place" : "out-of-place");
                return false;
            }
            if (in->aout[p].constant_mask & (1ull << c)) {
                for (uint32_t i = 1; i < frames; i++)
                    if (d[i] != d[0]) {
                        snprintf(why, whylen, "output port %u channel %u is flagged constant but [%u]=%g != [0]=%g", p, c, i,
                                 (double)d[i], (double)d[0]);
                        return false;
                    }
            }
            double pk = buf_peak(d, frames);
            if (pk > peak) peak = pk;
        }
    }
    if (st == CLAP_PROCESS_SLEEP && peak > 1e-4) {
        snprintf(why, whylen, "process returned SLEEP but the block's output peaks at %g (not silent)", peak);
        return false;
    }
    for (uint32_t p = 0; p < in->nin; p++)
        for (uint32_t c = 0; c < in->inch[p]; c++) {
            if (!gcheck(&in->ing[p][c], in->in[p][c], in->in[p][c] + frames, why, whylen)) return false;
            if (!in->inplace || in->nout == 0) {
                if (memcmp(in->incopy[p][c], in->in[p][c], bytes)) {
                    uint32_t i = 0;
                    while (i < frames && !memcmp(&in->incopy[p][c][i], &in->in[p][c][i], 4)) i++;
                    snprintf(why, whylen, "the plugin wrote to input port %u channel %u (out-of-place), first at frame %u", p, c, i);
                    return false;
                }
            }
        }
    for (uint32_t p = 0; p < in->nout; p++)
        for (uint32_t c = 0; c < in->outch[p]; c++)
            if ((uint8_t *)in->out[p][c] >= in->outg[p][c].lo && (uint8_t *)in->out[p][c] < in->outg[p][c].hi &&
                !gcheck(&in->outg[p][c], in->out[p][c], in->out[p][c] + frames, why, whylen))
                return false;
    if (memcmp(in->evcopy, in->ev, in->evlen)) {
        snprintf(why, whylen, "the plugin wrote into the host's input event list");
        return false;
    }
    if (t && memcmp(&in->trcopy, in->tr, sizeof in->trcopy)) {
        snprintf(why, whylen, "the plugin wrote into process->transport");
        return false;
    }
    if (memcmp(aincopy, in->ain, sizeof(clap_audio_buffer_t) * in->nin) || memcmp(ptrcopy, in->inptr, nptr * sizeof(float *))) {
        snprintf(why, whylen, "the plugin modified the input clap_audio_buffer_t or the data32 pointer arrays");
        return false;
    }
    if (in->outbad) {
        snprintf(why, whylen, "%s", in->outwhy);
        return false;
    }
    host_pump(in);
    return true;
}

void inst_flush(inst_t *in)
{
    ev_sort(in);
    memcpy(in->evcopy, in->ev, in->evlen);
    in->outn = 0;
    in->outbad = 0;
    uint32_t saved = in->frames;
    in->frames = 0;
    job_t j = {.in = in};
    if (in->active) worker_run(&in->audio, job_flush, &j);
    else job_flush(&j);
    in->frames = saved;
    if (memcmp(in->evcopy, in->ev, in->evlen)) hostctx_violation(in->hc, "the plugin wrote into the flush input event list");
    if (in->outbad) hostctx_violation(in->hc, "params.flush: %s", in->outwhy);
}

void host_pump(inst_t *in)
{
    hostctx_t *h = in->hc;
    if (!host_on_main_thread()) return;
    if (atomic_exchange(&h->pending_callback, 0)) in->p->on_main_thread(in->p);
    if (in->params && !in->processing && atomic_exchange(&h->pending_flush, 0)) {
        uint32_t n = in->evn, l = in->evlen;
        in->evn = 0;
        in->evlen = 0;
        inst_flush(in);
        in->evn = n;
        in->evlen = l;
    }
    if (in->timer && h->timers) {
        double t = now_ms();
        for (int i = 0; i < h->timers; i++)
            if (t >= h->timer_next[i]) {
                h->timer_next[i] = t + h->timer_period[i];
                in->timer->on_timer(in->p, h->timer_id[i]);
            }
    }
}

bool param_get(inst_t *in, clap_id id, double *v) { return in->params && in->params->get_value(in->p, id, v); }

double param_random(const clap_param_info_t *pi, rng_t *r)
{
    double lo = pi->min_value, hi = pi->max_value;
    if (pi->flags & (CLAP_PARAM_IS_STEPPED | CLAP_PARAM_IS_ENUM)) {
        double n = floor(hi - lo) + 1;
        double v = lo + floor(rng_unit(r) * n);
        return v > hi ? hi : v;
    }
    return rng_range(r, lo, hi);
}

/* ---------------------------------------------------------------- state streams */

typedef struct ostream_ctx {
    uint8_t *buf;
    size_t len, cap;
    uint32_t chunk;
    rng_t r;
} ostream_ctx_t;

static int64_t os_write(const clap_ostream_t *s, const void *b, uint64_t size)
{
    ostream_ctx_t *c = s->ctx;
    if (!b && size) return -1;
    uint64_t n = size;
    if (c->chunk && n > 0) {
        uint64_t k = 1 + rng_below(&c->r, c->chunk);
        if (n > k) n = k;
    }
    if (c->len + n > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 4096;
        while (cap < c->len + n) cap *= 2;
        c->buf = realloc(c->buf, cap);
        c->cap = cap;
    }
    memcpy(c->buf + c->len, b, n);
    c->len += n;
    return (int64_t)n;
}

typedef struct istream_ctx {
    const uint8_t *data;
    size_t len, pos;
    uint32_t chunk;
    rng_t r;
} istream_ctx_t;

static int64_t is_read(const clap_istream_t *s, void *b, uint64_t size)
{
    istream_ctx_t *c = s->ctx;
    uint64_t n = c->len - c->pos;
    if (n > size) n = size;
    if (c->chunk && n > 0) {
        uint64_t k = 1 + rng_below(&c->r, c->chunk);
        if (n > k) n = k;
    }
    memcpy(b, c->data + c->pos, n);
    c->pos += n;
    return (int64_t)n;
}

bool state_save(inst_t *in, uint8_t **data, size_t *len, uint32_t chunk, uint64_t seed)
{
    ostream_ctx_t c = {.chunk = chunk};
    rng_seed(&c.r, seed);
    clap_ostream_t s = {.ctx = &c, .write = os_write};
    bool ok = in->state->save(in->p, &s);
    host_pump(in);
    *data = c.buf;
    *len = c.len;
    return ok;
}

bool state_load(inst_t *in, const uint8_t *data, size_t len, uint32_t chunk, uint64_t seed)
{
    istream_ctx_t c = {.data = data, .len = len, .chunk = chunk};
    rng_seed(&c.r, seed);
    clap_istream_t s = {.ctx = &c, .read = is_read};
    bool ok = in->state->load(in->p, &s);
    host_pump(in);
    return ok;
}
