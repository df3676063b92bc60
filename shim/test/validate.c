/*
 * validate.c: clap-validate, a strict generic CLAP conformance suite.
 *
 *   clap-validate PATH.clap [--only NAME[,NAME...]] [--seed N] [--fuzz-seconds S] [--timeout S]
 *                 [--hold ID=V,...] [--list]
 *
 *   --only      run only these checks (names as --list prints them)
 *   --seed      base seed of every random choice (each check mixes in its name)
 *   --fuzz-seconds  length of fuzz-params-transport (default 10)
 *   --timeout   seconds before a check's process is killed and FAILed (default: per check)
 *   --hold      params param-events-sample-accurate-split sets once and leaves alone (for a
 *               plugin whose output depends on the block size through them)
 *
 * Runs every check on every plugin of the library's factory. Each check runs in its own forked
 * child (so a crash, an out-of-bounds write hitting a guard page, or a hang is reported as a
 * FAIL with its cause instead of taking the suite down); inside the child the library is
 * dlopened from a non-main thread, which is the host's main thread from then on, and process
 * runs on separate audio threads, as in a DAW. Output: one line per check, `PASS name` or
 * `FAIL name: reason` (a note may follow in parentheses), or `NOTE name: reason` for a check
 * that cannot run here (the gui checks without DISPLAY or clap.gui; counted as passed), then
 * `N passed, N failed` alone.
 * Exit status is non-zero when any check fails.
 */
#define _GNU_SOURCE
#include <X11/Xlib.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "host.h"

/* ---------------------------------------------------------------- check context */

typedef struct ctx {
    const char *path;
    const char *id; /* plugin id (NULL for library checks) */
    uint64_t seed;
    double fuzz_seconds;
    lib_t lib;
    bool lib_open;
    char why[1024];
    char note[1024];
    bool skipped; /* could not run here (no display, optional feature missing): a NOTE line */
} ctx_t;

