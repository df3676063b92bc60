/*
 * rill_clap.h: Rill Tape's own C declarations of the CLAP 1.2 plugin ABI.
 *
 * Written by the project from the public facts of the CLAP 1.2 ABI (struct layouts, ids,
 * constant values); shim/abi_check.c pins every layout that matters with static_assert
 * (x86-64, LP64). Both sides use it: the plugin shim (the C files in shim/) and the hosts (the C
 * conformance suite in shim/test/ and the Go standalone host through cgo).
 *
 * Thread rules, as the CLAP contract states them, are noted on each function pointer:
 *   [main-thread]   the one thread the host calls lifecycle functions on
 *   [audio-thread]  the thread that calls process (it may change over time, never concurrent)
 *   [thread-safe]   any thread, possibly concurrently
 *
 * String ids are macros so that C (static initialisers, strcmp) and cgo (as Go string
 * constants) can both use them.
 */
#ifndef RILL_CLAP_H
#define RILL_CLAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- version */

/* clap_version_t: the ABI version a plugin or host was built against. */
typedef struct clap_version {
    uint32_t major; /* 1 for every stable CLAP release */
    uint32_t minor;
    uint32_t revision;
} clap_version_t;

#define CLAP_VERSION_MAJOR 1
#define CLAP_VERSION_MINOR 2
#define CLAP_VERSION_REVISION 2
#define CLAP_VERSION_INIT {CLAP_VERSION_MAJOR, CLAP_VERSION_MINOR, CLAP_VERSION_REVISION}

/* clap_version_is_compatible: every 1.x release shares one ABI; 0.x was pre-release. */
static inline bool clap_version_is_compatible(clap_version_t v) { return v.major >= 1; }

/* ---------------------------------------------------------------- basic types */

/* clap_id: parameter, port and timer ids. */
typedef uint32_t clap_id;
#define CLAP_INVALID_ID UINT32_MAX

/* Fixed-point musical and wall-clock time (value * 2^31). */
typedef int64_t clap_beattime;
typedef int64_t clap_sectime;
#define CLAP_BEATTIME_FACTOR (INT64_C(1) << 31)
#define CLAP_SECTIME_FACTOR (INT64_C(1) << 31)

/* Capacities of the fixed string fields (including the terminating NUL). */
enum {
    CLAP_NAME_SIZE = 256,  /* display names */
    CLAP_PATH_SIZE = 1024, /* module paths such as "Tape/Wow" */
};

/* ---------------------------------------------------------------- host */

/* clap_host_t: what the host hands to a plugin at creation. */
typedef struct clap_host {
    clap_version_t clap_version;
    void *host_data; /* the host's own pointer */
    const char *name;
    const char *vendor;
    const char *url;
    const char *version;
    /* [thread-safe] host extension by id, or NULL; not before plugin->init. */
    const void *(*get_extension)(const struct clap_host *host, const char *extension_id);
    /* [thread-safe] ask for deactivate + activate. */
    void (*request_restart)(const struct clap_host *host);
    /* [thread-safe] ask to start processing (wake from sleep). */
    void (*request_process)(const struct clap_host *host);
    /* [thread-safe] ask for a call to plugin->on_main_thread. */
    void (*request_callback)(const struct clap_host *host);
} clap_host_t;

/* ---------------------------------------------------------------- events */

/* clap_event_header_t: first member of every event; size covers the whole event. */
typedef struct clap_event_header {
    uint32_t size;     /* bytes of the whole event, header included */
    uint32_t time;     /* sample offset inside the current block */
    uint16_t space_id; /* CLAP_CORE_EVENT_SPACE_ID for the events below */
    uint16_t type;     /* CLAP_EVENT_* */
    uint32_t flags;    /* CLAP_EVENT_IS_LIVE | CLAP_EVENT_DONT_RECORD */
} clap_event_header_t;

#define CLAP_CORE_EVENT_SPACE_ID 0

