package buffers

import (
	"errors"
	"math"
	"testing"
	"unsafe"
)

// FuzzTapeLoopReads feeds arbitrary capacities, contents and delays to the
// tape's index and interpolation math. No read may panic; integer reads
// return a sample on the tape; linear reads stay within [min, max] of the
// tape; cubic reads stay finite and within the Lagrange kernel's overshoot.
func FuzzTapeLoopReads(f *testing.F) {
	f.Add(uint16(4), []byte{1, 2, 3, 4}, 0.5, int64(1), 1.0)
	f.Add(uint16(1), []byte{9}, math.NaN(), int64(-1), 1.0)
	f.Add(uint16(7), []byte{200, 3, 77}, math.Inf(1), int64(math.MaxInt64), 1e30)
	f.Add(uint16(1000), []byte{}, -0.5, int64(math.MinInt64), 1e-30)
	f.Add(uint16(3), []byte{255, 0, 128, 1, 2}, 2.999999999, int64(2), -3.0)
	f.Add(uint16(64), []byte{5, 6}, 9.3e18, int64(63), 1.0)
	f.Fuzz(func(t *testing.T, capacity uint16, content []byte, delay float64, idelay int64, scale float64) {
		tp, err := NewTapeLoop[float64](int(capacity))
		if capacity == 0 {
			if !errors.Is(err, ErrInvalidSize) {
				t.Fatalf("capacity 0: error %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if math.IsNaN(scale) || math.IsInf(scale, 0) || math.Abs(scale) > 1e300 {
			scale = 1
		}
		for _, b := range content {
			tp.Write(float64(int8(b)) * scale)
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, x := range tp.Slice() {
			lo, hi = min(lo, x), max(hi, x)
		}
		maxAbs := max(math.Abs(lo), math.Abs(hi))

		x := tp.Read(int(idelay))
		found := false
		for _, y := range tp.Slice() {
			found = found || y == x
		}
		if !found {
			t.Fatalf("Read(%d) = %v, not on the tape", idelay, x)
		}
		if got := tp.ReadLinear(delay); got < lo || got > hi {
			t.Fatalf("ReadLinear(%v) = %v outside [%v, %v]", delay, got, lo, hi)
		}
		// Lagrange-3's basis polynomials sum in absolute value to at most
		// 1.25 on [0, 1).
		if got := tp.ReadCubic(delay); math.IsNaN(got) || math.Abs(got) > 1.25*maxAbs*(1+1e-12) {
			t.Fatalf("ReadCubic(%v) = %v, tape within ±%v", delay, got, maxAbs)
		}
		dst := make([]float64, int(capacity)%300+int(uint64(idelay)%7))
		tp.ReadBlock(int(idelay), dst)
		for _, y := range dst {
			if y < min(lo, 0) || y > max(hi, 0) {
				t.Fatalf("ReadBlock gave %v outside the tape and 0", y)
			}
		}

		// The float32 tape the plugin uses: same checks on narrowed data.
		t32, _ := NewTapeLoop[float32](int(capacity))
		for _, b := range content {
			t32.Write(float32(int8(b)))
		}
		lo32, hi32 := float32(math.Inf(1)), float32(math.Inf(-1))
		for _, x := range t32.Slice() {
			lo32, hi32 = min(lo32, x), max(hi32, x)
		}
		if got := t32.ReadLinear(delay); got < lo32 || got > hi32 {
			t.Fatalf("float32 ReadLinear(%v) = %v outside [%v, %v]", delay, got, lo32, hi32)
		}
		if got := t32.ReadCubic(delay); got != got || math.Abs(float64(got)) > 1.25*128 {
			t.Fatalf("float32 ReadCubic(%v) = %v", delay, got)
		}
	})
}

// validSPSCLayout returns the bytes of a freshly laid out queue of edits
// holding two items, for the fuzz corpus.
func validSPSCLayout(capacity int) []byte {
	mem := alignedBytes(SPSCQueueBytes[edit](capacity))
	q, err := NewSPSCQueueIn[edit](mem, capacity, true)
	if err != nil {
		panic(err)
	}
	q.Push(edit{Seq: 1})
	q.Push(edit{Seq: 2})
	return append([]byte(nil), mem...)
}

// FuzzSPSCQueueAttach attaches to arbitrary memory, as the editor would to a
// region a crashed or hostile process left behind. Attaching must never
// panic: it fails with an error, or it succeeds and then every operation
// stays within the queue's capacity.
func FuzzSPSCQueueAttach(f *testing.F) {
	f.Add(validSPSCLayout(4), uint8(2), uint8(0))
	f.Add(validSPSCLayout(8), uint8(3), uint8(1))
	f.Add(validSPSCLayout(8), uint8(2), uint8(0)) // capacity mismatch
	f.Add([]byte{}, uint8(0), uint8(0))
	f.Add(make([]byte, 300), uint8(4), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, capExp uint8, offset uint8) {
		capacity := 1 << (capExp % 10)
		mem := alignedBytes(len(data) + 8)[offset%8:]
		copy(mem, data)
		mem = mem[:len(data)]
		q, err := NewSPSCQueueIn[edit](mem, capacity, false)
		if err != nil {
			var le *LayoutError
			if !errors.As(err, &le) || !errors.Is(err, ErrLayoutMismatch) {
				t.Fatalf("attach error %v is not a LayoutError", err)
			}
			return
		}
		if uintptr(unsafe.Pointer(&mem[0]))%8 != 0 {
			t.Fatal("attached to misaligned memory")
		}
		if n := q.Len(); n < 0 || n > capacity {
			t.Fatalf("Len = %d outside [0, %d]", n, capacity)
		}
		for i := range 2*capacity + 2 {
			q.Push(edit{Seq: uint64(i)})
			if n := q.Len(); n < 0 || n > capacity {
				t.Fatalf("Len = %d outside [0, %d]", n, capacity)
			}
		}
		var e edit
		for range 3*capacity + 2 {
			q.Peek()
			q.PopInto(&e)
			q.Pop()
		}
		if q.Len() != 0 {
			t.Fatalf("drained queue has Len %d", q.Len())
		}
	})
}
