package dsp

import "math"

func dbToGain(db float64) float64 { return math.Pow(10, db/20) }

func sqrt(x float64) float64 { return math.Sqrt(x) }

// sinTurns returns sin(2π p) for p in [0, 1) (a little outside is fine):
// the argument is folded into a quarter wave and fed to a 9th-order odd
// polynomial (Taylor), accurate to 4e-6. It replaces math.Sin per sample.
func sinTurns(p float64) float64 {
	switch {
	case p < 0.25:
	case p < 0.75:
		p = 0.5 - p
	default:
		p -= 1
	}
	x := p * (2 * math.Pi)
	x2 := x * x
	return x * (1 + x2*(-1.0/6+x2*(1.0/120+x2*(-1.0/5040+x2*(1.0/362880)))))
}

// wrap01 keeps a phase in [0, 1) after a step smaller than 1.
func wrap01(p float64) float64 {
	if p >= 1 {
		p -= 1
	}
	return p
}

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
