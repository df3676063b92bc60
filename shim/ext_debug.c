/* ext_debug.c: Rill's private extension (RILL_EXT_DEBUG) for its own test hosts: the
 * Go runtime's cumulative heap allocation counters. */
#include "shim.h"

/* [thread-safe] */
static uint64_t debug_alloc_bytes(const clap_plugin_t *plugin) {
    (void)plugin;
    return rill_go_heap_alloc_bytes();
}

/* [thread-safe] */
static uint64_t debug_alloc_objects(const clap_plugin_t *plugin) {
    (void)plugin;
    return rill_go_heap_alloc_objects();
}

const rill_plugin_debug_t rill_ext_debug = {
    .heap_alloc_bytes = debug_alloc_bytes,
    .heap_alloc_objects = debug_alloc_objects,
};