/* setf formats into dst through a temporary (arguments may point into dst). */
static void setf(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void setf(char *dst, size_t n, const char *fmt, ...)
{
    char tmp[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    size_t l = strlen(tmp);
    if (l >= n) l = n - 1;
    memcpy(dst, tmp, l);
    dst[l] = 0;
}

#define FAIL(...)                                  \
    do {                                           \
        setf(c->why, sizeof c->why, __VA_ARGS__);  \
        return false;                              \
    } while (0)
#define REQUIRE(cond, ...)      \
    do {                        \
        if (!(cond)) FAIL(__VA_ARGS__); \
    } while (0)
#define NOTE(...) setf(c->note, sizeof c->note, __VA_ARGS__)
/* SKIP ends a check that cannot run here: `NOTE name: reason`, counted as passed. */
#define SKIP(...)                                  \
    do {                                           \
        NOTE(__VA_ARGS__);                         \
        c->skipped = true;                         \
        return true;                               \
    } while (0)
#define NEW(var)                                                     \
    inst_t *var = inst_new(&c->lib, c->id, c->why, sizeof c->why); \
    if (!var) return false
#define ACTIVATE(in, rate, minf, maxf) \
    REQUIRE(inst_activate(in, rate, minf, maxf), "activate(%g, %u, %u) returned false", (double)(rate), (unsigned)(minf), (unsigned)(maxf))
#define START(in) REQUIRE(inst_start(in), "start_processing returned false")
#define PROCESS(in, t)                                       \
    do {                                                     \
        if (!blk_process(in, t, c->why, sizeof c->why)) return false; \
    } while (0)

static const char *g_hold; /* --hold: params held for param-events-sample-accurate-split */

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    while (*s) h = (h ^ (uint8_t)*s++) * 1099511628211ull;
    return h;
}

/* blocks processes n blocks of the given size (0 = random 1..maxf) and fill. */
static bool blocks(ctx_t *c, inst_t *in, uint32_t n, uint32_t frames, enum fill kind, bool inplace, rng_t *r)
{
    for (uint32_t b = 0; b < n; b++) {
        uint32_t f = frames ? frames : 1 + rng_below(r, in->maxf);
        blk_begin(in, f, inplace);
        blk_fill(in, kind, r);
        PROCESS(in, NULL);
    }
    return true;
}

static double energy(inst_t *in);

static bool writable(const clap_param_info_t *pi) { return !(pi->flags & CLAP_PARAM_IS_READONLY); }

/* random_params queues an event at time t for every writable param with a random value. */
static void random_params(inst_t *in, rng_t *r, uint32_t t, double *sent)
{
    for (uint32_t i = 0; i < in->np; i++) {
        if (!writable(&in->pi[i])) continue;
        double v = param_random(&in->pi[i], r);
        if (sent) sent[i] = v;
        ev_param(in, t, in->pi[i].id, v, NULL, CLAP_CORE_EVENT_SPACE_ID);
    }
}

static bool close_enough(const clap_param_info_t *pi, double a, double b)
{
    double range = pi->max_value - pi->min_value;
    return fabs(a - b) <= 1e-6 * (range > 0 ? range : 1) + 1e-12;
}

/* values_match compares get_value with expected values for every writable param. */
static bool values_match(ctx_t *c, inst_t *in, const double *want, const char *when)
{
    for (uint32_t i = 0; i < in->np; i++) {
        if (!writable(&in->pi[i])) continue;
        double v;
        REQUIRE(param_get(in, in->pi[i].id, &v), "get_value(%u) returned false", in->pi[i].id);
        REQUIRE(close_enough(&in->pi[i], v, want[i]), "%s: param %u (%s) is %.9g, expected %.9g", when, in->pi[i].id,
                in->pi[i].name, v, want[i]);
    }
    return true;
}

static void random_transport(rng_t *r, clap_event_transport_t *t)
{
    memset(t, 0, sizeof *t);
    t->header = (clap_event_header_t){.size = sizeof *t, .type = CLAP_EVENT_TRANSPORT};
    t->flags = (uint32_t)rng_below(r, 256);
    t->tempo = rng_below(r, 20) == 0 ? (rng_below(r, 2) ? 1.0 : 999.0) : rng_range(r, 20, 300);
    t->tempo_inc = rng_below(r, 4) == 0 ? rng_range(r, -1e-3, 1e-3) : 0;
    t->song_pos_beats = (clap_beattime)(rng_range(r, 0, 10000) * (double)CLAP_BEATTIME_FACTOR);
    t->song_pos_seconds = (clap_sectime)(rng_range(r, 0, 3600) * (double)CLAP_SECTIME_FACTOR);
    t->loop_start_beats = (clap_beattime)(rng_range(r, 0, 100) * (double)CLAP_BEATTIME_FACTOR);
    t->loop_end_beats = t->loop_start_beats + (clap_beattime)(rng_range(r, 0, 100) * (double)CLAP_BEATTIME_FACTOR);
    t->loop_start_seconds = (clap_sectime)(rng_range(r, 0, 100) * (double)CLAP_SECTIME_FACTOR);
    t->loop_end_seconds = t->loop_start_seconds + (clap_sectime)(rng_range(r, 0, 100) * (double)CLAP_SECTIME_FACTOR);
    t->bar_start = (clap_beattime)(rng_range(r, 0, 1000) * (double)CLAP_BEATTIME_FACTOR);
    t->bar_number = (int32_t)rng_below(r, 1000);
    static const uint16_t denoms[] = {1, 2, 4, 8, 16};
    t->tsig_num = (uint16_t)(1 + rng_below(r, 16));
    t->tsig_denom = denoms[rng_below(r, 5)];
}

/* ---------------------------------------------------------------- library checks */

static bool chk_factory_unknown(ctx_t *c)
{
    static const char *ids[] = {"rill.no-such-factory", "", "clap.plugin-factory.x", "clap.plugin-factor",
                                "clap.preset-discovery-factory/2.x"};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
        REQUIRE(c->lib.entry->get_factory(ids[i]) == NULL, "get_factory(\"%s\") is not NULL", ids[i]);
    REQUIRE(c->lib.entry->get_factory(CLAP_PLUGIN_FACTORY_ID) == c->lib.factory, "get_factory(plugin factory) changed");
    return true;
}

static bool chk_create_bad_id(ctx_t *c)
{
    const clap_plugin_factory_t *f = c->lib.factory;
    NEW(probe); /* a real host for the valid id, to prove create works at all */
    inst_free(probe);
    uint32_t n = f->get_plugin_count(f);
    for (uint32_t k = 0; k < n; k++) {
        const char *id = f->get_plugin_descriptor(f, k)->id;
        char bad[5][600];
        snprintf(bad[0], sizeof bad[0], "%sx", id);
        snprintf(bad[1], sizeof bad[1], "%s ", id);
        snprintf(bad[2], sizeof bad[2], "%s.garbage/2", id);
        snprintf(bad[3], sizeof bad[3], "%.*s", (int)(strlen(id) ? strlen(id) - 1 : 0), id);
        snprintf(bad[4], sizeof bad[4], "rill.no-such-plugin");
        for (int i = 0; i < 5; i++) {
            inst_t *in = inst_new(&c->lib, bad[i], c->why, sizeof c->why);
            if (in) {
                inst_free(in);
                FAIL("create_plugin(\"%s\") returned a plugin", bad[i]);
            }
        }
        inst_t *in = inst_new(&c->lib, "", c->why, sizeof c->why);
        REQUIRE(!in, "create_plugin(\"\") returned a plugin");
    }
    c->why[0] = 0;
    return true;
}

static bool chk_init_deinit_repeat(ctx_t *c)
{
    const clap_plugin_entry_t *e = c->lib.entry;
    REQUIRE(e->init(c->path), "second clap_entry.init returned false");
    e->deinit();
    {
        NEW(a);
        ACTIVATE(a, 48000, 1, 256);
        START(a);
        rng_t r;
        rng_seed(&r, c->seed);
        if (!blocks(c, a, 10, 256, FILL_NOISE, false, &r)) return false;
        inst_free(a);
    }
    e->deinit();
    REQUIRE(e->init(c->path), "clap_entry.init after deinit returned false");
    REQUIRE(e->get_factory(CLAP_PLUGIN_FACTORY_ID) == c->lib.factory || e->get_factory(CLAP_PLUGIN_FACTORY_ID),
            "no factory after re-init");
    c->lib.factory = e->get_factory(CLAP_PLUGIN_FACTORY_ID);
    NEW(b);
    ACTIVATE(b, 44100, 1, 512);
    START(b);
    rng_t r;
    rng_seed(&r, c->seed + 1);
    if (!blocks(c, b, 10, 512, FILL_NOISE, false, &r)) return false;
    inst_free(b);
    return true;
}

static bool chk_dlclose_reopen(ctx_t *c)
{
    rng_t r;
    rng_seed(&r, c->seed);
    for (int round = 0; round < 3; round++) {
        if (round > 0) {
            lib_close(&c->lib);
            c->lib_open = false;
            REQUIRE(lib_open(&c->lib, c->path, c->why, sizeof c->why), "reopen %d: %s", round, c->why);
            c->lib_open = true;
        }
        NEW(a);
        ACTIVATE(a, 48000, 1, 512);
        START(a);
        if (!blocks(c, a, 20, 0, FILL_NOISE, round & 1, &r)) return false;
        inst_free(a);
    }
    return true;
}

/* ---------------------------------------------------------------- descriptor checks */

static const clap_plugin_descriptor_t *factory_desc(ctx_t *c)
{
    const clap_plugin_factory_t *f = c->lib.factory;
    uint32_t n = f->get_plugin_count(f);
    for (uint32_t i = 0; i < n; i++) {
        const clap_plugin_descriptor_t *d = f->get_plugin_descriptor(f, i);
        if (d && d->id && !strcmp(d->id, c->id)) return d;
    }
    return NULL;
}

static bool chk_descriptor_fields(ctx_t *c)
{
    const clap_plugin_factory_t *f = c->lib.factory;
    REQUIRE(f->get_plugin_descriptor(f, f->get_plugin_count(f)) == NULL, "get_plugin_descriptor(count) is not NULL");
    const clap_plugin_descriptor_t *d = factory_desc(c);
    REQUIRE(d, "descriptor not found");
    REQUIRE(clap_version_is_compatible(d->clap_version), "descriptor clap_version %u.%u.%u", d->clap_version.major,
            d->clap_version.minor, d->clap_version.revision);
    const char *names[] = {"id", "name", "vendor", "url", "manual_url", "support_url", "version", "description"};
    const char *vals[] = {d->id, d->name, d->vendor, d->url, d->manual_url, d->support_url, d->version, d->description};
    for (int i = 0; i < 8; i++) REQUIRE(vals[i] != NULL, "descriptor field %s is NULL", names[i]);
    REQUIRE(d->id[0] && d->name[0], "descriptor id or name is empty");
    REQUIRE(d->features != NULL, "descriptor features is NULL");
    for (const char *p = d->id; *p; p++)
        REQUIRE(*p > ' ' && *p < 127, "descriptor id has a space or a non-ASCII byte");
    return true;
}

static bool chk_descriptor_features(ctx_t *c)
{
    const clap_plugin_descriptor_t *d = factory_desc(c);
    REQUIRE(d && d->features, "no features");
    static const char *mains[] = {"instrument", "audio-effect", "note-effect", "note-detector", "analyzer"};
    int n = 0, main = 0;
    for (; d->features[n]; n++) {
        REQUIRE(n < 256, "features list is not NULL-terminated within 256 entries");
        REQUIRE(d->features[n][0], "feature %d is empty", n);
        for (int k = 0; k < n; k++) REQUIRE(strcmp(d->features[k], d->features[n]), "duplicate feature \"%s\"", d->features[n]);
        for (int m = 0; m < 5; m++)
            if (!strcmp(d->features[n], mains[m])) main++;
    }
    REQUIRE(main >= 1, "no main category feature (instrument, audio-effect, note-effect, note-detector, analyzer)");
    NOTE("%d features", n);
    return true;
}

static bool same_str(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

static bool chk_descriptor_instance(ctx_t *c)
{
    const clap_plugin_descriptor_t *d = factory_desc(c);
    NEW(in);
    const clap_plugin_descriptor_t *e = in->p->desc;
    REQUIRE(e, "instance desc is NULL");
    REQUIRE(same_str(d->id, e->id) && same_str(d->name, e->name) && same_str(d->vendor, e->vendor) &&
                same_str(d->url, e->url) && same_str(d->manual_url, e->manual_url) && same_str(d->support_url, e->support_url) &&
                same_str(d->version, e->version) && same_str(d->description, e->description),
            "instance descriptor differs from the factory's (name \"%s\" vs \"%s\")", e->name ? e->name : "(null)",
            d->name ? d->name : "(null)");
    for (int i = 0;; i++) {
        REQUIRE(same_str(d->features[i], e->features[i]), "instance features differ at %d", i);
        if (!d->features[i]) break;
    }
    inst_free(in);
    return true;
}

/* ---------------------------------------------------------------- instance lifecycle */

static bool chk_extension_unknown(ctx_t *c)
{
    NEW(in);
    static const char *ids[] = {"rill.no-such-extension", "", "clap.paramsx", "clap.param", "clap.state/999"};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
        REQUIRE(in->p->get_extension(in->p, ids[i]) == NULL, "get_extension(\"%s\") is not NULL", ids[i]);
    inst_free(in);
    return true;
}

static bool chk_destroy_without_activate(ctx_t *c)
{
    for (int i = 0; i < 5; i++) {
        NEW(in);
        inst_free(in);
    }
    return true;
}

static bool chk_activate_without_processing(ctx_t *c)
{
    NEW(in);
    for (int i = 0; i < 5; i++) {
        ACTIVATE(in, 48000, 1, 512);
        inst_deactivate(in);
    }
    for (int i = 0; i < 3; i++) {
        ACTIVATE(in, 44100, 32, 1024);
        START(in);
        inst_stop(in);
        inst_deactivate(in);
    }
    ACTIVATE(in, 48000, 1, 512);
    START(in);
    rng_t r;
    rng_seed(&r, c->seed);
    if (!blocks(c, in, 10, 512, FILL_NOISE, false, &r)) return false;
    inst_stop(in);
    inst_deactivate(in);
    inst_free(in);
    return true;
}

static bool chk_audio_ports(ctx_t *c)
{
    NEW(in);
    REQUIRE(in->ports, "no clap.audio-ports extension");
    REQUIRE(in->nin + in->nout > 0, "no audio ports");
    for (int dir = 0; dir < 2; dir++) {
        uint32_t n = in->ports->count(in->p, dir == 0);
        for (uint32_t i = 0; i < n; i++) {
            gbuf_t g;
            clap_audio_port_info_t *ap = galloc(&g, sizeof *ap, "the clap_audio_port_info_t given to audio_ports.get");
            memset(ap, 0x5A, sizeof *ap);
            REQUIRE(in->ports->get(in->p, i, dir == 0, ap), "get(%u) false", i);
            REQUIRE(gcheck(&g, ap, ap + 1, c->why, sizeof c->why), "audio_ports.get(%u): %s", i, c->why);
            clap_audio_port_info_t a = *ap;
            gfree(&g);
            REQUIRE(memchr(a.name, 0, sizeof a.name), "port name not NUL-terminated");
            REQUIRE(a.name[0], "%s port %u has an empty name", dir ? "output" : "input", i);
            REQUIRE(a.id != CLAP_INVALID_ID, "port id is CLAP_INVALID_ID");
            if ((a.flags & CLAP_AUDIO_PORT_IS_MAIN)) REQUIRE(i == 0, "main port at index %u (must be 0)", i);
            if (a.port_type && !strcmp(a.port_type, CLAP_PORT_STEREO)) REQUIRE(a.channel_count == 2, "stereo port with %u channels", a.channel_count);
            if (a.port_type && !strcmp(a.port_type, CLAP_PORT_MONO)) REQUIRE(a.channel_count == 1, "mono port with %u channels", a.channel_count);
            for (uint32_t k = 0; k < i; k++) REQUIRE((dir ? in->outid[k] : in->inid[k]) != a.id, "duplicate port id %u", a.id);
            if (a.in_place_pair != CLAP_INVALID_ID) {
                bool found = false;
                for (uint32_t k = 0; k < (dir ? in->nin : in->nout); k++)
                    if ((dir ? in->inid[k] : in->outid[k]) == a.in_place_pair) found = true;
                REQUIRE(found, "in_place_pair %u names no port of the other direction", a.in_place_pair);
            }
        }
        clap_audio_port_info_t a;
        REQUIRE(!in->ports->get(in->p, n, dir == 0, &a), "get(count) returned true");
    }
    NOTE("%u in (%u ch), %u out (%u ch)", in->nin, in->nin ? in->inch[0] : 0, in->nout, in->nout ? in->outch[0] : 0);
    inst_free(in);
    return true;
}


/* chk_gui_queries: the editor's api queries answer sanely; nothing is created (no display needed). */
static bool chk_gui_queries(ctx_t *c)
{
    NEW(in);
    const clap_plugin_gui_t *g = in->p->get_extension(in->p, CLAP_EXT_GUI);
    if (!g) {
        NOTE("no clap.gui extension");
        inst_free(in);
        return true;
    }
    REQUIRE(g->is_api_supported && g->get_preferred_api && g->create && g->destroy && g->set_scale && g->get_size &&
                g->can_resize && g->get_resize_hints && g->adjust_size && g->set_size && g->set_parent && g->set_transient &&
                g->suggest_title && g->show && g->hide,
            "clap.gui has a NULL function");
    REQUIRE(!g->is_api_supported(in->p, "rill-no-such-api", false) && !g->is_api_supported(in->p, "rill-no-such-api", true),
            "is_api_supported(unknown api) returned true");
    REQUIRE(!g->is_api_supported(in->p, CLAP_WINDOW_API_COCOA, false) && !g->is_api_supported(in->p, CLAP_WINDOW_API_WIN32, false),
            "is_api_supported(cocoa/win32) returned true on Linux");
    const char *api = NULL;
    bool floating = false;
    if (g->get_preferred_api(in->p, &api, &floating)) {
        REQUIRE(api && (!strcmp(api, CLAP_WINDOW_API_X11) || !strcmp(api, CLAP_WINDOW_API_WAYLAND)),
                "get_preferred_api gave \"%s\"", api ? api : "(null)");
        REQUIRE(g->is_api_supported(in->p, api, floating), "the preferred api (%s, floating %d) is not supported", api, floating);
    }
    REQUIRE(!g->create(in->p, "rill-no-such-api", true), "create(unknown api) returned true");
    NOTE("x11 embedded %s, floating %s; preferred %s%s", g->is_api_supported(in->p, CLAP_WINDOW_API_X11, false) ? "yes" : "no",
         g->is_api_supported(in->p, CLAP_WINDOW_API_X11, true) ? "yes" : "no", api ? api : "none", floating ? " (floating)" : "");
    inst_free(in);
    return true;
}

static bool chk_latency_tail_render(ctx_t *c)
{
    NEW(in);
    ACTIVATE(in, 48000, 1, 512);
    uint32_t lat = in->latency ? in->latency->get(in->p) : 0;
    REQUIRE(lat < 48000 * 10, "latency %u samples", lat);
    uint32_t tail = in->tail ? in->tail->get(in->p) : 0;
    START(in);
    rng_t r;
    rng_seed(&r, c->seed);
    if (!blocks(c, in, 20, 512, FILL_NOISE, false, &r)) return false;
    inst_stop(in);
    inst_deactivate(in);
    if (in->render) {
        in->render->set(in->p, CLAP_RENDER_OFFLINE);
        ACTIVATE(in, 48000, 1, 512);
        START(in);
        if (!blocks(c, in, 50, 0, FILL_MUSIC, false, &r)) return false;
        inst_stop(in);
        inst_deactivate(in);
        in->render->set(in->p, CLAP_RENDER_REALTIME);
    }
    NOTE("latency %u, tail %u%s, render %s%s", lat, tail, tail >= (uint32_t)INT32_MAX ? " (infinite)" : "",
         in->render ? "yes" : "no", in->render && in->render->has_hard_realtime_requirement(in->p) ? " (hard realtime!)" : "");
    inst_free(in);
    return true;
}

/* ---------------------------------------------------------------- params: info and text */

static bool chk_param_info(ctx_t *c)
{
    NEW(in);
    REQUIRE(in->params, "no clap.params extension");
    for (uint32_t i = 0; i < in->np; i++) {
        const clap_param_info_t *p = &in->pi[i];
        REQUIRE(p->id != CLAP_INVALID_ID, "param %u has id CLAP_INVALID_ID", i);
        for (uint32_t k = 0; k < i; k++) REQUIRE(in->pi[k].id != p->id, "duplicate param id %u", p->id);
        REQUIRE(memchr(p->name, 0, sizeof p->name) && p->name[0], "param %u name empty or not NUL-terminated", p->id);
        REQUIRE(memchr(p->module, 0, sizeof p->module), "param %u module not NUL-terminated", p->id);
        REQUIRE(isfinite(p->min_value) && isfinite(p->max_value) && isfinite(p->default_value),
                "param %u (%s) has a non-finite min/max/default", p->id, p->name);
        REQUIRE(p->min_value <= p->max_value, "param %u (%s) min > max", p->id, p->name);
        REQUIRE(p->default_value >= p->min_value && p->default_value <= p->max_value, "param %u (%s) default %g outside [%g, %g]",
                p->id, p->name, p->default_value, p->min_value, p->max_value);
        if (p->flags & CLAP_PARAM_IS_ENUM) REQUIRE(p->flags & CLAP_PARAM_IS_STEPPED, "param %u (%s) is ENUM but not STEPPED", p->id, p->name);
        if (p->flags & CLAP_PARAM_IS_STEPPED)
            REQUIRE(p->min_value == floor(p->min_value) && p->max_value == floor(p->max_value) && p->default_value == floor(p->default_value),
                    "stepped param %u (%s) has a non-integer min/max/default", p->id, p->name);
        if (p->flags & CLAP_PARAM_IS_BYPASS)
            REQUIRE(p->min_value == 0 && p->max_value == 1 && (p->flags & CLAP_PARAM_IS_STEPPED), "bypass param %u is not a 0..1 step", p->id);
        /* a second get_info call, into a guarded struct, gives the same answer and stays inside it */
        gbuf_t g;
        clap_param_info_t *again = galloc(&g, sizeof *again, "the clap_param_info_t given to get_info");
        REQUIRE(in->params->get_info(in->p, i, again) && again->id == p->id && again->flags == p->flags &&
                    again->min_value == p->min_value && again->max_value == p->max_value &&
                    again->default_value == p->default_value,
                "get_info(%u) is not stable", i);
        REQUIRE(gcheck(&g, again, again + 1, c->why, sizeof c->why), "get_info(%u): %s", i, c->why);
        gfree(&g);
    }
    clap_param_info_t x;
    REQUIRE(!in->params->get_info(in->p, in->np, &x), "get_info(count) returned true");
    REQUIRE(!in->params->get_info(in->p, UINT32_MAX, &x), "get_info(UINT32_MAX) returned true");
    double v;
    clap_id unknown = 0xDEADBEEF;
    while (param_index(in, unknown) >= 0) unknown++;
    REQUIRE(!in->params->get_value(in->p, unknown, &v), "get_value(unknown id) returned true");
    NOTE("%u params", in->np);
    inst_free(in);
    return true;
}

static bool chk_param_defaults(ctx_t *c)
{
    NEW(in);
    REQUIRE(in->params, "no clap.params extension");
    for (uint32_t i = 0; i < in->np; i++) {
        double v;
        REQUIRE(param_get(in, in->pi[i].id, &v), "get_value(%u) returned false", in->pi[i].id);
        REQUIRE(close_enough(&in->pi[i], v, in->pi[i].default_value), "param %u (%s) is %.9g after init, default %.9g",
                in->pi[i].id, in->pi[i].name, v, in->pi[i].default_value);
    }
    ACTIVATE(in, 48000, 1, 512);
    for (uint32_t i = 0; i < in->np; i++) {
        double v;
        REQUIRE(param_get(in, in->pi[i].id, &v) && close_enough(&in->pi[i], v, in->pi[i].default_value),
                "param %u (%s) changed by activate", in->pi[i].id, in->pi[i].name);
    }
    inst_free(in);
    return true;
}

static bool chk_param_text_all_or_none(ctx_t *c)
{
    NEW(in);
    int v2t = 0, t2v = 0;
    char first_missing[300] = "";
    for (uint32_t i = 0; i < in->np; i++) {
        char buf[256];
        double v;
        bool a = in->params->value_to_text(in->p, in->pi[i].id, in->pi[i].default_value, buf, sizeof buf);
        bool b = a && in->params->text_to_value(in->p, in->pi[i].id, buf, &v);
        v2t += a;
        t2v += b;
        if ((!a || !b) && !first_missing[0])
            snprintf(first_missing, sizeof first_missing, "%u (%s)", in->pi[i].id, in->pi[i].name);
    }
    REQUIRE(v2t == 0 || v2t == (int)in->np, "value_to_text works for %d of %u params (not for %s)", v2t, in->np, first_missing);
    REQUIRE(t2v == 0 || t2v == (int)in->np, "text_to_value works for %d of %u params (not for %s)", t2v, in->np, first_missing);
    NOTE("%s", v2t ? "text for every param" : "no text conversion");
    inst_free(in);
    return true;
}

static bool roundtrip_one(ctx_t *c, inst_t *in, const clap_param_info_t *p, double v)
{
    char t1[256], t2[256];
    double v1;
    memset(t1, 0x5A, sizeof t1);
    REQUIRE(in->params->value_to_text(in->p, p->id, v, t1, sizeof t1), "value_to_text(%u, %g) returned false", p->id, v);
    REQUIRE(memchr(t1, 0, sizeof t1), "value_to_text(%u) did not NUL-terminate", p->id);
    REQUIRE(t1[0], "value_to_text(%u, %g) gave an empty text", p->id, v);
    REQUIRE(in->params->text_to_value(in->p, p->id, t1, &v1), "text_to_value(%u, \"%s\") returned false", p->id, t1);
    REQUIRE(isfinite(v1), "text_to_value(%u, \"%s\") gave %g", p->id, t1, v1);
    REQUIRE(in->params->value_to_text(in->p, p->id, v1, t2, sizeof t2), "value_to_text(%u, %g) returned false", p->id, v1);
    REQUIRE(!strcmp(t1, t2), "param %u (%s): %g → \"%s\" → %g → \"%s\" (text does not round-trip)", p->id, p->name, v, t1, v1, t2);
    double range = p->max_value - p->min_value;
    bool stepped = p->flags & CLAP_PARAM_IS_STEPPED;
    double tol = stepped ? 1e-9 : fmax(0.01 * range, 0.01 * fabs(v));
    REQUIRE(fabs(v1 - v) <= tol + 1e-12, "param %u (%s): text_to_value(value_to_text(%.9g) = \"%s\") = %.9g (off by more than 1%%)",
            p->id, p->name, v, t1, v1);
    return true;
}

static bool chk_param_text_roundtrip(ctx_t *c)
{
    NEW(in);
    rng_t r;
    rng_seed(&r, c->seed);
    int tested = 0;
    for (uint32_t i = 0; i < in->np; i++) {
        const clap_param_info_t *p = &in->pi[i];
        char buf[256];
        if (!in->params->value_to_text(in->p, p->id, p->default_value, buf, sizeof buf)) continue;
        tested++;
        if (!roundtrip_one(c, in, p, p->min_value) || !roundtrip_one(c, in, p, p->max_value) ||
            !roundtrip_one(c, in, p, p->default_value))
            return false;
        if (p->flags & CLAP_PARAM_IS_STEPPED) {
            double n = p->max_value - p->min_value;
            for (double k = 0; k <= n && k < 256; k++)
                if (!roundtrip_one(c, in, p, p->min_value + k)) return false;
        } else {
            for (int k = 0; k < 50; k++)
                if (!roundtrip_one(c, in, p, param_random(p, &r))) return false;
        }
    }
    NOTE("%d params round-trip", tested);
    inst_free(in);
    return true;
}

static bool chk_param_text_bad_input(ctx_t *c)
{
    NEW(in);
    static const char *junk[] = {"", " ", "garbage", "nan", "NaN", "inf", "-inf", "1e999", "-1e999", "0x1p2000", "\xff\xfe",
                                 "12 34", "--1", "1e-400", "+", "%s%s%s%n", "99999999999999999999999999999999999999"};
    for (uint32_t i = 0; i < in->np; i++) {
        const clap_param_info_t *p = &in->pi[i];
        for (size_t k = 0; k < sizeof junk / sizeof *junk; k++) {
            double v = 12345.678;
            if (in->params->text_to_value(in->p, p->id, junk[k], &v))
                REQUIRE(isfinite(v) && v >= p->min_value && v <= p->max_value,
                        "text_to_value(%u (%s), \"%s\") accepted %g (outside [%g, %g] or not finite)", p->id, p->name, junk[k],
                        v, p->min_value, p->max_value);
        }
        /* tiny output buffers right below a guard page: a write past capacity faults */
        for (uint32_t cap = 1; cap <= 8; cap++) {
            gbuf_t g;
            char *b = galloc(&g, cap, "a value_to_text output buffer");
            if (in->params->value_to_text(in->p, p->id, p->default_value, b, cap))
                REQUIRE(memchr(b, 0, cap), "value_to_text(%u, capacity %u) did not NUL-terminate inside the buffer", p->id, cap);
            REQUIRE(gcheck(&g, b, b + cap, c->why, sizeof c->why), "value_to_text: %s", c->why);
            gfree(&g);
        }
        double v;
        char buf[64];
        REQUIRE(!in->params->text_to_value(in->p, 0xFEEDF00D, "1", &v) || param_index(in, 0xFEEDF00D) >= 0,
                "text_to_value(unknown id) returned true");
        REQUIRE(!in->params->value_to_text(in->p, 0xFEEDF00D, 0, buf, sizeof buf) || param_index(in, 0xFEEDF00D) >= 0,
                "value_to_text(unknown id) returned true");
        /* out-of-range and non-finite values still format without crashing */
        static const double odd[] = {NAN, INFINITY, -INFINITY, 1e300, -1e300};
        for (size_t k = 0; k < 5; k++) {
            char t[256];
            if (in->params->value_to_text(in->p, p->id, odd[k], t, sizeof t)) REQUIRE(memchr(t, 0, sizeof t), "no NUL");
        }
    }
    inst_free(in);
    return true;
}

/* ---------------------------------------------------------------- audio */

static bool chk_process_random(ctx_t *c, bool inplace)
{
    NEW(in);
    if (inplace) {
        bool pair = false;
        for (uint32_t p = 0; p < in->nout; p++)
            if (in->outpair[p] != CLAP_INVALID_ID) pair = true;
        if (!pair) NOTE("no in-place pair declared: ran out-of-place");
    }
    rng_t r;
    rng_seed(&r, c->seed);
    double rates[] = {44100, 48000, 96000};
    for (int k = 0; k < 3; k++) {
        ACTIVATE(in, rates[k], 1, 512);
        START(in);
        if (!blocks(c, in, 100, 512, FILL_NOISE, inplace, &r)) return false;
        if (!blocks(c, in, 100, 0, FILL_NOISE, inplace, &r)) return false;
        inst_deactivate(in);
    }
    inst_free(in);
    return true;
}
static bool chk_process_oop(ctx_t *c) { return chk_process_random(c, false); }
static bool chk_process_inplace(ctx_t *c) { return chk_process_random(c, true); }

static bool chk_process_extreme(ctx_t *c)
{
    NEW(in);
    rng_t r;
    rng_seed(&r, c->seed);
    ACTIVATE(in, 48000, 1, 512);
    START(in);
    for (int b = 0; b < 300; b++) {
        blk_begin(in, 1 + rng_below(&r, 512), b & 1);
        blk_fill(in, b % 3 == 2 ? FILL_DENORMAL : FILL_EXTREME, &r);
        if (b % 10 == 0) random_params(in, &r, 0, NULL);
        PROCESS(in, NULL);
    }
    /* then normal audio: the plugin must recover from whatever the garbage did */
    if (!blocks(c, in, 50, 512, FILL_NOISE, false, &r)) return false;
    inst_free(in);
    return true;
}

static bool chk_denormal_speed(ctx_t *c)
{
    NEW(in);
    rng_t r;
    rng_seed(&r, c->seed);
    ACTIVATE(in, 48000, 1, 256);
    START(in);
    if (!blocks(c, in, 200, 256, FILL_NOISE, false, &r)) return false;
    double t[2] = {0, 0};
    for (int round = 0; round < 6; round++) {
        int kind = round & 1;
        inst_reset(in);
        for (int b = 0; b < 400; b++) {
            blk_begin(in, 256, false);
            blk_fill(in, kind ? FILL_DENORMAL : FILL_SMALL, &r);
            PROCESS(in, NULL);
            if (b >= 50) t[kind] += in->last_cpu_ms;
        }
    }
    double ratio = t[1] / (t[0] > 1e-6 ? t[0] : 1e-6);
    NOTE("denormal/normal CPU time %.2f (%.1f ms vs %.1f ms)", ratio, t[1], t[0]);
    REQUIRE(ratio <= 3.0 || t[1] < 5.0, "denormal input is %.1fx slower than normal input (%.1f ms vs %.1f ms)", ratio, t[1], t[0]);
    inst_free(in);
    return true;
}

static bool chk_silence_status(ctx_t *c)
{
    NEW(in);
    rng_t r;
    rng_seed(&r, c->seed);
    ACTIVATE(in, 48000, 1, 512);
    START(in);
    int seen[5] = {0};
    for (int b = 0; b < 200; b++) {
        blk_begin(in, 512, false);
        blk_fill(in, FILL_SILENCE, &r);
        PROCESS(in, NULL);
        seen[in->status]++;
    }
    if (!blocks(c, in, 100, 512, FILL_NOISE, false, &r)) return false;
    /* feed silence until the plugin sleeps (or 60 s of audio) */
    int slept_at = -1;
    for (int b = 0; b < 60 * 48000 / 512; b++) {
        blk_begin(in, 512, b & 1);
        blk_fill(in, FILL_SILENCE, &r);
        PROCESS(in, NULL);
        seen[in->status]++;
        if (in->status == CLAP_PROCESS_SLEEP) {
            slept_at = b;
            break;
        }
    }
    /* a sleeping plugin woken by silence stays silent */
    if (slept_at >= 0) {
        for (int b = 0; b < 20; b++) {
            blk_begin(in, 512, false);
            blk_fill(in, FILL_SILENCE, &r);
            PROCESS(in, NULL);
            for (uint32_t p = 0; p < in->nout; p++)
                for (uint32_t ch = 0; ch < in->outch[p]; ch++)
                    REQUIRE(buf_peak(in->out[p][ch], 512) <= 1e-4, "after SLEEP, silent input gave output peaking at %g",
                            buf_peak(in->out[p][ch], 512));
        }
    }
    if (slept_at >= 0) {
        /* woken by new input, it must sound like a fresh instance given the same input */
        NEW(fresh);
        ACTIVATE(fresh, 48000, 1, 512);
        START(fresh);
        rng_t ra, rb;
        rng_seed(&ra, 77);
        rng_seed(&rb, 77);
        double ew = 0, ef = 0;
        for (int b = 0; b < 47; b++) {
            blk_begin(in, 512, false);
            blk_begin(fresh, 512, false);
            blk_fill(in, FILL_NOISE, &ra);
            blk_fill(fresh, FILL_NOISE, &rb);
            PROCESS(in, NULL);
            PROCESS(fresh, NULL);
            ew += energy(in);
            ef += energy(fresh);
        }
        REQUIRE(ew >= 0.1 * ef, "after SLEEP, 0.5 s of noise gave output energy %g, a fresh instance %g: the plugin did not wake up",
                ew, ef);
        inst_free(fresh);
        NOTE("slept %.2f s after the input went silent; woke on new input", slept_at * 512 / 48000.0);
    }
    else NOTE("never returned SLEEP (statuses: CONTINUE %d, IF_NOT_QUIET %d, TAIL %d)", seen[1], seen[2], seen[3]);
    inst_free(in);
    return true;
}

static bool chk_sample_rates(ctx_t *c)
{
    static const double rates[] = {1000, 8000, 11025, 22050, 44100, 48000, 88200, 96000, 176400, 192000, 352800, 384000, 705600, 768000};
    NEW(in);
    rng_t r;
    rng_seed(&r, c->seed);
    for (size_t k = 0; k < sizeof rates / sizeof *rates; k++) {
        ACTIVATE(in, rates[k], 1, 1024);
        START(in);
        uint32_t n = (uint32_t)(rates[k] * 0.5 / 1024) + 8;
        for (uint32_t b = 0; b < n; b++) {
            blk_begin(in, 1 + rng_below(&r, 1024), b & 1);
            blk_fill(in, b % 4 == 3 ? FILL_SILENCE : FILL_MUSIC, &r);
            if (b % 8 == 0) random_params(in, &r, rng_below(&r, in->frames), NULL);
            PROCESS(in, NULL);
        }
        inst_deactivate(in);
    }
    inst_free(in);
    return true;
}

static bool chk_block_sizes(ctx_t *c)
{
    static const uint32_t maxes[] = {1, 2, 3, 7, 16, 64, 100, 511, 512, 1024, 4096, 8192, 16384};
    NEW(in);
    rng_t r;
    rng_seed(&r, c->seed);
    for (size_t k = 0; k < sizeof maxes / sizeof *maxes; k++) {
        uint32_t m = maxes[k];
        ACTIVATE(in, 48000, 1, m);
        START(in);
        for (int b = 0; b < 40; b++) {
            uint32_t f = b == 0 ? m : b == 1 ? 1 : 1 + rng_below(&r, m);
            blk_begin(in, f, b & 1);
            blk_fill(in, FILL_NOISE, &r);
            if (b % 3 == 0) random_params(in, &r, rng_below(&r, f), NULL);
            PROCESS(in, NULL);
        }
        inst_deactivate(in);
    }
    /* fixed block size (min == max) */
    ACTIVATE(in, 48000, 256, 256);
    START(in);
    if (!blocks(c, in, 20, 256, FILL_NOISE, false, &r)) return false;
    inst_free(in);
    return true;
}

static double energy(inst_t *in)
{
    double e = 0;
    for (uint32_t p = 0; p < in->nout; p++)
        for (uint32_t ch = 0; ch < in->outch[p]; ch++)
            for (uint32_t i = 0; i < in->frames; i++) e += (double)in->out[p][ch][i] * in->out[p][ch][i];
    return e;
}

static bool silence_energy(ctx_t *c, inst_t *in, double seconds, double *e)
{
    rng_t r;
    rng_seed(&r, 1);
    *e = 0;
    uint32_t n = (uint32_t)(seconds * in->rate / 512);
    for (uint32_t b = 0; b < n; b++) {
        blk_begin(in, 512, false);
        blk_fill(in, FILL_SILENCE, &r);
        PROCESS(in, NULL);
        *e += energy(in);
    }
    return true;
}

static bool chk_reset_reactivate(ctx_t *c)
{
    rng_t r;
    rng_seed(&r, c->seed);
    double e0, e1, eloud = 0, e2, e3;
    {
        NEW(fresh);
        ACTIVATE(fresh, 48000, 1, 512);
        START(fresh);
        if (!silence_energy(c, fresh, 3, &e0)) return false;
        inst_free(fresh);
    }
    NEW(in);
    ACTIVATE(in, 48000, 1, 512);
    START(in);
    for (int b = 0; b < 94; b++) {
        blk_begin(in, 512, false);
        blk_fill(in, FILL_NOISE, &r);
        PROCESS(in, NULL);
        eloud += energy(in);
    }
    inst_reset(in);
    if (!silence_energy(c, in, 3, &e1)) return false;
    REQUIRE(e1 <= 2 * e0 + 1e-4 * eloud, "after reset, 3 s of silence gave energy %g (a fresh instance: %g; before reset: %g) — reset did not clear the signal state",
            e1, e0, eloud);
    /* reset while processing, twice in a row, then keep going */
    inst_reset(in);
    inst_reset(in);
    if (!blocks(c, in, 20, 0, FILL_NOISE, true, &r)) return false;
    /* re-activation at another rate starts clean too */
    inst_deactivate(in);
    ACTIVATE(in, 96000, 1, 512);
    START(in);
    for (int b = 0; b < 94; b++) {
        blk_begin(in, 512, false);
        blk_fill(in, FILL_NOISE, &r);
        PROCESS(in, NULL);
    }
    inst_deactivate(in);
    ACTIVATE(in, 48000, 1, 512);
    START(in);
    if (!silence_energy(c, in, 3, &e2)) return false;
    REQUIRE(e2 <= 2 * e0 + 1e-4 * eloud, "after deactivate/activate, silence gave energy %g (fresh: %g)", e2, e0);
    /* reset while active but not processing */
    inst_stop(in);
    inst_reset(in);
    START(in);
    if (!silence_energy(c, in, 0.5, &e3)) return false;
    NOTE("silence energy: fresh %.3g, after reset %.3g, after re-activation %.3g", e0, e1, e2);
    inst_free(in);
    return true;
}


static bool chk_tail_decay(ctx_t *c)
{
    NEW(in);
    if (!in->tail) {
        NOTE("no clap.tail extension");
        inst_free(in);
        return true;
    }
    rng_t r;
    rng_seed(&r, c->seed);
    int checked = 0, infinite = 0, longer = 0, tail_moves = 0, tail_told = 0, prev_changes = 0;
    uint32_t prev_tail = 0;
    double worst = 0;
    for (int k = 0; k < 8; k++) {
        ACTIVATE(in, 48000, 1, 512);
        START(in);
        for (int b = 0; b < 94; b++) { /* ~1 s of noise, new values at its start */
            blk_begin(in, 512, false);
            blk_fill(in, FILL_NOISE, &r);
            if (b == 0 && k > 0) random_params(in, &r, 0, NULL);
            PROCESS(in, NULL);
        }
        uint32_t tail = in->tail->get(in->p);
        if (k > 0 && tail != prev_tail) {
            tail_moves++;
            if (atomic_load(&in->hc->tail_changes) > prev_changes) tail_told++;
        }
        prev_tail = tail;
        prev_changes = atomic_load(&in->hc->tail_changes);
        if (tail >= (uint32_t)INT32_MAX) {
            infinite++;
        } else if (tail > 30 * 48000) {
            longer++;
        } else {
            /* after the input goes silent the output must fall below -80 dBFS within the tail */
            uint64_t limit = (uint64_t)tail + 48000, n = 0, last_loud = 0;
            while (n < limit) {
                blk_begin(in, 512, false);
                blk_fill(in, FILL_SILENCE, &r);
                PROCESS(in, NULL);
                for (uint32_t p = 0; p < in->nout; p++)
                    for (uint32_t ch = 0; ch < in->outch[p]; ch++)
                        for (uint32_t i = 0; i < 512; i++)
                            if (fabsf(in->out[p][ch][i]) > 1e-4f && n + i + 1 > last_loud) last_loud = n + i + 1;
                n += 512;
            }
            REQUIRE(last_loud <= (uint64_t)tail + 512,
                    "set %d: the output is still above -80 dBFS %.3f s after the input went silent, but tail.get() said %u samples (%.3f s)",
                    k, last_loud / 48000.0, tail, tail / 48000.0);
            if (tail && (double)last_loud / tail > worst) worst = (double)last_loud / tail;
            checked++;
        }
        inst_deactivate(in);
    }
    NOTE("%d parameter sets decayed within their tail (longest decay %.0f %% of it), %d infinite, %d over 30 s skipped; "
         "host tail.changed called for %d of %d tail changes",
         checked, worst * 100, infinite, longer, tail_told, tail_moves);
    inst_free(in);
    return true;
}

static bool chk_activate_cycles(ctx_t *c)
{
    static const double rates[] = {44100, 48000, 88200, 96000, 22050, 192000, 8000, 32000, 176400};
    static const uint32_t maxes[] = {64, 128, 256, 512, 1024, 2048, 4096, 37, 1, 16384, 300};
    NEW(in);
    rng_t r;
    rng_seed(&r, c->seed);
    double t0 = now_ms();
    for (int k = 0; k < 1000; k++) {
        double rate = rates[k % 9];
        uint32_t m = maxes[k % 11];
        REQUIRE(inst_activate(in, rate, 1, m), "cycle %d: activate(%g, 1, %u) returned false", k, rate, m);
        if (k % 4 != 3) {
            START(in);
            for (int b = 0; b < 2; b++) {
                blk_begin(in, 1 + rng_below(&r, m), (k + b) & 1);
                blk_fill(in, FILL_NOISE, &r);
                if (b == 0 && k % 5 == 0) random_params(in, &r, 0, NULL);
                if (!blk_process(in, NULL, c->why, sizeof c->why)) FAIL("cycle %d (rate %g, max %u): %s", k, rate, m, c->why);
            }
            inst_stop(in);
        }
        inst_deactivate(in);
    }
    NOTE("1000 cycles in %.1f s", (now_ms() - t0) / 1000);
    inst_free(in);
    return true;
}

/* ---------------------------------------------------------------- params in process */

static bool compare_outputs(ctx_t *c, inst_t *a, inst_t *b, const char *what, double *maxdiff)
{
    for (uint32_t p = 0; p < a->nout; p++)
        for (uint32_t ch = 0; ch < a->outch[p]; ch++)
            for (uint32_t i = 0; i < a->frames; i++) {
                double d = fabs((double)a->out[p][ch][i] - b->out[p][ch][i]);
                if (d > *maxdiff) *maxdiff = d;
                REQUIRE(d <= 1e-6, "%s: outputs differ at port %u channel %u frame %u (%g vs %g)", what, p, ch, i,
                        (double)a->out[p][ch][i], (double)b->out[p][ch][i]);
            }
    return true;
}


/* chk_constant_mask_honest: the input constant_mask is a hint; a plugin may take a shortcut with
 * it but must give the same output as without it (constant is not the same as silent). */
static bool chk_constant_mask_honest(ctx_t *c)
{
    NEW(a);
    NEW(b);
    ACTIVATE(a, 48000, 1, 512);
    ACTIVATE(b, 48000, 1, 512);
    START(a);
    START(b);
    rng_t ra, rb;
    rng_seed(&ra, c->seed);
    rng_seed(&rb, c->seed);
    static const enum fill seq[] = {FILL_DC, FILL_SILENCE, FILL_MUSIC, FILL_DC, FILL_SILENCE, FILL_DC, FILL_MUSIC, FILL_SILENCE};
    double maxdiff = 0;
    for (int b_ = 0; b_ < 320; b_++) {
        enum fill k = seq[(b_ / 40) % 8];
        blk_begin(a, 512, false);
        blk_begin(b, 512, false);
        blk_fill(a, k, &ra);
        blk_fill(b, k, &rb);
        for (uint32_t p = 0; p < b->nin; p++) b->in_const[p] = 0; /* b: same audio, no hint */
        PROCESS(a, NULL);
        PROCESS(b, NULL);
        char what[96];
        snprintf(what, sizeof what, "block %d (%s input, constant_mask set on one instance only)", b_,
                 k == FILL_DC ? "DC" : k == FILL_SILENCE ? "silent" : "music");
        if (!compare_outputs(c, a, b, what, &maxdiff)) return false;
    }
    inst_free(a);
    inst_free(b);
    return true;
}

static bool chk_flush_vs_events(ctx_t *c)
{
    NEW(a);
    NEW(b);
    REQUIRE(a->params, "no clap.params extension");
    rng_t r;
    rng_seed(&r, c->seed);
    double *sent = calloc(a->np + 1, sizeof(double));
    double maxdiff = 0;
    for (int set = 0; set < 10; set++) {
        /* a: values through params.flush (inactive on set 0: main thread; else active: audio thread) */
        a->evn = a->evlen = 0;
        for (uint32_t i = 0; i < a->np; i++)
            if (writable(&a->pi[i])) {
                sent[i] = param_random(&a->pi[i], &r);
                ev_param(a, 0, a->pi[i].id, sent[i], NULL, CLAP_CORE_EVENT_SPACE_ID);
            }
        if (set == 0) {
            inst_flush(a);
            ACTIVATE(a, 48000, 1, 512);
            ACTIVATE(b, 48000, 1, 512);
            START(b);
        } else {
            if (a->processing) inst_stop(a);
            inst_flush(a);
        }
        /* b: the same values as events at time 0 of a block */
        blk_begin(b, 64, false);
        blk_fill(b, FILL_SILENCE, &r);
        for (uint32_t i = 0; i < b->np; i++)
            if (writable(&b->pi[i])) ev_param(b, 0, b->pi[i].id, sent[i], NULL, CLAP_CORE_EVENT_SPACE_ID);
        PROCESS(b, NULL);
        for (uint32_t i = 0; i < a->np; i++) {
            double va, vb;
            REQUIRE(param_get(a, a->pi[i].id, &va) && param_get(b, b->pi[i].id, &vb), "get_value failed");
            REQUIRE(va == vb, "set %d: param %u (%s) is %.9g after flush but %.9g after process events (sent %.9g)", set,
                    a->pi[i].id, a->pi[i].name, va, vb, sent[i]);
        }
        if (a->state && b->state) {
            uint8_t *sa, *sb;
            size_t la, lb;
            REQUIRE(state_save(a, &sa, &la, 0, 1) && state_save(b, &sb, &lb, 0, 1), "state save returned false");
            REQUIRE(la == lb && !memcmp(sa, sb, la), "set %d: the saved state after flush differs from the one after process events", set);
            free(sa);
            free(sb);
        }
        /* same input → same audio, from a cleared signal state; a also runs one silent
         * block so both hosts' steady_time and input phase match */
        if (!a->processing) START(a);
        blk_begin(a, 64, false);
        blk_fill(a, FILL_SILENCE, &r);
        PROCESS(a, NULL);
        inst_reset(a);
        inst_reset(b);
        rng_t ra, rb;
        rng_seed(&ra, c->seed + 100 + set);
        rng_seed(&rb, c->seed + 100 + set);
        for (int k = 0; k < 30; k++) {
            blk_begin(a, 512, false);
            blk_begin(b, 512, false);
            blk_fill(a, FILL_MUSIC, &ra);
            blk_fill(b, FILL_MUSIC, &rb);
            PROCESS(a, NULL);
            PROCESS(b, NULL);
            char what[64];
            snprintf(what, sizeof what, "set %d block %d (flush vs events)", set, k);
            if (!compare_outputs(c, a, b, what, &maxdiff)) return false;
        }
    }
    NOTE("10 random sets: identical values and audio (max diff %g)", maxdiff);
    inst_free(a);
    inst_free(b);
    return true;
}

static bool chk_cookies(ctx_t *c)
{
    NEW(in);
    rng_t r;
    rng_seed(&r, c->seed);
    ACTIVATE(in, 48000, 1, 512);
    START(in);
    double *sent = calloc(in->np + 1, sizeof(double));
    int with_cookie = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < 10; k++) {
            blk_begin(in, 512, false);
            blk_fill(in, FILL_NOISE, &r);
            for (uint32_t i = 0; i < in->np; i++)
                if (writable(&in->pi[i])) {
                    sent[i] = param_random(&in->pi[i], &r);
                    void *cookie = pass ? in->pi[i].cookie : NULL;
                    with_cookie += cookie != NULL;
                    ev_param(in, rng_below(&r, 512), in->pi[i].id, sent[i], cookie, CLAP_CORE_EVENT_SPACE_ID);
                    ev_mod(in, rng_below(&r, 512), in->pi[i].id, 0, cookie);
                }
            PROCESS(in, NULL);
            if (!values_match(c, in, sent, pass ? "with the plugin's cookies" : "with NULL cookies")) return false;
        }
    }
    NOTE("%s", with_cookie ? "NULL and the plugin's cookies both work" : "the plugin's cookies are all NULL");
    inst_free(in);
    return true;
}

