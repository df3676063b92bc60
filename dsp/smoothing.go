package dsp

// Smoothing: every continuous quantity the audio loop uses moves along a
// linear ramp to its target, reaching it exactly after a set number of
// samples. Ramps are stored as a struct of arrays so a block can be cut into
// segments in which every ramp is a straight line: the inner loop then only
// adds a step per sample, with no branches.

// The ramped quantities.
const (
	rFeedback   = iota // feedback gain, 0..1.2
	rDry               // dry gain × output gain
	rWet               // wet gain × output gain ÷ drive record level
	rInput             // input gain × drive record level into the tape
	rWowAmp            // wow amplitude, samples of delay
	rWowRate           // wow rate, cycles per sample
	rFlutAmp           // flutter amplitude, samples of delay
	rFlutRate          // flutter rate, cycles per sample
	rSatPost           // saturator output scale
	rSatBias           // saturator bias (asymmetry)
	rSatBiasOut        // curve value at the bias, subtracted so 0 maps to 0
	rLowCutG           // high-pass SVF coefficient tan(π fc / fs)
	rHighCutG          // low-pass SVF coefficient
	rAgeG              // tape-age one-pole coefficient (1 = transparent)
	rHiss              // hiss level
	rSide              // side gain of the echoes (width)
	rOffset            // stereo offset, samples (positive: right later)
	rDuck              // ducking amount 0..1
	rInLL              // routing: left input into left tape
	rInLR              // right input into left tape
	rInRL              // left input into right tape
	rInRR              // right input into right tape
	rFbDirect          // feedback from a tape into itself
	rFbCross           // feedback from a tape into the other
	rFreeze            // freeze crossfade 0..1
	rBypass            // bypass crossfade 0..1
	numRamps
)

// ramps holds every ramp of an engine.
type ramps struct {
	cur    [numRamps]float64
	target [numRamps]float64
	step   [numRamps]float64
	left   [numRamps]int // samples until cur == target; 0 when settled
}

// set starts a ramp of n samples toward target (n <= 0 snaps).
func (r *ramps) set(k int, target float64, n int) {
	r.target[k] = target
	if n <= 0 || target == r.cur[k] {
		r.cur[k], r.step[k], r.left[k] = target, 0, 0
		return
	}
	r.step[k] = (target - r.cur[k]) / float64(n)
	r.left[k] = n
}

// snapAll moves every ramp to its target.
func (r *ramps) snapAll() {
	r.cur = r.target
	r.step = [numRamps]float64{}
	r.left = [numRamps]int{}
}

// settledWithin returns the largest segment length, at most n, over which
// no ramp reaches its target before the segment's end (so each ramp is one
// straight line in it).
func (r *ramps) settledWithin(n int) int {
	for k := range numRamps {
		if l := r.left[k]; l > 0 && l < n {
			n = l
		}
	}
	return n
}

// countDown moves every ramp's sample count n samples on (n no larger than
// settledWithin), after the caller has stepped cur n times (runSegment,
// stepSamples). A ramp that ends snaps to its target. The values are only
// ever stepped one sample at a time, never advanced by step·n, so where a
// block or segment is cut does not change a single bit of them.
func (r *ramps) countDown(n int) {
	for k := range numRamps {
		l := r.left[k]
		if l == 0 {
			continue
		}
		if l <= n {
			r.cur[k], r.step[k], r.left[k] = r.target[k], 0, 0
			continue
		}
		r.left[k] = l - n
	}
}

// stepSamples steps every moving ramp n samples on, one sample at a time
// (as runSegment does), then counts them down.
func (r *ramps) stepSamples(n int) {
	for k := range numRamps {
		if r.left[k] == 0 {
			continue
		}
		c, st := r.cur[k], r.step[k]
		for range n {
			c += st
		}
		r.cur[k] = c
	}
	r.countDown(n)
}

// at returns ramp k's value n samples on (its target once it has ended).
func (r *ramps) at(k, n int) float64 {
	if r.left[k] <= n {
		return r.target[k]
	}
	return r.cur[k] + r.step[k]*float64(n)
}
