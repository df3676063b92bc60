package clap

/*
#include "host.h"
*/
import "C"

import (
	"fmt"
	"os"
	"time"
)

// Severity is a CLAP log severity.
type Severity int32

// The CLAP log severities.
const (
	SeverityDebug             Severity = C.CLAP_LOG_DEBUG
	SeverityInfo              Severity = C.CLAP_LOG_INFO
	SeverityWarning           Severity = C.CLAP_LOG_WARNING
	SeverityError             Severity = C.CLAP_LOG_ERROR
	SeverityFatal             Severity = C.CLAP_LOG_FATAL
	SeverityHostMisbehaving   Severity = C.CLAP_LOG_HOST_MISBEHAVING
	SeverityPluginMisbehaving Severity = C.CLAP_LOG_PLUGIN_MISBEHAVING
)

// String names the severity.
func (s Severity) String() string {
	switch s {
	case SeverityDebug:
		return "debug"
	case SeverityInfo:
		return "info"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	case SeverityFatal:
		return "fatal"
	case SeverityHostMisbehaving:
		return "host misbehaving"
	case SeverityPluginMisbehaving:
		return "plugin misbehaving"
	}
	return fmt.Sprintf("severity %d", int32(s))
}

// defaultLog prints warnings and worse to standard error.
func defaultLog(s Severity, msg string) {
	if s >= SeverityWarning {
		fmt.Fprintf(os.Stderr, "plugin %s: %s\n", s, msg)
	}
}

// logf sends a host-side message through the plugin's logger.
func (pl *Plugin) logf(s Severity, format string, args ...any) {
	if pl.log != nil {
		pl.log(s, fmt.Sprintf(format, args...))
	}
}

// Requests is a set of things the plugin asked the host for since the last Idle.
type Requests uint32

// The requests a plugin can make.
const (
	RequestRestart     Requests = C.RH_REQ_RESTART       // deactivate and activate again
	RequestProcess     Requests = C.RH_REQ_PROCESS       // wake processing
	RequestFlush       Requests = C.RH_REQ_PARAMS_FLUSH  // call params.flush (when not processing)
	RequestRescan      Requests = C.RH_REQ_PARAMS_RESCAN // re-read parameters (see RescanFlags)
	RequestClear       Requests = C.RH_REQ_PARAMS_CLEAR  // forget automation of a parameter
	StateDirty         Requests = C.RH_REQ_STATE_DIRTY   // the state changed
	LatencyChanged     Requests = C.RH_REQ_LATENCY_CHANGED
	TailChanged        Requests = C.RH_REQ_TAIL_CHANGED
	GUIResize          Requests = C.RH_REQ_GUI_RESIZE // see GUIRequestedSize
	GUIHintsChanged    Requests = C.RH_REQ_GUI_HINTS
	GUIShow            Requests = C.RH_REQ_GUI_SHOW
	GUIHide            Requests = C.RH_REQ_GUI_HIDE
	GUIClosed          Requests = C.RH_REQ_GUI_CLOSED
	GUIDestroyed       Requests = C.RH_REQ_GUI_DESTROYED
	PortsRescan        Requests = C.RH_REQ_PORTS_RESCAN
	ThreadRuleBroken   Requests = C.RH_REQ_MISUSE // the plugin called a main-thread function elsewhere
	requestCallbackBit Requests = C.RH_REQ_CALLBACK
)

// Has reports whether r includes every request in q.
func (r Requests) Has(q Requests) bool { return r&q == q }

// Idle is the host's main-thread housekeeping: it delivers queued log
// messages, answers request_callback with on_main_thread, fires due timers,
// and returns the other requests the plugin made since the last call (each is
// returned once). Call it often (every 10–30 ms) from the main thread.
// [main-thread]
func (pl *Plugin) Idle() Requests {
	pl.service()
	req := pl.pending
	pl.pending = 0
	return req
}

// service is Idle without handing the requests out: the host's own main-thread
// calls run it so logs and callbacks flow, and the requests wait for Idle.
func (pl *Plugin) service() {
	if pl.host == nil {
		return
	}
	var sev C.int32_t
	var text [C.RH_LOG_TEXT]C.char
	for C.rh_log_pop(pl.host, &sev, &text[0]) {
		if pl.log != nil {
			pl.log(Severity(sev), C.GoString(&text[0]))
		}
	}
	if n := C.rh_take_log_dropped(pl.host); n > 0 {
		pl.logf(SeverityWarning, "host: %d plugin log messages dropped (queue full)", int(n))
	}
	req := Requests(C.rh_take_flags(pl.host))
	pl.pending |= req &^ requestCallbackBit
	if pl.p == nil {
		return
	}
	if req&requestCallbackBit != 0 {
		C.rh_on_main_thread(pl.p)
	}
	if pl.timer != nil {
		C.rh_fire_timers(pl.host, -1, pl.timer)
	}
}

// RescanFlags returns the union of the params.rescan flags since the last call.
// [main-thread]
func (pl *Plugin) RescanFlags() uint32 { return uint32(C.rh_take_rescan_flags(pl.host)) }

// GUIRequestedSize returns the size the plugin last asked for with request_resize.
func (pl *Plugin) GUIRequestedSize() (width, height int) {
	var w, h C.uint32_t
	C.rh_gui_requested_size(pl.host, &w, &h)
	return int(w), int(h)
}

// NextTimer returns how long until the plugin's next timer is due, and false
// when it has none.
// [main-thread]
func (pl *Plugin) NextTimer() (time.Duration, bool) {
	ms := int64(C.rh_next_timer_ms(pl.host))
	if ms < 0 {
		return 0, false
	}
	return time.Duration(ms) * time.Millisecond, true
}

// Timers returns how many timers the plugin has registered.
func (pl *Plugin) Timers() int { return int(C.rh_timer_count(pl.host)) }