static bool chk_wrong_space(ctx_t *c)
{
    NEW(in);
    rng_t r;
    rng_seed(&r, c->seed);
    ACTIVATE(in, 48000, 1, 512);
    START(in);
    double *before = calloc(in->np + 1, sizeof(double));
    for (uint32_t i = 0; i < in->np; i++) param_get(in, in->pi[i].id, &before[i]);
    for (int k = 0; k < 20; k++) {
        blk_begin(in, 512, false);
        blk_fill(in, FILL_NOISE, &r);
        for (uint32_t i = 0; i < in->np; i++) {
            const clap_param_info_t *p = &in->pi[i];
            double other = before[i] == p->max_value ? p->min_value : p->max_value;
            ev_param(in, rng_below(&r, 512), p->id, other, NULL, (uint16_t)(1 + rng_below(&r, 0xFFFE)));
        }
        /* an unknown core event type and a foreign-space event of a weird size */
        uint8_t raw[64];
        memset(raw, 0xEE, sizeof raw);
        clap_event_header_t *h = (clap_event_header_t *)raw;
        *h = (clap_event_header_t){.size = 48, .time = 0, .space_id = CLAP_CORE_EVENT_SPACE_ID, .type = 200, .flags = 0};
        ev_raw(in, h);
        *h = (clap_event_header_t){.size = 64, .time = 1, .space_id = 0x1234, .type = CLAP_EVENT_PARAM_VALUE, .flags = 0};
        ev_raw(in, h);
        PROCESS(in, NULL);
    }
    if (!values_match(c, in, before, "after events with a foreign space_id")) return false;
    /* and through flush */
    inst_stop(in);
    in->evn = in->evlen = 0;
    for (uint32_t i = 0; i < in->np; i++) {
        const clap_param_info_t *p = &in->pi[i];
        ev_param(in, 0, p->id, before[i] == p->max_value ? p->min_value : p->max_value, NULL, 0x4242);
    }
    inst_flush(in);
    if (!values_match(c, in, before, "after flush with a foreign space_id")) return false;
    inst_free(in);
    return true;
}

