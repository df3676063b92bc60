package dsp

import (
	"math"
	"testing"
)

func TestPhasorTracksSine(t *testing.T) {
	for _, rate := range []float64{0.1 / 768000, 1.0 / 48000, 20.0 / 48000, 0.03} {
		p := phasor{1, 0}
		for k := 1; k <= 200000; k++ {
			p.turn(rate)
			if k%997 == 0 {
				want := 2 * math.Pi * rate * float64(k)
				if math.Abs(p.s-math.Sin(want)) > 1e-5 || math.Abs(p.c-math.Cos(want)) > 1e-5 {
					t.Fatalf("rate %v step %d: (%v, %v), want (%v, %v)", rate, k, p.c, p.s, math.Cos(want), math.Sin(want))
				}
			}
		}
		if ph, want := p.phase(), math.Mod(rate*200000, 1); math.Abs(ph-want) > 1e-5 && math.Abs(math.Abs(ph-want)-1) > 1e-5 {
			t.Errorf("rate %v: phase %v, want %v", rate, ph, want)
		}
	}
}

func TestSaturatorShape(t *testing.T) {
	for _, drive := range []float64{0, 0.25, 0.5, 1} {
		s := saturatorFor(drive)
		if y := s.apply(0); y != 0 {
			t.Errorf("drive %v: curve(0) = %v", drive, y)
		}
		// Unity gain for small signals: drive must not change the loop gain.
		if g := s.apply(1e-6) / 1e-6; math.Abs(g-1) > 1e-4 {
			t.Errorf("drive %v: small-signal gain %v", drive, g)
		}
		bound := satCeiling * (1 + s.biasOut) / softClipSlope(s.bias)
		prev := math.Inf(-1)
		for x := -100.0; x <= 100; x += 0.01 {
			y := s.apply(x)
			if math.Abs(y) > bound*(1+1e-12) || y < prev-1e-12 {
				t.Fatalf("drive %v: curve(%v) = %v: beyond %v or not monotonic", drive, x, y, bound)
			}
			prev = y
		}
	}
	// The slope is the derivative of the curve.
	for x := -2.0; x <= 2; x += 0.01 {
		num := (softClip(x+1e-6) - softClip(x-1e-6)) / 2e-6
		if math.Abs(num-softClipSlope(x)) > 1e-5 {
			t.Fatalf("slope at %v: %v, numerically %v", x, softClipSlope(x), num)
		}
	}
	// The curve is smooth where it meets its ceiling.
	if d := softClipSlope(clipKnee - 1e-9); d > 1e-6 {
		t.Errorf("slope at the ceiling %v", d)
	}
}

func TestSVFCornerAtEveryRate(t *testing.T) {
	// The magnitude at the corner is −3 dB for both kinds, at every rate,
	// measured from a steady sine.
	for _, fs := range []float64{1000, 44100, 48000, 96000, 768000} {
		for _, fc := range []float64{20, 200, 2000, 20000} {
			if fc > maxCutoffRatio*fs {
				continue
			}
			c := svfCoefsFor(svfG(fc, fs))
			for _, high := range []bool{false, true} {
				var f svf
				n := int(fs/fc) * 40
				var sum, ref float64
				for k := range 2 * n {
					x := math.Sin(2 * math.Pi * fc * float64(k) / fs)
					var y float64
					if high {
						y = f.highpass(x, c)
					} else {
						y = f.lowpass(x, c)
					}
					if k >= n {
						sum += y * y
						ref += x * x
					}
				}
				if g := 10 * math.Log10(sum/ref); math.Abs(g+3.0103) > 0.2 {
					t.Errorf("fs %v fc %v high %v: %.3f dB at the corner", fs, fc, high, g)
				}
			}
		}
	}
}
