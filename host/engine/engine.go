// Package engine runs a CLAP plugin over audio the way a DAW does: Render
// processes a whole input offline (in the plugin's render mode) into a sink,
// and Player processes in real time on a dedicated audio thread, handing the
// result to an audio device through a lock-free ring.
//
// Both run the plugin's audio calls (start_processing, process,
// stop_processing) on one goroutine locked to its own OS thread, the "audio
// thread", and their main-thread calls (activate, deactivate) on the caller's
// goroutine, which must be the plugin's main thread. After activation the
// audio path allocates nothing.
package engine

import (
	"math"

	"rill/host/clap"
)

// Input is stereo audio to feed the plugin.
type Input struct {
	Rate  int
	Left  []float32
	Right []float32
}

// Frames returns the input's length in frames.
func (in *Input) Frames() int { return len(in.Left) }

// quietLevel is the level under which output counts as silence: -90 dBFS.
const quietLevel = 3.1622776e-05

// DefaultBlock is the block size both loops use unless told otherwise.
const DefaultBlock = 512

// feed copies n frames of in starting at pos into the processor's main input,
// wrapping around when loop is set and padding with silence otherwise. It
// returns the position after the block. A mono input port gets the mid
// signal; extra channels get silence.
func feed(pr *clap.Processor, in *Input, pos, n int, loop bool) int {
	chans := pr.Inputs()
	if len(chans) == 0 {
		return advance(in, pos, n, loop)
	}
	total := in.Frames()
	for i := 0; i < n; i++ {
		var l, r float32
		p := pos + i
		if loop && total > 0 {
			p %= total
		}
		if p >= 0 && p < total {
			l, r = in.Left[p], in.Right[p]
		}
		switch len(chans) {
		case 1:
			chans[0][i] = 0.5 * (l + r)
		default:
			chans[0][i] = l
			chans[1][i] = r
			for c := 2; c < len(chans); c++ {
				chans[c][i] = 0
			}
		}
	}
	return advance(in, pos, n, loop)
}

// silence zeroes n frames of the processor's main input.
func silence(pr *clap.Processor, n int) {
	for _, ch := range pr.Inputs() {
		clear(ch[:n])
	}
}

// advance moves a play position by n frames.
func advance(in *Input, pos, n int, loop bool) int {
	pos += n
	if loop && in.Frames() > 0 {
		pos %= in.Frames()
	}
	return pos
}

// output returns the main output's left and right channels for n frames; a
// mono output is both, no output gives nil.
func output(pr *clap.Processor, n int) (l, r []float32) {
	chans := pr.Outputs()
	switch len(chans) {
	case 0:
		return nil, nil
	case 1:
		return chans[0][:n], chans[0][:n]
	}
	return chans[0][:n], chans[1][:n]
}

// blockStats measures a block: peak and sum of squares per channel, and how
// many samples are NaN or infinite.
func blockStats(l, r []float32) (peakL, peakR float32, sqL, sqR float64, bad int) {
	for i := range l {
		a, b := l[i], r[i]
		if a != a || b != b || math.IsInf(float64(a), 0) || math.IsInf(float64(b), 0) {
			bad++
			continue
		}
		peakL = max(peakL, abs32(a))
		peakR = max(peakR, abs32(b))
		sqL += float64(a) * float64(a)
		sqR += float64(b) * float64(b)
	}
	return
}

func abs32(x float32) float32 { return math.Float32frombits(math.Float32bits(x) &^ (1 << 31)) }

// tailLimit returns how many frames of tail to run: the plugin's tail
// extension capped at capFrames, or capFrames when the plugin has no tail
// extension or reports an infinite tail. known is false in the last two cases.
func tailLimit(pr *clap.Processor, capFrames int) (frames int, known bool) {
	t, ok := pr.TailSamples()
	if !ok || t < 0 || t >= math.MaxInt32 {
		return capFrames, false
	}
	return min(t, capFrames), true
}