enum {
    CLAP_EVENT_IS_LIVE = 1 << 0,     /* a live user action */
    CLAP_EVENT_DONT_RECORD = 1 << 1, /* the host should not record it as automation */
};

/* Core event types. */
enum {
    CLAP_EVENT_NOTE_ON = 0,
    CLAP_EVENT_NOTE_OFF = 1,
    CLAP_EVENT_NOTE_CHOKE = 2,
    CLAP_EVENT_NOTE_END = 3,
    CLAP_EVENT_NOTE_EXPRESSION = 4,
    CLAP_EVENT_PARAM_VALUE = 5,
    CLAP_EVENT_PARAM_MOD = 6,
    CLAP_EVENT_PARAM_GESTURE_BEGIN = 7,
    CLAP_EVENT_PARAM_GESTURE_END = 8,
    CLAP_EVENT_TRANSPORT = 9,
    CLAP_EVENT_MIDI = 10,
    CLAP_EVENT_MIDI_SYSEX = 11,
    CLAP_EVENT_MIDI2 = 12,
};

/* clap_event_note_t: note on/off/choke/end; -1 fields are wildcards. */
typedef struct clap_event_note {
    clap_event_header_t header;
    int32_t note_id;
    int16_t port_index;
    int16_t channel;
    int16_t key;
    double velocity;
} clap_event_note_t;

/* clap_event_note_expression_t: per-note expression (volume, pan, tuning, ...). */
typedef struct clap_event_note_expression {
    clap_event_header_t header;
    int32_t expression_id;
    int32_t note_id;
    int16_t port_index;
    int16_t channel;
    int16_t key;
    double value;
} clap_event_note_expression_t;

/* clap_event_param_value_t: sets a parameter's plain value. cookie may be NULL. */
typedef struct clap_event_param_value {
    clap_event_header_t header;
    clap_id param_id;
    void *cookie;
    int32_t note_id; /* -1: all notes */
    int16_t port_index;
    int16_t channel;
    int16_t key;
    double value;
} clap_event_param_value_t;

/* clap_event_param_mod_t: sets a modulation offset; heard value = value + amount. */
typedef struct clap_event_param_mod {
    clap_event_header_t header;
    clap_id param_id;
    void *cookie;
    int32_t note_id;
    int16_t port_index;
    int16_t channel;
    int16_t key;
    double amount;
} clap_event_param_mod_t;

/* clap_event_param_gesture_t: begin/end of a user adjusting a parameter. */
typedef struct clap_event_param_gesture {
    clap_event_header_t header;
    clap_id param_id;
} clap_event_param_gesture_t;

/* Transport flags: which clap_event_transport_t fields are valid, and play state. */
enum {
    CLAP_TRANSPORT_HAS_TEMPO = 1 << 0,
    CLAP_TRANSPORT_HAS_BEATS_TIMELINE = 1 << 1,
    CLAP_TRANSPORT_HAS_SECONDS_TIMELINE = 1 << 2,
    CLAP_TRANSPORT_HAS_TIME_SIGNATURE = 1 << 3,
    CLAP_TRANSPORT_IS_PLAYING = 1 << 4,
    CLAP_TRANSPORT_IS_RECORDING = 1 << 5,
    CLAP_TRANSPORT_IS_LOOP_ACTIVE = 1 << 6,
    CLAP_TRANSPORT_IS_WITHIN_PRE_ROLL = 1 << 7,
};

/* clap_event_transport_t: transport state (also process->transport, at sample 0). */
typedef struct clap_event_transport {
    clap_event_header_t header;
    uint32_t flags;
    clap_beattime song_pos_beats;
    clap_sectime song_pos_seconds;
    double tempo;     /* beats per minute */
    double tempo_inc; /* tempo change per sample until the next transport event */
    clap_beattime loop_start_beats;
    clap_beattime loop_end_beats;
    clap_sectime loop_start_seconds;
    clap_sectime loop_end_seconds;
    clap_beattime bar_start;
    int32_t bar_number;
    uint16_t tsig_num;
    uint16_t tsig_denom;
} clap_event_transport_t;

