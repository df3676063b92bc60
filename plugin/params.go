package main

/*
#cgo CFLAGS: -I${SRCDIR}/../shim/include -I${SRCDIR}/../shim
#include "rill_clap.h"
*/
import "C"

import (
	"unsafe"

	"rill/plugin/instance"
)

// The CLAP flag values the instance package mirrors must equal the ABI header's.
var (
	_ [1]byte = [1 + instance.ParamIsStepped - C.CLAP_PARAM_IS_STEPPED]byte{}
	_ [1]byte = [1 + instance.ParamIsBypass - C.CLAP_PARAM_IS_BYPASS]byte{}
	_ [1]byte = [1 + instance.ParamIsAutomatable - C.CLAP_PARAM_IS_AUTOMATABLE]byte{}
	_ [1]byte = [1 + instance.ParamIsModulatable - C.CLAP_PARAM_IS_MODULATABLE]byte{}
	_ [1]byte = [1 + instance.ParamIsEnum - C.CLAP_PARAM_IS_ENUM]byte{}
)

// maxTextLen bounds how far text_to_value looks for the end of the host's string.
const maxTextLen = 4096

// cbytes is n bytes of C memory at p as a slice (no copy).
func cbytes(p unsafe.Pointer, n int) []byte {
	if p == nil || n <= 0 {
		return nil
	}
	return unsafe.Slice((*byte)(p), n)
}

// rill_go_param_count returns the number of parameters. [main-thread]
//
//export rill_go_param_count
func rill_go_param_count() C.uint32_t { return C.uint32_t(instance.ParamCount()) }

// rill_go_param_info fills the host's clap_param_info_t. [main-thread]
//
//export rill_go_param_info
func rill_go_param_info(index C.uint32_t, info *C.clap_param_info_t) C.int {
	p, ok := instance.ParamInfoAt(int(index))
	if !ok || info == nil {
		return 0
	}
	*info = C.clap_param_info_t{}
	info.id = C.clap_id(p.ID)
	info.flags = C.clap_param_info_flags(p.Flags)
	info.cookie = nil
	instance.CopyCString(cbytes(unsafe.Pointer(&info.name[0]), len(info.name)), p.Name)
	instance.CopyCString(cbytes(unsafe.Pointer(&info.module[0]), len(info.module)), p.Module)
	info.min_value = C.double(p.Min)
	info.max_value = C.double(p.Max)
	info.default_value = C.double(p.Default)
	return 1
}

// rill_go_param_value reads a parameter's plain value. It does not allocate.
// [main-thread]
//
//export rill_go_param_value
func rill_go_param_value(h C.int32_t, id C.uint32_t, out *C.double) C.int {
	inst := get(h)
	if inst == nil || out == nil {
		return 0
	}
	v, ok := inst.Value(uint32(id))
	if !ok {
		return 0
	}
	*out = C.double(v)
	return 1
}

// rill_go_value_to_text writes display text straight into the host's buffer.
// [main-thread]
//
//export rill_go_value_to_text
func rill_go_value_to_text(id C.uint32_t, value C.double, out *C.char, capacity C.uint32_t) C.int {
	return cbool(instance.ValueToText(uint32(id), float64(value), cbytes(unsafe.Pointer(out), int(capacity))))
}

// rill_go_text_to_value parses the host's NUL-terminated text. [main-thread]
//
//export rill_go_text_to_value
func rill_go_text_to_value(id C.uint32_t, text *C.char, out *C.double) C.int {
	if text == nil || out == nil {
		return 0
	}
	b := cbytes(unsafe.Pointer(text), maxTextLen)
	n := 0
	for n < len(b) && b[n] != 0 {
		n++
	}
	if n == len(b) {
		return 0 // no terminator within reach: not a display text
	}
	v, ok := instance.TextToValue(uint32(id), string(b[:n]))
	if !ok {
		return 0
	}
	*out = C.double(v)
	return 1
}
