package buffers

import "testing"

func TestNewHeapBufferSize(t *testing.T) {
	tests := []struct {
		name string
		size int
		ok   bool
	}{
		{"negative", -1, false},
		{"tooBig", maxHeapLen + 1, false},
		{"zero", 0, true},
		{"aboveMaxBufferSize", MaxBufferSize + 1, true}, // not a block buffer
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := NewHeapBuffer[float64](tc.size)
			if !tc.ok {
				wantBufErr(t, "NewHeapBuffer", err, InvalidSize(tc.size))
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.Len() != tc.size || b.Capacity() != tc.size {
				t.Errorf("Len %d Capacity %d, want %d", b.Len(), b.Capacity(), tc.size)
			}
		})
	}
}

func TestHeapBufferZeroSize(t *testing.T) {
	b := blkMust(NewHeapBuffer[int32](0))
	if !b.IsEmpty() || !b.IsFull() || b.Stats().FillLevel != 0 {
		t.Errorf("size 0: IsEmpty %v IsFull %v fill %v", b.IsEmpty(), b.IsFull(), b.Stats().FillLevel)
	}
	if n := b.CopyFrom([]int32{1}); n != 0 {
		t.Errorf("CopyFrom into size 0 copied %d", n)
	}
}

// TestHeapBufferQuirk6 pins the fix of crate quirk 6: Clear zero-fills and
// keeps the length (the crate truncates to 0), and Capacity equals Len (the
// crate reports the allocation capacity: from_vec(Vec::with_capacity(10))
// gives capacity 10 with len 0).
func TestHeapBufferQuirk6(t *testing.T) {
	b := HeapBufferFromSlice([]float32{1, 2, 3})
	b.Clear()
	if b.Len() != 3 || b.Capacity() != 3 || !equalSlices(b.Slice(), []float32{0, 0, 0}) {
		t.Errorf("after Clear: Len %d Capacity %d %v, want 3, 3, zeros", b.Len(), b.Capacity(), b.Slice())
	}
	if n := b.CopyFrom([]float32{4, 5}); n != 2 || !equalSlices(b.Slice(), []float32{4, 5, 0}) {
		t.Errorf("CopyFrom after Clear copied %d: %v", n, b.Slice())
	}
	e := HeapBufferFromSlice(make([]float32, 0, 10))
	if e.Capacity() != 0 || e.Len() != 0 || !e.IsFull() {
		t.Errorf("from an empty slice of cap 10: Capacity %d Len %d IsFull %v, want 0, 0, true", e.Capacity(), e.Len(), e.IsFull())
	}
}

func TestHeapBufferFromSliceCopies(t *testing.T) {
	src := []int8{1, 2, 3}
	b := HeapBufferFromSlice(src)
	src[0] = 9
	if b.Slice()[0] != 1 {
		t.Error("HeapBufferFromSlice aliases its argument")
	}
	c := b.Clone()
	c.Slice()[1] = 9
	if b.Slice()[1] != 2 {
		t.Error("Clone aliases the original")
	}
}

func TestHeapBufferMethods(t *testing.T) {
	b := blkMust(NewHeapBuffer[float64](4))
	b.Fill(0.5)
	if !equalSlices(b.Slice(), []float64{0.5, 0.5, 0.5, 0.5}) {
		t.Errorf("Fill: %v", b.Slice())
	}
	if n := b.CopyFrom([]float64{1, 2, 3, 4, 5}); n != 4 || !equalSlices(b.Slice(), []float64{1, 2, 3, 4}) {
		t.Errorf("CopyFrom: %d %v", n, b.Slice())
	}
	for _, i := range []int{-1, 4, 1 << 40} {
		_, err := b.At(i)
		wantBufErr(t, "At", err, InvalidIndex(i))
		wantBufErr(t, "Set", b.Set(i, 0), InvalidIndex(i))
	}
	if err := b.Set(0, -1); err != nil {
		t.Fatal(err)
	}
	if v, _ := b.At(0); v != -1 {
		t.Errorf("At(0) = %v after Set", v)
	}
	if s := b.Stats(); s.Writes != 3 || s.FillLevel != 1 || s.PeakFill != 1 {
		t.Errorf("stats %+v, want 3 writes and fill 1", s)
	}
	b.ResetStats()
	if s := b.Stats(); s.Writes != 0 || s.FillLevel != 1 {
		t.Errorf("after ResetStats %+v", s)
	}
}

func TestHeapBufferNoAllocs(t *testing.T) {
	b := blkMust(NewHeapBuffer[float32](256))
	src := ramp[float32](256)
	blkNoAllocs(t, "CopyFrom", func() { b.CopyFrom(src) })
	blkNoAllocs(t, "Fill", func() { b.Fill(1) })
	blkNoAllocs(t, "Clear", func() { b.Clear() })
	blkNoAllocs(t, "At/Set", func() { _ = b.Set(3, 1); _, _ = b.At(3) })
	blkNoAllocs(t, "Stats", func() { _ = b.Stats(); b.ResetStats() })
}