/* clap_event_midi_t: one MIDI 1.0 message. */
typedef struct clap_event_midi {
    clap_event_header_t header;
    uint16_t port_index;
    uint8_t data[3];
} clap_event_midi_t;

/* clap_event_midi_sysex_t: a sysex message; buffer lives for the call only. */
typedef struct clap_event_midi_sysex {
    clap_event_header_t header;
    uint16_t port_index;
    const uint8_t *buffer;
    uint32_t size;
} clap_event_midi_sysex_t;

/* clap_event_midi2_t: one MIDI 2.0 UMP packet. */
typedef struct clap_event_midi2 {
    clap_event_header_t header;
    uint16_t port_index;
    uint32_t data[4];
} clap_event_midi2_t;

/* clap_input_events_t: host-owned, sorted by time, read-only. */
typedef struct clap_input_events {
    void *ctx;
    uint32_t (*size)(const struct clap_input_events *list);
    const clap_event_header_t *(*get)(const struct clap_input_events *list, uint32_t index);
} clap_input_events_t;

/* clap_output_events_t: plugin pushes copies, in time order; false when the host is full. */
typedef struct clap_output_events {
    void *ctx;
    bool (*try_push)(const struct clap_output_events *list, const clap_event_header_t *event);
} clap_output_events_t;

/* ---------------------------------------------------------------- audio buffers and process */

/* clap_audio_buffer_t: one port's channels; data32 or data64 is set. */
typedef struct clap_audio_buffer {
    float **data32;
    double **data64;
    uint32_t channel_count;
    uint32_t latency;       /* latency to/from the audio interface, in samples */
    uint64_t constant_mask; /* bit i: channel i holds one value for the whole block */
} clap_audio_buffer_t;

/* Process status returned by clap_plugin_t.process. */
enum {
    CLAP_PROCESS_ERROR = 0,                 /* output must be discarded */
    CLAP_PROCESS_CONTINUE = 1,              /* keep processing */
    CLAP_PROCESS_CONTINUE_IF_NOT_QUIET = 2, /* keep processing while the output is not quiet */
    CLAP_PROCESS_TAIL = 3,                  /* keep processing for clap_plugin_tail.get samples */
    CLAP_PROCESS_SLEEP = 4,                 /* no more processing until an event or input change */
};
typedef int32_t clap_process_status;

/* clap_process_t: one block. Every pointer is valid until process returns. */
typedef struct clap_process {
    int64_t steady_time; /* sample counter, -1 if unavailable */
    uint32_t frames_count;
    const clap_event_transport_t *transport; /* NULL for a free-running host */
    const clap_audio_buffer_t *audio_inputs;
    clap_audio_buffer_t *audio_outputs;
    uint32_t audio_inputs_count;
    uint32_t audio_outputs_count;
    const clap_input_events_t *in_events;
    const clap_output_events_t *out_events;
} clap_process_t;

/* ---------------------------------------------------------------- plugin */

/* Standard feature strings for clap_plugin_descriptor_t.features (a subset). */
#define CLAP_PLUGIN_FEATURE_INSTRUMENT "instrument"
#define CLAP_PLUGIN_FEATURE_AUDIO_EFFECT "audio-effect"
#define CLAP_PLUGIN_FEATURE_NOTE_EFFECT "note-effect"
#define CLAP_PLUGIN_FEATURE_NOTE_DETECTOR "note-detector"
#define CLAP_PLUGIN_FEATURE_ANALYZER "analyzer"
#define CLAP_PLUGIN_FEATURE_DELAY "delay"
#define CLAP_PLUGIN_FEATURE_REVERB "reverb"
#define CLAP_PLUGIN_FEATURE_MONO "mono"
#define CLAP_PLUGIN_FEATURE_STEREO "stereo"
#define CLAP_PLUGIN_FEATURE_SURROUND "surround"

