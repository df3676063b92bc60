/* ext_tail.c: clap.tail: how long the echoes ring, INT32_MAX when they never stop. */
#include "shim.h"

/* [main-thread, audio-thread] */
static uint32_t tail_get(const clap_plugin_t *plugin) {
    rill_plugin_t *p = rill_from(plugin);
    return p && p->handle ? rill_go_tail(p->handle) : 0;
}

const clap_plugin_tail_t rill_ext_tail = {.get = tail_get};
