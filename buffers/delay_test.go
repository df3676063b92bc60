package buffers

import (
	"errors"
	"math"
	"testing"
)

// fill1024 returns the crate tests' delay line: length 1024 at 44.1 kHz
// after writing 0, 1, ..., 1023.
func fill1024(t *testing.T) *DelayLine[float32] {
	t.Helper()
	d := blkMust(NewDelayLine[float32](1024, 44100))
	for i := range 1024 {
		d.Write(float32(i))
	}
	return d
}

// Ported from rill-core delay::tests::test_delay_line_basic.
func TestDelayLineBasic(t *testing.T) {
	d := blkMust(NewDelayLine[float32](1024, 44100))
	d.SetDelaySamples(100)
	for i := range 200 {
		out := d.Write(float32(i))
		if i >= 100 && out != float32(i-100) {
			t.Fatalf("Write(%d) = %v, want %d", i, out, i-100)
		}
		if i < 100 && out != 0 {
			t.Fatalf("Write(%d) = %v before the delay filled, want 0", i, out)
		}
	}
}

// Ported from rill-core delay::tests::test_delay_line_read_delayed.
func TestDelayLineReadDelayed(t *testing.T) {
	d := fill1024(t)
	if got := d.ReadDelayed(0); got != 1023 {
		t.Errorf("ReadDelayed(0) = %v, want 1023", got)
	}
	if got := d.ReadDelayed(100); got != 923 {
		t.Errorf("ReadDelayed(100) = %v, want 923", got)
	}
}

// Ported from rill-core delay::tests::test_delay_line_interpolation.
func TestDelayLineInterpolation(t *testing.T) {
	d := fill1024(t)
	if got := d.ReadInterpolated(100.5); math.Abs(float64(got)-922.5) > 0.01 {
		t.Errorf("ReadInterpolated(100.5) = %v, want 922.5", got)
	}
}

// TestDelayLineMeasured replays the spec's measured sequence: d=2 after one
// earlier write of 5, inputs 10..50 give 0, 5, 10, 20, 30; Read gives 40.
func TestDelayLineMeasured(t *testing.T) {
	d := blkMust(NewDelayLine[float64](8, 48000))
	d.SetDelaySamples(2)
	d.Write(5)
	want := []float64{0, 5, 10, 20, 30}
	for i, x := range []float64{10, 20, 30, 40, 50} {
		if got := d.Write(x); got != want[i] {
			t.Errorf("Write(%v) = %v, want %v", x, got, want[i])
		}
	}
	if got := d.Read(); got != 40 {
		t.Errorf("Read = %v, want 40", got)
	}
	if got := d.Write(60); got != 40 {
		t.Errorf("Write after Read = %v, want 40 (what Read predicted)", got)
	}
}

func TestNewDelayLineErrors(t *testing.T) {
	for _, n := range []int{0, -1, maxDelayLen + 1} {
		_, err := NewDelayLine[float32](n, 48000)
		wantBufErr(t, "NewDelayLine length", err, InvalidSize(n))
	}
	for _, sr := range []float64{0, -48000, math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := NewDelayLine[float32](8, sr); !errors.Is(err, ErrInvalidSize) {
			t.Errorf("sample rate %v: error %v, want one matching ErrInvalidSize", sr, err)
		}
	}
	// Not bounded by MaxBufferSize.
	d := blkMust(NewDelayLine[float32](MaxBufferSize*4, 48000))
	if d.Capacity() != MaxBufferSize*4 || d.MaxDelay() != MaxBufferSize*4-1 {
		t.Errorf("Capacity %d MaxDelay %d", d.Capacity(), d.MaxDelay())
	}
}

