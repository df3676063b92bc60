// Package instance is the logic of Rill Tape's CLAP plugin instances, free of cgo:
// the instance table behind the integer handles the C shim holds, activation (the
// only place that allocates), one block of processing on the host's buffers with
// sample-accurate parameter, modulation and transport events, parameter values
// shared across threads through buffers.AtomicCell, flush, state save/load into
// caller memory, tail, latency, render mode and the process status.
//
// The cgo exports in package main (plugin/) are thin wrappers that turn C pointers
// into slices and call this package; everything here can be unit-, race- and
// allocation-tested with plain go test.
//
// Threads follow CLAP: methods marked [main-thread] run on the host's main thread,
// [audio-thread] on the thread that calls process (never concurrently for one
// instance), [thread-safe] anywhere. While an instance is active, values cross from
// the main thread to the audio thread only through atomics: a state load publishes
// new values and the audio thread applies them at its next process or flush.
package instance