/* clap_plugin_descriptor_t: static facts about one plugin; features ends with NULL. */
typedef struct clap_plugin_descriptor {
    clap_version_t clap_version;
    const char *id; /* mandatory */
    const char *name; /* mandatory */
    const char *vendor;
    const char *url;
    const char *manual_url;
    const char *support_url;
    const char *version;
    const char *description;
    const char *const *features;
} clap_plugin_descriptor_t;

/* clap_plugin_t: one instance; the function table the host calls. */
typedef struct clap_plugin {
    const clap_plugin_descriptor_t *desc;
    void *plugin_data; /* the plugin's own pointer */
    /* [main-thread] second half of construction; false → host destroys. */
    bool (*init)(const struct clap_plugin *plugin);
    /* [main-thread & !active] free everything. */
    void (*destroy)(const struct clap_plugin *plugin);
    /* [main-thread & !active] allocate for this rate and block range (1..INT32_MAX). */
    bool (*activate)(const struct clap_plugin *plugin, double sample_rate,
                     uint32_t min_frames_count, uint32_t max_frames_count);
    /* [main-thread & active] */
    void (*deactivate)(const struct clap_plugin *plugin);
    /* [audio-thread & active & !processing] */
    bool (*start_processing)(const struct clap_plugin *plugin);
    /* [audio-thread & active & processing] */
    void (*stop_processing)(const struct clap_plugin *plugin);
    /* [audio-thread & active] clear the signal state; parameter values stay. */
    void (*reset)(const struct clap_plugin *plugin);
    /* [audio-thread & active & processing] */
    clap_process_status (*process)(const struct clap_plugin *plugin, const clap_process_t *process);
    /* [thread-safe] plugin extension by id, or NULL. */
    const void *(*get_extension)(const struct clap_plugin *plugin, const char *id);
    /* [main-thread] answer to host->request_callback. */
    void (*on_main_thread)(const struct clap_plugin *plugin);
} clap_plugin_t;

/* ---------------------------------------------------------------- factory and entry */

#define CLAP_PLUGIN_FACTORY_ID "clap.plugin-factory"

/* clap_plugin_factory_t: lists and creates plugins. Every function is [thread-safe]. */
typedef struct clap_plugin_factory {
    uint32_t (*get_plugin_count)(const struct clap_plugin_factory *factory);
    const clap_plugin_descriptor_t *(*get_plugin_descriptor)(
        const struct clap_plugin_factory *factory, uint32_t index);
    /* NULL when plugin_id is unknown; the plugin must not call the host from here. */
    const clap_plugin_t *(*create_plugin)(const struct clap_plugin_factory *factory,
                                          const clap_host_t *host, const char *plugin_id);
} clap_plugin_factory_t;

/* clap_plugin_entry_t: the one exported symbol, named clap_entry. */
typedef struct clap_plugin_entry {
    clap_version_t clap_version;
    /* [thread-safe] fast, no UI; plugin_path is the path of the .clap file. */
    bool (*init)(const char *plugin_path);
    /* [thread-safe] undoes init. */
    void (*deinit)(void);
    /* [thread-safe] factory by id, or NULL. */
    const void *(*get_factory)(const char *factory_id);
} clap_plugin_entry_t;

/* The name of the exported entry symbol, for dlsym. */
#define CLAP_ENTRY_SYMBOL "clap_entry"

/* ---------------------------------------------------------------- streams */

/* clap_istream_t: read may return fewer bytes than asked; 0 = end, < 0 = error. */
typedef struct clap_istream {
    void *ctx;
    int64_t (*read)(const struct clap_istream *stream, void *buffer, uint64_t size);
} clap_istream_t;

/* clap_ostream_t: write may accept fewer bytes than given; < 0 = error. */
typedef struct clap_ostream {
    void *ctx;
    int64_t (*write)(const struct clap_ostream *stream, const void *buffer, uint64_t size);
} clap_ostream_t;

/* ---------------------------------------------------------------- ext: audio ports */

