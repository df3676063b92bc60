/*
 * abi_check.c: compile-time proof that shim/include/rill_clap.h lays out every CLAP 1.2
 * struct exactly as the public ABI does on x86-64 Linux (LP64, System V). It generates no
 * code; scripts/build.sh compiles it first (-fsyntax-only), so a drifted layout fails the
 * build before anything links. The expected numbers were derived field by field from the
 * public CLAP 1.2 headers with natural C alignment (8-byte pointers, doubles, int64).
 */
#include <assert.h>
#include <stddef.h>

#include "rill_clap.h"

#if !defined(__x86_64__) || !defined(__LP64__)
#error "abi_check.c pins the x86-64 LP64 layout; add the numbers for this target first"
#endif

#define SIZE(type, n) static_assert(sizeof(type) == (n), "sizeof " #type)
#define AT(type, field, n) static_assert(offsetof(type, field) == (n), #type "." #field)

/* version, host */
SIZE(clap_version_t, 12);
AT(clap_version_t, major, 0);
AT(clap_version_t, minor, 4);
AT(clap_version_t, revision, 8);

SIZE(clap_host_t, 88);
AT(clap_host_t, clap_version, 0);
AT(clap_host_t, host_data, 16);
AT(clap_host_t, name, 24);
AT(clap_host_t, vendor, 32);
AT(clap_host_t, url, 40);
AT(clap_host_t, version, 48);
AT(clap_host_t, get_extension, 56);
AT(clap_host_t, request_restart, 64);
AT(clap_host_t, request_process, 72);
AT(clap_host_t, request_callback, 80);

/* events */
SIZE(clap_event_header_t, 16);
AT(clap_event_header_t, size, 0);
AT(clap_event_header_t, time, 4);
AT(clap_event_header_t, space_id, 8);
AT(clap_event_header_t, type, 10);
AT(clap_event_header_t, flags, 12);

SIZE(clap_event_note_t, 40);
AT(clap_event_note_t, note_id, 16);
AT(clap_event_note_t, port_index, 20);
AT(clap_event_note_t, channel, 22);
AT(clap_event_note_t, key, 24);
AT(clap_event_note_t, velocity, 32);

SIZE(clap_event_note_expression_t, 40);
AT(clap_event_note_expression_t, expression_id, 16);
AT(clap_event_note_expression_t, note_id, 20);
AT(clap_event_note_expression_t, port_index, 24);
AT(clap_event_note_expression_t, channel, 26);
AT(clap_event_note_expression_t, key, 28);
AT(clap_event_note_expression_t, value, 32);

SIZE(clap_event_param_value_t, 56);
AT(clap_event_param_value_t, param_id, 16);
AT(clap_event_param_value_t, cookie, 24);
AT(clap_event_param_value_t, note_id, 32);
AT(clap_event_param_value_t, port_index, 36);
AT(clap_event_param_value_t, channel, 38);
AT(clap_event_param_value_t, key, 40);
AT(clap_event_param_value_t, value, 48);

SIZE(clap_event_param_mod_t, 56);
AT(clap_event_param_mod_t, param_id, 16);
AT(clap_event_param_mod_t, cookie, 24);
AT(clap_event_param_mod_t, note_id, 32);
AT(clap_event_param_mod_t, port_index, 36);
AT(clap_event_param_mod_t, channel, 38);
AT(clap_event_param_mod_t, key, 40);
AT(clap_event_param_mod_t, amount, 48);

SIZE(clap_event_param_gesture_t, 20);
AT(clap_event_param_gesture_t, param_id, 16);

SIZE(clap_event_transport_t, 104);
AT(clap_event_transport_t, flags, 16);
AT(clap_event_transport_t, song_pos_beats, 24);
AT(clap_event_transport_t, song_pos_seconds, 32);
AT(clap_event_transport_t, tempo, 40);
AT(clap_event_transport_t, tempo_inc, 48);
AT(clap_event_transport_t, loop_start_beats, 56);
AT(clap_event_transport_t, loop_end_beats, 64);
AT(clap_event_transport_t, loop_start_seconds, 72);
AT(clap_event_transport_t, loop_end_seconds, 80);
AT(clap_event_transport_t, bar_start, 88);
AT(clap_event_transport_t, bar_number, 96);
AT(clap_event_transport_t, tsig_num, 100);
AT(clap_event_transport_t, tsig_denom, 102);

SIZE(clap_event_midi_t, 24);
AT(clap_event_midi_t, port_index, 16);
AT(clap_event_midi_t, data, 18);

SIZE(clap_event_midi_sysex_t, 40);
AT(clap_event_midi_sysex_t, port_index, 16);
AT(clap_event_midi_sysex_t, buffer, 24);
AT(clap_event_midi_sysex_t, size, 32);

SIZE(clap_event_midi2_t, 36);
AT(clap_event_midi2_t, port_index, 16);
AT(clap_event_midi2_t, data, 20);

