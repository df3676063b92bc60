/*
 * scan.c: a tiny CLAP host for scripts/checks/00-bundle.sh. It loads a .clap the way a
 * DAW's scanner does (dlopen RTLD_NOW|RTLD_LOCAL, clap_entry.init, the factory, each
 * descriptor), prints what a host sees and the scan time. With --smoke it also runs one
 * instance end to end: activate, 10,000 blocks with parameter events, flush, state
 * save/load, and checks through Rill's debug extension that the plugin's Go runtime
 * allocated nothing meanwhile. The full conformance suite lives in shim/test/.
 *
 * usage: scan PATH.clap [--smoke]      exit status 0 on success
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rill_clap.h"

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int failures;
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "FAIL: " __VA_ARGS__);                                                 \
            fputc('\n', stderr);                                                                   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

/* A minimal host: no extensions. */
static const void *host_get_extension(const clap_host_t *h, const char *id) {
    (void)h;
    (void)id;
    return NULL;
}
static void host_request(const clap_host_t *h) { (void)h; }
static const clap_host_t host = {
    .clap_version = CLAP_VERSION_INIT,
    .name = "rill-scan",
    .vendor = "Rill",
    .url = "",
    .version = "1",
    .get_extension = host_get_extension,
    .request_restart = host_request,
    .request_process = host_request,
    .request_callback = host_request,
};

/* Input events: a fixed array. */
typedef struct {
    const clap_event_header_t **ev;
    uint32_t n;
} events_t;
static uint32_t ev_size(const clap_input_events_t *l) { return ((events_t *)l->ctx)->n; }
static const clap_event_header_t *ev_get(const clap_input_events_t *l, uint32_t i) {
    events_t *e = l->ctx;
    return i < e->n ? e->ev[i] : NULL;
}
static bool out_push(const clap_output_events_t *l, const clap_event_header_t *e) {
    (void)l;
    (void)e;
    return true;
}

/* Streams over a memory buffer; reads hand out at most 7 bytes at a time. */
typedef struct {
    uint8_t buf[65536];
    size_t len, pos;
} mem_t;
static int64_t mem_write(const clap_ostream_t *s, const void *b, uint64_t n) {
    mem_t *m = s->ctx;
    if (n > sizeof m->buf - m->len) n = sizeof m->buf - m->len;
    memcpy(m->buf + m->len, b, n);
    m->len += n;
    return (int64_t)n;
}
static int64_t mem_read(const clap_istream_t *s, void *b, uint64_t n) {
    mem_t *m = s->ctx;
    if (n > 7) n = 7;
    if (n > m->len - m->pos) n = m->len - m->pos;
    memcpy(b, m->buf + m->pos, n);
    m->pos += n;
    return (int64_t)n;
}

