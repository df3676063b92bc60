package buffers

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"sync/atomic"
	"unsafe"
)

// SPSCQueue is a bounded, lock-free FIFO for exactly one producer goroutine
// (the only caller of Push) and one consumer goroutine (the only caller of
// Pop, PopInto and Peek), which may run on different OS threads or, over
// shared memory, in different processes. It carries parameter edits from the editor
// to the audio thread and meter data back.
//
// Push and Pop never block, never allocate and make no system call: each is
// a few loads and one atomic store. The capacity is a power of two fixed at
// construction. When the queue is full, Push returns false and counts a
// drop; the producer decides whether to drop the item or retry later (the
// audio thread drops, an editor may retry on its next frame).
//
// T must hold no Go pointers (no pointers, slices, strings, maps,
// interfaces, channels or funcs): the queue's memory may be shared with
// another process, where a pointer means nothing. The constructors check
// this and return an error otherwise.
//
// Len, Cap and Drops may be called from any goroutine.
//
// Everything the two sides share lives in one block of memory, laid out as
// a header (magic, layout version, capacity, element size and alignment),
// the consumer's line (head index) and the producer's line (tail index,
// drop count), each on its own 64-byte cache line, then the slots. Indices are
// free-running counters, never pointers, so two processes may map the same
// memory at different addresses (see NewSPSCQueueIn).
type SPSCQueue[T any] struct {
	h     *spscHeader
	slots []T
	mask  uint64
	mem   []byte // keeps the memory alive when the queue allocated it

	// Each side's copy of the other side's index, refreshed only when the
	// copy says full (producer) or empty (consumer), so most calls touch
	// only their own side's line of the header. They stay in this process:
	// a stale copy left in shared memory by a dead peer could not be
	// trusted. (They are not padded apart: BenchmarkSPSCUnpaddedTransfer
	// shows no gain from padding on the machine measured.)
	cachedTail uint64 // consumer-private
	cachedHead uint64 // producer-private
}

// spscHeader is the fixed layout at the start of a queue's memory. Each side
// writes only its own cache line; the first line is written once at set-up.
type spscHeader struct {
	magic     atomic.Uint64 // stored last at set-up: the layout is ready
	version   uint32
	elemAlign uint32
	capacity  uint64
	elemSize  uint64
	_         [CacheLineSize - 32]byte

	// The consumer's line.
	head atomic.Uint64 // count of items popped
	_    [CacheLineSize - 8]byte

	// The producer's line.
	tail  atomic.Uint64 // count of items pushed
	drops atomic.Uint64 // pushes refused because the queue was full
	_     [CacheLineSize - 16]byte
}

const (
	spscMagic       = 0x5153_5053_4c4c_4952 // "RILLSPSQ" little-endian
	spscVersion     = 1
	spscHeaderSize  = int(unsafe.Sizeof(spscHeader{}))
	spscMaxCapacity = 1 << 30
)

// ErrPointerElem is returned (wrapped, with the type's name) when a queue is
// asked to carry a type that holds Go pointers.
var ErrPointerElem = errors.New("element type holds go pointers")

// ErrLayoutMismatch matches, under errors.Is, every LayoutError.
var ErrLayoutMismatch = errors.New("buffers: spsc queue layout mismatch")

// LayoutError reports memory that does not hold the queue layout asked for:
// a field of the header differs, or the memory is too small or misaligned.
type LayoutError struct {
	Field     string // "magic", "version", "capacity", "element size", "element alignment", "indices", "size", "address"
	Got, Want uint64
}

// Error describes the mismatch.
func (e *LayoutError) Error() string {
	return ErrLayoutMismatch.Error() + ": " + e.Field + " is " + strconv.FormatUint(e.Got, 10) +
		", want " + strconv.FormatUint(e.Want, 10)
}

// Is reports whether target is ErrLayoutMismatch.
func (e *LayoutError) Is(target error) bool { return target == ErrLayoutMismatch }

// spscSlotsOffset is where the slots start: after the header, aligned for T.
func spscSlotsOffset(align uintptr) int {
	a := int(align)
	return (spscHeaderSize + a - 1) / a * a
}

