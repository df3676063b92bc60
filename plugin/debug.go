package main

/*
#include <stdint.h>
*/
import "C"

import (
	"runtime"
	"runtime/metrics"
	"sync"
)

// allocCounters reads the runtime's cumulative heap allocation counters for the
// private debug extension; the mutex makes its preallocated buffers safe to share.
var allocCounters struct {
	mu      sync.Mutex
	ms      runtime.MemStats
	samples []metrics.Sample
}

func init() {
	allocCounters.samples = []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/heap/allocs:objects"}}
	metrics.Read(allocCounters.samples) // the first Read sets metrics up (allocates)
}

// heapAllocs returns the cumulative heap allocations in bytes and objects. Small
// allocations reach the counters when per-P caches are flushed, so it flushes first
// (ReadMemStats stops the world briefly: a test tool, not for the audio path).
func heapAllocs() (bytes, objects uint64) {
	allocCounters.mu.Lock()
	defer allocCounters.mu.Unlock()
	runtime.ReadMemStats(&allocCounters.ms)
	metrics.Read(allocCounters.samples)
	return allocCounters.samples[0].Value.Uint64(), allocCounters.samples[1].Value.Uint64()
}

// rill_go_heap_alloc_bytes returns the bytes the plugin's Go runtime has allocated
// since it started. [thread-safe]
//
//export rill_go_heap_alloc_bytes
func rill_go_heap_alloc_bytes() C.uint64_t {
	b, _ := heapAllocs()
	return C.uint64_t(b)
}

// rill_go_heap_alloc_objects returns the objects the plugin's Go runtime has
// allocated since it started. [thread-safe]
//
//export rill_go_heap_alloc_objects
func rill_go_heap_alloc_objects() C.uint64_t {
	_, o := heapAllocs()
	return C.uint64_t(o)
}
