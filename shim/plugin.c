/*
 * plugin.c: the clap_plugin_t function table: lifecycle and extension lookup. Each
 * function forwards to the Go archive with the instance's handle.
 */
#include <stdlib.h>
#include <string.h>

#include "shim.h"

/* host_ext: a host extension, or NULL when the host lacks it. */
static const void *host_ext(const clap_host_t *host, const char *id) {
    return host && host->get_extension ? host->get_extension(host, id) : NULL;
}

/* [main-thread] second half of construction: host extensions, then the Go instance. */
static bool plugin_init(const clap_plugin_t *plugin) {
    rill_plugin_t *p = rill_from(plugin);
    if (!p || p->handle) {
        return p != NULL; /* a repeated init is harmless */
    }
    p->host_log = host_ext(p->host, CLAP_EXT_LOG);
    p->host_thread_check = host_ext(p->host, CLAP_EXT_THREAD_CHECK);
    p->host_params = host_ext(p->host, CLAP_EXT_PARAMS);
    p->host_state = host_ext(p->host, CLAP_EXT_STATE);
    p->host_tail = host_ext(p->host, CLAP_EXT_TAIL);
    rill_check_main_thread(p, "init");
    p->handle = rill_go_create();
    if (!p->handle) {
        rill_log(p, CLAP_LOG_ERROR, "rill tape: cannot create an instance (too many instances?)");
        return false;
    }
    return true;
}

/* [main-thread & !active] frees everything (deactivating first if the host forgot). */
static void plugin_destroy(const clap_plugin_t *plugin) {
    rill_plugin_t *p = rill_from(plugin);
    if (!p) {
        return;
    }
    rill_check_main_thread(p, "destroy");
    if (rill_gui_on_destroy) {
        rill_gui_on_destroy(p);
    }
    if (p->handle) {
        if (p->active) {
            rill_go_deactivate(p->handle);
        }
        rill_go_destroy(p->handle);
    }
    free(p->state_buf);
    free(p);
}

/* [main-thread & !active] allocation happens here, on the Go side. */
static bool plugin_activate(const clap_plugin_t *plugin, double sample_rate, uint32_t min_frames,
                            uint32_t max_frames) {
    rill_plugin_t *p = rill_from(plugin);
    if (!p || !p->handle || p->active) {
        return false;
    }
    rill_check_main_thread(p, "activate");
    if (!rill_go_activate(p->handle, sample_rate, min_frames, max_frames)) {
        rill_log(p, CLAP_LOG_ERROR, "rill tape: activate refused (sample rate outside 1 kHz..768 kHz?)");
        return false;
    }
    p->active = true;
    p->processing = false;
    return true;
}

/* [main-thread & active] */
static void plugin_deactivate(const clap_plugin_t *plugin) {
    rill_plugin_t *p = rill_from(plugin);
    if (!p || !p->active) {
        return;
    }
    rill_check_main_thread(p, "deactivate");
    rill_go_deactivate(p->handle);
    p->active = false;
    p->processing = false;
}

/* [audio-thread & active & !processing] doubles as the warm-up of this audio thread:
 * the first Go call on a new OS thread pays the runtime's thread set-up. */
static bool plugin_start_processing(const clap_plugin_t *plugin) {
    rill_plugin_t *p = rill_from(plugin);
    if (!p || !p->active) {
        return false;
    }
    rill_check_audio_thread(p, "start_processing");
    if (!rill_go_start_processing(p->handle)) {
        return false;
    }
    p->processing = true;
    return true;
}

/* [audio-thread & active & processing] */
static void plugin_stop_processing(const clap_plugin_t *plugin) {
    rill_plugin_t *p = rill_from(plugin);
    if (!p || !p->processing) {
        return;
    }
    rill_check_audio_thread(p, "stop_processing");
    rill_go_stop_processing(p->handle);
    p->processing = false;
}

/* [audio-thread & active] */
static void plugin_reset(const clap_plugin_t *plugin) {
    rill_plugin_t *p = rill_from(plugin);
    if (!p || !p->active) {
        return;
    }
    rill_check_audio_thread(p, "reset");
    rill_go_reset(p->handle);
}

/* [thread-safe] */
static const void *plugin_get_extension(const clap_plugin_t *plugin, const char *id) {
    (void)plugin;
    if (!id) {
        return NULL;
    }
    if (strcmp(id, CLAP_EXT_AUDIO_PORTS) == 0) return &rill_ext_audio_ports;
    if (strcmp(id, CLAP_EXT_PARAMS) == 0) return &rill_ext_params;
    if (strcmp(id, CLAP_EXT_STATE) == 0) return &rill_ext_state;
    if (strcmp(id, CLAP_EXT_STATE_CONTEXT) == 0) return &rill_ext_state_context;
    if (strcmp(id, CLAP_EXT_LATENCY) == 0) return &rill_ext_latency;
    if (strcmp(id, CLAP_EXT_TAIL) == 0) return &rill_ext_tail;
    if (strcmp(id, CLAP_EXT_RENDER) == 0) return &rill_ext_render;
    if (strcmp(id, RILL_EXT_DEBUG) == 0) return &rill_ext_debug;
    if (strcmp(id, CLAP_EXT_GUI) == 0 && &rill_ext_gui != NULL) return &rill_ext_gui;
    if (strcmp(id, CLAP_EXT_TIMER_SUPPORT) == 0 && &rill_ext_timer_support != NULL)
        return &rill_ext_timer_support;
    return NULL;
}

/* [main-thread] answer to host->request_callback: only the editor asks for it. */
static void plugin_on_main_thread(const clap_plugin_t *plugin) {
    rill_plugin_t *p = rill_from(plugin);
    if (p && rill_gui_on_main_thread) {
        rill_gui_on_main_thread(p);
    }
}

/* [thread-safe] called by the factory; touches neither the host nor Go. */
const clap_plugin_t *rill_plugin_create(const clap_host_t *host) {
    rill_plugin_t *p = calloc(1, sizeof *p);
    if (!p) {
        return NULL;
    }
    p->state_buf = malloc(RILL_STATE_CAPACITY);
    if (!p->state_buf) {
        free(p);
        return NULL;
    }
    p->host = host;
    p->plugin = (clap_plugin_t){
        .desc = &rill_descriptor,
        .plugin_data = p,
        .init = plugin_init,
        .destroy = plugin_destroy,
        .activate = plugin_activate,
        .deactivate = plugin_deactivate,
        .start_processing = plugin_start_processing,
        .stop_processing = plugin_stop_processing,
        .reset = plugin_reset,
        .process = rill_process,
        .get_extension = plugin_get_extension,
        .on_main_thread = plugin_on_main_thread,
    };
    return &p->plugin;
}
