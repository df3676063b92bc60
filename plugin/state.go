package main

/*
#cgo CFLAGS: -I${SRCDIR}/../shim/include -I${SRCDIR}/../shim
#include <stdint.h>
*/
import "C"

import "unsafe"

// rill_go_state_save writes the state into the shim's buffer: its length, or -1.
// It does not allocate. [main-thread]
//
//export rill_go_state_save
func rill_go_state_save(h C.int32_t, buf *C.uint8_t, capacity C.uint32_t) C.int32_t {
	inst := get(h)
	if inst == nil {
		return -1
	}
	n, err := inst.SaveState(cbytes(unsafe.Pointer(buf), int(capacity)))
	if err != nil {
		return -1
	}
	return C.int32_t(n)
}

// rill_go_state_load replaces the parameter values by a saved state; false for
// empty, truncated or corrupt bytes. [main-thread]
//
//export rill_go_state_load
func rill_go_state_load(h C.int32_t, buf *C.uint8_t, length C.uint32_t) C.int {
	inst := get(h)
	return cbool(inst != nil && length > 0 && inst.LoadState(cbytes(unsafe.Pointer(buf), int(length))) == nil)
}