#define CLAP_EXT_AUDIO_PORTS "clap.audio-ports"
#define CLAP_PORT_MONO "mono"
#define CLAP_PORT_STEREO "stereo"

enum {
    CLAP_AUDIO_PORT_IS_MAIN = 1 << 0,
    CLAP_AUDIO_PORT_SUPPORTS_64BITS = 1 << 1,
    CLAP_AUDIO_PORT_PREFERS_64BITS = 1 << 2,
    CLAP_AUDIO_PORT_REQUIRES_COMMON_SAMPLE_SIZE = 1 << 3,
};

/* clap_audio_port_info_t: one port; in_place_pair is CLAP_INVALID_ID when none. */
typedef struct clap_audio_port_info {
    clap_id id;
    char name[CLAP_NAME_SIZE];
    uint32_t flags;
    uint32_t channel_count;
    const char *port_type; /* CLAP_PORT_STEREO, ... or NULL */
    clap_id in_place_pair;
} clap_audio_port_info_t;

/* clap_plugin_audio_ports_t: [main-thread], scanned while inactive. */
typedef struct clap_plugin_audio_ports {
    uint32_t (*count)(const clap_plugin_t *plugin, bool is_input);
    bool (*get)(const clap_plugin_t *plugin, uint32_t index, bool is_input,
                clap_audio_port_info_t *info);
} clap_plugin_audio_ports_t;

enum {
    CLAP_AUDIO_PORTS_RESCAN_NAMES = 1 << 0,
    CLAP_AUDIO_PORTS_RESCAN_FLAGS = 1 << 1,
    CLAP_AUDIO_PORTS_RESCAN_CHANNEL_COUNT = 1 << 2,
    CLAP_AUDIO_PORTS_RESCAN_PORT_TYPE = 1 << 3,
    CLAP_AUDIO_PORTS_RESCAN_IN_PLACE_PAIR = 1 << 4,
    CLAP_AUDIO_PORTS_RESCAN_LIST = 1 << 5,
};

/* clap_host_audio_ports_t: [main-thread]. */
typedef struct clap_host_audio_ports {
    bool (*is_rescan_flag_supported)(const clap_host_t *host, uint32_t flag);
    void (*rescan)(const clap_host_t *host, uint32_t flags);
} clap_host_audio_ports_t;

/* ---------------------------------------------------------------- ext: params */

#define CLAP_EXT_PARAMS "clap.params"

/* Parameter info flags. */
enum {
    CLAP_PARAM_IS_STEPPED = 1 << 0,
    CLAP_PARAM_IS_PERIODIC = 1 << 1,
    CLAP_PARAM_IS_HIDDEN = 1 << 2,
    CLAP_PARAM_IS_READONLY = 1 << 3,
    CLAP_PARAM_IS_BYPASS = 1 << 4,
    CLAP_PARAM_IS_AUTOMATABLE = 1 << 5,
    CLAP_PARAM_IS_AUTOMATABLE_PER_NOTE_ID = 1 << 6,
    CLAP_PARAM_IS_AUTOMATABLE_PER_KEY = 1 << 7,
    CLAP_PARAM_IS_AUTOMATABLE_PER_CHANNEL = 1 << 8,
    CLAP_PARAM_IS_AUTOMATABLE_PER_PORT = 1 << 9,
    CLAP_PARAM_IS_MODULATABLE = 1 << 10,
    CLAP_PARAM_IS_MODULATABLE_PER_NOTE_ID = 1 << 11,
    CLAP_PARAM_IS_MODULATABLE_PER_KEY = 1 << 12,
    CLAP_PARAM_IS_MODULATABLE_PER_CHANNEL = 1 << 13,
    CLAP_PARAM_IS_MODULATABLE_PER_PORT = 1 << 14,
    CLAP_PARAM_REQUIRES_PROCESS = 1 << 15,
    CLAP_PARAM_IS_ENUM = 1 << 16, /* implies STEPPED; every value has a label */
};
typedef uint32_t clap_param_info_flags;

