package dsp

import (
	"math"

	"rill/buffers"
)

// The tapes seen from outside: statistics for the editor's buffer list and
// the newest stretch of each tape for its tape view. Like every Engine
// method these run on the audio thread (or while no Process runs); none
// allocates.

// TapeChannels is the number of tapes: one per channel, 0 left, 1 right.
const TapeChannels = 2

// TapeStats returns the counters of channel ch's tape: samples written,
// samples the heads played back (one per frame while not bypassed: the
// heads read the storage in place, beside the tape's counted reads), and
// how much of the tape holds audio since it was made. It is zero before
// the first Activate and for a channel out of range. [audio-thread]
func (e *Engine) TapeStats(ch int) buffers.BufferStats {
	if uint(ch) >= TapeChannels || e.tape[ch] == nil {
		return buffers.BufferStats{}
	}
	s := e.tape[ch].Stats()
	s.Reads += e.played
	return s
}

// TapeLength returns the length of each tape in samples (0 before the
// first Activate). [audio-thread]
func (e *Engine) TapeLength() int {
	if e.tape[0] == nil {
		return 0
	}
	return e.tape[0].Capacity()
}

// TapeWrites returns how many samples each tape has taken since Activate
// made it: it grows by the frames of every active Process call, and starts
// over when an Activate at another sample rate or block size makes new
// tapes. Both tapes always hold the same count. [audio-thread]
func (e *Engine) TapeWrites() uint64 {
	if e.tape[0] == nil {
		return 0
	}
	return e.tape[0].Stats().Writes
}

// TapeRecent returns the n newest samples of channel ch's tape (what the
// loop wrote: input and feedback after saturation, tone and age, or the
// frozen loop), oldest first, as two stretches of the tape's own storage:
// older, then newer, which is non-empty only when the n samples wrap past
// the end of the storage. start is the tape position of the first sample
// as a fraction of the tape, 0 ≤ start < 1, the scale of Meters.WriteHead.
// n is clamped into [0, TapeLength()]; both slices are empty before the
// first Activate and for a channel out of range.
//
// The slices alias the tape: read them before the next Process or Reset
// and never write them. [audio-thread]
func (e *Engine) TapeRecent(ch, n int) (older, newer []float32, start float32) {
	if uint(ch) >= TapeChannels || e.tape[ch] == nil {
		return nil, nil, 0
	}
	t := e.tape[ch]
	buf := t.Slice()
	size := len(buf)
	n = min(max(n, 0), size)
	first := t.WritePos() - n
	if first < 0 {
		first += size
	}
	// float32 rounds the last positions of a long tape up to 1.
	start = min(float32(float64(first)/float64(size)), math.Nextafter32(1, 0))
	if first+n <= size {
		return buf[first : first+n], nil, start
	}
	return buf[first:], buf[:first+n-size], start
}