static bool chk_random_sets(ctx_t *c)
{
    NEW(in);
    rng_t r;
    rng_seed(&r, c->seed);
    ACTIVATE(in, 48000, 1, 512);
    double *sent = calloc(in->np + 1, sizeof(double));
    for (uint32_t i = 0; i < in->np; i++) sent[i] = in->pi[i].default_value;
    for (int set = 0; set < 50; set++) {
        if (set % 5 == 4) {
            /* every fifth set through flush while not processing */
            if (in->processing) inst_stop(in);
            in->evn = in->evlen = 0;
            random_params(in, &r, 0, sent);
            inst_flush(in);
            if (!values_match(c, in, sent, "after flush")) return false;
            continue;
        }
        if (!in->processing) START(in);
        blk_begin(in, 512, set & 1);
        blk_fill(in, FILL_MUSIC, &r);
        for (uint32_t i = 0; i < in->np; i++)
            if (writable(&in->pi[i])) {
                int n = 1 + (int)rng_below(&r, 3);
                for (int k = 0; k < n; k++) {
                    sent[i] = param_random(&in->pi[i], &r);
                    ev_param(in, (uint32_t)(k * 170 + rng_below(&r, 170)), in->pi[i].id, sent[i], NULL, CLAP_CORE_EVENT_SPACE_ID);
                }
            }
        PROCESS(in, NULL);
        char when[64];
        snprintf(when, sizeof when, "set %d, after process", set);
        if (!values_match(c, in, sent, when)) return false;
        if (!blocks(c, in, 4, 0, FILL_MUSIC, false, &r)) return false;
    }
    inst_free(in);
    return true;
}

static bool chk_min_max(ctx_t *c)
{
    NEW(in);
    rng_t r;
    rng_seed(&r, c->seed);
    ACTIVATE(in, 48000, 1, 512);
    START(in);
    for (int mode = 0; mode < 22; mode++) {
        blk_begin(in, 512, false);
        blk_fill(in, FILL_NOISE, &r);
        for (uint32_t i = 0; i < in->np; i++) {
            const clap_param_info_t *p = &in->pi[i];
            if (!writable(p)) continue;
            double v = mode == 0 ? p->min_value : mode == 1 ? p->max_value : (rng_below(&r, 2) ? p->max_value : p->min_value);
            ev_param(in, 0, p->id, v, NULL, CLAP_CORE_EVENT_SPACE_ID);
        }
        PROCESS(in, NULL);
        uint32_t n = mode < 2 ? 400 : 40; /* ~4 s at the extremes: feedback at max must stay finite */
        for (uint32_t b = 0; b < n; b++) {
            blk_begin(in, 512, b & 1);
            blk_fill(in, b % 50 == 49 ? FILL_EXTREME : FILL_NOISE, &r);
            PROCESS(in, NULL);
        }
    }
    inst_free(in);
    return true;
}

static bool chk_sample_accurate(ctx_t *c)
{
    NEW(in);
    rng_t r;
    rng_seed(&r, c->seed);
    ACTIVATE(in, 48000, 1, 4096);
    START(in);
    double *sent = calloc(in->np + 1, sizeof(double));
    for (uint32_t i = 0; i < in->np; i++) param_get(in, in->pi[i].id, &sent[i]);
    static const uint32_t steps[] = {10, 100, 1000};
    for (int s = 0; s < 3; s++) {
        uint32_t step = steps[s];
        uint64_t pos = 0;
        for (int b = 0; b < 12; b++) {
            uint32_t f = b % 3 == 2 ? 1 + rng_below(&r, 4096) : 4096;
            blk_begin(in, f, b & 1);
            blk_fill(in, FILL_MUSIC, &r);
            for (uint32_t t = 0; t < f; t++)
                if ((pos + t) % step == 0 && in->np) {
                    uint32_t i = rng_below(&r, in->np);
                    if (!writable(&in->pi[i])) continue;
                    sent[i] = param_random(&in->pi[i], &r);
                    ev_param(in, t, in->pi[i].id, sent[i], NULL, CLAP_CORE_EVENT_SPACE_ID);
                }
            pos += f;
            PROCESS(in, NULL);
        }
        char when[64];
        snprintf(when, sizeof when, "changes every %u samples", step);
        if (!values_match(c, in, sent, when)) return false;
    }
    inst_free(in);
    return true;
}


/* split_run processes a fixed input and event schedule with the given block sizes (0 = random
 * 1..512, else fixed) and records the output of port 0. */
typedef struct sched_ev {
    uint32_t at;
    clap_id id;
    double v;
} sched_ev_t;

static bool split_run(ctx_t *c, uint32_t fixed, uint64_t seed, const float *src, uint32_t total, const sched_ev_t *ev, uint32_t nev,
                      const sched_ev_t *preset, uint32_t npreset, float *out)
{
    NEW(in);
    ACTIVATE(in, 48000, 1, 512);
    START(in);
    rng_t r;
    rng_seed(&r, seed);
    uint32_t pos = 0, e = 0;
    uint32_t ich = in->nin ? in->inch[0] : 0, och = in->nout ? in->outch[0] : 0;
    while (pos < total) {
        uint32_t f = fixed ? fixed : 1 + rng_below(&r, 512);
        if (f > total - pos) f = total - pos;
        blk_begin(in, f, false);
        for (uint32_t ch = 0; ch < ich; ch++) memcpy(in->in[0][ch], src + (size_t)(ch & 1) * total + pos, f * 4);
        for (uint32_t k = 0; pos == 0 && k < npreset; k++) ev_param(in, 0, preset[k].id, preset[k].v, NULL, CLAP_CORE_EVENT_SPACE_ID);
        while (e < nev && ev[e].at < pos + f) {
            ev_param(in, ev[e].at - pos, ev[e].id, ev[e].v, NULL, CLAP_CORE_EVENT_SPACE_ID);
            e++;
        }
        PROCESS(in, NULL);
        for (uint32_t ch = 0; ch < och && ch < 2; ch++) memcpy(out + (size_t)ch * total + pos, in->out[0][ch], f * 4);
        pos += f;
    }
    inst_free(in);
    return true;
}

