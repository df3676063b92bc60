package main

/*
#cgo CFLAGS: -I${SRCDIR}/../shim/include -I${SRCDIR}/../shim
#include <stdint.h>
*/
import "C"

import "rill/plugin/instance"

// get returns the instance behind a handle, nil for an unknown one.
func get(h C.int32_t) *instance.Instance { return instances.Get(instance.Handle(h)) }

// cbool converts a Go bool to the int the shim expects.
func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// rill_go_create makes an instance at its defaults: its handle, 0 on failure. [main-thread]
//
//export rill_go_create
func rill_go_create() C.int32_t {
	h, err := instances.Add(instance.New())
	if err != nil {
		return 0
	}
	return C.int32_t(h)
}

// rill_go_destroy frees an instance. [main-thread]
//
//export rill_go_destroy
func rill_go_destroy(h C.int32_t) {
	if inst := instances.Remove(instance.Handle(h)); inst != nil {
		inst.Deactivate()
	}
}

// rill_go_activate allocates for a sample rate and block range. [main-thread]
//
//export rill_go_activate
func rill_go_activate(h C.int32_t, sampleRate C.double, minFrames, maxFrames C.uint32_t) C.int {
	inst := get(h)
	return cbool(inst != nil && inst.Activate(float64(sampleRate), uint32(minFrames), uint32(maxFrames)) == nil)
}

// rill_go_deactivate stops processing. [main-thread]
//
//export rill_go_deactivate
func rill_go_deactivate(h C.int32_t) {
	if inst := get(h); inst != nil {
		inst.Deactivate()
	}
}

// rill_go_start_processing is also the warm-up of a new audio thread. [audio-thread]
//
//export rill_go_start_processing
func rill_go_start_processing(h C.int32_t) C.int {
	inst := get(h)
	return cbool(inst != nil && inst.StartProcessing())
}

// rill_go_stop_processing ends a run of process calls. [audio-thread]
//
//export rill_go_stop_processing
func rill_go_stop_processing(h C.int32_t) {
	if inst := get(h); inst != nil {
		inst.StopProcessing()
	}
}

// rill_go_reset clears the signal state. [audio-thread]
//
//export rill_go_reset
func rill_go_reset(h C.int32_t) {
	if inst := get(h); inst != nil {
		inst.Reset()
	}
}

// rill_go_tail returns the tail in samples. [main-thread, audio-thread]
//
//export rill_go_tail
func rill_go_tail(h C.int32_t) C.uint32_t {
	if inst := get(h); inst != nil {
		return C.uint32_t(inst.TailSamples())
	}
	return 0
}

// rill_go_latency returns the latency in samples. [main-thread]
//
//export rill_go_latency
func rill_go_latency(h C.int32_t) C.uint32_t {
	if inst := get(h); inst != nil {
		return C.uint32_t(inst.LatencySamples())
	}
	return 0
}

// rill_go_set_offline selects offline or real-time rendering. [main-thread]
//
//export rill_go_set_offline
func rill_go_set_offline(h C.int32_t, offline C.int) {
	if inst := get(h); inst != nil {
		inst.SetOffline(offline != 0)
	}
}
