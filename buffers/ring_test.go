package buffers

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// ring4 returns a capacity-4 ring (OverwriteOldest, as the crate's write
// never fails) after writing xs.
func ring4(xs ...float32) *RingBuffer[float32] {
	r := blkMust(NewRingBuffer[float32](4, OverwriteOldest))
	for _, x := range xs {
		_ = r.Write(x)
	}
	return r
}

func drain(r *RingBuffer[float32]) []float32 {
	var out []float32
	for {
		x, ok := r.Read()
		if !ok {
			return out
		}
		out = append(out, x)
	}
}

// Ported from rill-core ring::tests::test_ring_buffer_basic.
func TestRingBufferBasic(t *testing.T) {
	r := ring4(1, 2, 3, 4)
	if !r.IsFull() || r.Len() != 4 {
		t.Errorf("IsFull %v Len %d", r.IsFull(), r.Len())
	}
	for _, want := range []float32{1, 2, 3, 4} {
		if x, ok := r.Read(); !ok || x != want {
			t.Errorf("Read = %v %v, want %v", x, ok, want)
		}
	}
	if _, ok := r.Read(); ok || !r.IsEmpty() {
		t.Error("Read of an empty ring succeeded")
	}
}

// Ported from rill-core ring::tests::test_ring_buffer_wraparound.
func TestRingBufferWraparound(t *testing.T) {
	r := ring4(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)
	for d, want := range []float32{9, 8, 7, 6} {
		if x, ok := r.ReadDelayed(d); !ok || x != want {
			t.Errorf("ReadDelayed(%d) = %v %v, want %v", d, x, ok, want)
		}
	}
}

// Ported from rill-core ring::tests::test_ring_buffer_clear.
func TestRingBufferClear(t *testing.T) {
	r := ring4(1, 2)
	if r.IsEmpty() {
		t.Fatal("empty after 2 writes")
	}
	r.Clear()
	if !r.IsEmpty() || r.Len() != 0 || !equalSlices(r.Slice(), []float32{0, 0, 0, 0}) {
		t.Errorf("Clear: Len %d %v", r.Len(), r.Slice())
	}
}

// Ported from rill-core ring::tests::test_ring_buffer_iterator.
func TestRingBufferIterator(t *testing.T) {
	r := ring4(1, 2, 3, 4)
	if got := slices.Collect(r.All()); !equalSlices(got, []float32{1, 2, 3, 4}) {
		t.Errorf("All = %v", got)
	}
	for range r.All() {
		break // early stop must not panic
	}
	if r.Len() != 4 {
		t.Error("All popped samples")
	}
}

// Ported from rill-core ring::tests::test_ring_buffer_read_sequence.
func TestRingBufferReadSequence(t *testing.T) {
	r := ring4(1, 2, 3, 4)
	out := make([]float32, 4)
	r.ReadSequenceInterpolated(0, out)
	if !equalSlices(out, []float32{4, 3, 2, 1}) {
		t.Errorf("ReadSequenceInterpolated(0) = %v", out)
	}
}

// Ported from rill-core ring::tests::test_ring_buffer_invalid_delay, which
// expects a panic; this ring reports (0, false) instead.
func TestRingBufferInvalidDelay(t *testing.T) {
	r := blkMust(NewRingBuffer[float32](4, Reject))
	if x, ok := r.ReadDelayed(4); ok || x != 0 {
		t.Errorf("ReadDelayed(4) on an empty ring = %v %v, want 0 false", x, ok)
	}
}

// Ported from rill-core ring::tests::test_ring_buffer_write_slice.
func TestRingBufferWriteSlice(t *testing.T) {
	r := blkMust(NewRingBuffer[float32](4, Reject))
	if n, err := r.WriteSlice([]float32{1, 2, 3, 4}); n != 4 || err != nil {
		t.Fatalf("WriteSlice = %d %v", n, err)
	}
	if got := drain(r); !equalSlices(got, []float32{1, 2, 3, 4}) {
		t.Errorf("reads %v", got)
	}
}

