package dsp

import "math"

// Tape transport modulation. Wow and flutter move the read heads, so their
// depth is a pitch deviation: a delay swing of A samples at f cycles per
// sample bends the pitch by up to A·2πf (the tape speed is 1 − d(delay)/dt).
// The engine sets A = deviation/(2πf) so the depth in cents does not depend
// on the rate.
//
// Oscillators are rotating phasors: one complex multiply per sample, with the
// rotation for the current rate from a short polynomial, updated at every
// control tick (the rate changes slowly: wow drifts), no math.Sin.

// phasor is a unit vector (c, s) = (cos φ, sin φ) turned a little every
// sample.
type phasor struct{ c, s float64 }

// rotation returns cos and sin of 2π·rate (|rate| well below 0.1) by Taylor
// series: for θ ≤ 0.2 (rate ≤ 0.03, 20 Hz flutter at 1 kHz with drift) the
// error is below 1e-9. No math.Sincos: it runs at every control tick.
func rotation(rate float64) (c, s float64) {
	th := 2 * math.Pi * rate
	t2 := th * th
	c = 1 - t2*(0.5-t2*(1.0/24-t2*(1.0/720)))
	s = th * (1 - t2*(1.0/6-t2*(1.0/120-t2*(1.0/5040))))
	return c, s
}

// turn advances the phase by rate cycles (|rate| well below 0.1) and keeps
// the vector on the unit circle.
func (p *phasor) turn(rate float64) {
	cr, sr := rotation(rate)
	c := p.c*cr - p.s*sr
	s := p.s*cr + p.c*sr
	// One Newton step toward |(c, s)| = 1 stops rounding from growing.
	g := 1.5 - 0.5*(c*c+s*s)
	p.c, p.s = c*g, s*g
}

// normalize puts the vector back on the unit circle (rotations by a
// rounded (cos, sin) let its length creep).
func (p *phasor) normalize() {
	g := 1 / math.Sqrt(p.c*p.c+p.s*p.s)
	p.c, p.s = p.c*g, p.s*g
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
		decay := d.decayPeriod
		if k != controlPeriod {
			decay = math.Exp(-float64(k) * d.rate)
		}
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

// control is the modulation and hiss-gate state of one control period:
// computed at each tick (a fixed grid of absolute sample positions, every
// controlPeriod samples since Reset) and interpolated per sample from the
// sample's position in the period. Nothing in it depends on where the host
// cuts blocks or where events fall.
type control struct {
	wowRotC, wowRotS   float64 // per-sample rotation of the wow phasor
	flutRotC, flutRotS float64 // per-sample rotation of the flutter phasor
	depth0, depthStep  float64 // wow drift depth factor: depth0 + depthStep·k at sample k of the period
	gate0, gateStep    float64 // hiss gate gain: gate0 + gateStep·k
	wetPk              float64 // peak |L|+|R| of the echoes so far in the period (hiss gate input)
}

// controlTick runs at every control grid point, before the period's first
// sample: the slow state (wow drift and rates, hiss gate) moves on one
// period, and loop state too small to matter is flushed.
func (e *Engine) controlTick() {
	e.flushState()
	e.wow.normalize()
	e.flutter.normalize()
	c := &e.ctl
	const fn = float64(controlPeriod)

	// Hiss gate: peak hold, then a release of about hissReleaseSeconds to
	// −60 dB; the gain moves linearly to its new value across the period.
	if c.wetPk > e.wetEnv {
		e.wetEnv = c.wetPk
	} else {
		e.wetEnv *= e.wetDecay
	}
	c.wetPk = 0
	next := minf(1, e.wetEnv*(1/hissGateLevel))
	c.gate0, c.gateStep = e.hissGate, (next-e.hissGate)/fn
	e.hissGate = next

	// Wow drift: depth interpolated across the period, rate held at its
	// mean; the rates' ramps are read at the period's middle.
	dr := &e.drift
	d0, r0 := dr.d, dr.r
	dr.step(controlPeriod, &e.driftRng)
	d1, r1 := dr.d, dr.r
	c.depth0 = dr.depth(d0, r0)
	c.depthStep = (dr.depth(d1, r1) - c.depth0) / fn
	rate := e.r.at(rWowRate, controlPeriod/2) * (1 + dr.amount*0.5*(r0+r1))
	c.wowRotC, c.wowRotS = rotation(rate)
	c.flutRotC, c.flutRotS = rotation(e.r.at(rFlutRate, controlPeriod/2))
}
