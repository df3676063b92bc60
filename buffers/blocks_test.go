package buffers

import (
	"errors"
	"math"
	"testing"
)

// Helpers and the Buffer-contract test shared by the block-buffer tests
// (fixed, heap, pipe, fan, delay, ring).

// blkMust returns v, panicking (and so failing the test) on err.
func blkMust[V any](v V, err error) V {
	if err != nil {
		panic("unexpected error: " + err.Error())
	}
	return v
}

// blkNoAllocs fails the test if f allocates.
func blkNoAllocs(t *testing.T, name string, f func()) {
	t.Helper()
	if n := testing.AllocsPerRun(100, f); n != 0 {
		t.Errorf("%s: %v allocs per run, want 0", name, n)
	}
}

// wantBufErr fails unless err is a BufferError equal to want (kind and N).
func wantBufErr(t *testing.T, what string, err error, want BufferError) {
	t.Helper()
	var be BufferError
	if !errors.As(err, &be) || be != want {
		t.Errorf("%s: error %v, want %v", what, err, want)
	}
}

// ramp returns 1, 2, ..., n as T.
func ramp[T Scalar](n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(i + 1)
	}
	return s
}

func constBlock[T Scalar](n int, v T) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = v
	}
	return s
}

func equalSlices[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkContract asserts the Buffer invariants every type shares.
func checkContract(t *testing.T, name string, b Buffer[float32]) {
	t.Helper()
	if b.IsEmpty() != (b.Len() == 0) {
		t.Errorf("%s: IsEmpty %v with Len %d", name, b.IsEmpty(), b.Len())
	}
	if b.IsFull() != (b.Len() == b.Capacity()) {
		t.Errorf("%s: IsFull %v with Len %d, Capacity %d", name, b.IsFull(), b.Len(), b.Capacity())
	}
	if b.Len() < 0 || b.Len() > b.Capacity() {
		t.Errorf("%s: Len %d outside [0, %d]", name, b.Len(), b.Capacity())
	}
	if len(b.Slice()) != b.Capacity() {
		t.Errorf("%s: len(Slice()) %d, Capacity %d", name, len(b.Slice()), b.Capacity())
	}
	s := b.Stats()
	if b.Capacity() > 0 {
		want := float32(b.Len()) / float32(b.Capacity())
		if math.Abs(float64(s.FillLevel-want)) > 1e-6 {
			t.Errorf("%s: FillLevel %v, want Len/Capacity = %v", name, s.FillLevel, want)
		}
	}
	if s.PeakFill < s.FillLevel || s.PeakFill > 1 {
		t.Errorf("%s: PeakFill %v with FillLevel %v", name, s.PeakFill, s.FillLevel)
	}
}

// TestBufferContract drives every block buffer through a few states and
// checks the shared invariants after each step.
func TestBufferContract(t *testing.T) {
	const n = 8
	block := ramp[float32](n)
	dst := make([]float32, n)
	fixed := blkMust(NewFixedBuffer[float32](n))
	heap := blkMust(NewHeapBuffer[float32](n))
	pipe := blkMust(NewPipeBuffer[float32](n))
	fanOut := blkMust(NewFanOutBuffer[float32](n, 2))
	fanIn := blkMust(NewFanInBuffer[float32](n, 3))
	delay := blkMust(NewDelayLine[float32](n, 48000))
	ringR := blkMust(NewRingBuffer[float32](n, Reject))
	ringO := blkMust(NewRingBuffer[float32](n, OverwriteOldest))
	all := map[string]Buffer[float32]{
		"fixed": fixed, "heap": heap, "pipe": pipe, "fanOut": fanOut, "fanIn": fanIn,
		"delay": delay, "ringReject": ringR, "ringOverwrite": ringO,
	}
	steps := []struct {
		name string
		do   func()
	}{
		{"new", func() {}},
		{"write", func() {
			fixed.CopyFrom(block)
			heap.CopyFrom(block)
			_ = pipe.Write(block)
			_ = fanOut.Write(block)
			_ = fanIn.Write(1, block)
			_ = fanIn.Write(2, block)
			delay.Process(dst, block)
			_, _ = ringR.WriteSlice(block[:5])
			_, _ = ringO.WriteSlice(block[:5])
		}},
		{"overflow", func() {
			_ = pipe.Write(block)
			_ = fanIn.Write(0, block)
			_, _ = ringR.WriteSlice(block)
			_, _ = ringO.WriteSlice(block)
		}},
		{"read", func() {
			_ = pipe.TryRead(dst)
			_ = fanOut.TryRead(0, dst)
			_ = fanIn.TryRead(dst)
			_, _ = ringR.Read()
			_, _ = ringO.Read()
		}},
		{"underflow", func() {
			_ = pipe.TryRead(dst)
			_ = fanIn.TryRead(dst)
			for range n + 1 {
				_, _ = ringR.Read()
			}
		}},
		{"clear", func() {
			for _, b := range all {
				b.Clear()
			}
		}},
		{"resetStats", func() {
			for _, b := range all {
				b.ResetStats()
			}
		}},
	}
	for _, st := range steps {
		st.do()
		for name, b := range all {
			checkContract(t, st.name+"/"+name, b)
		}
	}
	// After Clear every storage is zero.
	for name, b := range all {
		for i, v := range b.Slice() {
			if v != 0 {
				t.Errorf("%s: Slice()[%d] = %v after Clear, want 0", name, i, v)
				break
			}
		}
	}
}

// TestStatsQuirk4 pins the fix of crate quirk 4: overflows are counted (the
// crate never calls record_overflow) and peak fill is a fraction in [0, 1]
// (the crate feeds raw numbers: pipe 0.001, 2-producer fan-in 0.002, a
// 1024-sample delay line 1.024).
func TestStatsQuirk4(t *testing.T) {
	block := make([]float32, 4)
	pipe := blkMust(NewPipeBuffer[float32](4))
	_ = pipe.Write(block)
	_ = pipe.Write(block)
	fanIn := blkMust(NewFanInBuffer[float32](4, 2))
	_ = fanIn.Write(0, block)
	_ = fanIn.Write(1, block)
	_ = fanIn.Write(1, block)
	fanOut := blkMust(NewFanOutBuffer[float32](4, 2))
	_ = fanOut.Write(block)
	_ = fanOut.Write(block)
	delay := blkMust(NewDelayLine[float32](1024, 48000))
	delay.Write(1)
	ring := blkMust(NewRingBuffer[float32](2, OverwriteOldest))
	_, _ = ring.WriteSlice([]float32{1, 2, 3})
	tests := []struct {
		name      string
		b         Buffer[float32]
		overflows uint64
		peak      float32
	}{
		{"pipe", pipe, 1, 1},
		{"fanIn", fanIn, 1, 1},
		{"fanOut", fanOut, 1, 1},
		{"delay", delay, 0, 1},
		{"ring", ring, 1, 1},
	}
	for _, tc := range tests {
		if s := tc.b.Stats(); s.Overflows != tc.overflows || s.PeakFill != tc.peak {
			t.Errorf("%s: overflows %d peak %v, want %d and %v", tc.name, s.Overflows, s.PeakFill, tc.overflows, tc.peak)
		}
	}
}

// TestConstructorsQuirk10 pins the fix of crate quirk 10: every constructor
// reports a bad size as an InvalidSize BufferError (the crate panics or
// accepts anything), and block buffers check MaxBufferSize.
func TestConstructorsQuirk10(t *testing.T) {
	errOf := func(_ any, err error) error { return err }
	tests := []struct {
		name string
		err  error
		want BufferError
	}{
		{"FixedBuffer 0", errOf(NewFixedBuffer[float32](0)), InvalidSize(0)},
		{"FixedBuffer max+1", errOf(NewFixedBuffer[float32](MaxBufferSize + 1)), InvalidSize(MaxBufferSize + 1)},
		{"HeapBuffer -1", errOf(NewHeapBuffer[float32](-1)), InvalidSize(-1)},
		{"PipeBuffer max+1", errOf(NewPipeBuffer[float32](MaxBufferSize + 1)), InvalidSize(MaxBufferSize + 1)},
		{"FanOutBuffer 0 consumers", errOf(NewFanOutBuffer[float32](4, 0)), InvalidSize(0)},
		{"FanInBuffer 0 producers", errOf(NewFanInBuffer[float32](4, 0)), InvalidSize(0)},
		{"DelayLine 0", errOf(NewDelayLine[float32](0, 48000)), InvalidSize(0)},
		{"RingBuffer 3", errOf(NewRingBuffer[float32](3, Reject)), InvalidSize(3)},
		{"RingBuffer max*2", errOf(NewRingBuffer[float32](MaxBufferSize*2, Reject)), InvalidSize(MaxBufferSize * 2)},
	}
	for _, tc := range tests {
		wantBufErr(t, tc.name, tc.err, tc.want)
		if !errors.Is(tc.err, ErrInvalidSize) {
			t.Errorf("%s: errors.Is(ErrInvalidSize) false", tc.name)
		}
	}
}

// TestBufferMethodsNoAllocs calls every Buffer method of every block buffer
// through the interface and requires zero allocations.
func TestBufferMethodsNoAllocs(t *testing.T) {
	const n = 64
	src := ramp[float32](n)
	all := map[string]Buffer[float32]{
		"fixed":  blkMust(NewFixedBuffer[float32](n)),
		"heap":   blkMust(NewHeapBuffer[float32](n)),
		"pipe":   blkMust(NewPipeBuffer[float32](n)),
		"fanOut": blkMust(NewFanOutBuffer[float32](n, 2)),
		"fanIn":  blkMust(NewFanInBuffer[float32](n, 2)),
		"delay":  blkMust(NewDelayLine[float32](n, 48000)),
		"ring":   blkMust(NewRingBuffer[float32](n, OverwriteOldest)),
	}
	for name, b := range all {
		blkNoAllocs(t, name, func() {
			_, _, _, _ = b.Capacity(), b.Len(), b.IsEmpty(), b.IsFull()
			_ = b.Slice()
			b.Fill(0.5)
			b.CopyFrom(src)
			_ = b.Stats()
			b.ResetStats()
			b.Clear()
		})
	}
	d := all["delay"].(*DelayLine[float32])
	blkNoAllocs(t, "delay At/Set", func() { _ = d.Set(1, 2); _, _ = d.At(1) })
	f := all["fanOut"].(*FanOutBuffer[float32])
	blkNoAllocs(t, "fanOut HasData/Consumers", func() { _, _ = f.HasData(), f.Consumers() })
	r := all["ring"].(*RingBuffer[float32])
	_, _ = r.WriteSlice(src)
	var sum float32
	blkNoAllocs(t, "ring All", func() {
		for x := range r.All() {
			sum += x
		}
	})
	blkNoAllocs(t, "ring Policy", func() { _ = r.Policy() })
}