static double max_diff(const float *a, const float *b, size_t n, uint32_t *first)
{
    double m = 0;
    *first = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        double d = fabs((double)a[i] - b[i]);
        if (d > m) m = d;
        if (d > 0 && *first == UINT32_MAX) *first = (uint32_t)i;
    }
    return m;
}

/* chk_block_split: the same audio and events cut into different blocks must give the same
 * output. First without events: is the plugin block-size invariant at all (with the --hold
 * params set)? If not, the check only notes it. Then parameter events for the other params at
 * random samples: a plugin that applies events at their sample offset gives the same output
 * wherever the block cuts fall. */
static bool chk_block_split(ctx_t *c)
{
    const uint32_t total = 48000 * 2;
    const size_t n = (size_t)total * 2;
    float *src = malloc(n * 4), *a = calloc(n, 4), *b = calloc(n, 4);
    rng_t r;
    rng_seed(&r, c->seed);
    for (uint32_t i = 0; i < total; i++) {
        double t = i / 48000.0;
        src[i] = (float)(0.4 * sin(2 * M_PI * 220 * t) * (0.5 + 0.5 * sin(2 * M_PI * 1.5 * t)) + 0.05 * rng_range(&r, -1, 1));
        src[total + i] = (float)(0.4 * sin(2 * M_PI * 330 * t) + 0.05 * rng_range(&r, -1, 1));
    }
    NEW(probe);
    uint32_t np = probe->np;
    clap_param_info_t *pi = calloc(np + 1, sizeof *pi);
    memcpy(pi, probe->pi, np * sizeof *pi);
    inst_free(probe);
    sched_ev_t *held = calloc(np + 1, sizeof *held);
    bool *is_held = calloc(np + 1, sizeof *is_held);
    uint32_t nheld = 0, first;
    /* --hold id=value,...: params set at sample 0 of both runs and left alone by the events */
    if (g_hold) {
        char buf[1024];
        snprintf(buf, sizeof buf, "%s", g_hold);
        for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
            unsigned id;
            double v;
            REQUIRE(sscanf(t, "%u=%lf", &id, &v) == 2, "--hold wants id=value[,id=value]: \"%s\"", t);
            for (uint32_t i = 0; i < np; i++)
                if (pi[i].id == id && !is_held[i]) {
                    is_held[i] = true;
                    held[nheld++] = (sched_ev_t){0, id, v};
                }
        }
    }
    if (!split_run(c, 256, 1, src, total, NULL, 0, held, nheld, a) || !split_run(c, 0, c->seed, src, total, NULL, 0, held, nheld, b))
        return false;
    double base = max_diff(a, b, n, &first), noise0 = base;
    char heldnames[512] = "";
    for (uint32_t i = 0, used = 0; i < np; i++)
        if (is_held[i]) {
            int w = snprintf(heldnames + used, sizeof heldnames - used, "%s%s", used ? ", " : "", pi[i].name);
            if (w > 0 && used + (uint32_t)w < sizeof heldnames) used += (uint32_t)w;
        }
    if (base > 1e-4) {
        NOTE("output depends on the block size even without events (max difference %.3g from sample %u%s%s): sample accuracy "
             "not checkable; --hold id=value,... can set the params that cause it",
             noise0, first % total, nheld ? ", holding " : "", heldnames);
        return true;
    }
    /* events: one random free param every ~1000 samples, at random samples */
    sched_ev_t *ev = calloc(total / 200 + 1, sizeof *ev);
    uint32_t nev = 0;
    for (uint32_t at = 100; at < total && np; at += 200 + rng_below(&r, 1600)) {
        uint32_t i = rng_below(&r, np);
        if ((pi[i].flags & (CLAP_PARAM_IS_READONLY | CLAP_PARAM_IS_BYPASS)) || is_held[i]) continue;
        ev[nev++] = (sched_ev_t){at, pi[i].id, param_random(&pi[i], &r)};
    }
    for (int round = 0; round < 3; round++) {
        if (!split_run(c, 256, 1, src, total, ev, nev, held, nheld, a) ||
            !split_run(c, 0, c->seed + (uint64_t)round, src, total, ev, nev, held, nheld, b))
            return false;
        for (uint32_t i = 0; i < n; i++) {
            if (fabs((double)a[i] - b[i]) > 10 * base + 1e-6) {
                uint32_t at = i % total, k = 0;
                while (k + 1 < nev && ev[k + 1].at <= at) k++;
                FAIL("with parameter events, the output depends on where blocks are cut: first difference at sample %u "
                     "(channel %u: %g vs %g), %u samples after the event for param %u at sample %u — events are not "
                     "applied at their sample offset%s%s",
                     at, i / total, (double)a[i], (double)b[i], at - ev[k].at, ev[k].id, ev[k].at, nheld ? "; held at minimum: " : "",
                     heldnames);
            }
        }
    }
    if (nheld)
        NOTE("holding %s: %u events at random samples give the same output for 3 block cuttings", heldnames, nev);
    else
        NOTE("%u events at random samples: the same output for 3 different block cuttings", nev);
    return true;
}

static bool chk_modulation(ctx_t *c)
{
    NEW(in);
    rng_t r;
    rng_seed(&r, c->seed);
    ACTIVATE(in, 48000, 1, 512);
    START(in);
    double *base = calloc(in->np + 1, sizeof(double));
    for (uint32_t i = 0; i < in->np; i++) param_get(in, in->pi[i].id, &base[i]);
    int modulatable = 0;
    for (uint32_t i = 0; i < in->np; i++) modulatable += (in->pi[i].flags & CLAP_PARAM_IS_MODULATABLE) != 0;
    for (int b = 0; b < 400; b++) {
        blk_begin(in, 1 + rng_below(&r, 512), b & 1);
        blk_fill(in, FILL_MUSIC, &r);
        int n = (int)rng_below(&r, 8);
        for (int k = 0; k < n && in->np; k++) {
            const clap_param_info_t *p = &in->pi[rng_below(&r, in->np)];
            double range = p->max_value - p->min_value;
            double amount = rng_below(&r, 10) == 0 ? (rng_below(&r, 2) ? 1e9 : -1e9) : rng_range(&r, -2 * range, 2 * range);
            if (b % 50 == 49) amount = 0;
            ev_mod(in, rng_below(&r, in->frames), p->id, amount, NULL);
        }
        PROCESS(in, NULL);
    }
    if (!values_match(c, in, base, "after modulation (modulation must not change the base value)")) return false;
    NOTE("%d modulatable params", modulatable);
    inst_free(in);
    return true;
}

/* ---------------------------------------------------------------- state */

static bool need_state(ctx_t *c, inst_t *in)
{
    REQUIRE(in->state, "no clap.state extension");
    return true;
}

static bool chk_state_empty(ctx_t *c)
{
    NEW(in);
    if (!need_state(c, in)) return false;
    uint8_t dummy = 0;
    REQUIRE(!state_load(in, &dummy, 0, 0, 1), "loading an empty stream returned true");
    inst_free(in);
    return true;
}

static bool params_in_range(ctx_t *c, inst_t *in, const char *when)
{
    for (uint32_t i = 0; i < in->np; i++) {
        double v;
        REQUIRE(param_get(in, in->pi[i].id, &v), "get_value failed %s", when);
        REQUIRE(isfinite(v) && v >= in->pi[i].min_value && v <= in->pi[i].max_value, "%s: param %u (%s) = %g is outside [%g, %g]",
                when, in->pi[i].id, in->pi[i].name, v, in->pi[i].min_value, in->pi[i].max_value);
    }
    return true;
}

static bool chk_state_garbage(ctx_t *c)
{
    NEW(in);
    if (!need_state(c, in)) return false;
    rng_t r;
    rng_seed(&r, c->seed);
    size_t n = 1 << 20;
    uint8_t *junk = malloc(n);
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; i < n; i++) junk[i] = (uint8_t)rng_u64(&r);
        REQUIRE(!state_load(in, junk, n, k == 2 ? 4096 : 0, k), "loading 1 MB of random bytes (%d) returned true", k);
        if (!params_in_range(c, in, "after a garbage load")) return false;
    }
    /* truncated and bit-flipped copies of a real state: no crash, sane values */
    uint8_t *s;
    size_t len;
    REQUIRE(state_save(in, &s, &len, 0, 1), "save returned false");
    for (size_t cut = 0; cut < len && cut < 512; cut += (len > 128 ? len / 64 + 1 : 1)) {
        state_load(in, s, cut, 0, 1);
        if (!params_in_range(c, in, "after loading a truncated state")) return false;
    }
    uint8_t *m = malloc(len + 1);
    for (int k = 0; k < 200; k++) {
        memcpy(m, s, len);
        for (int f = 0; f < 1 + (int)rng_below(&r, 4); f++) m[rng_below(&r, (uint32_t)len)] ^= (uint8_t)(1u << rng_below(&r, 8));
        state_load(in, m, len, 0, 1);
        if (!params_in_range(c, in, "after loading a bit-flipped state")) return false;
    }
    inst_free(in);
    return true;
}

static void randomize_by_flush(inst_t *in, rng_t *r, double *sent)
{
    in->evn = in->evlen = 0;
    random_params(in, r, 0, sent);
    inst_flush(in);
}

static bool chk_state_roundtrip(ctx_t *c)
{
    NEW(a);
    if (!need_state(c, a)) return false;
    rng_t r;
    rng_seed(&r, c->seed);
    for (int k = 0; k < 10; k++) {
        double *vals = calloc(a->np + 1, sizeof(double));
        randomize_by_flush(a, &r, vals);
        for (uint32_t i = 0; i < a->np; i++) param_get(a, a->pi[i].id, &vals[i]);
        uint8_t *s1, *s2, *s3;
        size_t l1, l2, l3;
        REQUIRE(state_save(a, &s1, &l1, 0, 1), "save returned false");
        REQUIRE(state_save(a, &s3, &l3, 0, 1), "second save returned false");
        REQUIRE(l1 == l3 && !memcmp(s1, s3, l1), "two saves of the same instance differ (%zu vs %zu bytes)", l1, l3);
        NEW(b);
        atomic_store(&b->hc->rescans, 0);
        REQUIRE(state_load(b, s1, l1, 0, 1), "loading a saved state into a new instance returned false");
        if (!values_match(c, b, vals, "after save/new instance/load")) return false;
        REQUIRE(state_save(b, &s2, &l2, 0, 1), "re-save returned false");
        REQUIRE(l1 == l2 && !memcmp(s1, s2, l1), "re-saved state differs from the loaded one (%zu vs %zu bytes)", l1, l2);
        if (k == 0 && !atomic_load(&b->hc->rescans)) NOTE("the plugin did not call params.rescan after load");
        inst_free(b);
    }
    inst_free(a);
    return true;
}

static bool chk_state_short_io(ctx_t *c)
{
    NEW(a);
    if (!need_state(c, a)) return false;
    rng_t r;
    rng_seed(&r, c->seed);
    double *vals = calloc(a->np + 1, sizeof(double));
    randomize_by_flush(a, &r, vals);
    for (uint32_t i = 0; i < a->np; i++) param_get(a, a->pi[i].id, &vals[i]);
    uint8_t *s, *t;
    size_t l, lt;
    REQUIRE(state_save(a, &s, &l, 0, 1), "save returned false");
    for (uint32_t chunk = 1; chunk <= 7; chunk += 3) {
        REQUIRE(state_save(a, &t, &lt, chunk, chunk), "save into a stream taking 1..%u bytes per write returned false", chunk);
        REQUIRE(lt == l && !memcmp(s, t, l), "save into a stream taking 1..%u bytes per write gave different bytes", chunk);
        NEW(b);
        REQUIRE(state_load(b, s, l, chunk, chunk), "load from a stream giving 1..%u bytes per read returned false", chunk);
        if (!values_match(c, b, vals, "after a load with short reads")) return false;
        inst_free(b);
    }
    inst_free(a);
    return true;
}

typedef struct errstream {
    const uint8_t *data;
    size_t len, pos, fail_at;
} errstream_t;

static int64_t err_read(const clap_istream_t *s, void *b, uint64_t size)
{
    errstream_t *e = s->ctx;
    if (e->pos >= e->fail_at) return -1;
    uint64_t n = e->fail_at - e->pos;
    if (n > size) n = size;
    if (n > 3) n = 3;
    memcpy(b, e->data + e->pos, n);
    e->pos += n;
    return (int64_t)n;
}

static int64_t err_write(const clap_ostream_t *s, const void *b, uint64_t size)
{
    (void)b;
    errstream_t *e = s->ctx;
    if (e->pos >= e->fail_at) return -1;
    uint64_t n = e->fail_at - e->pos;
    if (n > size) n = size;
    if (n > 3) n = 3;
    e->pos += n;
    return (int64_t)n;
}

static bool chk_state_stream_errors(ctx_t *c)
{
    NEW(a);
    if (!need_state(c, a)) return false;
    rng_t r;
    rng_seed(&r, c->seed);
    uint8_t *s;
    size_t l;
    double *vals = calloc(a->np + 1, sizeof(double));
    randomize_by_flush(a, &r, vals);
    REQUIRE(state_save(a, &s, &l, 0, 1), "save returned false");
    NEW(b);
    double *before = calloc(b->np + 1, sizeof(double));
    for (uint32_t i = 0; i < b->np; i++) param_get(b, b->pi[i].id, &before[i]);
    for (size_t at = 0; at < l; at += (l > 64 ? l / 16 : 1)) {
        errstream_t e = {.data = s, .len = l, .fail_at = at};
        clap_istream_t is = {.ctx = &e, .read = err_read};
        REQUIRE(!b->state->load(b->p, &is), "load returned true although the stream failed after %zu of %zu bytes", at, l);
        host_pump(b);
        if (!values_match(c, b, before, "after a failed load (a failed load must change nothing)")) return false;
        errstream_t w = {.fail_at = at};
        clap_ostream_t os = {.ctx = &w, .write = err_write};
        REQUIRE(!a->state->save(a->p, &os), "save returned true although the stream failed after %zu bytes", at);
    }
    inst_free(a);
    inst_free(b);
    return true;
}

typedef struct loader {
    inst_t *in;
    const uint8_t *s;
    size_t l;
    bool ok;
} loader_t;

static bool chk_state_load_while_processing(ctx_t *c)
{
    NEW(a);
    if (!need_state(c, a)) return false;
    rng_t r;
    rng_seed(&r, c->seed);
    ACTIVATE(a, 48000, 1, 256);
    START(a);
    for (int k = 0; k < 20; k++) {
        NEW(src);
        double *vals = calloc(a->np + 1, sizeof(double));
        randomize_by_flush(src, &r, vals);
        for (uint32_t i = 0; i < src->np; i++) param_get(src, src->pi[i].id, &vals[i]);
        uint8_t *s;
        size_t l;
        REQUIRE(state_save(src, &s, &l, 0, 1), "save returned false");
        inst_free(src);
        /* the audio thread keeps processing while the main thread loads */
        REQUIRE(state_load(a, s, l, 5, k), "load while processing returned false");
        if (!blocks(c, a, 10, 0, FILL_MUSIC, k & 1, &r)) return false;
        if (!values_match(c, a, vals, "after a load while processing")) return false;
    }
    inst_free(a);
    return true;
}


typedef struct memstream {
    uint8_t *buf;
    size_t len, cap, pos;
} memstream_t;

