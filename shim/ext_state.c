/* ext_state.c: clap.state and clap.state-context. The bytes are the dsp encoding
 * (versioned, checksummed); streams may move fewer bytes than asked, so both directions
 * loop. After a load the host rescans the values. */
#include "shim.h"

/* [main-thread] */
static bool state_save(const clap_plugin_t *plugin, const clap_ostream_t *stream) {
    rill_plugin_t *p = rill_from(plugin);
    if (!p || !p->handle || !stream || !stream->write) {
        return false;
    }
    rill_check_main_thread(p, "state.save");
    int32_t n = rill_go_state_save(p->handle, p->state_buf, RILL_STATE_CAPACITY);
    if (n <= 0) {
        return false;
    }
    for (int32_t done = 0; done < n;) {
        int64_t w = stream->write(stream, p->state_buf + done, (uint64_t)(n - done));
        if (w <= 0 || w > n - done) {
            return false; /* an error, or a stream that takes nothing: give up */
        }
        done += (int32_t)w;
    }
    return true;
}

/* [main-thread] reads until the end of the stream; more than RILL_STATE_CAPACITY bytes
 * cannot be a Rill state. */
static bool state_load(const clap_plugin_t *plugin, const clap_istream_t *stream) {
    rill_plugin_t *p = rill_from(plugin);
    if (!p || !p->handle || !stream || !stream->read) {
        return false;
    }
    rill_check_main_thread(p, "state.load");
    uint32_t len = 0;
    for (;;) {
        if (len == RILL_STATE_CAPACITY) {
            uint8_t extra;
            if (stream->read(stream, &extra, 1) != 0) {
                return false; /* too long, or a read error */
            }
            break;
        }
        int64_t r = stream->read(stream, p->state_buf + len, RILL_STATE_CAPACITY - len);
        if (r < 0 || r > (int64_t)(RILL_STATE_CAPACITY - len)) {
            return false;
        }
        if (r == 0) {
            break;
        }
        len += (uint32_t)r;
    }
    if (len == 0 || !rill_go_state_load(p->handle, p->state_buf, len)) {
        return false;
    }
    if (p->host_params && p->host_params->rescan) {
        p->host_params->rescan(p->host, CLAP_PARAM_RESCAN_VALUES);
    }
    return true;
}

const clap_plugin_state_t rill_ext_state = {
    .save = state_save,
    .load = state_load,
};

/* [main-thread] presets, duplicates and projects all keep every parameter. */
static bool state_context_save(const clap_plugin_t *plugin, const clap_ostream_t *stream,
                               uint32_t context_type) {
    (void)context_type;
    return state_save(plugin, stream);
}

/* [main-thread] */
static bool state_context_load(const clap_plugin_t *plugin, const clap_istream_t *stream,
                               uint32_t context_type) {
    (void)context_type;
    return state_load(plugin, stream);
}

const clap_plugin_state_context_t rill_ext_state_context = {
    .save = state_context_save,
    .load = state_context_load,
};
