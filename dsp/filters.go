package dsp

import "math"

// svf is one channel of a 2nd-order state-variable filter in the
// topology-preserving (zero-delay feedback) form: the bilinear transform
// with prewarping, so the corner frequency is exact at any sample rate and
// the filter is stable for every cutoff below Nyquist.
type svf struct{ ic1, ic2 float64 }

// butterworthK is 1/Q for a Butterworth response: −3 dB at the corner.
const butterworthK = math.Sqrt2

// maxCutoffRatio keeps cutoffs below Nyquist (fraction of the sample rate).
const maxCutoffRatio = 0.45

// svfG returns the prewarped coefficient tan(π fc / fs), fc clamped to
// (0, maxCutoffRatio·fs].
func svfG(fc, fs float64) float64 {
	fc = math.Min(math.Max(fc, 1), maxCutoffRatio*fs)
	return math.Tan(math.Pi * fc / fs)
}

// svfCoefs are the per-sample coefficients derived from g.
type svfCoefs struct{ a1, a2, a3 float64 }

func svfCoefsFor(g float64) svfCoefs {
	a1 := 1 / (1 + g*(g+butterworthK))
	a2 := g * a1
	return svfCoefs{a1, a2, g * a2}
}

// tick runs one sample and returns the low-pass and band-pass outputs (the
// high-pass is x − k·bp − lp).
func (f *svf) tick(x float64, c svfCoefs) (lp, bp float64) {
	v3 := x - f.ic2
	v1 := c.a1*f.ic1 + c.a2*v3
	v2 := f.ic2 + c.a2*f.ic1 + c.a3*v3
	f.ic1 = 2*v1 - f.ic1
	f.ic2 = 2*v2 - f.ic2
	return v2, v1
}

// lowpass runs one sample through a low-pass.
func (f *svf) lowpass(x float64, c svfCoefs) float64 {
	lp, _ := f.tick(x, c)
	return lp
}

// highpass runs one sample through a high-pass.
func (f *svf) highpass(x float64, c svfCoefs) float64 {
	lp, bp := f.tick(x, c)
	return x - butterworthK*bp - lp
}

// flushState zeroes states too small to matter (no subnormals, ever).
func (f *svf) flushState() {
	f.ic1, f.ic2 = flush(f.ic1), flush(f.ic2)
}

// onePoleCoef returns the coefficient a of the one-pole low-pass
// y += a·(x − y) at fc (impulse-invariant, clamped below Nyquist). Its step
// response never overshoots, so it never raises a peak: 0 < a < 1.
func onePoleCoef(fc, fs float64) float64 {
	fc = math.Min(math.Max(fc, 1), maxCutoffRatio*fs)
	return 1 - math.Exp(-2*math.Pi*fc/fs)
}