func TestDelayLineSetDelay(t *testing.T) {
	tests := []struct {
		name    string
		seconds float64
		want    int
	}{
		{"measuredTruncates", 0.6, 2}, // 2.4 samples, crate also 2
		{"clampedToMax", 100, 7},      // crate 7 with MAX_DELAY 8
		{"negative", -1, 0},           // crate 0
		{"nan", math.NaN(), 0},        // crate 0
		{"posInf", math.Inf(1), 7},    // crate clamps too
		{"negInf", math.Inf(-1), 0},   //
		{"roundsUp", 0.625, 3},        // 2.5 samples: round half away from zero
		{"roundsNearest", 0.7 / 4, 1}, // 0.7 samples (crate truncates to 0)
		{"exact", 1.5, 6},             //
		{"tiny", 1e-300, 0},           //
		{"negativeZero", math.Copysign(0, -1), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := blkMust(NewDelayLine[float32](8, 4))
			d.SetDelaySamples(5)
			d.SetDelay(tc.seconds)
			if d.Delay() != tc.want {
				t.Errorf("SetDelay(%v) at 4 Hz: %d samples, want %d", tc.seconds, d.Delay(), tc.want)
			}
		})
	}
	// Rounding, not truncation, where float64 lands just below an integer.
	d := blkMust(NewDelayLine[float32](100, 100))
	d.SetDelay(0.29) // 28.999999999999996 samples
	if d.Delay() != 29 {
		t.Errorf("SetDelay(0.29) at 100 Hz = %d, want 29", d.Delay())
	}
	for _, tc := range []struct{ in, want int }{{-5, 0}, {0, 0}, {50, 50}, {99, 99}, {100, 99}, {math.MaxInt, 99}, {math.MinInt, 0}} {
		d.SetDelaySamples(tc.in)
		if d.Delay() != tc.want {
			t.Errorf("SetDelaySamples(%d) = %d, want %d", tc.in, d.Delay(), tc.want)
		}
	}
	if d.SampleRate() != 100 {
		t.Errorf("SampleRate %v", d.SampleRate())
	}
}

// TestDelayLineQuirk7 pins the decisions on crate quirk 7.
func TestDelayLineQuirk7(t *testing.T) {
	t.Run("delay0WriteReturnsInput", func(t *testing.T) { // kept
		d := blkMust(NewDelayLine[float32](4, 48000))
		for _, x := range []float32{3, -1, 8} {
			if got := d.Write(x); got != x {
				t.Errorf("Write(%v) with delay 0 = %v", x, got)
			}
		}
	})
	t.Run("delay0ReadReturnsNewest", func(t *testing.T) { // fixed
		d := blkMust(NewDelayLine[float32](4, 48000))
		for _, x := range []float32{1, 2, 3} {
			d.Write(x)
		}
		// The crate returns the oldest slot (0 here, about to be overwritten).
		if got := d.Read(); got != 3 {
			t.Errorf("Read with delay 0 = %v, want the newest sample 3", got)
		}
	})
	t.Run("negativeFractionalClamps", func(t *testing.T) { // fixed
		d := blkMust(NewDelayLine[float32](8, 48000))
		for _, x := range []float32{10, 20, 30, 40, 50} {
			d.Write(x)
		}
		// The crate extrapolates to 55.
		if got := d.ReadInterpolated(-0.5); got != 50 {
			t.Errorf("ReadInterpolated(-0.5) = %v, want 50 (the newest, no extrapolation)", got)
		}
	})
	t.Run("integerTapsClamp", func(t *testing.T) { // fixed: crate debug-asserts or aliases
		d := blkMust(NewDelayLine[float32](4, 48000))
		for _, x := range []float32{1, 2, 3, 4, 5, 6} {
			d.Write(x)
		}
		for _, tc := range []struct {
			k    int
			want float32
		}{{-1, 6}, {math.MinInt, 6}, {3, 3}, {4, 3}, {5, 3}, {math.MaxInt, 3}} {
			if got := d.ReadDelayed(tc.k); got != tc.want {
				t.Errorf("ReadDelayed(%d) = %v, want %v", tc.k, got, tc.want)
			}
		}
	})
}

