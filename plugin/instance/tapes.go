package instance

import "rill/buffers"

// TapeStats returns the counters of the engine's tape for channel ch (0
// left, 1 right), for the editor's buffer list. It allocates nothing.
// [audio-thread]
func (i *Instance) TapeStats(ch int) buffers.BufferStats { return i.engine.TapeStats(ch) }

// TapeLength returns the engine's tape length in samples (0 before the
// first Activate). [audio-thread]
func (i *Instance) TapeLength() int { return i.engine.TapeLength() }

// TapeWrites returns how many samples each tape has taken since Activate
// made it (dsp.Engine.TapeWrites). [audio-thread]
func (i *Instance) TapeWrites() uint64 { return i.engine.TapeWrites() }

// TapeRecent returns the n newest samples on channel ch's tape, oldest
// first, in two stretches that alias the tape, and the tape position of the
// first as a fraction of the tape (dsp.Engine.TapeRecent). Read them before
// the next process call; never write them. It allocates nothing.
// [audio-thread]
func (i *Instance) TapeRecent(ch, n int) (older, newer []float32, start float32) {
	return i.engine.TapeRecent(ch, n)
}
