// Package clap is a CLAP plugin host in Go: it opens a .clap module with
// dlopen, lists its descriptors, creates instances and drives them through
// the whole CLAP lifecycle (init, activate, start processing, process with
// parameter events and transport, flush, state, gui), answering the host-side
// extensions a plugin expects: log, thread-check, params, state, latency,
// tail, timer-support, gui and audio-ports.
//
// It hosts any CLAP audio effect; it links none of Rill's plugin code.
//
// # Threads
//
// CLAP's [main-thread] is the OS thread that called Library.New for an
// instance; every method documented [main-thread] must run there (lock it with
// runtime.LockOSThread). Processor methods are [audio-thread]: call
// Processor.Start, Process and Stop from one goroutine locked to its own OS
// thread; thread-check then answers is_audio_thread for that thread.
//
// Host callbacks never call into Go. A plugin's requests (restart, callback,
// flush, rescan, resize, ...) set atomic flags, and its log messages go into a
// lock-free ring, so a callback made on the audio thread costs a few atomics.
// The main thread collects both with Plugin.Idle.
package clap