/* clap_param_info_t: one parameter; min/max/default finite, default in range. */
typedef struct clap_param_info {
    clap_id id;
    clap_param_info_flags flags;
    void *cookie;
    char name[CLAP_NAME_SIZE];
    char module[CLAP_PATH_SIZE];
    double min_value;
    double max_value;
    double default_value;
} clap_param_info_t;

/* clap_plugin_params_t: the plugin's parameters. */
typedef struct clap_plugin_params {
    /* [main-thread] */
    uint32_t (*count)(const clap_plugin_t *plugin);
    /* [main-thread] */
    bool (*get_info)(const clap_plugin_t *plugin, uint32_t param_index, clap_param_info_t *param_info);
    /* [main-thread] */
    bool (*get_value)(const clap_plugin_t *plugin, clap_id param_id, double *out_value);
    /* [main-thread] writes a NUL-terminated text of at most out_buffer_capacity bytes. */
    bool (*value_to_text)(const clap_plugin_t *plugin, clap_id param_id, double value,
                          char *out_buffer, uint32_t out_buffer_capacity);
    /* [main-thread] */
    bool (*text_to_value)(const clap_plugin_t *plugin, clap_id param_id, const char *param_value_text,
                          double *out_value);
    /* [active && !processing: audio-thread] [!active: main-thread] apply and report changes. */
    void (*flush)(const clap_plugin_t *plugin, const clap_input_events_t *in,
                  const clap_output_events_t *out);
} clap_plugin_params_t;

enum {
    CLAP_PARAM_RESCAN_VALUES = 1 << 0,
    CLAP_PARAM_RESCAN_TEXT = 1 << 1,
    CLAP_PARAM_RESCAN_INFO = 1 << 2,
    CLAP_PARAM_RESCAN_ALL = 1 << 3,
};
typedef uint32_t clap_param_rescan_flags;

enum {
    CLAP_PARAM_CLEAR_ALL = 1 << 0,
    CLAP_PARAM_CLEAR_AUTOMATIONS = 1 << 1,
    CLAP_PARAM_CLEAR_MODULATIONS = 1 << 2,
};
typedef uint32_t clap_param_clear_flags;

/* clap_host_params_t: the host side of parameters. */
typedef struct clap_host_params {
    /* [main-thread] */
    void (*rescan)(const clap_host_t *host, clap_param_rescan_flags flags);
    /* [main-thread] */
    void (*clear)(const clap_host_t *host, clap_id param_id, clap_param_clear_flags flags);
    /* [thread-safe, not audio-thread] ask for params->flush when not processing. */
    void (*request_flush)(const clap_host_t *host);
} clap_host_params_t;

/* ---------------------------------------------------------------- ext: state */

#define CLAP_EXT_STATE "clap.state"

/* clap_plugin_state_t: [main-thread] save/load the whole plugin state. */
typedef struct clap_plugin_state {
    bool (*save)(const clap_plugin_t *plugin, const clap_ostream_t *stream);
    bool (*load)(const clap_plugin_t *plugin, const clap_istream_t *stream);
} clap_plugin_state_t;

/* clap_host_state_t: [main-thread] the state changed and needs saving. */
typedef struct clap_host_state {
    void (*mark_dirty)(const clap_host_t *host);
} clap_host_state_t;

/* ---------------------------------------------------------------- ext: state-context */

#define CLAP_EXT_STATE_CONTEXT "clap.state-context/2"

enum {
    CLAP_STATE_CONTEXT_FOR_PRESET = 1,
    CLAP_STATE_CONTEXT_FOR_DUPLICATE = 2,
    CLAP_STATE_CONTEXT_FOR_PROJECT = 3,
};
typedef uint32_t clap_plugin_state_context_type;

/* clap_plugin_state_context_t: [main-thread] state save/load that knows why. */
typedef struct clap_plugin_state_context {
    bool (*save)(const clap_plugin_t *plugin, const clap_ostream_t *stream, uint32_t context_type);
    bool (*load)(const clap_plugin_t *plugin, const clap_istream_t *stream, uint32_t context_type);
} clap_plugin_state_context_t;

