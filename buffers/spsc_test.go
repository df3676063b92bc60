package buffers

import (
	"errors"
	"math"
	"runtime"
	"sync"
	"testing"
	"unsafe"
)

// edit is a pointer-free message like the editor's parameter edits.
type edit struct {
	Seq   uint64
	ID    uint32
	Value float32
}

// alignedBytes returns n zero bytes starting at a 64-byte boundary, as
// mapped memory would.
func alignedBytes(n int) []byte {
	words := make([]uint64, n/8+16)
	raw := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(words)*8)
	off := int(-uintptr(unsafe.Pointer(&raw[0])) & 63)
	return raw[off : off+n]
}

func TestSPSCQueueInvalidCapacity(t *testing.T) {
	for _, c := range []int{0, -1, -4, 3, 6, 1000, math.MaxInt, 1 << 31 & math.MaxInt, 1<<30 + 1} {
		q, err := NewSPSCQueue[uint64](c)
		if q != nil || err != InvalidSize(c) || !errors.Is(err, ErrInvalidSize) {
			t.Errorf("NewSPSCQueue(%d) = %v, %v; want InvalidSize(%d)", c, q, err, c)
		}
		if n := SPSCQueueBytes[uint64](c); n != 0 {
			t.Errorf("SPSCQueueBytes(%d) = %d, want 0", c, n)
		}
		if _, err := NewSPSCQueueIn[uint64](alignedBytes(4096), c, true); err != InvalidSize(c) {
			t.Errorf("NewSPSCQueueIn(%d) error = %v, want InvalidSize(%d)", c, err, c)
		}
	}
	for _, c := range []int{1, 2, 1024} {
		if q, err := NewSPSCQueue[uint64](c); err != nil || q.Cap() != c {
			t.Errorf("NewSPSCQueue(%d) = %v; want Cap %d", c, err, c)
		}
	}
}

func TestSPSCQueuePointerTypes(t *testing.T) {
	check := func(name string, err error, wantPointers bool) {
		t.Helper()
		if got := errors.Is(err, ErrPointerElem); got != wantPointers {
			t.Errorf("%s: error %v, want pointer error %v", name, err, wantPointers)
		}
	}
	_, err := NewSPSCQueue[*int](4)
	check("*int", err, true)
	_, err = NewSPSCQueue[string](4)
	check("string", err, true)
	_, err = NewSPSCQueue[[]byte](4)
	check("[]byte", err, true)
	_, err = NewSPSCQueue[struct {
		A int
		M map[int]int
	}](4)
	check("struct with map", err, true)
	_, err = NewSPSCQueue[[2]any](4)
	check("[2]any", err, true)
	_, err = NewSPSCQueueIn[func()](alignedBytes(1024), 4, true)
	check("func in memory", err, true)
	_, err = NewSPSCQueue[edit](4)
	check("edit", err, false)
	_, err = NewSPSCQueue[[3]float32](4)
	check("[3]float32", err, false)
	_, err = NewSPSCQueue[struct{}](4)
	check("struct{}", err, false)
	_, err = NewSPSCQueue[[0]*int](4) // an empty array holds nothing
	check("[0]*int", err, false)
	if _, err := NewSPSCQueue[string](4); err == nil || err.Error() != "buffers: spsc queue of string: element type holds go pointers" {
		t.Errorf("message = %q", err)
	}
}

func TestSPSCQueueFIFO(t *testing.T) {
	q, err := NewSPSCQueue[edit](4)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := q.Pop(); ok {
		t.Fatal("Pop on empty queue reported an item")
	}
	if _, ok := q.Peek(); ok {
		t.Fatal("Peek on empty queue reported an item")
	}
	var seq uint64
	for round := range 10 { // wraps the ring several times
		for i := range 4 {
			if !q.Push(edit{Seq: seq + uint64(i), ID: 7, Value: 0.5}) {
				t.Fatalf("round %d: Push %d refused", round, i)
			}
		}
		if q.Len() != 4 {
			t.Fatalf("Len = %d, want 4", q.Len())
		}
		if q.Push(edit{Seq: 999}) {
			t.Fatal("Push into a full queue succeeded")
		}
		if p, ok := q.Peek(); !ok || p.Seq != seq {
			t.Fatalf("Peek = %v, %v, want seq %d", p, ok, seq)
		}
		for i := range 4 {
			var e edit
			if i%2 == 0 {
				var ok bool
				if e, ok = q.Pop(); !ok {
					t.Fatal("Pop found nothing")
				}
			} else if !q.PopInto(&e) {
				t.Fatal("PopInto found nothing")
			}
			if e.Seq != seq || e.ID != 7 || e.Value != 0.5 {
				t.Fatalf("popped %+v, want seq %d", e, seq)
			}
			seq++
		}
		if q.Len() != 0 {
			t.Fatalf("Len = %d, want 0", q.Len())
		}
		e := edit{Seq: 42}
		if q.PopInto(&e) || e.Seq != 42 {
			t.Fatal("PopInto on empty queue changed its destination")
		}
	}
	if q.Drops() != 10 {
		t.Errorf("Drops = %d, want 10", q.Drops())
	}
}

