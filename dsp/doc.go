// Package dsp is Rill Tape's sound: the parameter table every other part of
// the product derives from, and the tape-delay engine that runs on the audio
// thread.
//
// # Parameters
//
// Params is the single definition of every parameter: stable id, command-line
// key, name, group, range, default, unit, kind, labels and value↔text both
// ways. Ids never change once released and are never reused. Values holds a
// plain value per parameter; EncodeState and DecodeState turn it into
// deterministic, versioned bytes and back.
//
// # Engine
//
// An Engine is a stereo tape delay. Activate allocates everything it needs
// (two buffers.TapeLoop tapes sized for the longest delay at the sample
// rate); after that no method allocates, locks or blocks, so Process, Reset,
// SetValue, SetTransport and the getters may run on an audio thread. An
// Engine is not safe for concurrent use: the caller serialises calls (the
// plugin keeps cross-thread values in atomics and hands them to the engine
// on the audio thread).
//
// Process takes a block of stereo audio and a list of parameter events
// sorted by sample offset; each event takes effect at its sample. Every
// continuous parameter is smoothed per sample; discrete ones switch with a
// short crossfade where a click would happen.
package dsp