SIZE(clap_input_events_t, 24);
AT(clap_input_events_t, ctx, 0);
AT(clap_input_events_t, size, 8);
AT(clap_input_events_t, get, 16);

SIZE(clap_output_events_t, 16);
AT(clap_output_events_t, ctx, 0);
AT(clap_output_events_t, try_push, 8);

/* audio buffers, process */
SIZE(clap_audio_buffer_t, 32);
AT(clap_audio_buffer_t, data32, 0);
AT(clap_audio_buffer_t, data64, 8);
AT(clap_audio_buffer_t, channel_count, 16);
AT(clap_audio_buffer_t, latency, 20);
AT(clap_audio_buffer_t, constant_mask, 24);

SIZE(clap_process_t, 64);
AT(clap_process_t, steady_time, 0);
AT(clap_process_t, frames_count, 8);
AT(clap_process_t, transport, 16);
AT(clap_process_t, audio_inputs, 24);
AT(clap_process_t, audio_outputs, 32);
AT(clap_process_t, audio_inputs_count, 40);
AT(clap_process_t, audio_outputs_count, 44);
AT(clap_process_t, in_events, 48);
AT(clap_process_t, out_events, 56);

/* descriptor, plugin, factory, entry */
SIZE(clap_plugin_descriptor_t, 88);
AT(clap_plugin_descriptor_t, clap_version, 0);
AT(clap_plugin_descriptor_t, id, 16);
AT(clap_plugin_descriptor_t, name, 24);
AT(clap_plugin_descriptor_t, vendor, 32);
AT(clap_plugin_descriptor_t, url, 40);
AT(clap_plugin_descriptor_t, manual_url, 48);
AT(clap_plugin_descriptor_t, support_url, 56);
AT(clap_plugin_descriptor_t, version, 64);
AT(clap_plugin_descriptor_t, description, 72);
AT(clap_plugin_descriptor_t, features, 80);

SIZE(clap_plugin_t, 96);
AT(clap_plugin_t, desc, 0);
AT(clap_plugin_t, plugin_data, 8);
AT(clap_plugin_t, init, 16);
AT(clap_plugin_t, destroy, 24);
AT(clap_plugin_t, activate, 32);
AT(clap_plugin_t, deactivate, 40);
AT(clap_plugin_t, start_processing, 48);
AT(clap_plugin_t, stop_processing, 56);
AT(clap_plugin_t, reset, 64);
AT(clap_plugin_t, process, 72);
AT(clap_plugin_t, get_extension, 80);
AT(clap_plugin_t, on_main_thread, 88);

SIZE(clap_plugin_factory_t, 24);
AT(clap_plugin_factory_t, get_plugin_count, 0);
AT(clap_plugin_factory_t, get_plugin_descriptor, 8);
AT(clap_plugin_factory_t, create_plugin, 16);

SIZE(clap_plugin_entry_t, 40);
AT(clap_plugin_entry_t, clap_version, 0);
AT(clap_plugin_entry_t, init, 16);
AT(clap_plugin_entry_t, deinit, 24);
AT(clap_plugin_entry_t, get_factory, 32);

/* streams */
SIZE(clap_istream_t, 16);
AT(clap_istream_t, read, 8);
SIZE(clap_ostream_t, 16);
AT(clap_ostream_t, write, 8);

/* audio ports */
SIZE(clap_audio_port_info_t, 288);
AT(clap_audio_port_info_t, id, 0);
AT(clap_audio_port_info_t, name, 4);
AT(clap_audio_port_info_t, flags, 260);
AT(clap_audio_port_info_t, channel_count, 264);
AT(clap_audio_port_info_t, port_type, 272);
AT(clap_audio_port_info_t, in_place_pair, 280);
SIZE(clap_plugin_audio_ports_t, 16);
AT(clap_plugin_audio_ports_t, get, 8);
SIZE(clap_host_audio_ports_t, 16);
AT(clap_host_audio_ports_t, rescan, 8);

/* params */
SIZE(clap_param_info_t, 1320);
AT(clap_param_info_t, id, 0);
AT(clap_param_info_t, flags, 4);
AT(clap_param_info_t, cookie, 8);
AT(clap_param_info_t, name, 16);
AT(clap_param_info_t, module, 272);
AT(clap_param_info_t, min_value, 1296);
AT(clap_param_info_t, max_value, 1304);
AT(clap_param_info_t, default_value, 1312);

SIZE(clap_plugin_params_t, 48);
AT(clap_plugin_params_t, count, 0);
AT(clap_plugin_params_t, get_info, 8);
AT(clap_plugin_params_t, get_value, 16);
AT(clap_plugin_params_t, value_to_text, 24);
AT(clap_plugin_params_t, text_to_value, 32);
AT(clap_plugin_params_t, flush, 40);

