/* ext_latency.c: clap.latency (0 unless the engine adds some). */
#include "shim.h"

/* [main-thread & active] */
static uint32_t latency_get(const clap_plugin_t *plugin) {
    rill_plugin_t *p = rill_from(plugin);
    return p && p->handle ? rill_go_latency(p->handle) : 0;
}

const clap_plugin_latency_t rill_ext_latency = {.get = latency_get};