static int64_t mem_write(const clap_ostream_t *s, const void *b, uint64_t size)
{
    memstream_t *m = s->ctx;
    if (size > 5) size = 5; /* short writes here too */
    if (m->len + size > m->cap) {
        m->cap = (m->len + size) * 2 + 64;
        m->buf = realloc(m->buf, m->cap);
    }
    memcpy(m->buf + m->len, b, size);
    m->len += size;
    return (int64_t)size;
}

static int64_t mem_read(const clap_istream_t *s, void *b, uint64_t size)
{
    memstream_t *m = s->ctx;
    uint64_t n = m->len - m->pos;
    if (n > size) n = size;
    if (n > 5) n = 5;
    memcpy(b, m->buf + m->pos, n);
    m->pos += n;
    return (int64_t)n;
}

static bool chk_state_context(ctx_t *c)
{
    NEW(a);
    const clap_plugin_state_context_t *sc = a->p->get_extension(a->p, CLAP_EXT_STATE_CONTEXT);
    if (!sc) {
        NOTE("no %s extension", CLAP_EXT_STATE_CONTEXT);
        inst_free(a);
        return true;
    }
    REQUIRE(a->state, "%s without clap.state", CLAP_EXT_STATE_CONTEXT);
    rng_t r;
    rng_seed(&r, c->seed);
    static const uint32_t types[] = {CLAP_STATE_CONTEXT_FOR_PRESET, CLAP_STATE_CONTEXT_FOR_DUPLICATE, CLAP_STATE_CONTEXT_FOR_PROJECT};
    for (int k = 0; k < 3; k++) {
        double *vals = calloc(a->np + 1, sizeof(double));
        randomize_by_flush(a, &r, vals);
        for (uint32_t i = 0; i < a->np; i++) param_get(a, a->pi[i].id, &vals[i]);
        memstream_t m = {0};
        clap_ostream_t os = {.ctx = &m, .write = mem_write};
        REQUIRE(sc->save(a->p, &os, types[k]), "state_context.save(type %u) returned false", types[k]);
        NEW(b);
        clap_istream_t is = {.ctx = &m, .read = mem_read};
        REQUIRE(sc->load(b->p, &is, types[k]), "state_context.load(type %u) returned false", types[k]);
        host_pump(b);
        if (!values_match(c, b, vals, "after a state-context save/load")) return false;
        NEW(d);
        REQUIRE(state_load(d, m.buf, m.len, 0, 1), "clap.state load of a state-context save (type %u) returned false", types[k]);
        if (!values_match(c, d, vals, "after loading a state-context save through clap.state")) return false;
        memstream_t e = {0};
        clap_istream_t empty = {.ctx = &e, .read = mem_read};
        REQUIRE(!sc->load(d->p, &empty, types[k]), "state_context.load of an empty stream returned true");
        inst_free(b);
        inst_free(d);
        free(m.buf);
    }
    inst_free(a);
    return true;
}

/* ---------------------------------------------------------------- transport */

static bool chk_transport(ctx_t *c, int mode)
{
    NEW(in);
    rng_t r;
    rng_seed(&r, c->seed);
    ACTIVATE(in, 48000, 1, 1024);
    START(in);
    clap_event_transport_t t;
    for (int b = 0; b < 600; b++) {
        blk_begin(in, 1 + rng_below(&r, 1024), b & 1);
        blk_fill(in, FILL_MUSIC, &r);
        if (b % 60 == 0) random_params(in, &r, 0, NULL);
        random_transport(&r, &t);
        if (mode == 2) {
            int n = 1 + (int)rng_below(&r, 3);
            for (int k = 0; k < n; k++) {
                clap_event_transport_t e;
                random_transport(&r, &e);
                ev_transport(in, rng_below(&r, in->frames), &e);
            }
        }
        PROCESS(in, mode == 0 ? NULL : &t);
    }
    inst_free(in);
    return true;
}
static bool chk_transport_null(ctx_t *c) { return chk_transport(c, 0); }
static bool chk_transport_random(ctx_t *c) { return chk_transport(c, 1); }
static bool chk_transport_events(ctx_t *c) { return chk_transport(c, 2); }

/* ---------------------------------------------------------------- many instances, threads */

#define NTHREADS 16
#define TBLOCKS 150
#define TFRAMES 256

typedef struct trun {
    ctx_t *c;
    inst_t *in;
    uint64_t seed;
    float *out; /* TBLOCKS * TFRAMES * 2, or NULL */
    int nblocks; /* 0 = TBLOCKS */
    atomic_int done;
    bool ok;
    char why[512];
} trun_t;

static void trun_job(void *arg)
{
    trun_t *t = arg;
    rng_t r;
    rng_seed(&r, t->seed);
    t->ok = true;
    int nb = t->nblocks ? t->nblocks : TBLOCKS;
    for (int b = 0; b < nb; b++) {
        blk_begin(t->in, TFRAMES, false);
        blk_fill(t->in, FILL_MUSIC, &r);
        if (b % 10 == 0) random_params(t->in, &r, rng_below(&r, TFRAMES), NULL);
        clap_event_transport_t tr;
        random_transport(&r, &tr);
        if (!blk_process(t->in, &tr, t->why, sizeof t->why)) {
            t->ok = false;
            break;
        }
        for (uint32_t ch = 0; t->out && ch < 2 && t->in->nout && ch < t->in->outch[0]; ch++)
            memcpy(t->out + ((size_t)b * 2 + ch) * TFRAMES, t->in->out[0][ch], TFRAMES * 4);
    }
}


/* chk_many_instances: a big project: 64 live instances, twice (slots are reused). */
static bool chk_many_instances(ctx_t *c)
{
    enum { N = 64 };
    rng_t r;
    rng_seed(&r, c->seed);
    for (int round = 0; round < 2; round++) {
        inst_t *in[N];
        for (int k = 0; k < N; k++) {
            in[k] = inst_new(&c->lib, c->id, c->why, sizeof c->why);
            REQUIRE(in[k], "round %d, instance %d: %s", round, k, c->why);
            ACTIVATE(in[k], 48000, 1, 256);
            START(in[k]);
        }
        for (int b = 0; b < 5; b++)
            for (int k = 0; k < N; k++)
                if (!blocks(c, in[k], 1, 256, FILL_MUSIC, b & 1, &r)) return false;
        /* destroy in a scrambled order */
        for (int k = 0; k < N; k++) inst_free(in[(k * 37) % N]);
    }
    NOTE("%d instances alive at once, twice", N);
    return true;
}

static bool run_serial(ctx_t *c, uint64_t seed, float *out)
{
    NEW(in);
    ACTIVATE(in, 48000, 1, TFRAMES);
    START(in);
    trun_t t = {.c = c, .in = in, .seed = seed, .out = out};
    worker_run(&in->audio, trun_job, &t);
    REQUIRE(t.ok, "serial run: %s", t.why);
    inst_free(in);
    return true;
}

static bool chk_instances_threads(ctx_t *c)
{
    size_t per = (size_t)TBLOCKS * TFRAMES * 2;
    trun_t t[NTHREADS];
    memset(t, 0, sizeof t);
    for (int k = 0; k < NTHREADS; k++) {
        inst_t *in = inst_new(&c->lib, c->id, c->why, sizeof c->why);
        if (!in) return false;
        ACTIVATE(in, 48000, 1, TFRAMES);
        START(in);
        t[k] = (trun_t){.c = c, .in = in, .seed = c->seed + (uint64_t)k, .out = calloc(per, sizeof(float))};
    }
    for (int k = 0; k < NTHREADS; k++) worker_post(&t[k].in->audio, trun_job, &t[k]);
    for (int k = 0; k < NTHREADS; k++) worker_wait(&t[k].in->audio);
    for (int k = 0; k < NTHREADS; k++) REQUIRE(t[k].ok, "instance %d (of %d running at once): %s", k, NTHREADS, t[k].why);
    /* determinism probe: two serial runs of one seed */
    float *r1 = calloc(per, sizeof(float)), *r2 = calloc(per, sizeof(float));
    if (!run_serial(c, c->seed, r1) || !run_serial(c, c->seed, r2)) return false;
    if (memcmp(r1, r2, per * sizeof(float))) {
        NOTE("output is not deterministic across fresh instances: concurrent-vs-serial comparison skipped");
    } else {
        for (int k = 0; k < NTHREADS; k++) {
            if (!run_serial(c, c->seed + (uint64_t)k, r1)) return false;
            for (size_t i = 0; i < per; i++)
                REQUIRE(r1[i] == t[k].out[i], "instance %d's output at block %zu differs when %d instances run at once (shared state?)",
                        k, i / (TFRAMES * 2), NTHREADS);
        }
        NOTE("16 concurrent instances match their serial runs bit for bit");
    }
    for (int k = 0; k < NTHREADS; k++) inst_free(t[k].in);
    return true;
}

static void trun_job_flag(void *arg)
{
    trun_t *t = arg;
    trun_job(arg);
    atomic_store(&t->done, 1);
}

/* chk_main_calls_during_processing: a DAW's main thread reads values, formats text, saves and
 * loads state while the audio thread processes with automation. */
static bool chk_main_calls_during_processing(ctx_t *c)
{
    NEW(in);
    ACTIVATE(in, 48000, 1, TFRAMES);
    START(in);
    trun_t t = {.c = c, .in = in, .seed = c->seed, .nblocks = 3000};
    worker_post(&in->audio, trun_job_flag, &t);
    long rounds = 0;
    char text[256];
    while (!atomic_load(&t.done)) {
        for (uint32_t i = 0; i < in->np; i++) {
            double v;
            REQUIRE(param_get(in, in->pi[i].id, &v), "get_value(%u) returned false while processing", in->pi[i].id);
            REQUIRE(isfinite(v) && v >= in->pi[i].min_value && v <= in->pi[i].max_value,
                    "get_value(%u) = %g while processing (outside [%g, %g])", in->pi[i].id, v, in->pi[i].min_value, in->pi[i].max_value);
            if (in->params->value_to_text) in->params->value_to_text(in->p, in->pi[i].id, v, text, sizeof text);
        }
        if (in->state && rounds % 4 == 0) {
            uint8_t *s;
            size_t l;
            REQUIRE(state_save(in, &s, &l, 0, 1), "state save while processing returned false");
            if (rounds % 8 == 0) REQUIRE(state_load(in, s, l, 0, 1), "state load of its own save while processing returned false");
            free(s);
        }
        if (in->tail) in->tail->get(in->p);
        if (in->latency) in->latency->get(in->p);
        rounds++;
    }
    worker_wait(&in->audio);
    REQUIRE(t.ok, "audio thread: %s", t.why);
    NOTE("%ld rounds of main-thread calls during 3000 blocks", rounds);
    inst_free(in);
    return true;
}

/* ---------------------------------------------------------------- allocations */

static bool chk_heap_allocs(ctx_t *c)
{
    NEW(in);
    const rill_plugin_debug_t *dbg = in->p->get_extension(in->p, RILL_EXT_DEBUG);
    if (!dbg || !dbg->heap_alloc_objects) {
        NOTE("no %s extension: allocations not checked", RILL_EXT_DEBUG);
        inst_free(in);
        return true;
    }
    rng_t r;
    rng_seed(&r, c->seed);
    ACTIVATE(in, 48000, 1, 64);
    START(in);
    clap_event_transport_t t;
    for (int phase = 0; phase < 2; phase++) {
        uint64_t o0 = dbg->heap_alloc_objects(in->p), b0 = dbg->heap_alloc_bytes ? dbg->heap_alloc_bytes(in->p) : 0;
        int n = phase ? 10000 : 1000;
        for (int b = 0; b < n; b++) {
            blk_begin(in, b % 7 == 6 ? 1 + rng_below(&r, 64) : 64, b & 1);
            blk_fill(in, b % 13 == 0 ? FILL_SILENCE : FILL_MUSIC, &r);
            if (b % 10 == 0) random_params(in, &r, rng_below(&r, in->frames), NULL);
            if (b % 17 == 0 && in->np) ev_mod(in, 0, in->pi[rng_below(&r, in->np)].id, rng_range(&r, -0.5, 0.5), NULL);
            random_transport(&r, &t);
            PROCESS(in, b % 3 ? &t : NULL);
        }
        uint64_t o1 = dbg->heap_alloc_objects(in->p), b1 = dbg->heap_alloc_bytes ? dbg->heap_alloc_bytes(in->p) : 0;
        if (phase == 1)
            REQUIRE(o1 == o0, "%llu heap objects (%llu bytes) allocated during 10,000 process calls after warm-up",
                    (unsigned long long)(o1 - o0), (unsigned long long)(b1 - b0));
    }
    NOTE("0 heap allocations in 10,000 process calls after warm-up");
    inst_free(in);
    return true;
}

/* ---------------------------------------------------------------- fuzz */

static bool chk_fuzz(ctx_t *c)
{
    NEW(in);
    rng_t r;
    rng_seed(&r, c->seed);
    static const double rates[] = {44100, 48000, 96000, 22050, 192000};
    static const uint32_t maxes[] = {64, 256, 512, 1024, 4096};
    ACTIVATE(in, 48000, 1, 1024);
    START(in);
    double end = now_ms() + c->fuzz_seconds * 1000;
    long n = 0;
    clap_event_transport_t t;
    while (now_ms() < end) {
        n++;
        uint32_t act = rng_below(&r, 1000);
        if (act < 20) {
            inst_reset(in);
        } else if (act < 30) {
            inst_stop(in);
            in->evn = in->evlen = 0;
            random_params(in, &r, 0, NULL);
            inst_flush(in);
            START(in);
        } else if (act < 35) {
            inst_deactivate(in);
            ACTIVATE(in, rates[rng_below(&r, 5)], 1, maxes[rng_below(&r, 5)]);
            START(in);
        } else if (act < 50) {
            in->steady_unknown = !in->steady_unknown;
        } else if (act < 60 && in->state) {
            uint8_t *s;
            size_t l;
            if (state_save(in, &s, &l, 0, 1)) state_load(in, s, l, 1 + rng_below(&r, 7), n);
            free(s);
        } else {
            blk_begin(in, 1 + rng_below(&r, in->maxf), rng_below(&r, 2));
            static const enum fill kinds[] = {FILL_NOISE, FILL_MUSIC, FILL_SILENCE, FILL_SINE, FILL_EXTREME, FILL_DENORMAL, FILL_MUSIC, FILL_MUSIC};
            blk_fill(in, kinds[rng_below(&r, 8)], &r);
            int ne = (int)rng_below(&r, 24);
            for (int k = 0; k < ne && in->np; k++) {
                const clap_param_info_t *p = &in->pi[rng_below(&r, in->np)];
                uint32_t when = rng_below(&r, in->frames);
                switch (rng_below(&r, 4)) {
                case 0: ev_mod(in, when, p->id, rng_range(&r, -1, 1) * (p->max_value - p->min_value), NULL); break;
                case 1: {
                    clap_event_transport_t e;
                    random_transport(&r, &e);
                    ev_transport(in, when, &e);
                    break;
                }
                default: ev_param(in, when, p->id, param_random(p, &r), NULL, CLAP_CORE_EVENT_SPACE_ID);
                }
            }
            random_transport(&r, &t);
            if (!blk_process(in, rng_below(&r, 3) ? &t : NULL, c->why, sizeof c->why))
                FAIL("fuzz step %ld (seed %llu): %s", n, (unsigned long long)c->seed, c->why);
        }
    }
    NOTE("%ld fuzz steps in %.0f s", n, c->fuzz_seconds);
    inst_free(in);
    return true;
}

/* ---------------------------------------------------------------- editor open/close */

