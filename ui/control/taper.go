package control

import (
	"math"

	"rill/dsp"
)

// logTaper reports whether a knob for p moves logarithmically: frequencies
// and times that span a decade or more, where equal travel should mean
// equal ratios.
func logTaper(p *dsp.Param) bool {
	return p.Kind == dsp.KindContinuous && p.Min > 0 && p.Max/p.Min >= 10 &&
		(p.Unit == "Hz" || p.Unit == "ms")
}

// Normalized maps a value of p to the knob's travel, 0..1 (clamped; NaN
// gives the default's position).
func Normalized(p *dsp.Param, v float64) float64 {
	v = p.Clamp(v)
	if p.Max == p.Min {
		return 0
	}
	if logTaper(p) {
		return math.Log(v/p.Min) / math.Log(p.Max/p.Min)
	}
	return (v - p.Min) / (p.Max - p.Min)
}

// Denormalized maps knob travel t (clamped to 0..1, NaN as 0) back to a
// value of p, rounded for discrete kinds.
func Denormalized(p *dsp.Param, t float64) float64 {
	if !(t > 0) {
		t = 0
	}
	t = min(t, 1)
	var v float64
	if logTaper(p) {
		v = p.Min * math.Pow(p.Max/p.Min, t)
	} else {
		v = p.Min + t*(p.Max-p.Min)
	}
	return p.Clamp(v)
}

// Drag returns the value after dragging the knob of p, currently at v, by
// pixels (up is positive). A full sweep takes sweepPixels; fine divides the
// speed by ten. Discrete parameters move by whole steps as the drag
// accumulates, so callers pass the drag's total since the gesture began
// along with the value at its start.
func Drag(p *dsp.Param, start, pixels, sweepPixels float64, fine bool) float64 {
	if sweepPixels <= 0 || math.IsNaN(pixels) || math.IsInf(pixels, 0) {
		return p.Clamp(start)
	}
	d := pixels / sweepPixels
	if fine {
		d /= 10
	}
	return Denormalized(p, Normalized(p, start)+d)
}