// SPSCQueueBytes returns how many bytes NewSPSCQueueIn needs for a queue of
// capacity items of T, or 0 when capacity is not a power of two in
// [1, 2^30] or the size would overflow an int.
func SPSCQueueBytes[T any](capacity int) int {
	if !spscValidCapacity(capacity) {
		return 0
	}
	var zero T
	off, size := spscSlotsOffset(unsafe.Alignof(zero)), int(unsafe.Sizeof(zero))
	if size > 0 && capacity > (math.MaxInt-off)/size {
		return 0
	}
	return off + capacity*size
}

func spscValidCapacity(c int) bool {
	return c > 0 && c <= spscMaxCapacity && c&(c-1) == 0
}

// NewSPSCQueue returns an empty queue of capacity items in memory of its
// own. capacity must be a power of two in [1, 2^30] (InvalidSize otherwise);
// T must hold no Go pointers (an error wrapping ErrPointerElem otherwise).
func NewSPSCQueue[T any](capacity int) (*SPSCQueue[T], error) {
	if err := spscCheckType[T](); err != nil {
		return nil, err
	}
	n := SPSCQueueBytes[T](capacity)
	if n == 0 {
		return nil, InvalidSize(capacity)
	}
	// Allocate as uint64 words (pointer-free for the GC, 8-byte aligned)
	// with room to start at a cache-line boundary.
	words := make([]uint64, (n+CacheLineSize)/8+1)
	raw := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(words)*8)
	off := int(-uintptr(unsafe.Pointer(&raw[0])) & (CacheLineSize - 1))
	return NewSPSCQueueIn[T](raw[off:off+n], capacity, true)
}

// NewSPSCQueueIn lays a queue of capacity items out in mem, memory the
// caller owns, typically shared with another process. mem must be at least
// SPSCQueueBytes[T](capacity) long and 8-byte aligned (64-byte alignment
// keeps each side's line to itself); mapped memory is page-aligned.
//
// With init true it writes a fresh, empty layout (no other process may be
// using mem). With init false it attaches to the layout another call with
// init true wrote, perhaps in another process, and checks that the header
// matches capacity and T; any difference returns a LayoutError, so garbage
// memory is refused, never trusted. The caller keeps mem mapped while the
// queue is in use.
func NewSPSCQueueIn[T any](mem []byte, capacity int, init bool) (*SPSCQueue[T], error) {
	if err := spscCheckType[T](); err != nil {
		return nil, err
	}
	need := SPSCQueueBytes[T](capacity)
	if need == 0 {
		return nil, InvalidSize(capacity)
	}
	if len(mem) < need {
		return nil, &LayoutError{Field: "size", Got: uint64(len(mem)), Want: uint64(need)}
	}
	if a := uintptr(unsafe.Pointer(&mem[0])) & 7; a != 0 {
		return nil, &LayoutError{Field: "address", Got: uint64(a), Want: 0}
	}
	var zero T
	h := (*spscHeader)(unsafe.Pointer(&mem[0]))
	want := spscHeader{
		version:   spscVersion,
		elemAlign: uint32(unsafe.Alignof(zero)),
		capacity:  uint64(capacity),
		elemSize:  uint64(unsafe.Sizeof(zero)),
	}
	if init {
		h.magic.Store(0)
		h.version, h.elemAlign, h.capacity, h.elemSize = want.version, want.elemAlign, want.capacity, want.elemSize
		h.head.Store(0)
		h.tail.Store(0)
		h.drops.Store(0)
		h.magic.Store(spscMagic) // publishes the fields above
	} else {
		if m := h.magic.Load(); m != spscMagic {
			return nil, &LayoutError{Field: "magic", Got: m, Want: spscMagic}
		}
		for _, f := range []struct {
			name      string
			got, want uint64
		}{
			{"version", uint64(h.version), uint64(want.version)},
			{"capacity", h.capacity, want.capacity},
			{"element size", h.elemSize, want.elemSize},
			{"element alignment", uint64(h.elemAlign), uint64(want.elemAlign)},
		} {
			if f.got != f.want {
				return nil, &LayoutError{Field: f.name, Got: f.got, Want: f.want}
			}
		}
		if n, ok := spscQueued(h); ok && n > uint64(capacity) {
			return nil, &LayoutError{Field: "indices", Got: n, Want: uint64(capacity)}
		}
	}
	off := spscSlotsOffset(unsafe.Alignof(zero))
	var slots []T
	if unsafe.Sizeof(zero) == 0 {
		slots = make([]T, capacity) // takes no memory
	} else {
		slots = unsafe.Slice((*T)(unsafe.Pointer(&mem[off])), capacity)
	}
	// Start both copies at head: the consumer sees nothing queued and the
	// producer no free slot until each loads the real index.
	hd := h.head.Load()
	return &SPSCQueue[T]{h: h, slots: slots, mask: uint64(capacity - 1), mem: mem, cachedTail: hd, cachedHead: hd}, nil
}