/*
 * The gui checks open the plugin's editor for real, so they need an X server: without
 * DISPLAY (or without clap.gui) they end with a NOTE line instead of a silent PASS.
 * Leaks are measured on this check process: its descriptors, its mappings and its child
 * processes (an editor running in its own process is one of them).
 */

#define USAGE_FDS 256

typedef struct usage {
    int fds, maps, children;
    pid_t child;            /* one live child, 0 when none */
    int fd[USAGE_FDS];      /* the open descriptors (the first USAGE_FDS) */
    char fdto[USAGE_FDS][64]; /* what each one is (readlink), to name a leak */
} usage_t;

/* list_fds fills u's descriptor list (without the directory's own descriptor). */
static void list_fds(usage_t *u)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;
    if (d) {
        for (struct dirent *e; (e = readdir(d));) {
            if (e->d_name[0] == '.' || atoi(e->d_name) == dirfd(d)) continue;
            if (n < USAGE_FDS) {
                char path[300];
                u->fd[n] = atoi(e->d_name);
                snprintf(path, sizeof path, "/proc/self/fd/%s", e->d_name);
                ssize_t l = readlink(path, u->fdto[n], sizeof u->fdto[n] - 1);
                u->fdto[n][l > 0 ? l : 0] = 0;
            }
            n++;
        }
        closedir(d);
    }
    u->fds = d ? n : -1;
}

/* new_fds names the descriptors open in b but not in a (the same number to the same thing). */
static void new_fds(const usage_t *a, const usage_t *b, char *out, size_t outlen)
{
    size_t used = 0;
    out[0] = 0;
    for (int i = 0; i < b->fds && i < USAGE_FDS; i++) {
        bool old = false;
        for (int j = 0; j < a->fds && j < USAGE_FDS && !old; j++)
            old = a->fd[j] == b->fd[i] && !strcmp(a->fdto[j], b->fdto[i]);
        if (old) continue;
        int w = snprintf(out + used, outlen - used, "%s%d -> %s", used ? ", " : "", b->fd[i], b->fdto[i]);
        if (w < 0 || (size_t)w >= outlen - used) break;
        used += (size_t)w;
    }
}

static int count_maps(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f) return -1;
    int n = 0;
    for (int ch; (ch = getc(f)) != EOF;)
        if (ch == '\n') n++;
    fclose(f);
    return n;
}

/* count_children counts this process's live (not zombie) children; *one gets one of them. */
static int count_children(pid_t *one)
{
    DIR *d = opendir("/proc");
    if (!d) return -1;
    pid_t me = getpid();
    int n = 0;
    if (one) *one = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
        char path[300], buf[1024];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t len = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[len] = 0;
        char *rp = strrchr(buf, ')'); /* the command name may hold spaces and parentheses */
        char state;
        int ppid;
        if (!rp || sscanf(rp + 1, " %c %d", &state, &ppid) != 2) continue;
        if (ppid != me || state == 'Z') continue;
        n++;
        if (one) *one = (pid_t)atoi(e->d_name);
    }
    closedir(d);
    return n;
}

static void usage_now(usage_t *u)
{
    list_fds(u);
    u->maps = count_maps();
    u->children = count_children(&u->child);
}

/* pump_for answers the plugin's host callbacks and fires its timers for ms milliseconds. */
static void pump_for(inst_t *in, double ms)
{
    double end = now_ms() + ms;
    do {
        host_pump(in);
        struct timespec ts = {0, 2 * 1000 * 1000};
        nanosleep(&ts, NULL);
    } while (now_ms() < end);
}

/* wait_children waits (pumping the host) up to ms for this process's children to be gone:
 * closing an editor never waits for it, the plugin's reaper collects it a little later. */
static int wait_children(inst_t *in, double ms, pid_t *left)
{
    double end = now_ms() + ms;
    int n;
    while ((n = count_children(left)) > 0 && now_ms() < end) {
        if (in) host_pump(in);
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return n;
}

/*
 * Mappings may grow a little without a leak: the Go runtime maps heap arenas and span
 * metadata as it needs them, and threads it starts (and the plugin's reaper thread) get
 * stacks. A leak per cycle shows as at least one mapping per cycle (100 or 20), far over this.
 */
#define MAPS_TOLERANCE 16

/* gui_ready: the plugin's clap.gui, or a NOTE (SKIP) saying why the check cannot run. */
#define GUI_OR_SKIP(in, g)                                                      \
    const clap_plugin_gui_t *g = in->p->get_extension(in->p, CLAP_EXT_GUI);     \
    if (!g) {                                                                   \
        inst_free(in);                                                          \
        SKIP("no clap.gui extension");                                          \
    }                                                                           \
    if (!getenv("DISPLAY") || !*getenv("DISPLAY")) {                            \
        inst_free(in);                                                          \
        SKIP("no DISPLAY");                                                     \
    }

static bool leak_verdict(ctx_t *c, const char *when, const usage_t *a, const usage_t *b)
{
    if (b->fds > a->fds) {
        char extra[600];
        new_fds(a, b, extra, sizeof extra);
        FAIL("%s: %d file descriptors open, %d before (new: %s)", when, b->fds, a->fds, extra);
    }
    REQUIRE(b->maps <= a->maps + MAPS_TOLERANCE, "%s: %d mappings, %d before (tolerance %d)", when, b->maps, a->maps,
            MAPS_TOLERANCE);
    return true;
}

/* gui_cycle: create, title, show, 50 ms of timers and callbacks, hide, destroy. */
static bool gui_cycle(ctx_t *c, inst_t *in, const clap_plugin_gui_t *g, int k)
{
    REQUIRE(g->create(in->p, CLAP_WINDOW_API_X11, true), "cycle %d: create(x11, floating) returned false", k);
    if (g->suggest_title) g->suggest_title(in->p, "clap-validate: gui-open-close");
    REQUIRE(g->show(in->p), "cycle %d: show returned false", k);
    pump_for(in, 50);
    REQUIRE(g->hide(in->p), "cycle %d: hide returned false", k);
    g->destroy(in->p);
    host_pump(in);
    return true;
}

/* chk_gui_open_close: the floating editor opened and closed 100 times leaks no process,
 * descriptor or mapping, and neither does the instance that had it. */
static bool chk_gui_open_close(ctx_t *c)
{
    usage_t u0, u1, u2, u3;
    pid_t left;
    int n;
    /* Warm-up on a first instance: what the process makes once stays (the plugin's reaper
     * thread; the Go runtime's own descriptors, such as the cgroup CPU quota files it keeps
     * open to follow GOMAXPROCS), so the counts start after it. */
    {
        NEW(w);
        GUI_OR_SKIP(w, g);
        REQUIRE(g->is_api_supported(w->p, CLAP_WINDOW_API_X11, true), "x11 floating is not supported");
        if (!gui_cycle(c, w, g, 0)) return false;
        n = wait_children(w, 2000, &left);
        REQUIRE(n == 0, "after the warm-up cycle: %d editor process%s still running 2 s after destroy (pid %d)", n,
                n == 1 ? "" : "es", (int)left);
        inst_free(w);
    }
    usage_now(&u0);
    NEW(in);
    const clap_plugin_gui_t *g = in->p->get_extension(in->p, CLAP_EXT_GUI);
    REQUIRE(g, "a second instance has no clap.gui");
    /* the instance's first editor makes what the instance keeps until it is destroyed
     * (its shared region) */
    if (!gui_cycle(c, in, g, 0)) return false;
    n = wait_children(in, 2000, &left);
    REQUIRE(n == 0, "%d editor process%s still running 2 s after destroy (pid %d)", n, n == 1 ? "" : "es", (int)left);
    usage_now(&u1);
    double t0 = now_ms();
    for (int k = 1; k <= 100; k++)
        if (!gui_cycle(c, in, g, k)) return false;
    double secs = (now_ms() - t0) / 1000;
    n = wait_children(in, 2000, &left);
    REQUIRE(n == 0, "%d editor process%s still running 2 s after the 100th destroy (pid %d)", n, n == 1 ? "" : "es",
            (int)left);
    usage_now(&u2);
    if (!leak_verdict(c, "after 100 open/close cycles", &u1, &u2)) return false;
    int closed = atomic_load(&in->hc->gui_closed);
    inst_free(in);
    usage_now(&u3);
    if (!leak_verdict(c, "after destroying the instance", &u0, &u3)) return false;
    REQUIRE(u3.children == 0, "a child process %d remains after destroying the instance", (int)u3.child);
    NOTE("100 cycles in %.1f s; fds %d -> %d, mappings %d -> %d, no editor left; closed() %d times%s", secs, u1.fds, u2.fds,
         u1.maps, u2.maps, closed, closed ? " (an editor died on its own)" : "");
    return true;
}

/* window_children: how many children the X window has (-1 when it cannot be queried). */
static int window_children(Display *dpy, Window w)
{
    Window root, parent, *kids = NULL;
    unsigned int n = 0;
    if (!XQueryTree(dpy, w, &root, &parent, &kids, &n)) return -1;
    if (kids) XFree(kids);
    return (int)n;
}

/* embedded_cycle: create, set_parent, show, wait for the editor's window inside win, 50 ms
 * of timers, hide, destroy, wait for the editor and its window to be gone. */
static bool embedded_cycle(ctx_t *c, inst_t *in, const clap_plugin_gui_t *g, Display *dpy, Window win, int k, double *worst)
{
    REQUIRE(g->create(in->p, CLAP_WINDOW_API_X11, false), "cycle %d: create(x11, embedded) returned false", k);
    clap_window_t cw = {.api = CLAP_WINDOW_API_X11, .x11 = (clap_xwnd)win};
    double t0 = now_ms();
    REQUIRE(g->set_parent(in->p, &cw), "cycle %d: set_parent(0x%lx) returned false", k, (unsigned long)win);
    REQUIRE(g->show(in->p), "cycle %d: show returned false", k);
    int kids = 0;
    while ((kids = window_children(dpy, win)) < 1 && now_ms() - t0 < 5000) pump_for(in, 10);
    double took = now_ms() - t0;
    if (took > *worst) *worst = took;
    REQUIRE(kids >= 1, "cycle %d: the host window has no child 5 s after set_parent + show", k);
    pump_for(in, 50);
    REQUIRE(g->hide(in->p), "cycle %d: hide returned false", k);
    g->destroy(in->p);
    host_pump(in);
    pid_t left;
    int n = wait_children(in, 2000, &left);
    REQUIRE(n == 0, "cycle %d: editor process %d still running 2 s after destroy", k, (int)left);
    /* the editor's window goes with its process: the next cycle must see a new one */
    while ((kids = window_children(dpy, win)) > 0 && now_ms() - t0 < 8000) pump_for(in, 10);
    REQUIRE(kids == 0, "cycle %d: the host window still has %d child window%s after the editor exited", k, kids,
            kids == 1 ? "" : "s");
    return true;
}

/* chk_gui_embedded: the embedded editor lands inside the host's window, 20 times, without
 * leaking. */
static bool chk_gui_embedded(ctx_t *c)
{
    usage_t u0, u1;
    NEW(in);
    GUI_OR_SKIP(in, g);
    REQUIRE(g->is_api_supported(in->p, CLAP_WINDOW_API_X11, false), "x11 embedded is not supported");
    Display *dpy = XOpenDisplay(NULL);
    REQUIRE(dpy, "cannot open DISPLAY %s", getenv("DISPLAY"));
    uint32_t w = 900, h = 580;
    if (g->get_size) (void)g->get_size(in->p, &w, &h);
    int scr = DefaultScreen(dpy);
    Window win = XCreateSimpleWindow(dpy, RootWindow(dpy, scr), 0, 0, w ? w : 1, h ? h : 1, 0, BlackPixel(dpy, scr),
                                     BlackPixel(dpy, scr));
    XMapWindow(dpy, win);
    XSync(dpy, False);
    double worst = 0;
    /* one warm-up cycle: the instance's shared region, the reaper thread and the runtime's
     * once-per-process descriptors appear in it and stay */
    if (!embedded_cycle(c, in, g, dpy, win, 0, &worst)) return false;
    usage_now(&u0);
    for (int k = 1; k <= 20; k++)
        if (!embedded_cycle(c, in, g, dpy, win, k, &worst)) return false;
    usage_now(&u1);
    if (!leak_verdict(c, "after 20 embedded cycles", &u0, &u1)) return false;
    REQUIRE(u1.children == 0, "a child process %d remains after 20 embedded cycles", (int)u1.child);
    XDestroyWindow(dpy, win);
    XCloseDisplay(dpy);
    inst_free(in);
    NOTE("20 cycles, the editor's window inside the host's after at most %.0f ms; fds %d -> %d, mappings %d -> %d", worst,
         u0.fds, u1.fds, u0.maps, u1.maps);
    return true;
}

/* chk_gui_editor_killed: kill -9 of the editor process is reported as closed(true) from the
 * plugin's timer within 2 s, while process keeps running on the audio thread. */
static bool chk_gui_editor_killed(ctx_t *c)
{
    NEW(in);
    GUI_OR_SKIP(in, g);
    REQUIRE(g->is_api_supported(in->p, CLAP_WINDOW_API_X11, true), "x11 floating is not supported");
    ACTIVATE(in, 48000, 1, 512);
    START(in);
    rng_t r;
    rng_seed(&r, c->seed);
    REQUIRE(g->create(in->p, CLAP_WINDOW_API_X11, true), "create(x11, floating) returned false");
    REQUIRE(g->show(in->p), "show returned false");
    pid_t ed = 0;
    double t0 = now_ms();
    while (count_children(&ed) < 1 && now_ms() - t0 < 2000) pump_for(in, 10);
    REQUIRE(ed > 0, "no child process after create + show of the floating editor");
    for (int b = 0; b < 20; b++) { /* let the editor start and run a little */
        if (!blocks(c, in, 1, 512, FILL_MUSIC, false, &r)) return false;
        pump_for(in, 10);
    }
    REQUIRE(atomic_load(&in->hc->gui_closed) == 0, "closed() was called before the editor was killed");
    REQUIRE(kill(ed, SIGKILL) == 0, "kill(%d, SIGKILL): %s", (int)ed, strerror(errno));
    double tk = now_ms();
    int nblocks = 0;
    while (atomic_load(&in->hc->gui_closed) == 0 && now_ms() - tk < 2000) {
        if (!blocks(c, in, 1, 512, FILL_MUSIC, false, &r)) return false;
        nblocks++;
        pump_for(in, 5);
    }
    double took = now_ms() - tk;
    REQUIRE(atomic_load(&in->hc->gui_closed) == 1, "closed() was not called within 2 s of timers after kill -9 of the editor");
    REQUIRE(atomic_load(&in->hc->gui_closed_destroyed) == 1, "closed(was_destroyed = false) after kill -9 of the editor");
    /* processing goes on after the editor is gone, and closed() is reported once */
    if (!blocks(c, in, 50, 512, FILL_MUSIC, false, &r)) return false;
    pump_for(in, 200);
    REQUIRE(atomic_load(&in->hc->gui_closed) == 1, "closed() called %d times for one dead editor",
            atomic_load(&in->hc->gui_closed));
    g->destroy(in->p);
    pid_t left;
    int n = wait_children(in, 2000, &left);
    REQUIRE(n == 0, "child process %d still running after destroy", (int)left);
    inst_free(in);
    NOTE("closed(true) %.0f ms after kill -9, %d blocks processed meanwhile", took, nblocks);
    return true;
}

/* ---------------------------------------------------------------- the runner */

typedef struct check {
    const char *name;
    bool (*fn)(ctx_t *);
    bool per_plugin;
    int timeout_s;
} check_t;

static const check_t k_checks[] = {
    {"factory-unknown-id-null", chk_factory_unknown, false, 30},
    {"create-bad-plugin-id-null", chk_create_bad_id, false, 30},
    {"entry-init-deinit-repeat", chk_init_deinit_repeat, false, 30},
    {"dlclose-dlopen-again", chk_dlclose_reopen, false, 30},
    {"descriptor-fields", chk_descriptor_fields, true, 30},
    {"descriptor-features", chk_descriptor_features, true, 30},
    {"descriptor-matches-instance", chk_descriptor_instance, true, 30},
    {"extension-unknown-id-null", chk_extension_unknown, true, 30},
    {"destroy-without-activate", chk_destroy_without_activate, true, 30},
    {"activate-without-processing", chk_activate_without_processing, true, 30},
    {"audio-ports", chk_audio_ports, true, 30},
    {"latency-tail-render", chk_latency_tail_render, true, 30},
    {"gui-api-queries", chk_gui_queries, true, 30},
    {"param-info", chk_param_info, true, 30},
    {"param-defaults-after-init", chk_param_defaults, true, 30},
    {"param-text-all-or-none", chk_param_text_all_or_none, true, 30},
    {"param-text-roundtrip", chk_param_text_roundtrip, true, 30},
    {"param-text-bad-input", chk_param_text_bad_input, true, 30},
    {"process-out-of-place-random", chk_process_oop, true, 60},
    {"process-in-place-random", chk_process_inplace, true, 60},
    {"process-extreme-input", chk_process_extreme, true, 60},
    {"process-denormal-input-speed", chk_denormal_speed, true, 60},
    {"process-silence-status", chk_silence_status, true, 90},
    {"input-constant-mask-same-output", chk_constant_mask_honest, true, 60},
    {"sample-rates-1k-768k", chk_sample_rates, true, 90},
    {"block-sizes-1-16384", chk_block_sizes, true, 60},
    {"reset-and-reactivate", chk_reset_reactivate, true, 60},
    {"tail-covers-decay", chk_tail_decay, true, 120},
    {"activate-deactivate-1000", chk_activate_cycles, true, 120},
    {"param-flush-vs-events", chk_flush_vs_events, true, 60},
    {"param-null-and-plugin-cookies", chk_cookies, true, 30},
    {"param-wrong-space-ignored", chk_wrong_space, true, 30},
    {"param-50-random-sets", chk_random_sets, true, 60},
    {"param-min-max", chk_min_max, true, 90},
    {"param-sample-accurate-10-100-1000", chk_sample_accurate, true, 60},
    {"param-events-sample-accurate-split", chk_block_split, true, 60},
    {"param-modulation", chk_modulation, true, 60},
    {"state-empty-load-false", chk_state_empty, true, 30},
    {"state-garbage-load", chk_state_garbage, true, 60},
    {"state-roundtrip-identical", chk_state_roundtrip, true, 30},
    {"state-short-reads-writes", chk_state_short_io, true, 30},
    {"state-stream-errors", chk_state_stream_errors, true, 30},
    {"state-load-while-processing", chk_state_load_while_processing, true, 60},
    {"state-context", chk_state_context, true, 30},
    {"transport-null", chk_transport_null, true, 60},
    {"transport-random-every-block", chk_transport_random, true, 60},
    {"transport-events-in-block", chk_transport_events, true, 60},
    {"instances-16-threads", chk_instances_threads, true, 120},
    {"instances-64-alive", chk_many_instances, true, 120},
    {"main-thread-calls-during-processing", chk_main_calls_during_processing, true, 60},
    {"heap-allocs-after-warmup", chk_heap_allocs, true, 120},
    {"fuzz-params-transport", chk_fuzz, true, 120},
    {"gui-open-close", chk_gui_open_close, true, 120},
    {"gui-embedded", chk_gui_embedded, true, 120},
    {"gui-editor-killed", chk_gui_editor_killed, true, 60},
};

static int g_result_fd = -1;
static int g_timeout; /* seconds per check; 0 = each check's own */

static void report_fault(const char *msg)
{
    char line[600];
    int n = snprintf(line, sizeof line, "F%s\n", msg);
    if (g_result_fd >= 0 && n > 0) {
        ssize_t w = write(g_result_fd, line, (size_t)n);
        (void)w;
    }
}

typedef struct hostmain {
    ctx_t *c;
    const check_t *chk;
    bool ok;
} hostmain_t;

/* host_main_thread: the thread that plays the DAW's main thread for one check. */
static void *host_main_thread(void *arg)
{
    hostmain_t *h = arg;
    ctx_t *c = h->c;
    host_set_main_thread();
    if (!lib_open(&c->lib, c->path, c->why, sizeof c->why)) {
        h->ok = false;
        return NULL;
    }
    c->lib_open = true;
    h->ok = h->chk->fn(c);
    if (h->ok) {
        for (int i = 0; i < g_nhosts; i++) {
            hostctx_t *hc = g_hosts[i];
            if (atomic_load(&hc->violations)) {
                snprintf(c->why, sizeof c->why, "%s (%d host contract violations)", hc->violation, atomic_load(&hc->violations));
                h->ok = false;
                break;
            }
            if (atomic_load(&hc->fatal_logs)) {
                snprintf(c->why, sizeof c->why, "%s", hc->fatal);
                h->ok = false;
                break;
            }
        }
    }
    return NULL;
}

static void child_run(const check_t *chk, ctx_t *c, int fd)
{
    g_result_fd = fd;
    fault_install(report_fault);
    hostmain_t h = {.c = c, .chk = chk};
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 8 << 20);
    pthread_create(&t, &attr, host_main_thread, &h);
    pthread_join(t, NULL);
    char line[2200];
    int n;
    if (h.ok && c->skipped) n = snprintf(line, sizeof line, "S%s\n", c->note);
    else if (h.ok) n = snprintf(line, sizeof line, "P\nN%s\n", c->note);
    else n = snprintf(line, sizeof line, "F%s\nN%s\n", c->why[0] ? c->why : "failed without a reason", c->note);
    for (char *p = line; *p; p++)
        if (*p == '\r') *p = ' ';
    ssize_t w = write(fd, line, (size_t)n);
    (void)w;
    fflush(NULL);
    _exit(0);
}

