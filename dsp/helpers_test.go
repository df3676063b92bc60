package dsp

import (
	"math"
	"testing"
)

// cleanSettings turns off everything that colours the echoes: no
// modulation, no age, no drive, filters wide open, wet only.
var cleanSettings = map[ParamID]float64{
	IDWowDepth: 0, IDFlutterDepth: 0, IDAge: 0, IDDrive: 0,
	IDLowCut: 20, IDHighCut: 20000, IDMix: 100, IDFeedback: 0,
	IDDuck: 0, IDOffset: 0, IDWidth: 100,
}

// newEngine returns an active engine with the default values, then
// cleanSettings if clean, then the extra settings.
func newEngine(t testing.TB, sr float64, maxFrames int, clean bool, settings map[ParamID]float64) *Engine {
	t.Helper()
	e := NewEngine()
	if clean {
		for id, v := range cleanSettings {
			e.SetValue(id, v)
		}
	}
	for id, v := range settings {
		e.SetValue(id, v)
	}
	if err := e.Activate(sr, maxFrames); err != nil {
		t.Fatal(err)
	}
	return e
}

// render runs mono input x (both channels) through e in blocks and returns
// both outputs.
func render(e *Engine, xl, xr []float32, block int) ([]float32, []float32) {
	n := len(xl)
	ol, or := make([]float32, n), make([]float32, n)
	for p := 0; p < n; p += block {
		q := min(n, p+block)
		e.Process(xl[p:q], xr[p:q], ol[p:q], or[p:q], nil)
	}
	return ol, or
}

func sine(n int, f, sr, amp float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(amp * math.Sin(2*math.Pi*f*float64(i)/sr))
	}
	return x
}

// noise returns uniform white noise in [-amp, amp).
func noise(n int, amp float64, seed uint64) []float32 {
	r := xorshift{seed | 1}
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(amp * r.bipolar())
	}
	return x
}

func rms(x []float32) float64 {
	s := 0.0
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	return math.Sqrt(s / float64(max(1, len(x))))
}

func peak(x []float32) float64 {
	p := 0.0
	for _, v := range x {
		p = math.Max(p, math.Abs(float64(v)))
	}
	return p
}

func db(x float64) float64 { return 20 * math.Log10(x) }

// crossings returns the times (in samples, interpolated) of the upward zero
// crossings of x in [from, to).
func crossings(x []float32, from, to int) []float64 {
	var c []float64
	for i := max(1, from); i < to; i++ {
		a, b := float64(x[i-1]), float64(x[i])
		if a < 0 && b >= 0 {
			c = append(c, float64(i-1)+a/(a-b))
		}
	}
	return c
}

// frequencies returns the frequency of each period between upward zero
// crossings of x in [from, to).
func frequencies(x []float32, from, to int, sr float64) []float64 {
	c := crossings(x, from, to)
	f := make([]float64, 0, len(c))
	for i := 1; i < len(c); i++ {
		f = append(f, sr/(c[i]-c[i-1]))
	}
	return f
}

// checkClean fails unless every sample is finite and not subnormal.
func checkClean(t testing.TB, name string, x []float32) {
	t.Helper()
	for i, v := range x {
		a := math.Abs(float64(v))
		if v != v || math.IsInf(float64(v), 0) || (a != 0 && a < 1.1754944e-38) {
			t.Fatalf("%s[%d] = %g: not a clean sample", name, i, v)
		}
	}
}