// spscQueued returns tail - head from a moment when both held, reporting
// false if a live producer kept moving tail across every attempt (which
// itself shows the memory is a working queue). tail - head of a valid
// queue is in [0, capacity]; anything else is garbage.
func spscQueued(h *spscHeader) (uint64, bool) {
	for range 1000 {
		t1 := h.tail.Load()
		hd := h.head.Load()
		if t2 := h.tail.Load(); t1 == t2 {
			return t2 - hd, true
		}
	}
	return 0, false
}

// spscCheckType returns an error when T holds Go pointers.
func spscCheckType[T any]() error {
	t := reflect.TypeFor[T]()
	if spscHasPointers(t) {
		return &pointerElemError{t.String()}
	}
	return nil
}

// pointerElemError names the type that was refused.
type pointerElemError struct{ typ string }

// Error names the type and the reason.
func (e *pointerElemError) Error() string {
	return "buffers: spsc queue of " + e.typ + ": " + ErrPointerElem.Error()
}

// Unwrap makes errors.Is(err, ErrPointerElem) hold.
func (e *pointerElemError) Unwrap() error { return ErrPointerElem }

// spscHasPointers reports whether values of t hold a Go pointer.
func spscHasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.UnsafePointer, reflect.Map, reflect.Slice, reflect.String,
		reflect.Chan, reflect.Func, reflect.Interface:
		return true
	case reflect.Array:
		return t.Len() > 0 && spscHasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if spscHasPointers(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}

// Cap returns the capacity.
func (q *SPSCQueue[T]) Cap() int { return len(q.slots) }

// Len returns the number of queued items. Called while the other side is
// busy, it is a snapshot, within [0, Cap()].
func (q *SPSCQueue[T]) Len() int {
	hd := q.h.head.Load() // head first: tail >= head then holds
	n := q.h.tail.Load() - hd
	return int(min(n, uint64(len(q.slots))))
}

// Drops returns how many pushes were refused because the queue was full.
// Any goroutine may call it.
func (q *SPSCQueue[T]) Drops() uint64 { return q.h.drops.Load() }

// Push appends v and reports true, or reports false (and counts a drop) when
// the queue is full. Only the producer may call it.
func (q *SPSCQueue[T]) Push(v T) bool {
	t := q.h.tail.Load()
	if t-q.cachedHead > q.mask {
		q.cachedHead = q.h.head.Load()
		if t-q.cachedHead > q.mask {
			q.h.drops.Add(1)
			return false
		}
	}
	q.slots[t&q.mask] = v
	q.h.tail.Store(t + 1) // publishes the slot to the consumer
	return true
}

// Pop removes and returns the oldest item, or reports false when the queue
// is empty. Only the consumer may call it.
func (q *SPSCQueue[T]) Pop() (T, bool) {
	hd := q.h.head.Load()
	if !q.readable(hd) {
		var zero T
		return zero, false
	}
	v := q.slots[hd&q.mask]
	q.h.head.Store(hd + 1) // hands the slot back to the producer
	return v, true
}

// PopInto removes the oldest item into *dst and reports true, or reports
// false and leaves *dst alone when the queue is empty. It saves a copy for
// large T. Only the consumer may call it.
func (q *SPSCQueue[T]) PopInto(dst *T) bool {
	hd := q.h.head.Load()
	if !q.readable(hd) {
		return false
	}
	*dst = q.slots[hd&q.mask]
	q.h.head.Store(hd + 1)
	return true
}

// Peek returns the oldest item without removing it, or reports false when
// the queue is empty. Only the consumer may call it.
func (q *SPSCQueue[T]) Peek() (T, bool) {
	hd := q.h.head.Load()
	if !q.readable(hd) {
		var zero T
		return zero, false
	}
	return q.slots[hd&q.mask], true
}

// readable reports whether slot hd holds an item, loading the producer's
// tail only when the cached one says the queue is empty. Only the consumer
// may call it.
func (q *SPSCQueue[T]) readable(hd uint64) bool {
	if hd == q.cachedTail {
		q.cachedTail = q.h.tail.Load()
	}
	return hd != q.cachedTail
}