func TestDelayLineReadInterpolatedEdges(t *testing.T) {
	d := blkMust(NewDelayLine[float64](8, 48000))
	for i := range 8 {
		d.Write(float64(10 * (i + 1))) // newest 80, oldest 10
	}
	tests := []struct {
		name  string
		delay float64
		want  float64
	}{
		{"zero", 0, 80},
		{"negZero", math.Copysign(0, -1), 80},
		{"half", 0.5, 75},
		{"quarter", 2.25, 57.5},
		{"nan", math.NaN(), 80},
		{"negative", -3.7, 80},
		{"negInf", math.Inf(-1), 80},
		{"posInf", math.Inf(1), 10},
		{"huge", 1e300, 10},
		{"aboveMaxInt", 1e19, 10},
		{"justBelowMax", 6.5, 15},
		{"max", 7, 10},
		{"aboveMax", 7.5, 10},
		{"tiny", 1e-300, 80},
		{"subnormal", 5e-324, 80},
		{"maxFloat", math.MaxFloat64, 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := d.ReadInterpolated(tc.delay)
			if math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("ReadInterpolated(%v) = %v, want %v", tc.delay, got, tc.want)
			}
		})
	}
}

func TestDelayLineProcessMatchesWrite(t *testing.T) {
	a := blkMust(NewDelayLine[float32](16, 48000))
	b := blkMust(NewDelayLine[float32](16, 48000))
	a.SetDelaySamples(5)
	b.SetDelaySamples(5)
	src := ramp[float32](40)
	want := make([]float32, 40)
	for i, x := range src {
		want[i] = a.Write(x)
	}
	got := append([]float32(nil), src...)
	if n := b.Process(got[:25], got[:25]); n != 25 { // in place, two blocks
		t.Fatalf("Process returned %d", n)
	}
	b.Process(got[25:], got[25:])
	if !equalSlices(got, want) {
		t.Errorf("Process %v\nwant %v", got, want)
	}
	if a.WritePosition() != b.WritePosition() || a.Stats() != b.Stats() {
		t.Errorf("state differs: pos %d/%d stats %+v / %+v", a.WritePosition(), b.WritePosition(), a.Stats(), b.Stats())
	}
	if n := b.Process(make([]float32, 3), make([]float32, 5)); n != 3 {
		t.Errorf("Process with short dst returned %d, want 3", n)
	}
}

func TestDelayLineBufferMethods(t *testing.T) {
	d := blkMust(NewDelayLine[float32](4, 48000))
	d.SetDelaySamples(2)
	d.Write(1)
	d.Write(2)
	if v, err := d.At(1); err != nil || v != 2 {
		t.Errorf("At(1) = %v %v", v, err)
	}
	if err := d.Set(3, 9); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{-1, 4, 1 << 40} {
		_, err := d.At(i)
		wantBufErr(t, "At", err, InvalidIndex(i))
		wantBufErr(t, "Set", d.Set(i, 0), InvalidIndex(i))
	}
	if d.Len() != 4 || d.Capacity() != 4 || d.IsEmpty() || !d.IsFull() {
		t.Error("Len/Capacity/IsEmpty/IsFull")
	}
	if s := d.Stats(); s.Writes != 2 || s.Reads != 2 || s.FillLevel != 1 || s.PeakFill != 1 {
		t.Errorf("stats %+v", s) // the crate's peak is 1.024 for MAX_DELAY 1024
	}
	d.Fill(5)
	d.CopyFrom([]float32{1, 2})
	if !equalSlices(d.Slice(), []float32{1, 2, 5, 5}) || d.WritePosition() != 2 {
		t.Errorf("Fill/CopyFrom: %v pos %d", d.Slice(), d.WritePosition())
	}
	d.Clear()
	if !equalSlices(d.Slice(), []float32{0, 0, 0, 0}) || d.WritePosition() != 0 || d.Delay() != 2 || d.Stats().Writes != 0 {
		t.Errorf("Clear: %v pos %d delay %d", d.Slice(), d.WritePosition(), d.Delay())
	}
}

