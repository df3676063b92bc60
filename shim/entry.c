/*
 * entry.c: the library's one exported symbol, clap_entry, its reference-counted
 * init/deinit, the plugin factory and the descriptor.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "shim.h"

static const char *const rill_features[] = {
    CLAP_PLUGIN_FEATURE_AUDIO_EFFECT,
    CLAP_PLUGIN_FEATURE_DELAY,
    CLAP_PLUGIN_FEATURE_STEREO,
    NULL,
};

const clap_plugin_descriptor_t rill_descriptor = {
    .clap_version = CLAP_VERSION_INIT,
    .id = RILL_PLUGIN_ID,
    .name = "Rill Tape",
    .vendor = "Rill",
    .url = "",
    .manual_url = "",
    .support_url = "",
    .version = RILL_VERSION,
    .description = "A stereo tape delay with wow, flutter, saturation and tempo sync.",
    .features = rill_features,
};

/* init/deinit may come more than once, from any thread: count them under a lock. */
static pthread_mutex_t entry_lock = PTHREAD_MUTEX_INITIALIZER;
static int entry_refs;
static char *entry_path;

/* [thread-safe] fast and UI-free: remembers the plugin path, nothing else. */
static bool entry_init(const char *plugin_path) {
    pthread_mutex_lock(&entry_lock);
    if (entry_refs == 0) {
        entry_path = strdup(plugin_path ? plugin_path : "");
    }
    bool ok = entry_path != NULL;
    if (ok) {
        entry_refs++;
    }
    pthread_mutex_unlock(&entry_lock);
    return ok;
}

/* [thread-safe] the last deinit forgets the path; extra deinits are ignored. */
static void entry_deinit(void) {
    pthread_mutex_lock(&entry_lock);
    if (entry_refs > 0 && --entry_refs == 0) {
        free(entry_path);
        entry_path = NULL;
    }
    pthread_mutex_unlock(&entry_lock);
}

bool rill_entry_initialized(void) {
    pthread_mutex_lock(&entry_lock);
    bool ok = entry_refs > 0;
    pthread_mutex_unlock(&entry_lock);
    return ok;
}

const char *rill_plugin_path(void) {
    pthread_mutex_lock(&entry_lock);
    const char *p = entry_path ? entry_path : "";
    pthread_mutex_unlock(&entry_lock);
    return p;
}

/* [thread-safe] */
static uint32_t factory_count(const clap_plugin_factory_t *factory) {
    (void)factory;
    return 1;
}

/* [thread-safe] */
static const clap_plugin_descriptor_t *factory_descriptor(const clap_plugin_factory_t *factory,
                                                          uint32_t index) {
    (void)factory;
    return index == 0 ? &rill_descriptor : NULL;
}

/* [thread-safe] an exact id match only: unknown ids and trailing garbage give NULL. */
static const clap_plugin_t *factory_create(const clap_plugin_factory_t *factory,
                                           const clap_host_t *host, const char *plugin_id) {
    (void)factory;
    if (!plugin_id || !host || strcmp(plugin_id, RILL_PLUGIN_ID) != 0) {
        return NULL;
    }
    if (!clap_version_is_compatible(host->clap_version) || !rill_entry_initialized()) {
        return NULL;
    }
    return rill_plugin_create(host);
}

static const clap_plugin_factory_t rill_factory = {
    .get_plugin_count = factory_count,
    .get_plugin_descriptor = factory_descriptor,
    .create_plugin = factory_create,
};

/* [thread-safe] */
static const void *entry_get_factory(const char *factory_id) {
    if (factory_id && strcmp(factory_id, CLAP_PLUGIN_FACTORY_ID) == 0) {
        return &rill_factory;
    }
    return NULL;
}

/* The only symbol the library exports (build/clap.map). */
__attribute__((visibility("default"))) const clap_plugin_entry_t clap_entry = {
    .clap_version = CLAP_VERSION_INIT,
    .init = entry_init,
    .deinit = entry_deinit,
    .get_factory = entry_get_factory,
};