static void smoke(const clap_plugin_factory_t *f, const char *id) {
    const clap_plugin_t *p = f->create_plugin(f, &host, id);
    CHECK(p != NULL, "create_plugin(%s)", id);
    if (!p) return;
    CHECK(p->init(p), "init");
    const clap_plugin_params_t *params = p->get_extension(p, CLAP_EXT_PARAMS);
    const clap_plugin_state_t *state = p->get_extension(p, CLAP_EXT_STATE);
    const rill_plugin_debug_t *dbg = p->get_extension(p, RILL_EXT_DEBUG);
    CHECK(params && state && dbg, "params, state and debug extensions");
    if (!params || !state || !dbg) return;
    const clap_plugin_gui_t *gui = p->get_extension(p, CLAP_EXT_GUI);
    if (gui) { /* optional (the editor), but then complete */
        CHECK(gui->is_api_supported && gui->get_preferred_api && gui->create && gui->destroy &&
                  gui->set_scale && gui->get_size && gui->can_resize && gui->get_resize_hints &&
                  gui->adjust_size && gui->set_size && gui->set_parent && gui->set_transient &&
                  gui->suggest_title && gui->show && gui->hide,
              "gui extension with NULL functions");
    }
    CHECK(p->activate(p, 48000, 1, 512), "activate");
    CHECK(p->start_processing(p), "start_processing");

    static float in[2][512], out[2][512];
    float *inp[2] = {in[0], in[1]}, *outp[2] = {out[0], out[1]};
    clap_audio_buffer_t ain = {.data32 = inp, .channel_count = 2};
    clap_audio_buffer_t aout = {.data32 = outp, .channel_count = 2};
    clap_param_info_t info;
    CHECK(params->get_info(p, 0, &info), "get_info(0)");
    clap_event_param_value_t pv = {
        .header = {sizeof pv, 0, CLAP_CORE_EVENT_SPACE_ID, CLAP_EVENT_PARAM_VALUE, 0},
        .param_id = info.id, .note_id = -1, .port_index = -1, .channel = -1, .key = -1,
    };
    const clap_event_header_t *evs[1] = {&pv.header};
    events_t el = {evs, 1};
    clap_input_events_t inev = {&el, ev_size, ev_get};
    clap_output_events_t outev = {NULL, out_push};
    clap_process_t proc = {
        .steady_time = 0, .frames_count = 512, .transport = NULL,
        .audio_inputs = &ain, .audio_outputs = &aout, .audio_inputs_count = 1,
        .audio_outputs_count = 1, .in_events = &inev, .out_events = &outev,
    };
    mem_t *mem = calloc(1, sizeof *mem);
    clap_ostream_t os = {mem, mem_write};
    clap_istream_t is = {mem, mem_read};

    for (int warm = 0; warm < 10; warm++) p->process(p, &proc);
    uint64_t b0 = dbg->heap_alloc_bytes(p), o0 = dbg->heap_alloc_objects(p);
    double t0 = now_ms();
    int bad = 0;
    for (int n = 0; n < 10000; n++) {
        for (int i = 0; i < 512; i++) {
            in[0][i] = sinf((float)(n * 512 + i) * 0.01f);
            in[1][i] = in[0][i];
        }
        proc.frames_count = 1 + (uint32_t)(n * 37) % 512;
        pv.header.time = (uint32_t)n % proc.frames_count;
        pv.value = info.min_value + (info.max_value - info.min_value) * (n % 100) / 100.0;
        proc.steady_time += proc.frames_count;
        if (p->process(p, &proc) == CLAP_PROCESS_ERROR) bad++;
        for (uint32_t i = 0; i < proc.frames_count; i++) {
            if (!isfinite(out[0][i]) || !isfinite(out[1][i])) bad++;
        }
        double v;
        params->get_value(p, info.id, &v);
    }
    double t1 = now_ms();
    /* More events than the shim's array holds: the block is split, nothing is lost. */
    {
        enum { MANY = 3000 };
        static clap_event_param_value_t many[MANY];
        static const clap_event_header_t *many_ptr[MANY];
        for (int i = 0; i < MANY; i++) {
            many[i] = pv;
            many[i].header.time = (uint32_t)(i * 512 / MANY);
            many[i].value = info.min_value + (info.max_value - info.min_value) * (i % 7) / 7.0;
            many_ptr[i] = &many[i].header;
        }
        events_t manyl = {many_ptr, MANY};
        clap_input_events_t manyev = {&manyl, ev_size, ev_get};
        const clap_input_events_t *saved = proc.in_events;
        proc.in_events = &manyev;
        proc.frames_count = 512;
        CHECK(p->process(p, &proc) != CLAP_PROCESS_ERROR, "process with %d events", MANY);
        for (uint32_t i = 0; i < 512; i++) {
            if (!isfinite(out[0][i]) || !isfinite(out[1][i])) bad++;
        }
        double v = -1;
        params->get_value(p, info.id, &v);
        CHECK(v == many[MANY - 1].value, "after %d events the value is %g, want the last %g", MANY, v,
              many[MANY - 1].value);
        proc.in_events = saved;
    }
    p->stop_processing(p);
    params->flush(p, &inev, &outev);
    mem->len = mem->pos = 0;
    CHECK(state->save(p, &os), "state save");
    CHECK(state->load(p, &is), "state load in 7-byte reads");
    uint64_t b1 = dbg->heap_alloc_bytes(p), o1 = dbg->heap_alloc_objects(p);
    CHECK(bad == 0, "%d errors or non-finite samples", bad);
    CHECK(b1 == b0 && o1 == o0, "Go heap grew by %llu bytes in %llu objects after activation",
          (unsigned long long)(b1 - b0), (unsigned long long)(o1 - o0));
    printf("smoke: 10000 blocks in %.1f ms, Go heap allocations after activation: %llu bytes\n",
           t1 - t0, (unsigned long long)(b1 - b0));
    mem->len = mem->pos = 0;
    CHECK(!state->load(p, &is), "empty state load must fail");
    p->deactivate(p);
    p->destroy(p);
    free(mem);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s PATH.clap [--smoke]\n", argv[0]);
        return 2;
    }
    double t0 = now_ms();
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "FAIL: dlopen: %s\n", dlerror());
        return 1;
    }
    const clap_plugin_entry_t *entry = dlsym(lib, CLAP_ENTRY_SYMBOL);
    CHECK(entry != NULL, "no clap_entry symbol");
    if (!entry) return 1;
    CHECK(clap_version_is_compatible(entry->clap_version), "incompatible clap version");
    CHECK(entry->init(argv[1]), "clap_entry.init");
    const clap_plugin_factory_t *f = entry->get_factory(CLAP_PLUGIN_FACTORY_ID);
    CHECK(f != NULL, "no plugin factory");
    if (!f) return 1;
    uint32_t count = f->get_plugin_count(f);
    const clap_plugin_descriptor_t *d = count ? f->get_plugin_descriptor(f, 0) : NULL;
    double t1 = now_ms();
    CHECK(d != NULL, "no descriptor");
    if (!d) return 1;
    printf("scan: %.2f ms (dlopen + init + factory + %u descriptor(s))\n", t1 - t0, count);
    printf("id: %s\nname: %s\nvendor: %s\nversion: %s\nfeatures:", d->id, d->name, d->vendor,
           d->version);
    for (const char *const *ft = d->features; ft && *ft; ft++) printf(" %s", *ft);
    printf("\n");
    CHECK(entry->get_factory("clap.no-such-factory") == NULL, "unknown factory id must give NULL");
    char garbage[128];
    snprintf(garbage, sizeof garbage, "%sX", d->id);
    CHECK(f->create_plugin(f, &host, garbage) == NULL, "id with trailing garbage must give NULL");
    if (argc > 2 && strcmp(argv[2], "--smoke") == 0) smoke(f, d->id);
    entry->deinit();
    CHECK(entry->init(argv[1]), "init again after deinit");
    entry->deinit();
    return failures ? 1 : 0;
}
