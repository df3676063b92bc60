package clap

/*
#include <stdlib.h>
#include "host.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// Extension ids the host looks for on a plugin, in the order Info lists them.
var knownExtensions = []string{
	C.CLAP_EXT_AUDIO_PORTS, C.CLAP_EXT_PARAMS, C.CLAP_EXT_STATE, C.CLAP_EXT_STATE_CONTEXT,
	C.CLAP_EXT_LATENCY, C.CLAP_EXT_TAIL, C.CLAP_EXT_RENDER, C.CLAP_EXT_GUI,
	C.CLAP_EXT_TIMER_SUPPORT, "clap.note-ports", "clap.remote-controls", "clap.param-indication",
	"clap.voice-info", "clap.preset-load", "clap.audio-ports-config", "clap.context-menu",
}

// ErrState is returned when a plugin refuses to save or load its state.
var ErrState = errors.New("plugin state refused")

// Plugin is one plugin instance and the host that serves it.
type Plugin struct {
	lib    *Library
	desc   Descriptor
	host   *C.rh_host
	p      *C.clap_plugin_t
	params *C.clap_plugin_params_t
	state  *C.clap_plugin_state_t
	lat    *C.clap_plugin_latency_t
	tail   *C.clap_plugin_tail_t
	render *C.clap_plugin_render_t
	gui    *C.clap_plugin_gui_t
	ports  *C.clap_plugin_audio_ports_t
	timer  *C.clap_plugin_timer_support_t
	exts   []string

	active    bool
	proc      *Processor
	flushProc *C.rh_proc
	log       func(Severity, string)
	guiOpen   bool
	pending   Requests
}

// New creates and initialises the plugin with the given id (the first one when
// id is empty). The calling OS thread becomes the instance's main thread.
// [main-thread]
func (l *Library) New(id string) (*Plugin, error) {
	if l.lib == nil {
		return nil, fmt.Errorf("create plugin: library %s is closed", l.path)
	}
	var desc *Descriptor
	for i := range l.descs {
		if id == "" || l.descs[i].ID == id {
			desc = &l.descs[i]
			break
		}
	}
	if desc == nil {
		ids := make([]string, len(l.descs))
		for i, d := range l.descs {
			ids[i] = d.ID
		}
		return nil, fmt.Errorf("create plugin %q from %s: %w (it has %q)", id, l.path, ErrUnknownPlugin, ids)
	}
	h := C.rh_host_new()
	if h == nil {
		return nil, errors.New("create plugin: out of memory")
	}
	cid := C.CString(desc.ID)
	defer C.free(unsafe.Pointer(cid))
	p := C.rh_lib_create(l.lib, h, cid)
	if p == nil {
		C.rh_host_free(h)
		return nil, fmt.Errorf("create plugin %q: %w: the factory returned NULL", desc.ID, ErrPluginInit)
	}
	pl := &Plugin{lib: l, desc: *desc, host: h, p: p, log: defaultLog}
	if !C.rh_init(p) {
		pl.service()
		C.rh_destroy(p)
		C.rh_host_free(h)
		return nil, fmt.Errorf("create plugin %q: %w: init returned false", desc.ID, ErrPluginInit)
	}
	l.live++
	pl.params = (*C.clap_plugin_params_t)(pl.ext(C.CLAP_EXT_PARAMS))
	pl.state = (*C.clap_plugin_state_t)(pl.ext(C.CLAP_EXT_STATE))
	pl.lat = (*C.clap_plugin_latency_t)(pl.ext(C.CLAP_EXT_LATENCY))
	pl.tail = (*C.clap_plugin_tail_t)(pl.ext(C.CLAP_EXT_TAIL))
	pl.render = (*C.clap_plugin_render_t)(pl.ext(C.CLAP_EXT_RENDER))
	pl.gui = (*C.clap_plugin_gui_t)(pl.ext(C.CLAP_EXT_GUI))
	pl.ports = (*C.clap_plugin_audio_ports_t)(pl.ext(C.CLAP_EXT_AUDIO_PORTS))
	pl.timer = (*C.clap_plugin_timer_support_t)(pl.ext(C.CLAP_EXT_TIMER_SUPPORT))
	for _, e := range knownExtensions {
		if pl.ext(e) != nil {
			pl.exts = append(pl.exts, e)
		}
	}
	pl.flushProc = C.rh_proc_new(0, nil, 0, nil, 1, maxEvents, maxEvents)
	if pl.flushProc == nil {
		pl.Destroy()
		return nil, errors.New("create plugin: out of memory")
	}
	pl.service()
	return pl, nil
}

// ext asks the plugin for an extension by id.
func (pl *Plugin) ext(id string) unsafe.Pointer {
	cid := C.CString(id)
	defer C.free(unsafe.Pointer(cid))
	return unsafe.Pointer(C.rh_ext(pl.p, cid))
}

// Descriptor returns the instance's descriptor.
func (pl *Plugin) Descriptor() Descriptor { return pl.desc }

// Extensions returns the ids of the known CLAP extensions the plugin offers.
func (pl *Plugin) Extensions() []string { return pl.exts }

// HasGUI reports whether the plugin offers the gui extension.
func (pl *Plugin) HasGUI() bool { return pl.gui != nil }

// SetLogger sets where the plugin's log messages go (default: standard error
// for warnings and worse). Messages are delivered by Idle, on the main thread.
func (pl *Plugin) SetLogger(f func(Severity, string)) { pl.log = f }

// Destroy deactivates (if needed) and destroys the instance.
// [main-thread]
func (pl *Plugin) Destroy() {
	if pl.p == nil {
		return
	}
	if pl.guiOpen {
		pl.GUIDestroy()
	}
	if pl.active {
		pl.Deactivate()
	}
	C.rh_destroy(pl.p)
	pl.p = nil
	pl.service()
	if pl.flushProc != nil {
		C.rh_proc_free(pl.flushProc)
		pl.flushProc = nil
	}
	C.rh_host_free(pl.host)
	pl.host = nil
	pl.lib.live--
}

// PortInfo describes one audio port.
type PortInfo struct {
	ID          uint32
	Name        string
	Channels    int
	Main        bool
	Type        string // "stereo", "mono" or ""
	InPlacePair uint32 // InvalidID when none
}

// InvalidID is CLAP's "no id" value.
const InvalidID = uint32(C.CLAP_INVALID_ID)

// AudioPorts lists the plugin's input or output ports (none when it lacks the
// audio-ports extension).
// [main-thread]
func (pl *Plugin) AudioPorts(input bool) []PortInfo {
	if pl.ports == nil {
		return nil
	}
	n := int(C.rh_ports_count(pl.ports, pl.p, C.bool(input)))
	var out []PortInfo
	for i := 0; i < n && i < C.RH_MAX_PORTS; i++ {
		var info C.clap_audio_port_info_t
		if !C.rh_ports_get(pl.ports, pl.p, C.uint32_t(i), C.bool(input), &info) {
			continue
		}
		pi := PortInfo{
			ID:          uint32(info.id),
			Name:        C.GoString(&info.name[0]),
			Channels:    int(info.channel_count),
			Main:        info.flags&C.CLAP_AUDIO_PORT_IS_MAIN != 0,
			InPlacePair: uint32(info.in_place_pair),
		}
		if info.port_type != nil {
			pi.Type = C.GoString(info.port_type)
		}
		out = append(out, pi)
	}
	return out
}

// Latency returns the plugin's latency in samples (0 without the extension).
// [main-thread & active]
func (pl *Plugin) Latency() int {
	if pl.lat == nil || !pl.active {
		return 0
	}
	return int(C.rh_latency(pl.lat, pl.p))
}

// Tail returns the plugin's tail in samples, and false when it has no tail
// extension. A tail of math.MaxInt32 means infinite.
// [main-thread or audio-thread]
func (pl *Plugin) Tail() (int, bool) {
	if pl.tail == nil {
		return 0, false
	}
	return int(C.rh_tail(pl.tail, pl.p)), true
}

// SetOffline switches the plugin to offline (true) or real-time rendering.
// It reports false when the plugin has no render extension or refused.
// [main-thread]
func (pl *Plugin) SetOffline(offline bool) bool {
	if pl.render == nil {
		return false
	}
	mode := C.int32_t(C.CLAP_RENDER_REALTIME)
	if offline {
		mode = C.CLAP_RENDER_OFFLINE
	}
	return bool(C.rh_render_set(pl.render, pl.p, mode))
}

// SaveState returns the plugin's state bytes.
// [main-thread]
func (pl *Plugin) SaveState() ([]byte, error) {
	if pl.state == nil {
		return nil, fmt.Errorf("save state: %w: no state extension", ErrState)
	}
	var data *C.uint8_t
	var n C.uint64_t
	ok := C.rh_state_save(pl.state, pl.p, &data, &n)
	defer C.free(unsafe.Pointer(data))
	pl.service()
	if !ok {
		return nil, fmt.Errorf("save state: %w", ErrState)
	}
	return C.GoBytes(unsafe.Pointer(data), C.int(n)), nil
}

// LoadState hands state bytes to the plugin, at most chunk bytes per stream
// read (0: as many as asked), which lets tests check short reads.
// [main-thread]
func (pl *Plugin) LoadState(b []byte, chunk int) error {
	if pl.state == nil {
		return fmt.Errorf("load state: %w: no state extension", ErrState)
	}
	mem := C.CBytes(b)
	defer C.free(mem)
	ok := C.rh_state_load(pl.state, pl.p, (*C.uint8_t)(mem), C.uint64_t(len(b)), C.uint64_t(chunk))
	pl.service()
	if !ok {
		return fmt.Errorf("load state: %w", ErrState)
	}
	return nil
}

// Activate prepares the plugin for processing at sampleRate with blocks of
// 1..maxFrames frames and returns the Processor that feeds it. The main input
// and output ports get the audio; other ports are silent.
// [main-thread & !active]
func (pl *Plugin) Activate(sampleRate float64, maxFrames int) (*Processor, error) {
	if pl.active {
		return nil, errors.New("activate: already active")
	}
	if maxFrames < 1 || maxFrames > 1<<20 {
		return nil, fmt.Errorf("activate: block size %d out of range", maxFrames)
	}
	ins, outs := pl.AudioPorts(true), pl.AudioPorts(false)
	if pl.ports == nil {
		// No audio-ports extension: CLAP hosts assume no ports; an effect without them hears nothing.
		pl.logf(SeverityWarning, "plugin has no audio-ports extension: no audio in or out")
	}
	pr, err := newProcessor(pl, ins, outs, maxFrames)
	if err != nil {
		return nil, err
	}
	ok := C.rh_activate(pl.p, C.double(sampleRate), 1, C.uint32_t(maxFrames))
	pl.service()
	if !ok {
		pr.free()
		return nil, fmt.Errorf("activate at %g Hz, %d frames: %w: activate returned false", sampleRate, maxFrames, ErrPluginInit)
	}
	pl.active = true
	pl.proc = pr
	return pr, nil
}

// Deactivate undoes Activate; processing must have stopped.
// [main-thread & active]
func (pl *Plugin) Deactivate() {
	if !pl.active {
		return
	}
	C.rh_deactivate(pl.p)
	pl.active = false
	pl.proc.free()
	pl.proc = nil
	pl.service()
}

// Active reports whether the plugin is activated.
func (pl *Plugin) Active() bool { return pl.active }
