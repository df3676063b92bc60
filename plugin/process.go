package main

/*
#cgo CFLAGS: -I${SRCDIR}/../shim/include -I${SRCDIR}/../shim
#include <stddef.h>
#include "rill_clap.h"
#include "rill_bridge.h"

enum {
	rill_offsetof_event_kind = offsetof(rill_event_t, kind),
	rill_offsetof_event_param_id = offsetof(rill_event_t, param_id),
	rill_offsetof_event_flags = offsetof(rill_event_t, flags),
	rill_offsetof_event_value = offsetof(rill_event_t, value),
};
*/
import "C"

import (
	"time"
	"unsafe"

	"rill/plugin/instance"
)

// instance.HostEvent must have rill_event_t's layout: each pair of arrays below has a
// negative length, a compile error, unless the two numbers are equal.
var (
	_ [unsafe.Sizeof(instance.HostEvent{}) - C.sizeof_rill_event_t]byte
	_ [C.sizeof_rill_event_t - unsafe.Sizeof(instance.HostEvent{})]byte
	_ [unsafe.Offsetof(instance.HostEvent{}.Kind) - C.rill_offsetof_event_kind]byte
	_ [C.rill_offsetof_event_kind - unsafe.Offsetof(instance.HostEvent{}.Kind)]byte
	_ [unsafe.Offsetof(instance.HostEvent{}.ParamID) - C.rill_offsetof_event_param_id]byte
	_ [C.rill_offsetof_event_param_id - unsafe.Offsetof(instance.HostEvent{}.ParamID)]byte
	_ [unsafe.Offsetof(instance.HostEvent{}.Flags) - C.rill_offsetof_event_flags]byte
	_ [C.rill_offsetof_event_flags - unsafe.Offsetof(instance.HostEvent{}.Flags)]byte
	_ [unsafe.Offsetof(instance.HostEvent{}.Value) - C.rill_offsetof_event_value]byte
	_ [C.rill_offsetof_event_value - unsafe.Offsetof(instance.HostEvent{}.Value)]byte
)

// The constants the instance package mirrors must equal the ABI header's.
var (
	_ [1]byte = [1 + instance.EventParamValue - C.RILL_EVENT_PARAM_VALUE]byte{}
	_ [1]byte = [1 + instance.EventParamMod - C.RILL_EVENT_PARAM_MOD]byte{}
	_ [1]byte = [1 + instance.EventTransport - C.RILL_EVENT_TRANSPORT]byte{}
	_ [1]byte = [1 + instance.EventGestureBegin - C.RILL_EVENT_GESTURE_BEGIN]byte{}
	_ [1]byte = [1 + instance.EventGestureEnd - C.RILL_EVENT_GESTURE_END]byte{}
	_ [1]byte = [1 + instance.TransportHasTempo - C.CLAP_TRANSPORT_HAS_TEMPO]byte{}
	_ [1]byte = [1 + instance.TransportIsPlaying - C.CLAP_TRANSPORT_IS_PLAYING]byte{}
	_ [1]byte = [1 + instance.StatusSleep - C.CLAP_PROCESS_SLEEP]byte{}
	_ [1]byte = [1 + instance.StatusTail - C.CLAP_PROCESS_TAIL]byte{}
	_ [1]byte = [1 + instance.StatusContinueIfNotQuiet - C.CLAP_PROCESS_CONTINUE_IF_NOT_QUIET]byte{}
	_ [1]byte = [1 + instance.MaxEventsPerCall - C.RILL_MAX_IN_EVENTS]byte{}
)

// floats is the host channel p as a slice of n samples (no copy), nil when absent.
func floats(p *C.float, n int) []float32 {
	if p == nil || n <= 0 {
		return nil
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(p)), n)
}

// hostEvents is the C event array as a slice (no copy).
func hostEvents(p *C.rill_event_t, n C.uint32_t) []instance.HostEvent {
	if p == nil || n == 0 {
		return nil
	}
	return unsafe.Slice((*instance.HostEvent)(unsafe.Pointer(p)), int(n))
}

// rill_go_process runs one block on the host's buffers: the one C→Go call per
// block. It does not allocate. [audio-thread]
//
//export rill_go_process
func rill_go_process(h C.int32_t, b *C.rill_block_t) C.int32_t {
	inst := get(h)
	if inst == nil || b == nil {
		return C.CLAP_PROCESS_ERROR
	}
	frames := int(b.frames)
	blk := instance.Block{
		InL:        floats(b.in[0], frames),
		InR:        floats(b.in[1], frames),
		OutL:       floats(b.out[0], frames),
		OutR:       floats(b.out[1], frames),
		Frames:     frames,
		InConstant: uint64(b.in_constant),
		Events:     hostEvents(b.events, b.event_count),
		Out:        hostEvents(b.out_events, b.out_capacity),
	}
	if b.has_transport != 0 {
		blk.Transport = instance.TransportOf(uint32(b.transport_flags), float64(b.tempo))
	}
	gl := guiBeforeBlock(instance.Handle(h), inst) // editor edits, when an editor was opened
	var start time.Time
	if gl != nil {
		start = time.Now()
	}
	status := inst.Process(&blk)
	if gl != nil {
		gl.afterBlock(inst, &blk, time.Since(start))
	}
	b.out_count = C.uint32_t(blk.OutCount)
	b.out_constant = C.uint32_t(blk.OutConstant)
	b.tail = C.uint32_t(inst.TailSamples()) // the shim tells the host when it changes
	return C.int32_t(status)
}

// rill_go_flush applies parameter events outside process and reports pending
// editor edits. [audio-thread & !processing, or main-thread & !active]
//
//export rill_go_flush
func rill_go_flush(h C.int32_t, b *C.rill_block_t) {
	inst := get(h)
	if inst == nil || b == nil {
		return
	}
	gl := guiBeforeBlock(instance.Handle(h), inst) // editor edits, when an editor was opened
	n := inst.Flush(hostEvents(b.events, b.event_count), hostEvents(b.out_events, b.out_capacity))
	if gl != nil {
		gl.publishValues(inst)
	}
	b.out_count = C.uint32_t(n)
	b.tail = C.uint32_t(inst.TailSamples())
}
