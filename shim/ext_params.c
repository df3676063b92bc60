/* ext_params.c: clap.params, forwarded to the Go parameter table. */
#include "shim.h"

/* [main-thread] */
static uint32_t params_count(const clap_plugin_t *plugin) {
    (void)plugin;
    return rill_go_param_count();
}

/* [main-thread] */
static bool params_get_info(const clap_plugin_t *plugin, uint32_t index, clap_param_info_t *info) {
    (void)plugin;
    return info && rill_go_param_info(index, info);
}

/* [main-thread] */
static bool params_get_value(const clap_plugin_t *plugin, clap_id id, double *out) {
    rill_plugin_t *p = rill_from(plugin);
    return p && p->handle && out && rill_go_param_value(p->handle, id, out);
}

/* [main-thread] writes into the host's buffer directly. */
static bool params_value_to_text(const clap_plugin_t *plugin, clap_id id, double value, char *out,
                                 uint32_t capacity) {
    (void)plugin;
    return out && capacity > 0 && rill_go_value_to_text(id, value, out, capacity);
}

/* [main-thread] */
static bool params_text_to_value(const clap_plugin_t *plugin, clap_id id, const char *text,
                                 double *out) {
    (void)plugin;
    return text && out && rill_go_text_to_value(id, (char *)text, out);
}

/* [active && !processing: audio-thread] [!active: main-thread] */
static void params_flush(const clap_plugin_t *plugin, const clap_input_events_t *in,
                         const clap_output_events_t *out) {
    rill_plugin_t *p = rill_from(plugin);
    if (!p || !p->handle || p->processing) {
        return; /* flush while processing is a host bug: events come through process */
    }
    rill_flush(p, in, out);
}

const clap_plugin_params_t rill_ext_params = {
    .count = params_count,
    .get_info = params_get_info,
    .get_value = params_get_value,
    .value_to_text = params_value_to_text,
    .text_to_value = params_text_to_value,
    .flush = params_flush,
};
