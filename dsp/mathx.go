package dsp

import "math"

func dbToGain(db float64) float64 { return math.Pow(10, db/20) }

// xorshift is a tiny, allocation-free random generator (xorshift64*).
type xorshift struct{ s uint64 }

func (r *xorshift) next() uint64 {
	x := r.s
	x ^= x >> 12
	x ^= x << 25
	x ^= x >> 27
	r.s = x
	return x * 2685821657736338717
}

// bipolar returns a uniform value in [-1, 1).
func (r *xorshift) bipolar() float64 {
	return float64(int64(r.next())) / (1 << 63)
}

// tiny is the magnitude below which loop state is flushed to zero, far below
// audibility and far above subnormals.
const tiny = 1e-30

// loopFloor is the level below which a sample written to the tape becomes
// exactly 0 (−300 dBFS).
const loopFloor = 1e-15

// flush returns 0 for |x| < tiny and for NaN, x otherwise.
func flush(x float64) float64 {
	if !(math.Abs(x) >= tiny) {
		return 0
	}
	return x
}

// maxf and minf are math.Max and math.Min without the NaN and signed-zero
// care (the loop's values are never NaN); they compile to one instruction.
func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

func minf(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}