// Ported from the crate's RingBuffer doc test.
func TestRingBufferDocExample(t *testing.T) {
	r := ring4(1, 2)
	if x, _ := r.ReadDelayed(0); x != 2 {
		t.Errorf("ReadDelayed(0) = %v, want 2", x)
	}
}

// TestRingBufferQuirk1 pins the fix of crate quirk 1 (overflow leaves the
// tail behind): both policies keep FIFO order and count overflows.
func TestRingBufferQuirk1(t *testing.T) {
	t.Run("overwriteOldest0to5", func(t *testing.T) {
		r := ring4(0, 1, 2, 3, 4, 5)
		// Crate: iter [4,5,2,3], reads [4,5] then None.
		if got := slices.Collect(r.All()); !equalSlices(got, []float32{2, 3, 4, 5}) {
			t.Errorf("All = %v, want [2 3 4 5]", got)
		}
		if s := r.Stats(); s.Overflows != 2 || s.Writes != 6 {
			t.Errorf("stats %+v, want 2 overflows", s)
		}
		if got := drain(r); !equalSlices(got, []float32{2, 3, 4, 5}) {
			t.Errorf("reads %v, want [2 3 4 5]", got)
		}
	})
	t.Run("overwriteOldest0to9", func(t *testing.T) {
		r := ring4(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)
		// Crate: reads [8,9] then None.
		if got := drain(r); !equalSlices(got, []float32{6, 7, 8, 9}) {
			t.Errorf("reads %v, want [6 7 8 9]", got)
		}
	})
	t.Run("reject", func(t *testing.T) {
		r := blkMust(NewRingBuffer[float32](4, Reject))
		for i := range 6 {
			err := r.Write(float32(i))
			if (i < 4) != (err == nil) {
				t.Errorf("Write(%d): %v", i, err)
			}
			if i >= 4 && (!errors.Is(err, ErrFull) || err != ErrFull) {
				t.Errorf("Write(%d) on a full ring: %v, want ErrFull", i, err)
			}
		}
		if s := r.Stats(); s.Overflows != 2 || s.Writes != 4 {
			t.Errorf("stats %+v, want 4 writes 2 overflows", s)
		}
		if got := drain(r); !equalSlices(got, []float32{0, 1, 2, 3}) {
			t.Errorf("reads %v, want [0 1 2 3]", got)
		}
	})
	t.Run("rejectWriteSlice", func(t *testing.T) {
		r := blkMust(NewRingBuffer[float32](4, Reject))
		_, _ = r.WriteSlice([]float32{1, 2})
		n, err := r.WriteSlice([]float32{3, 4, 5, 6, 7})
		if n != 2 || !errors.Is(err, ErrFull) {
			t.Errorf("WriteSlice = %d %v, want 2 ErrFull", n, err)
		}
		if s := r.Stats(); s.Overflows != 3 || s.Writes != 4 {
			t.Errorf("stats %+v, want 4 writes 3 overflows", s)
		}
	})
	t.Run("tapsAfterOverflow", func(t *testing.T) {
		r := ring4(0, 1, 2, 3, 4, 5)
		for d, want := range []float32{5, 4, 3, 2} {
			if x, ok := r.ReadDelayed(d); !ok || x != want {
				t.Errorf("ReadDelayed(%d) = %v, want %v", d, x, want)
			}
		}
	})
}

