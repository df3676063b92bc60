package dsp

import (
	"testing"
	"time"
)

// allOn turns every feature on (and moving where it can be).
var allOn = map[ParamID]float64{
	IDTime: 350, IDFeedback: 85, IDMix: 50, IDInput: 3, IDOutput: -1,
	IDWowDepth: 60, IDWowRate: 0.8, IDFlutterDepth: 50, IDFlutterRate: 11,
	IDDrive: 70, IDLowCut: 150, IDHighCut: 6000, IDStereoMode: StereoModePingPong,
	IDWidth: 70, IDOffset: 12, IDDuck: 40, IDAge: 60,
}

// allOff is the plainest echo: no modulation, no age, no drive.
var allOff = map[ParamID]float64{
	IDTime: 350, IDFeedback: 50, IDMix: 50, IDWowDepth: 0, IDFlutterDepth: 0,
	IDDrive: 0, IDAge: 0, IDDuck: 0,
}

func benchEngine(b *testing.B, settings map[ParamID]float64, block int, events bool) {
	e := newEngine(b, 48000, block, false, settings)
	xl := noise(block, 0.3, 1)
	xr := noise(block, 0.3, 2)
	ol, or := make([]float32, block), make([]float32, block)
	var ev []Event
	if events {
		ev = []Event{
			{Offset: block / 4, ID: IDFeedback, Value: 80},
			{Offset: block / 2, ID: IDHighCut, Value: 5000},
			{Offset: 3 * block / 4, ID: IDFeedback, Value: 85},
		}
	}
	for range 200 {
		e.Process(xl, xr, ol, or, ev)
	}
	b.ReportAllocs()
	b.ResetTimer()
	// Besides the mean, report the fastest window of blocks: on a shared
	// machine other processes inflate the mean, the minimum is what the
	// code costs.
	const window = 16
	best := time.Duration(1 << 62)
	start, k := time.Now(), 0
	for b.Loop() {
		e.Process(xl, xr, ol, or, ev)
		if k++; k == window {
			now := time.Now()
			best = min(best, now.Sub(start))
			start, k = now, 0
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*block), "ns/frame")
	if best < 1<<62 {
		b.ReportMetric(float64(best.Nanoseconds())/float64(window*block), "min-ns/frame")
	}
}

func BenchmarkProcessOff64(b *testing.B)    { benchEngine(b, allOff, 64, false) }
func BenchmarkProcessOff512(b *testing.B)   { benchEngine(b, allOff, 512, false) }
func BenchmarkProcessAllOn64(b *testing.B)  { benchEngine(b, allOn, 64, false) }
func BenchmarkProcessAllOn512(b *testing.B) { benchEngine(b, allOn, 512, false) }

// With three parameter events in every block: ramps always moving.
func BenchmarkProcessAllOnEvents64(b *testing.B)  { benchEngine(b, allOn, 64, true) }
func BenchmarkProcessAllOnEvents512(b *testing.B) { benchEngine(b, allOn, 512, true) }

// Reset runs on the audio thread: it must not depend on the tape length.
func BenchmarkReset768k(b *testing.B) {
	e := newEngine(b, 768000, 512, false, allOn)
	b.ReportAllocs()
	for b.Loop() {
		e.Reset()
	}
}
