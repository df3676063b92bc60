// Package buffers is the Go port of the real-time signal buffers of the Rust
// crate rill-core (module buffer, 0.5.0), plus the lock-free single-producer,
// single-consumer queue that carries data between threads.
//
// # Thread model
//
// Most types here are single-threaded: FixedBuffer, HeapBuffer, PipeBuffer,
// FanOutBuffer, FanInBuffer, DelayLine, RingBuffer and TapeLoop (with its
// TapeWriter and TapeReader handles) hold no atomics and no locks, and must be
// used by one goroutine (one audio thread) at a time. Three types are safe
// across goroutines and OS threads: AtomicCell, AtomicStats and SPSCQueue.
// They are how the audio thread talks to the rest of the program.
//
// # Real-time guarantees
//
// Constructors allocate. After construction no method of any type allocates,
// locks, blocks or makes a system call, so every method may run on an audio
// thread. Tests prove this with testing.AllocsPerRun. BufferRegistry is the
// exception: it is for set-up code and is never touched on the audio thread.
//
// # Differences from rill-core
//
// Where the crate has a quirk or a bug, this package fixes it unless a doc
// comment says otherwise, and a test pins the choice. Constructors return a
// BufferError instead of panicking; float-to-index conversions handle NaN,
// infinities, negatives and huge values explicitly.
package buffers