func TestDelayLineLength1(t *testing.T) {
	d := blkMust(NewDelayLine[float64](1, 48000))
	d.SetDelay(10)
	if d.Delay() != 0 || d.MaxDelay() != 0 {
		t.Errorf("length 1: delay %d max %d", d.Delay(), d.MaxDelay())
	}
	if d.Write(3) != 3 || d.ReadDelayed(5) != 3 || d.ReadInterpolated(0.5) != 3 || d.Read() != 3 {
		t.Error("length 1 reads")
	}
}

func TestDelayLineNoAllocs(t *testing.T) {
	d := blkMust(NewDelayLine[float32](48000, 48000))
	d.SetDelay(0.25)
	buf := ramp[float32](256)
	blkNoAllocs(t, "Write", func() { d.Write(1) })
	blkNoAllocs(t, "Process", func() { d.Process(buf, buf) })
	blkNoAllocs(t, "Read", func() { _ = d.Read() })
	blkNoAllocs(t, "ReadDelayed", func() { _ = d.ReadDelayed(1000) })
	blkNoAllocs(t, "ReadInterpolated", func() { _ = d.ReadInterpolated(1000.25) })
	blkNoAllocs(t, "SetDelay", func() { d.SetDelay(0.1); d.SetDelaySamples(10) })
	blkNoAllocs(t, "Clear/Stats", func() { d.Clear(); _ = d.Stats(); d.ResetStats() })
}

// FuzzDelayLineReadInterpolated checks the index and interpolation math for
// any delay (NaN, infinities, negatives, huge values) and any length: never
// a panic, and the result always lies between the smallest and largest
// stored sample (linear interpolation never extrapolates).
func FuzzDelayLineReadInterpolated(f *testing.F) {
	f.Add(uint16(8), uint16(20), 2.5, int64(3), 0.0)
	f.Add(uint16(1), uint16(1), math.NaN(), int64(-1), 1.0)
	f.Add(uint16(1024), uint16(2000), 1023.999, int64(1<<40), math.Inf(1))
	f.Add(uint16(3), uint16(0), -0.5, int64(-1<<62), math.Inf(-1))
	f.Fuzz(func(t *testing.T, length, writes uint16, delay float64, k int64, seconds float64) {
		n := int(length)%4096 + 1
		d, err := NewDelayLine[float64](n, 1000)
		if err != nil {
			t.Fatal(err)
		}
		d.SetDelay(seconds)
		if d.Delay() < 0 || d.Delay() > d.MaxDelay() {
			t.Fatalf("SetDelay(%v) gave %d outside [0, %d]", seconds, d.Delay(), d.MaxDelay())
		}
		lo, hi := 0.0, 0.0
		for i := range int(writes) {
			x := math.Sin(float64(i)*0.7) * 100
			d.Write(x)
			lo, hi = min(lo, x), max(hi, x)
		}
		got := d.ReadInterpolated(delay)
		if math.IsNaN(got) || got < lo-1e-9 || got > hi+1e-9 {
			t.Fatalf("ReadInterpolated(%v) = %v outside [%v, %v]", delay, got, lo, hi)
		}
		if v := d.ReadDelayed(int(k)); math.IsNaN(v) || v < lo || v > hi {
			t.Fatalf("ReadDelayed(%d) = %v", k, v)
		}
		if delay >= 0 && delay <= float64(d.MaxDelay()) && delay == math.Trunc(delay) {
			if want := d.ReadDelayed(int(delay)); got != want {
				t.Fatalf("ReadInterpolated(%v) = %v, ReadDelayed = %v", delay, got, want)
			}
		}
		_ = d.Read()
	})
}