func TestSPSCQueueLayout(t *testing.T) {
	if spscHeaderSize != 3*CacheLineSize {
		t.Errorf("header is %d bytes, want 3 cache lines", spscHeaderSize)
	}
	var h spscHeader
	head, tail := unsafe.Offsetof(h.head), unsafe.Offsetof(h.tail)
	if head%CacheLineSize != 0 || tail%CacheLineSize != 0 || tail-head < CacheLineSize {
		t.Errorf("head at %d, tail at %d: want separate cache lines", head, tail)
	}
	if got := SPSCQueueBytes[edit](8); got != 192+8*16 {
		t.Errorf("SPSCQueueBytes[edit](8) = %d, want %d", got, 192+8*16)
	}
	if got := SPSCQueueBytes[uint8](1); got != 193 {
		t.Errorf("SPSCQueueBytes[uint8](1) = %d, want 193", got)
	}
	// The queue's own memory starts on a cache line.
	q, _ := NewSPSCQueue[edit](8)
	if a := uintptr(unsafe.Pointer(q.h)) % CacheLineSize; a != 0 {
		t.Errorf("own memory misaligned by %d", a)
	}
}

func TestSPSCQueueInMemory(t *testing.T) {
	const capacity = 16
	mem := alignedBytes(SPSCQueueBytes[edit](capacity) + 100)
	prod, err := NewSPSCQueueIn[edit](mem, capacity, true)
	if err != nil {
		t.Fatal(err)
	}
	prod.Push(edit{Seq: 1})
	prod.Push(edit{Seq: 2})
	// A second view of the same memory, as another process would map it.
	cons, err := NewSPSCQueueIn[edit](mem, capacity, false)
	if err != nil {
		t.Fatalf("attach: %v", err)
	}
	if cons.Len() != 2 {
		t.Fatalf("attached Len = %d, want 2", cons.Len())
	}
	for want := uint64(1); want <= 2; want++ {
		if e, ok := cons.Pop(); !ok || e.Seq != want {
			t.Fatalf("attached Pop = %+v, %v, want seq %d", e, ok, want)
		}
	}
	for i := range capacity {
		if !prod.Push(edit{Seq: uint64(i)}) {
			t.Fatalf("Push %d refused after the other view drained", i)
		}
	}
	if prod.Push(edit{}) || cons.Drops() != 1 {
		t.Errorf("full: Drops seen by the other view = %d, want 1", cons.Drops())
	}
	// Re-initialising empties the queue.
	if _, err := NewSPSCQueueIn[edit](mem, capacity, true); err != nil || cons.Len() != 0 || cons.Drops() != 0 {
		t.Errorf("after init Len %d Drops %d err %v, want 0 0 nil", cons.Len(), cons.Drops(), err)
	}
}