// TestRingBufferQuirk2 pins the fix of crate quirk 2: fractional taps mix
// toward the older sample, as DelayLine and TapeLoop do. The crate's own
// test (test_ring_buffer_interpolated) expects 3.5 for delay 1.5 on 1,2,3,4,
// mixing tap 1 (3) with the newer tap 0 (4); this ring mixes tap 1 with the
// older tap 2 (2) and gives 2.5. The crate quirk is not copied.
func TestRingBufferQuirk2(t *testing.T) {
	r := ring4(1, 2, 3, 4)
	if got := r.ReadInterpolated(1.5); got != 2.5 {
		t.Errorf("ReadInterpolated(1.5) = %v, want 2.5 (crate: 3.5)", got)
	}
	r3 := ring4(1, 2, 3)
	tests := []struct {
		delay       float64
		want, crate float32
	}{
		{0.5, 2.5, 2.0}, // crate mixes the newest with the oldest
		{1.25, 1.75, 2.25},
		{0, 3, 3},
		{2, 1, 1},
	}
	for _, tc := range tests {
		if got := r3.ReadInterpolated(tc.delay); got != tc.want {
			t.Errorf("[1 2 3] ReadInterpolated(%v) = %v, want %v (crate %v)", tc.delay, got, tc.want, tc.crate)
		}
	}
	// Crate: [2.0, 2.5, 1.5, 0, 0].
	out := make([]float32, 5)
	r3.ReadSequenceInterpolated(0.5, out)
	if !equalSlices(out, []float32{2.5, 1.5, 1, 0, 0}) {
		t.Errorf("ReadSequenceInterpolated(0.5) = %v, want [2.5 1.5 1 0 0]", out)
	}
}

func TestNewRingBufferErrors(t *testing.T) {
	for _, n := range []int{0, -4, 3, 6, 1000, MaxBufferSize * 2, math.MinInt} {
		_, err := NewRingBuffer[float32](n, Reject)
		wantBufErr(t, "NewRingBuffer", err, InvalidSize(n))
	}
	if _, err := NewRingBuffer[float32](4, OverflowPolicy(7)); err == nil {
		t.Error("unknown policy accepted")
	}
	for _, n := range []int{1, 2, MaxBufferSize} {
		r := blkMust(NewRingBuffer[float64](n, OverwriteOldest))
		if r.Capacity() != n || r.Policy() != OverwriteOldest {
			t.Errorf("Capacity %d Policy %v", r.Capacity(), r.Policy())
		}
	}
	for p, want := range map[OverflowPolicy]string{Reject: "Reject", OverwriteOldest: "OverwriteOldest", 9: "OverflowPolicy(9)"} {
		if p.String() != want {
			t.Errorf("String() = %q, want %q", p.String(), want)
		}
	}
}

func TestRingBufferReadDelayedRange(t *testing.T) {
	r := ring4(1, 2, 3)
	tests := []struct {
		d    int
		want float32
		ok   bool
	}{
		{0, 3, true}, {2, 1, true}, {3, 0, false}, {4, 0, false}, {-1, 0, false},
		{math.MaxInt, 0, false}, {math.MinInt, 0, false},
	}
	for _, tc := range tests {
		if x, ok := r.ReadDelayed(tc.d); x != tc.want || ok != tc.ok {
			t.Errorf("ReadDelayed(%d) = %v %v, want %v %v", tc.d, x, ok, tc.want, tc.ok)
		}
	}
	_, _ = r.Read() // pops 1: the live range shrinks to 2 samples, as in the crate
	if _, ok := r.ReadDelayed(2); ok {
		t.Error("ReadDelayed(2) ok after a pop left 2 live samples")
	}
}