/* ---------------------------------------------------------------- ext: latency */

#define CLAP_EXT_LATENCY "clap.latency"

/* clap_plugin_latency_t: [main-thread & active] latency in samples. */
typedef struct clap_plugin_latency {
    uint32_t (*get)(const clap_plugin_t *plugin);
} clap_plugin_latency_t;

/* clap_host_latency_t: [main-thread] the latency changed (only while activating). */
typedef struct clap_host_latency {
    void (*changed)(const clap_host_t *host);
} clap_host_latency_t;

/* ---------------------------------------------------------------- ext: tail */

#define CLAP_EXT_TAIL "clap.tail"

/* clap_plugin_tail_t: [main-thread, audio-thread] tail in samples; INT32_MAX = infinite. */
typedef struct clap_plugin_tail {
    uint32_t (*get)(const clap_plugin_t *plugin);
} clap_plugin_tail_t;

/* clap_host_tail_t: [audio-thread] the tail changed. */
typedef struct clap_host_tail {
    void (*changed)(const clap_host_t *host);
} clap_host_tail_t;

/* ---------------------------------------------------------------- ext: render */

#define CLAP_EXT_RENDER "clap.render"

enum {
    CLAP_RENDER_REALTIME = 0, /* the default */
    CLAP_RENDER_OFFLINE = 1,  /* as fast (or slow) as needed, best quality */
};
typedef int32_t clap_plugin_render_mode;

/* clap_plugin_render_t: [main-thread]. */
typedef struct clap_plugin_render {
    /* true if the plugin can only run in real time (hardware, network). */
    bool (*has_hard_realtime_requirement)(const clap_plugin_t *plugin);
    /* false if the mode could not be applied. */
    bool (*set)(const clap_plugin_t *plugin, clap_plugin_render_mode mode);
} clap_plugin_render_t;

/* ---------------------------------------------------------------- ext: gui */

#define CLAP_EXT_GUI "clap.gui"
#define CLAP_WINDOW_API_WIN32 "win32"
#define CLAP_WINDOW_API_COCOA "cocoa"
#define CLAP_WINDOW_API_X11 "x11"
#define CLAP_WINDOW_API_WAYLAND "wayland"

typedef void *clap_hwnd;
typedef void *clap_nsview;
typedef unsigned long clap_xwnd;

/* clap_window_t: a window of the given api. */
typedef struct clap_window {
    const char *api;
    union {
        clap_nsview cocoa;
        clap_xwnd x11;
        clap_hwnd win32;
        void *ptr;
    };
} clap_window_t;

/* clap_gui_resize_hints_t: how the editor may be resized. */
typedef struct clap_gui_resize_hints {
    bool can_resize_horizontally;
    bool can_resize_vertically;
    bool preserve_aspect_ratio;
    uint32_t aspect_ratio_width;
    uint32_t aspect_ratio_height;
} clap_gui_resize_hints_t;

/* clap_plugin_gui_t: the editor. Every function is [main-thread]. */
typedef struct clap_plugin_gui {
    bool (*is_api_supported)(const clap_plugin_t *plugin, const char *api, bool is_floating);
    bool (*get_preferred_api)(const clap_plugin_t *plugin, const char **api, bool *is_floating);
    bool (*create)(const clap_plugin_t *plugin, const char *api, bool is_floating);
    void (*destroy)(const clap_plugin_t *plugin);
    bool (*set_scale)(const clap_plugin_t *plugin, double scale);
    bool (*get_size)(const clap_plugin_t *plugin, uint32_t *width, uint32_t *height);
    bool (*can_resize)(const clap_plugin_t *plugin);
    bool (*get_resize_hints)(const clap_plugin_t *plugin, clap_gui_resize_hints_t *hints);
    bool (*adjust_size)(const clap_plugin_t *plugin, uint32_t *width, uint32_t *height);
    bool (*set_size)(const clap_plugin_t *plugin, uint32_t width, uint32_t height);
    bool (*set_parent)(const clap_plugin_t *plugin, const clap_window_t *window);
    bool (*set_transient)(const clap_plugin_t *plugin, const clap_window_t *window);
    void (*suggest_title)(const clap_plugin_t *plugin, const char *title);
    bool (*show)(const clap_plugin_t *plugin);
    bool (*hide)(const clap_plugin_t *plugin);
} clap_plugin_gui_t;