SIZE(clap_host_params_t, 24);
AT(clap_host_params_t, rescan, 0);
AT(clap_host_params_t, clear, 8);
AT(clap_host_params_t, request_flush, 16);

/* state, state-context, latency, tail, render */
SIZE(clap_plugin_state_t, 16);
AT(clap_plugin_state_t, save, 0);
AT(clap_plugin_state_t, load, 8);
SIZE(clap_host_state_t, 8);
SIZE(clap_plugin_state_context_t, 16);
AT(clap_plugin_state_context_t, load, 8);
SIZE(clap_plugin_latency_t, 8);
SIZE(clap_host_latency_t, 8);
SIZE(clap_plugin_tail_t, 8);
SIZE(clap_host_tail_t, 8);
SIZE(clap_plugin_render_t, 16);
AT(clap_plugin_render_t, has_hard_realtime_requirement, 0);
AT(clap_plugin_render_t, set, 8);

/* gui */
SIZE(clap_window_t, 16);
AT(clap_window_t, api, 0);
AT(clap_window_t, x11, 8);
AT(clap_window_t, ptr, 8);
SIZE(clap_gui_resize_hints_t, 12);
AT(clap_gui_resize_hints_t, can_resize_horizontally, 0);
AT(clap_gui_resize_hints_t, can_resize_vertically, 1);
AT(clap_gui_resize_hints_t, preserve_aspect_ratio, 2);
AT(clap_gui_resize_hints_t, aspect_ratio_width, 4);
AT(clap_gui_resize_hints_t, aspect_ratio_height, 8);

SIZE(clap_plugin_gui_t, 120);
AT(clap_plugin_gui_t, is_api_supported, 0);
AT(clap_plugin_gui_t, get_preferred_api, 8);
AT(clap_plugin_gui_t, create, 16);
AT(clap_plugin_gui_t, destroy, 24);
AT(clap_plugin_gui_t, set_scale, 32);
AT(clap_plugin_gui_t, get_size, 40);
AT(clap_plugin_gui_t, can_resize, 48);
AT(clap_plugin_gui_t, get_resize_hints, 56);
AT(clap_plugin_gui_t, adjust_size, 64);
AT(clap_plugin_gui_t, set_size, 72);
AT(clap_plugin_gui_t, set_parent, 80);
AT(clap_plugin_gui_t, set_transient, 88);
AT(clap_plugin_gui_t, suggest_title, 96);
AT(clap_plugin_gui_t, show, 104);
AT(clap_plugin_gui_t, hide, 112);

SIZE(clap_host_gui_t, 40);
AT(clap_host_gui_t, resize_hints_changed, 0);
AT(clap_host_gui_t, request_resize, 8);
AT(clap_host_gui_t, request_show, 16);
AT(clap_host_gui_t, request_hide, 24);
AT(clap_host_gui_t, closed, 32);

/* timer support, thread check, log */
SIZE(clap_plugin_timer_support_t, 8);
SIZE(clap_host_timer_support_t, 16);
AT(clap_host_timer_support_t, unregister_timer, 8);
SIZE(clap_host_thread_check_t, 16);
AT(clap_host_thread_check_t, is_audio_thread, 8);
SIZE(clap_host_log_t, 8);

/* Rill's private debug extension */
SIZE(rill_plugin_debug_t, 16);

/* Constant values that cross the ABI. */
static_assert(CLAP_EVENT_PARAM_VALUE == 5 && CLAP_EVENT_PARAM_MOD == 6, "param event types");
static_assert(CLAP_EVENT_PARAM_GESTURE_BEGIN == 7 && CLAP_EVENT_PARAM_GESTURE_END == 8, "gesture types");
static_assert(CLAP_EVENT_TRANSPORT == 9 && CLAP_EVENT_MIDI2 == 12, "transport, midi2 types");
static_assert(CLAP_PROCESS_TAIL == 3 && CLAP_PROCESS_SLEEP == 4, "process status");
static_assert(CLAP_PARAM_IS_BYPASS == 16 && CLAP_PARAM_IS_AUTOMATABLE == 32, "param flags");
static_assert(CLAP_PARAM_IS_MODULATABLE == 1024 && CLAP_PARAM_IS_ENUM == 65536, "param flags");
static_assert(CLAP_PARAM_RESCAN_VALUES == 1 && CLAP_PARAM_RESCAN_ALL == 8, "rescan flags");
static_assert(CLAP_RENDER_OFFLINE == 1, "render mode");
static_assert(CLAP_LOG_PLUGIN_MISBEHAVING == 6, "log severity");
static_assert(CLAP_TRANSPORT_IS_PLAYING == 16, "transport flags");
static_assert(CLAP_NAME_SIZE == 256 && CLAP_PATH_SIZE == 1024, "string sizes");
static_assert(CLAP_BEATTIME_FACTOR == 2147483648LL, "fixed point factor");

/* Keeps the translation unit non-empty for strict compilers. */
typedef int rill_abi_check_done;