func TestRingBufferReadInterpolatedEdges(t *testing.T) {
	r := blkMust(NewRingBuffer[float64](8, Reject))
	if got := r.ReadInterpolated(1); got != 0 {
		t.Errorf("empty ring reads %v", got)
	}
	out := []float64{7, 7}
	r.ReadSequenceInterpolated(0, out)
	if out[0] != 0 || out[1] != 0 {
		t.Errorf("sequence on an empty ring %v", out)
	}
	for _, x := range []float64{10, 20, 30, 40, 50} { // newest 50, oldest 10
		_ = r.Write(x)
	}
	tests := []struct {
		name  string
		delay float64
		want  float64
	}{
		{"nan", math.NaN(), 50},
		{"negative", -0.5, 50}, // no extrapolation
		{"negInf", math.Inf(-1), 50},
		{"posInf", math.Inf(1), 10},
		{"huge", 1e300, 10},
		{"last", 4, 10},
		{"pastLast", 4.5, 10},
		{"quarter", 3.25, 17.5},
		{"tiny", 5e-324, 50},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := r.ReadInterpolated(tc.delay); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("ReadInterpolated(%v) = %v, want %v", tc.delay, got, tc.want)
			}
		})
	}
	seq := []struct {
		name  string
		start float64
		want  []float64
	}{
		{"nanStart", math.NaN(), []float64{50, 40, 30}},
		{"negStart", -2, []float64{50, 50, 50}},
		{"infStart", math.Inf(1), []float64{0, 0, 0}},
		{"negInfStart", math.Inf(-1), []float64{50, 50, 50}},
		{"pastEnd", 3.5, []float64{15, 10, 0}},
	}
	for _, tc := range seq {
		t.Run(tc.name, func(t *testing.T) {
			out := make([]float64, 3)
			r.ReadSequenceInterpolated(tc.start, out)
			if !equalSlices(out, tc.want) {
				t.Errorf("ReadSequenceInterpolated(%v) = %v, want %v", tc.start, out, tc.want)
			}
		})
	}
}

func TestRingBufferCopyTo(t *testing.T) {
	r := blkMust(NewRingBuffer[float32](4, OverwriteOldest))
	for i := range 7 {
		_ = r.Write(float32(i)) // live 3 4 5 6, physically wrapped
	}
	dst := make([]float32, 6)
	if n := r.CopyTo(dst); n != 4 || !equalSlices(dst[:4], []float32{3, 4, 5, 6}) {
		t.Errorf("CopyTo = %d %v", n, dst)
	}
	if n := r.CopyTo(dst[:2]); n != 2 || !equalSlices(dst[:2], []float32{3, 4}) {
		t.Errorf("CopyTo short = %d %v", n, dst[:2])
	}
	if r.Len() != 4 {
		t.Error("CopyTo popped")
	}
}

func TestRingBufferResetKeepsData(t *testing.T) {
	r := ring4(1, 2, 3)
	r.Reset()
	if !r.IsEmpty() || !equalSlices(r.Slice(), []float32{1, 2, 3, 0}) {
		t.Errorf("Reset: Len %d %v", r.Len(), r.Slice())
	}
	r.Fill(5)
	r.CopyFrom([]float32{1})
	if r.Len() != 0 || !equalSlices(r.Slice(), []float32{1, 5, 5, 5}) {
		t.Errorf("Fill/CopyFrom: Len %d %v", r.Len(), r.Slice())
	}
}

func TestRingBufferStats(t *testing.T) {
	r := blkMust(NewRingBuffer[float32](4, Reject))
	_, _ = r.WriteSlice([]float32{1, 2, 3})
	_, _ = r.Read()
	s := r.Stats()
	if s.Writes != 3 || s.Reads != 1 || s.FillLevel != 0.5 || s.PeakFill != 0.75 {
		t.Errorf("stats %+v", s)
	}
	_, _ = r.Read()
	_, _ = r.Read()
	_, _ = r.Read()
	if s := r.Stats(); s.Underflows != 1 || s.FillLevel != 0 {
		t.Errorf("stats %+v, want 1 underflow", s)
	}
	r.ResetStats()
	if s := r.Stats(); s != (BufferStats{}) {
		t.Errorf("after ResetStats %+v", s)
	}
}

