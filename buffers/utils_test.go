package buffers

import (
	"math"
	"testing"
)

// Ported from rill-core buffer::tests::test_utils.
func TestUtilsCrate(t *testing.T) {
	src := []float32{1, 2, 3}
	dst := make([]float32, 4)
	if n := Copy(dst, src); n != 3 || !equalSlices(dst, []float32{1, 2, 3, 0}) {
		t.Errorf("Copy = %d %v", n, dst)
	}
	ZeroFill(dst[:3])
	if !equalSlices(dst, []float32{0, 0, 0, 0}) {
		t.Errorf("ZeroFill %v", dst)
	}
	mix := []float32{1, 1, 1}
	MixWithGain(mix, []float32{2, 2, 2}, 0.5)
	if mix[0] != 2 {
		t.Errorf("MixWithGain: dst[0] = %v, want 2", mix[0])
	}
	if rms := RMS([]float32{1, -1, 1, -1}); math.Abs(rms-1) > 1e-6 {
		t.Errorf("RMS = %v, want 1", rms)
	}
	if p := Peak([]float32{0.5, -0.8, 0.3, -0.9}); math.Abs(p-0.9) > 1e-6 {
		t.Errorf("Peak = %v, want 0.9", p)
	}
}

func TestRMS(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		in   []float64
		want float64
	}{
		{"empty", nil, 0}, // the crate gives NaN
		{"zeros", []float64{0, 0}, 0},
		{"dc", []float64{-3, -3, -3}, 3},
		{"nanCountsAsZero", []float64{2, nan, 2, nan}, math.Sqrt(2)},
		{"allNaN", []float64{nan, nan}, 0},
		{"inf", []float64{1, -inf}, inf},
		{"sine", []float64{0, 1, 0, -1}, math.Sqrt(0.5)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := RMS(tc.in)
			if math.IsNaN(got) || math.Abs(got-tc.want) > 1e-12 && got != tc.want {
				t.Errorf("RMS(%v) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

// TestRMSAccumulatesInFloat64: one million float32 samples of 0.1; summing
// the squares in float32 (as the crate does) gives 0.0993.
func TestRMSAccumulatesInFloat64(t *testing.T) {
	s := make([]float32, 1<<20)
	for i := range s {
		s[i] = 0.1
	}
	want := float64(float32(0.1))
	if got := RMS(s); math.Abs(got-want) > 1e-9 {
		t.Errorf("RMS = %.12f, want %.12f", got, want)
	}
}

func TestPeak(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	tests := []struct {
		name string
		in   []float32
		want float64
	}{
		{"empty", nil, 0},
		{"negative", []float32{0.1, -0.7}, float64(float32(0.7))},
		{"nanIgnored", []float32{nan, 0.25, nan}, 0.25},
		{"allNaN", []float32{nan}, 0},
		{"negInf", []float32{-inf, 1}, math.Inf(1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Peak(tc.in); got != tc.want {
				t.Errorf("Peak(%v) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestMixWithGain(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name     string
		dst, src []float64
		gain     float64
		want     []float64
	}{
		{"basic", []float64{1, 1}, []float64{2, 4}, 0.5, []float64{2, 3}},
		{"shortSrc", []float64{1, 1, 1}, []float64{1}, 2, []float64{3, 1, 1}},
		{"shortDst", []float64{1}, []float64{1, 5}, 1, []float64{2}},
		{"nanGainIsZero", []float64{1, 2}, []float64{3, 4}, nan, []float64{1, 2}},
		{"negativeGain", []float64{0}, []float64{1}, -1, []float64{-1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			MixWithGain(tc.dst, tc.src, tc.gain)
			if !equalSlices(tc.dst, tc.want) {
				t.Errorf("got %v, want %v", tc.dst, tc.want)
			}
		})
	}
}

func TestApplyGain(t *testing.T) {
	s := []float32{1, -2, 4}
	ApplyGain(s, 0.5)
	if !equalSlices(s, []float32{0.5, -1, 2}) {
		t.Errorf("ApplyGain 0.5: %v", s)
	}
	ApplyGain(s, float32(math.NaN()))
	if !equalSlices(s, []float32{0, 0, 0}) {
		t.Errorf("ApplyGain NaN: %v, want silence", s)
	}
}

func TestCopyAndZeroFillIntegers(t *testing.T) {
	dst := []int32{9, 9}
	if n := Copy(dst, []int32{1, 2, 3}); n != 2 || !equalSlices(dst, []int32{1, 2}) {
		t.Errorf("Copy %d %v", n, dst)
	}
	ZeroFill(dst)
	if !equalSlices(dst, []int32{0, 0}) {
		t.Errorf("ZeroFill %v", dst)
	}
}

func TestUtilsNoAllocs(t *testing.T) {
	a := ramp[float32](256)
	b := ramp[float32](256)
	blkNoAllocs(t, "Copy", func() { Copy(a, b) })
	blkNoAllocs(t, "ZeroFill", func() { ZeroFill(a) })
	blkNoAllocs(t, "MixWithGain", func() { MixWithGain(a, b, 0.5) })
	blkNoAllocs(t, "ApplyGain", func() { ApplyGain(a, 0.5) })
	blkNoAllocs(t, "RMS/Peak", func() { _, _ = RMS(a), Peak(a) })
}

// TestUnrolledTails checks the unrolled loops at every length around their
// step of four against the plain definitions.
func TestUnrolledTails(t *testing.T) {
	for n := range 11 {
		src := ramp[float64](n)
		mix := constBlock[float64](n, 1)
		add := constBlock[float64](n+2, 1) // longer dst: only n elements change
		gain := constBlock[float64](n, 3)
		MixWithGain(mix, src, 0.5)
		addInto(add, src)
		ApplyGain(gain, -2)
		for i := range n {
			if x := src[i]; mix[i] != 1+x*0.5 || add[i] != 1+x || gain[i] != -6 {
				t.Fatalf("n=%d i=%d: mix %v add %v gain %v", n, i, mix[i], add[i], gain[i])
			}
		}
		if add[n] != 1 || add[n+1] != 1 {
			t.Fatalf("n=%d: addInto wrote past src", n)
		}
	}
}
