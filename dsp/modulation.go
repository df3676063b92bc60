package dsp

import "math"

// Tape transport modulation. Wow and flutter move the read heads, so their
// depth is a pitch deviation: a delay swing of A samples at f cycles per
// sample bends the pitch by up to A·2πf (the tape speed is 1 − d(delay)/dt).
// The engine sets A = deviation/(2πf) so the depth in cents does not depend
// on the rate.
//
// Oscillators are rotating phasors: one complex multiply per sample, with the
// rotation for the current rate from a short polynomial (the rate may change
// every sample: wow drifts), no math.Sin.

// phasor is a unit vector (c, s) = (cos φ, sin φ) turned a little every
// sample.
type phasor struct{ c, s float64 }

// turn advances the phase by rate cycles (|rate| well below 0.1) and keeps
// the vector on the unit circle.
func (p *phasor) turn(rate float64) {
	// cos and sin of θ = 2π·rate by Taylor series: for θ ≤ 0.2 (rate ≤ 0.03,
	// 20 Hz flutter at 1 kHz with drift) the error is below 1e-9.
	th := 2 * math.Pi * rate
	t2 := th * th
	cr := 1 - t2*(0.5-t2*(1.0/24-t2*(1.0/720)))
	sr := th * (1 - t2*(1.0/6-t2*(1.0/120-t2*(1.0/5040))))
	c := p.c*cr - p.s*sr
	s := p.s*cr + p.c*sr
	// One Newton step toward |(c, s)| = 1 stops rounding from growing.
	g := 1.5 - 0.5*(c*c+s*s)
	p.c, p.s = c*g, s*g
}

// phase returns the phase in turns, 0..1.
func (p phasor) phase() float64 {
	ph := math.Atan2(p.s, p.c) / (2 * math.Pi)
	if ph < 0 {
		ph++
	}
	return ph
}

// modDeviation returns the pitch deviation (fraction, not cents) of a depth
// in cents.
func modDeviation(cents float64) float64 { return math.Exp2(cents/1200) - 1 }

// step advances the drift n samples: it glides toward its targets and
// picks new ones every hold samples.
func (d *drift) step(n int, rng *xorshift) {
	for n > 0 {
		k := min(n, d.left)
		decay := math.Exp(-float64(k) * d.rate)
		d.d = d.tD + (d.d-d.tD)*decay
		d.r = d.tR + (d.r-d.tR)*decay
		d.left -= k
		n -= k
		if d.left <= 0 {
			d.left = d.hold
			d.tD, d.tR = rng.bipolar(), rng.bipolar()
		}
	}
}

// depth is the wow amplitude factor for drift values d and r: depth wanders
// down to 1−amount, and the amplitude falls as the rate rises (1−amount·r
// against 1+amount·r) so the pitch deviation never exceeds the set depth.
func (d *drift) depth(dd, r float64) float64 {
	return (1 - d.amount*(1+dd)*0.5) * (1 - d.amount*r)
}

// modSegment prepares the modulation of the next n samples: the per-sample
// rotations of the wow and flutter phasors, and the wow amplitude at the
// segment's start with its per-sample step.
func (e *Engine) modSegment(n int) (wcr, wsr, fcr, fsr, wowA, wowStep float64) {
	r := &e.r
	dr := &e.drift
	d0, r0 := dr.d, dr.r
	dr.step(n, &e.rng)
	d1, r1 := dr.d, dr.r
	fn := float64(n)
	amp0 := r.cur[rWowAmp]
	amp1 := amp0 + r.step[rWowAmp]*fn
	wowA = amp0 * dr.depth(d0, r0)
	wowStep = (amp1*dr.depth(d1, r1) - wowA) / fn
	rate := (r.cur[rWowRate] + 0.5*r.step[rWowRate]*fn) * (1 + dr.amount*0.5*(r0+r1))
	wsr, wcr = math.Sincos(2 * math.Pi * rate)
	rate = r.cur[rFlutRate] + 0.5*r.step[rFlutRate]*fn
	fsr, fcr = math.Sincos(2 * math.Pi * rate)
	return
}