func TestRingBufferNoAllocs(t *testing.T) {
	r := blkMust(NewRingBuffer[float32](256, OverwriteOldest))
	rej := blkMust(NewRingBuffer[float32](4, Reject))
	_, _ = rej.WriteSlice([]float32{1, 2, 3, 4})
	src := ramp[float32](256)
	dst := make([]float32, 256)
	blkNoAllocs(t, "Write", func() { _ = r.Write(1) })
	blkNoAllocs(t, "Write rejected", func() { _ = rej.Write(1) })
	blkNoAllocs(t, "WriteSlice", func() { _, _ = r.WriteSlice(src) })
	blkNoAllocs(t, "WriteSlice rejected", func() { _, _ = rej.WriteSlice(src) })
	blkNoAllocs(t, "Read", func() { _, _ = r.Read(); _ = r.Write(2) })
	blkNoAllocs(t, "ReadDelayed", func() { _, _ = r.ReadDelayed(10); _, _ = r.ReadDelayed(-1) })
	blkNoAllocs(t, "ReadInterpolated", func() { _ = r.ReadInterpolated(10.5) })
	blkNoAllocs(t, "ReadSequenceInterpolated", func() { r.ReadSequenceInterpolated(0.5, dst) })
	blkNoAllocs(t, "CopyTo", func() { r.CopyTo(dst) })
	blkNoAllocs(t, "Clear/Reset/Stats", func() { r.Reset(); r.Clear(); _ = r.Stats(); r.ResetStats() })
}