/* run_forked runs one check in a child; returns true on PASS and prints the line. */
static bool run_forked(const check_t *chk, ctx_t *proto, const char *label)
{
    int pfd[2];
    if (pipe(pfd)) {
        perror("pipe");
        exit(2);
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(pfd[0]);
        ctx_t c = *proto;
        child_run(chk, &c, pfd[1]);
    }
    close(pfd[1]);
    char buf[8192];
    size_t len = 0;
    int timeout_s = g_timeout > 0 ? g_timeout : chk->timeout_s;
    double deadline = now_ms() + timeout_s * 1000.0;
    bool timed_out = false;
    for (;;) {
        double left = deadline - now_ms();
        if (left <= 0) {
            timed_out = true;
            kill(pid, SIGKILL);
            break;
        }
        struct pollfd p = {.fd = pfd[0], .events = POLLIN};
        int rc = poll(&p, 1, (int)(left > 1000 ? 1000 : left + 1));
        if (rc < 0 && errno == EINTR) continue;
        if (rc <= 0) continue;
        ssize_t n = read(pfd[0], buf + len, sizeof buf - 1 - len);
        if (n <= 0) break;
        len += (size_t)n;
        if (len >= sizeof buf - 1) break;
    }
    close(pfd[0]);
    buf[len] = 0;
    int status = 0;
    waitpid(pid, &status, 0);
    char verdict = 0, reason[4096] = "", note[2048] = "";
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        if ((line[0] == 'P' || line[0] == 'F' || line[0] == 'S') && !verdict) {
            verdict = line[0];
            snprintf(reason, sizeof reason, "%s", line + 1);
        } else if (line[0] == 'N') {
            snprintf(note, sizeof note, "%s", line + 1);
        }
    }
    if (timed_out) {
        verdict = 'F';
        snprintf(reason, sizeof reason, "timed out after %d s (hang or far too slow)", timeout_s);
    } else if (WIFSIGNALED(status)) {
        char r2[4096];
        snprintf(r2, sizeof r2, "crashed with signal %d (%s)%s%s", WTERMSIG(status), strsignal(WTERMSIG(status)),
                 verdict == 'F' ? ": " : "", verdict == 'F' ? reason : "");
        snprintf(reason, sizeof reason, "%s", r2);
        verdict = 'F';
    } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0 && verdict != 'F') {
        snprintf(reason, sizeof reason, "the check process exited with status %d (a Go panic or abort in the plugin?)",
                 WEXITSTATUS(status));
        verdict = 'F';
    } else if (!verdict) {
        verdict = 'F';
        snprintf(reason, sizeof reason, "no result (the plugin exited the process?)");
    }
    if (verdict == 'S') printf("NOTE %s: %s\n", label, reason);
    else if (verdict == 'P') printf("PASS %s%s%s%s\n", label, note[0] ? " (" : "", note, note[0] ? ")" : "");
    else printf("FAIL %s: %s%s%s%s\n", label, reason, note[0] ? " (" : "", note, note[0] ? ")" : "");
    fflush(stdout);
    return verdict == 'P' || verdict == 'S';
}

/* probe: a fresh child loads the library on a non-main thread and reports scan time and ids. */
typedef struct probe_arg {
    const char *path;
    int fd;
} probe_arg_t;

static void *probe_thread(void *arg)
{
    probe_arg_t *a = arg;
    host_set_main_thread();
    lib_t lib;
    char why[1024], line[2048];
    if (!lib_open(&lib, a->path, why, sizeof why)) {
        int n = snprintf(line, sizeof line, "E%s\n", why);
        ssize_t w = write(a->fd, line, (size_t)n);
        (void)w;
        return NULL;
    }
    int n = snprintf(line, sizeof line, "S%.4f %.4f\n", lib.scan_ms, lib.load_ms);
    ssize_t w = write(a->fd, line, (size_t)n);
    uint32_t count = lib.factory->get_plugin_count(lib.factory);
    for (uint32_t i = 0; i < count; i++) {
        n = snprintf(line, sizeof line, "I%s\n", lib.factory->get_plugin_descriptor(lib.factory, i)->id);
        w = write(a->fd, line, (size_t)n);
    }
    (void)w;
    return NULL;
}

static int probe(const char *path, double *scan_ms, double *load_ms, char ids[][512], int maxids, char *err, size_t errlen)
{
    int pfd[2];
    if (pipe(pfd)) exit(2);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(pfd[0]);
        g_result_fd = pfd[1];
        fault_install(report_fault);
        probe_arg_t a = {.path = path, .fd = pfd[1]};
        pthread_t t;
        pthread_create(&t, NULL, probe_thread, &a);
        pthread_join(t, NULL);
        _exit(0);
    }
    close(pfd[1]);
    static char buf[65536];
    size_t len = 0;
    ssize_t n;
    while ((n = read(pfd[0], buf + len, sizeof buf - 1 - len)) > 0) len += (size_t)n;
    close(pfd[0]);
    buf[len] = 0;
    int status;
    waitpid(pid, &status, 0);
    int nids = -1;
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == 'S') {
            sscanf(line + 1, "%lf %lf", scan_ms, load_ms);
            nids = 0;
        } else if (line[0] == 'I' && nids >= 0 && nids < maxids) {
            snprintf(ids[nids++], 512, "%s", line + 1);
        } else if (line[0] == 'E' || line[0] == 'F') {
            snprintf(err, errlen, "%s", line + 1);
        }
    }
    if (nids < 0 && !err[0])
        snprintf(err, errlen, "the loading process died (%s)", WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "exit");
    return nids;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static bool selected(const char *only, const char *name)
{
    if (!only) return true;
    char buf[2048];
    snprintf(buf, sizeof buf, "%s", only);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ","))
        if (!strcmp(tok, name)) return true;
    return false;
}

int main(int argc, char **argv)
{
    const char *path = NULL, *only = NULL;
    uint64_t seed = 1;
    double fuzz = 10;
    bool list = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc) seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--fuzz-seconds") && i + 1 < argc) fuzz = atof(argv[++i]);
        else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) g_timeout = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--hold") && i + 1 < argc) g_hold = argv[++i];
        else if (!strcmp(argv[i], "--list")) list = true;
        else if (argv[i][0] != '-' && !path) path = argv[i];
        else {
            fprintf(stderr, "usage: clap-validate PATH.clap [--only NAME[,NAME]] [--seed N] [--fuzz-seconds S] [--timeout S] [--hold ID=V,...] [--list]\n");
            return 2;
        }
    }
    if (list) {
        printf("load-rtld-now-local\nscan-time-100ms\nscan-time-20ms\n");
        for (size_t k = 0; k < sizeof k_checks / sizeof *k_checks; k++) printf("%s\n", k_checks[k].name);
        return 0;
    }
    if (!path) {
        fprintf(stderr, "usage: clap-validate PATH.clap [--only NAME[,NAME]] [--seed N] [--fuzz-seconds S] [--timeout S] [--hold ID=V,...] [--list]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    int passed = 0, failed = 0;
    double t0 = now_ms();

    /* load + scan, in fresh processes */
    static char ids[64][512];
    double scans[9], load_ms = 0;
    char err[1024] = "";
    int nids = -1;
    for (int k = 0; k < 9; k++) {
        nids = probe(path, &scans[k], &load_ms, ids, 64, err, sizeof err);
        if (nids < 0) break;
    }
    if (selected(only, "load-rtld-now-local")) {
        if (nids < 0) {
            printf("FAIL load-rtld-now-local: %s\n", err);
            failed++;
        } else {
            printf("PASS load-rtld-now-local (%d plugin%s, loaded from a non-main thread)\n", nids, nids == 1 ? "" : "s");
            passed++;
        }
    }
    if (nids < 0) {
        printf("%d passed, %d failed\n", passed, failed ? failed : 1);
        return 1;
    }
    qsort(scans, 9, sizeof *scans, cmp_double);
    double scan = scans[4];
    if (selected(only, "scan-time-100ms")) {
        if (scan < 100) { printf("PASS scan-time-100ms (median %.2f ms of 9 fresh processes, max %.2f ms)\n", scan, scans[8]); passed++; }
        else { printf("FAIL scan-time-100ms: median scan %.2f ms of 9 fresh processes\n", scan); failed++; }
    }
    if (selected(only, "scan-time-20ms")) {
        if (scan < 20) { printf("PASS scan-time-20ms (median %.2f ms)\n", scan); passed++; }
        else { printf("FAIL scan-time-20ms: median scan %.2f ms (the issue's target is < 20 ms)\n", scan); failed++; }
    }

    ctx_t proto;
    memset(&proto, 0, sizeof proto);
    proto.path = path;
    proto.fuzz_seconds = fuzz;
    for (size_t k = 0; k < sizeof k_checks / sizeof *k_checks; k++) {
        const check_t *chk = &k_checks[k];
        if (!selected(only, chk->name)) continue;
        int nplug = chk->per_plugin ? nids : 1;
        for (int p = 0; p < nplug; p++) {
            char label[700];
            if (chk->per_plugin && nids > 1) setf(label, sizeof label, "%s[%s]", chk->name, ids[p]);
            else setf(label, sizeof label, "%s", chk->name);
            proto.id = nids ? ids[p] : "";
            proto.seed = seed ^ hash_str(chk->name);
            if (run_forked(chk, &proto, label)) passed++;
            else failed++;
        }
    }
    fprintf(stderr, "clap-validate: %.1f s\n", (now_ms() - t0) / 1000);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