/* clap_host_gui_t: the host side of the editor. */
typedef struct clap_host_gui {
    /* [thread-safe & !floating] */
    void (*resize_hints_changed)(const clap_host_t *host);
    /* [thread-safe & !floating] true if the host accepted the new size. */
    bool (*request_resize)(const clap_host_t *host, uint32_t width, uint32_t height);
    /* [thread-safe] */
    bool (*request_show)(const clap_host_t *host);
    /* [thread-safe] */
    bool (*request_hide)(const clap_host_t *host);
    /* [thread-safe] the floating window was closed (was_destroyed: resources gone too). */
    void (*closed)(const clap_host_t *host, bool was_destroyed);
} clap_host_gui_t;

/* ---------------------------------------------------------------- ext: timer support */

#define CLAP_EXT_TIMER_SUPPORT "clap.timer-support"

/* clap_plugin_timer_support_t: [main-thread] a registered timer fired. */
typedef struct clap_plugin_timer_support {
    void (*on_timer)(const clap_plugin_t *plugin, clap_id timer_id);
} clap_plugin_timer_support_t;

/* clap_host_timer_support_t: [main-thread] periodic callbacks on the main thread. */
typedef struct clap_host_timer_support {
    bool (*register_timer)(const clap_host_t *host, uint32_t period_ms, clap_id *timer_id);
    bool (*unregister_timer)(const clap_host_t *host, clap_id timer_id);
} clap_host_timer_support_t;

/* ---------------------------------------------------------------- ext: thread check */

#define CLAP_EXT_THREAD_CHECK "clap.thread-check"

/* clap_host_thread_check_t: [thread-safe] which thread is this? */
typedef struct clap_host_thread_check {
    bool (*is_main_thread)(const clap_host_t *host);
    bool (*is_audio_thread)(const clap_host_t *host);
} clap_host_thread_check_t;

/* ---------------------------------------------------------------- ext: log */

#define CLAP_EXT_LOG "clap.log"

enum {
    CLAP_LOG_DEBUG = 0,
    CLAP_LOG_INFO = 1,
    CLAP_LOG_WARNING = 2,
    CLAP_LOG_ERROR = 3,
    CLAP_LOG_FATAL = 4,
    CLAP_LOG_HOST_MISBEHAVING = 5,   /* the host broke the contract */
    CLAP_LOG_PLUGIN_MISBEHAVING = 6, /* the plugin broke the contract */
};
typedef int32_t clap_log_severity;

/* clap_host_log_t: [thread-safe] log a message (not from the audio thread in release). */
typedef struct clap_host_log {
    void (*log)(const clap_host_t *host, clap_log_severity severity, const char *msg);
} clap_host_log_t;

/* ================================================================ Rill private extension */

/*
 * RILL_EXT_DEBUG: a private plugin extension for Rill's own test hosts (not part of CLAP).
 * It reports the plugin's Go-runtime heap allocation counters (cumulative, since process
 * start) so a C host can prove end to end that nothing allocates after activation.
 */
#define RILL_EXT_DEBUG "audio.rill.debug/1"

/* rill_plugin_debug_t: [thread-safe] cumulative Go heap allocations of the plugin's runtime. */
typedef struct rill_plugin_debug {
    uint64_t (*heap_alloc_bytes)(const clap_plugin_t *plugin);
    uint64_t (*heap_alloc_objects)(const clap_plugin_t *plugin);
} rill_plugin_debug_t;

#ifdef __cplusplus
}
#endif

#endif /* RILL_CLAP_H */
