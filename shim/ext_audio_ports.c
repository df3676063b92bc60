/* ext_audio_ports.c: clap.audio-ports: one stereo main input, one stereo main output,
 * usable in place (32-bit samples). */
#include <string.h>

#include "shim.h"

/* [main-thread] */
static uint32_t ports_count(const clap_plugin_t *plugin, bool is_input) {
    (void)plugin;
    (void)is_input;
    return 1;
}

/* [main-thread] */
static bool ports_get(const clap_plugin_t *plugin, uint32_t index, bool is_input,
                      clap_audio_port_info_t *info) {
    (void)plugin;
    if (index != 0 || !info) {
        return false;
    }
    memset(info, 0, sizeof *info);
    info->id = 0;
    strcpy(info->name, is_input ? "Input" : "Output");
    info->flags = CLAP_AUDIO_PORT_IS_MAIN;
    info->channel_count = 2;
    info->port_type = CLAP_PORT_STEREO;
    info->in_place_pair = 0; /* the port with id 0 on the other side */
    return true;
}

const clap_plugin_audio_ports_t rill_ext_audio_ports = {
    .count = ports_count,
    .get = ports_get,
};
