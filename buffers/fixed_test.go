package buffers

import (
	"math"
	"testing"
)

func TestNewFixedBufferSize(t *testing.T) {
	tests := []struct {
		name string
		size int
		ok   bool
	}{
		{"zero", 0, false},
		{"negative", -1, false},
		{"minInt", -1 << 62, false},
		{"one", 1, true},
		{"odd", 3, true},
		{"max", MaxBufferSize, true},
		{"aboveMax", MaxBufferSize + 1, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := NewFixedBuffer[float32](tc.size)
			if !tc.ok {
				wantBufErr(t, "NewFixedBuffer", err, InvalidSize(tc.size))
				if b != nil {
					t.Errorf("buffer %v returned with error", b)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.Len() != tc.size || b.Capacity() != tc.size || b.IsEmpty() || !b.IsFull() {
				t.Errorf("Len %d Capacity %d IsEmpty %v IsFull %v", b.Len(), b.Capacity(), b.IsEmpty(), b.IsFull())
			}
			for _, v := range b.Slice() {
				if v != 0 {
					t.Fatalf("new buffer holds %v", v)
				}
			}
		})
	}
}

func TestFixedBufferFromSlice(t *testing.T) {
	tests := []struct {
		name string
		size int
		src  []float64
		want []float64
	}{
		{"pads", 4, []float64{1, 2}, []float64{1, 2, 0, 0}}, // measured on the crate
		{"truncates", 4, []float64{1, 2, 3, 4, 5, 6}, []float64{1, 2, 3, 4}},
		{"exact", 2, []float64{7, 8}, []float64{7, 8}},
		{"nil", 3, nil, []float64{0, 0, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := blkMust(FixedBufferFromSlice(tc.size, tc.src))
			if !equalSlices(b.Slice(), tc.want) {
				t.Errorf("got %v, want %v", b.Slice(), tc.want)
			}
		})
	}
	_, err := FixedBufferFromSlice[float64](0, []float64{1})
	wantBufErr(t, "FixedBufferFromSlice(0)", err, InvalidSize(0))
}

func TestFixedBufferMethods(t *testing.T) {
	b := blkMust(NewFixedBuffer[int16](4))
	if n := b.CopyFrom([]int16{1, 2, 3, 4, 5, 6}); n != 4 || !equalSlices(b.Slice(), []int16{1, 2, 3, 4}) {
		t.Errorf("CopyFrom of 6 into 4: n %d, %v", n, b.Slice())
	}
	if n := b.CopyFrom([]int16{9}); n != 1 || !equalSlices(b.Slice(), []int16{9, 2, 3, 4}) {
		t.Errorf("CopyFrom of 1: n %d, %v (rest must stay)", n, b.Slice())
	}
	b.Fill(-7)
	if !equalSlices(b.Slice(), []int16{-7, -7, -7, -7}) {
		t.Errorf("Fill: %v", b.Slice())
	}
	if err := b.Set(2, 5); err != nil {
		t.Fatal(err)
	}
	if v, err := b.At(2); err != nil || v != 5 {
		t.Errorf("At(2) = %v, %v", v, err)
	}
	b.Clear()
	if !equalSlices(b.Slice(), []int16{0, 0, 0, 0}) || b.Len() != 4 {
		t.Errorf("Clear: %v, Len %d", b.Slice(), b.Len())
	}
	s := b.Stats()
	if s.Writes != 4 || s.Reads != 0 || s.FillLevel != 1 || s.PeakFill != 1 {
		t.Errorf("stats %+v, want 4 writes, fill 1", s)
	}
	b.ResetStats()
	if s := b.Stats(); s.Writes != 0 || s.FillLevel != 1 {
		t.Errorf("after ResetStats %+v", s)
	}
}

func TestFixedBufferIndexErrors(t *testing.T) {
	b := blkMust(NewFixedBuffer[float32](4))
	for _, i := range []int{-1, 4, 5, 1 << 40, -1 << 62} {
		if _, err := b.At(i); err == nil {
			t.Errorf("At(%d): no error", i)
		} else {
			wantBufErr(t, "At", err, InvalidIndex(i))
		}
		wantBufErr(t, "Set", b.Set(i, 1), InvalidIndex(i))
	}
	if b.Stats().Writes != 0 {
		t.Error("failed Set counted as a write")
	}
}

func TestFixedBufferClone(t *testing.T) {
	b := blkMust(FixedBufferFromSlice(3, []float32{1, 2, 3}))
	c := b.Clone()
	c.Slice()[0] = 9
	if b.Slice()[0] != 1 || c.Slice()[1] != 2 {
		t.Errorf("Clone is not a deep copy: %v %v", b.Slice(), c.Slice())
	}
}

func TestFixedBufferNoAllocs(t *testing.T) {
	b := blkMust(NewFixedBuffer[float32](256))
	src := ramp[float32](256)
	blkNoAllocs(t, "CopyFrom", func() { b.CopyFrom(src) })
	blkNoAllocs(t, "Fill", func() { b.Fill(1) })
	blkNoAllocs(t, "Clear", func() { b.Clear() })
	blkNoAllocs(t, "At/Set", func() { _ = b.Set(3, 1); _, _ = b.At(3) })
	blkNoAllocs(t, "Slice/Len", func() { _ = b.Slice()[b.Len()-1] })
	blkNoAllocs(t, "Stats", func() { _ = b.Stats(); b.ResetStats() })
}

func TestFillValue(t *testing.T) {
	negZero := float32(math.Copysign(0, -1))
	for n := range 70 {
		for _, v := range []float32{0.5, negZero} {
			s := make([]float32, n+1)
			s[n] = 9 // sentinel past the filled part
			fillValue(s[:n], v)
			for i, x := range s[:n] {
				if math.Float32bits(x) != math.Float32bits(v) {
					t.Fatalf("n=%d v=%v: s[%d] = %v", n, v, i, x)
				}
			}
			if s[n] != 9 {
				t.Fatalf("n=%d: wrote past the slice", n)
			}
		}
	}
}