// FuzzRingBufferTaps checks the delay-tap index and interpolation math for
// any capacity, fill, policy and delay (NaN, infinities, negatives, huge):
// never a panic, integer taps succeed exactly inside the live range, and
// fractional taps stay between the smallest and largest live sample.
func FuzzRingBufferTaps(f *testing.F) {
	f.Add(uint8(2), uint16(10), false, 1.5, int64(1), 0.5)
	f.Add(uint8(0), uint16(0), true, math.NaN(), int64(-1), math.NaN())
	f.Add(uint8(16), uint16(65535), false, math.Inf(1), int64(1<<62), math.Inf(-1))
	f.Add(uint8(3), uint16(5), true, -2.75, int64(4), 1e300)
	f.Fuzz(func(t *testing.T, exp uint8, writes uint16, reject bool, delay float64, d int64, start float64) {
		policy := OverwriteOldest
		if reject {
			policy = Reject
		}
		r, err := NewRingBuffer[float64](1<<(exp%17), policy)
		if err != nil {
			t.Fatal(err)
		}
		for i := range int(writes) {
			_ = r.Write(math.Cos(float64(i)) * 10)
		}
		if r.Len() != min(int(writes), r.Capacity()) {
			t.Fatalf("Len %d after %d writes into %d", r.Len(), writes, r.Capacity())
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for x := range r.All() {
			lo, hi = min(lo, x), max(hi, x)
		}
		if r.Len() == 0 {
			lo, hi = 0, 0
		}
		if got := r.ReadInterpolated(delay); math.IsNaN(got) || got < lo-1e-9 || got > hi+1e-9 {
			t.Fatalf("ReadInterpolated(%v) = %v outside [%v, %v]", delay, got, lo, hi)
		}
		x, ok := r.ReadDelayed(int(d))
		if ok != (d >= 0 && d < int64(r.Len())) {
			t.Fatalf("ReadDelayed(%d) ok=%v with Len %d", d, ok, r.Len())
		}
		if ok && (x < lo || x > hi) {
			t.Fatalf("ReadDelayed(%d) = %v", d, x)
		}
		out := make([]float64, 8)
		r.ReadSequenceInterpolated(start, out)
		for k, v := range out {
			if math.IsNaN(v) || v < min(lo, 0)-1e-9 || v > max(hi, 0)+1e-9 {
				t.Fatalf("ReadSequenceInterpolated(%v) = %v", start, out)
			}
			x := start + float64(k)
			if start != start {
				x = float64(k)
			}
			want := 0.0
			if x < float64(r.Len()) {
				want = r.ReadInterpolated(x)
			}
			if v != want {
				t.Fatalf("ReadSequenceInterpolated(%v)[%d] = %v, ReadInterpolated gives %v", start, k, v, want)
			}
		}
	})
}

// TestRingBufferAgainstModel drives rings of both policies with random
// writes, reads and taps and compares every result with a plain slice model.
func TestRingBufferAgainstModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, policy := range []OverflowPolicy{Reject, OverwriteOldest} {
		for _, capacity := range []int{1, 2, 8, 64} {
			r := blkMust(NewRingBuffer[float64](capacity, policy))
			var model []float64 // oldest first
			var overflows, underflows uint64
			for step := range 5000 {
				switch op := rng.IntN(12); {
				case op >= 10: // WriteSlice of 0 to 2*capacity+1 samples
					src := make([]float64, rng.IntN(2*capacity+2))
					for i := range src {
						src[i] = float64(step) + float64(i)/1000
					}
					n, err := r.WriteSlice(src)
					wantN := len(src)
					if free := capacity - len(model); len(src) > free {
						overflows += uint64(len(src) - free)
						if policy == Reject {
							wantN = free
						}
					}
					if n != wantN || (err != nil) != (policy == Reject && wantN < len(src)) {
						t.Fatalf("%v/%d step %d: WriteSlice(%d) = %d %v, want %d", policy, capacity, step, len(src), n, err, wantN)
					}
					model = append(model, src[:wantN]...)
					if len(model) > capacity {
						model = model[len(model)-capacity:]
					}
				case op < 5: // write
					x := float64(step)
					err := r.Write(x)
					if len(model) == capacity {
						overflows++
						if policy == Reject {
							if err != ErrFull {
								t.Fatalf("%v/%d step %d: Write on full = %v", policy, capacity, step, err)
							}
							continue
						}
						model = model[1:]
					}
					if err != nil {
						t.Fatalf("%v/%d step %d: Write = %v", policy, capacity, step, err)
					}
					model = append(model, x)
				case op < 8: // read
					x, ok := r.Read()
					if len(model) == 0 {
						underflows++
						if ok {
							t.Fatalf("step %d: Read of empty ok", step)
						}
						continue
					}
					if !ok || x != model[0] {
						t.Fatalf("%v/%d step %d: Read = %v %v, want %v", policy, capacity, step, x, ok, model[0])
					}
					model = model[1:]
				default: // taps
					d := rng.IntN(capacity+2) - 1
					x, ok := r.ReadDelayed(d)
					inRange := d >= 0 && d < len(model)
					if ok != inRange || (ok && x != model[len(model)-1-d]) {
						t.Fatalf("%v/%d step %d: ReadDelayed(%d) = %v %v, model %v", policy, capacity, step, d, x, ok, model)
					}
					f := rng.Float64() * float64(capacity)
					got := r.ReadInterpolated(f)
					want := 0.0
					if n := len(model); n > 0 {
						i := min(int(f), n-1)
						frac := f - float64(i)
						if i == n-1 {
							frac = 0
						}
						s1 := model[n-1-i]
						s2 := s1
						if i+1 < n {
							s2 = model[n-2-i]
						}
						want = s1 + (s2-s1)*frac
					}
					if math.Abs(got-want) > 1e-9 {
						t.Fatalf("%v/%d step %d: ReadInterpolated(%v) = %v, want %v", policy, capacity, step, f, got, want)
					}
				}
				if r.Len() != len(model) {
					t.Fatalf("%v/%d step %d: Len %d, model %d", policy, capacity, step, r.Len(), len(model))
				}
			}
			if got := slices.Collect(r.All()); !equalSlices(got, model) && len(model) > 0 {
				t.Errorf("%v/%d: All %v, model %v", policy, capacity, got, model)
			}
			if s := r.Stats(); s.Overflows != overflows || s.Underflows != underflows {
				t.Errorf("%v/%d: overflows %d underflows %d, model %d %d", policy, capacity, s.Overflows, s.Underflows, overflows, underflows)
			}
		}
	}
}
