package clap

/*
#include <stdlib.h>
#include "host.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"strings"
	"unsafe"
)

// ErrNoParams is returned by parameter calls on a plugin without the params extension.
var ErrNoParams = errors.New("plugin has no params extension")

// ParamFlags are CLAP parameter info flags.
type ParamFlags uint32

// The parameter flags Info shows.
const (
	ParamStepped     ParamFlags = C.CLAP_PARAM_IS_STEPPED
	ParamPeriodic    ParamFlags = C.CLAP_PARAM_IS_PERIODIC
	ParamHidden      ParamFlags = C.CLAP_PARAM_IS_HIDDEN
	ParamReadOnly    ParamFlags = C.CLAP_PARAM_IS_READONLY
	ParamBypass      ParamFlags = C.CLAP_PARAM_IS_BYPASS
	ParamAutomatable ParamFlags = C.CLAP_PARAM_IS_AUTOMATABLE
	ParamModulatable ParamFlags = C.CLAP_PARAM_IS_MODULATABLE
	ParamEnum        ParamFlags = C.CLAP_PARAM_IS_ENUM
	ParamNeedsProc   ParamFlags = C.CLAP_PARAM_REQUIRES_PROCESS
)

// String lists the set flags by short name.
func (f ParamFlags) String() string {
	names := []struct {
		f ParamFlags
		s string
	}{
		{ParamStepped, "stepped"}, {ParamEnum, "enum"}, {ParamPeriodic, "periodic"}, {ParamHidden, "hidden"},
		{ParamReadOnly, "read-only"}, {ParamBypass, "bypass"}, {ParamAutomatable, "automatable"},
		{ParamModulatable, "modulatable"}, {ParamNeedsProc, "requires-process"},
	}
	var out []string
	for _, n := range names {
		if f&n.f != 0 {
			out = append(out, n.s)
		}
	}
	return strings.Join(out, ",")
}

// ParamInfo describes one parameter.
type ParamInfo struct {
	ID      uint32
	Name    string
	Module  string
	Min     float64
	Max     float64
	Default float64
	Flags   ParamFlags
}

// Params lists the plugin's parameters.
// [main-thread]
func (pl *Plugin) Params() ([]ParamInfo, error) {
	if pl.params == nil {
		return nil, ErrNoParams
	}
	n := int(C.rh_params_count(pl.params, pl.p))
	out := make([]ParamInfo, 0, n)
	for i := 0; i < n; i++ {
		var info C.clap_param_info_t
		if !C.rh_params_info(pl.params, pl.p, C.uint32_t(i), &info) {
			return nil, fmt.Errorf("params: get_info(%d) failed", i)
		}
		out = append(out, ParamInfo{
			ID:      uint32(info.id),
			Name:    C.GoString(&info.name[0]),
			Module:  C.GoString(&info.module[0]),
			Min:     float64(info.min_value),
			Max:     float64(info.max_value),
			Default: float64(info.default_value),
			Flags:   ParamFlags(info.flags),
		})
	}
	return out, nil
}

// ParamValue returns a parameter's current value.
// [main-thread]
func (pl *Plugin) ParamValue(id uint32) (float64, error) {
	if pl.params == nil {
		return 0, ErrNoParams
	}
	var v C.double
	if !C.rh_params_value(pl.params, pl.p, C.clap_id(id), &v) {
		return 0, fmt.Errorf("params: get_value(%d) failed", id)
	}
	return float64(v), nil
}

// ValueToText formats a value of a parameter the plugin's way.
// [main-thread]
func (pl *Plugin) ValueToText(id uint32, v float64) (string, error) {
	if pl.params == nil {
		return "", ErrNoParams
	}
	var buf [256]C.char
	if !C.rh_params_to_text(pl.params, pl.p, C.clap_id(id), C.double(v), &buf[0], C.uint32_t(len(buf))) {
		return "", fmt.Errorf("params: value_to_text(%d, %g) failed", id, v)
	}
	buf[len(buf)-1] = 0
	return C.GoString(&buf[0]), nil
}

// TextToValue parses text into a value of a parameter the plugin's way.
// [main-thread]
func (pl *Plugin) TextToValue(id uint32, text string) (float64, error) {
	if pl.params == nil {
		return 0, ErrNoParams
	}
	ct := C.CString(text)
	defer C.free(unsafe.Pointer(ct))
	var v C.double
	if !C.rh_params_to_text_check(pl.params) || !C.rh_params_from_text(pl.params, pl.p, C.clap_id(id), ct, &v) {
		return 0, fmt.Errorf("params: the plugin cannot read %q", text)
	}
	return float64(v), nil
}

// ParamChange is one parameter value to apply.
type ParamChange struct {
	ID    uint32
	Value float64
}

// Flush applies parameter values while the plugin is not active.
// [main-thread & !active]
func (pl *Plugin) Flush(changes []ParamChange) error {
	if pl.params == nil {
		return ErrNoParams
	}
	if pl.active {
		return errors.New("params flush: plugin is active (flush from the audio thread via Processor.Flush)")
	}
	for start := 0; start < len(changes) || start == 0; start += maxEvents {
		end := min(len(changes), start+maxEvents)
		queueEvents(pl.flushProc, changes[start:end])
		C.rh_flush(pl.params, pl.p, pl.flushProc)
		if end == len(changes) {
			break
		}
	}
	pl.service()
	return nil
}

// queueEvents writes value events at time 0 into a process block's input list.
func queueEvents(pr *C.rh_proc, changes []ParamChange) {
	events := unsafe.Slice(pr.events, pr.event_cap)
	for i, c := range changes {
		events[i].header.time = 0
		events[i].param_id = C.clap_id(c.ID)
		events[i].value = C.double(c.Value)
	}
	pr.event_count = C.uint32_t(len(changes))
}
