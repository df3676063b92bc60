/* ext_render.c: clap.render: offline rendering may raise quality. */
#include "shim.h"

/* [main-thread] nothing ties the plugin to real time. */
static bool render_hard_realtime(const clap_plugin_t *plugin) {
    (void)plugin;
    return false;
}

/* [main-thread] */
static bool render_set(const clap_plugin_t *plugin, clap_plugin_render_mode mode) {
    rill_plugin_t *p = rill_from(plugin);
    if (!p || !p->handle || (mode != CLAP_RENDER_REALTIME && mode != CLAP_RENDER_OFFLINE)) {
        return false;
    }
    rill_go_set_offline(p->handle, mode == CLAP_RENDER_OFFLINE);
    return true;
}

const clap_plugin_render_t rill_ext_render = {
    .has_hard_realtime_requirement = render_hard_realtime,
    .set = render_set,
};