func TestSPSCQueueAttachMismatch(t *testing.T) {
	const capacity = 8
	mem := alignedBytes(SPSCQueueBytes[edit](2 * capacity))
	if _, err := NewSPSCQueueIn[edit](mem, capacity, true); err != nil {
		t.Fatal(err)
	}
	type wide struct{ A, B, C uint64 }
	type aligned32 struct{ A, B, C, D uint32 } // edit's size, another alignment
	tests := []struct {
		name  string
		err   func() error
		field string
	}{
		{"zeroed memory", func() error {
			_, err := NewSPSCQueueIn[edit](alignedBytes(len(mem)), capacity, false)
			return err
		}, "magic"},
		{"other capacity", func() error { _, err := NewSPSCQueueIn[edit](mem, 2*capacity, false); return err }, "capacity"},
		{"other element size", func() error { _, err := NewSPSCQueueIn[wide](mem, capacity, false); return err }, "element size"},
		{"other element alignment", func() error { _, err := NewSPSCQueueIn[aligned32](mem, capacity, false); return err }, "element alignment"},
		{"too small", func() error { _, err := NewSPSCQueueIn[edit](mem[:100], capacity, true); return err }, "size"},
		{"empty", func() error { _, err := NewSPSCQueueIn[edit](nil, capacity, false); return err }, "size"},
		{"misaligned", func() error { _, err := NewSPSCQueueIn[edit](alignedBytes(4096)[1:], capacity, true); return err }, "address"},
		{"other version", func() error {
			m := alignedBytes(len(mem))
			copy(m, mem)
			m[8]++
			_, err := NewSPSCQueueIn[edit](m, capacity, false)
			return err
		}, "version"},
		{"garbage indices", func() error {
			m := alignedBytes(len(mem))
			copy(m, mem)
			(*spscHeader)(unsafe.Pointer(&m[0])).tail.Store(capacity + 1)
			_, err := NewSPSCQueueIn[edit](m, capacity, false)
			return err
		}, "indices"},
		{"head past tail", func() error {
			m := alignedBytes(len(mem))
			copy(m, mem)
			(*spscHeader)(unsafe.Pointer(&m[0])).head.Store(1)
			_, err := NewSPSCQueueIn[edit](m, capacity, false)
			return err
		}, "indices"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err()
			var le *LayoutError
			if !errors.As(err, &le) || le.Field != tc.field || !errors.Is(err, ErrLayoutMismatch) {
				t.Errorf("error %v, want a LayoutError on %q", err, tc.field)
			}
		})
	}
	if _, err := NewSPSCQueueIn[edit](mem, capacity, false); err != nil {
		t.Errorf("matching attach failed: %v", err)
	}
	le := &LayoutError{Field: "capacity", Got: 8, Want: 16}
	if le.Error() != "buffers: spsc queue layout mismatch: capacity is 8, want 16" {
		t.Errorf("message = %q", le.Error())
	}
}

func TestSPSCQueueNoAllocs(t *testing.T) {
	q, _ := NewSPSCQueue[edit](64)
	var e edit
	ops := map[string]func(){
		"Push":       func() { q.Push(edit{Seq: 1}) },
		"Pop":        func() { q.Push(edit{Seq: 1}); _, _ = q.Pop() },
		"PopInto":    func() { q.Push(edit{Seq: 1}); q.PopInto(&e) },
		"Peek":       func() { _, _ = q.Peek() },
		"PushFull":   func() { q.Push(e); q.Push(e) },
		"PopEmpty":   func() { _, _ = q.Pop() },
		"Len, Drops": func() { _ = q.Len() + int(q.Drops()) },
	}
	for _, name := range []string{"Push", "Pop", "PopInto", "Peek", "PushFull", "PopEmpty", "Len, Drops"} {
		if name == "PushFull" {
			for q.Push(e) {
			}
		}
		if name == "PopEmpty" {
			for q.PopInto(&e) {
			}
		}
		if a := testing.AllocsPerRun(1000, ops[name]); a != 0 {
			t.Errorf("%s allocates %v times per run", name, a)
		}
	}
}

// spscTransfer pushes n sequence numbers from one goroutine and pops them in
// another, checking that every item arrives once and in order.
func spscTransfer(t *testing.T, prod, cons *SPSCQueue[edit], n uint64) {
	t.Helper()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := uint64(0); i < n; {
			if prod.Push(edit{Seq: i, ID: uint32(i), Value: float32(i & 1023)}) {
				i++
			} else {
				runtime.Gosched() // full: retry, as an editor would
			}
		}
	}()
	var next uint64
	for next < n {
		e, ok := cons.Pop()
		if !ok {
			runtime.Gosched()
			continue
		}
		if e.Seq != next || e.ID != uint32(next) || e.Value != float32(next&1023) {
			t.Fatalf("popped %+v, want seq %d: lost, duplicated or reordered", e, next)
		}
		next++
	}
	wg.Wait()
	if _, ok := cons.Pop(); ok {
		t.Fatal("an extra item arrived")
	}
	t.Logf("%d items, %d refused pushes", n, prod.Drops())
}

// TestSPSCQueueRace moves 10^6 items between two goroutines; run under -race.
func TestSPSCQueueRace(t *testing.T) {
	q, err := NewSPSCQueue[edit](1024)
	if err != nil {
		t.Fatal(err)
	}
	spscTransfer(t, q, q, 1_000_000)
}

// TestSPSCQueueRaceInMemory does the same through two views of one []byte,
// one that laid the queue out and one that attached to it.
func TestSPSCQueueRaceInMemory(t *testing.T) {
	const capacity = 256
	mem := alignedBytes(SPSCQueueBytes[edit](capacity))
	prod, err := NewSPSCQueueIn[edit](mem, capacity, true)
	if err != nil {
		t.Fatal(err)
	}
	cons, err := NewSPSCQueueIn[edit](mem, capacity, false)
	if err != nil {
		t.Fatal(err)
	}
	spscTransfer(t, prod, cons, 1_000_000)
}
