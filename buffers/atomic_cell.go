package buffers

import (
	"sync/atomic"
	"unsafe"
)

// AtomicValue is the set of types an AtomicCell holds: numbers and bool,
// anything whose bits fit in one 64-bit word and hold no pointer.
type AtomicValue interface {
	~float32 | ~float64 | ~bool |
		~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

// AtomicCell holds one value of T that goroutines and OS threads may load
// and store concurrently, the way the audio thread and the editor share a
// parameter. Unlike rill-core's cell of the same name, it really is atomic:
// the bits of the value live in one sync/atomic 64-bit word, so every
// operation is one atomic instruction, lock-free and allocation-free, and
// sequentially consistent (Go's memory model for sync/atomic).
//
// Its zero value holds the zero of T and is ready to use. It must not be
// copied after first use. It is 8 bytes and 8-byte aligned for every T (a
// bool or float32 takes a whole word, so a shared-memory layout does not
// depend on T), and holds no Go pointers, so it may live in memory shared
// between processes (place it at an 8-byte-aligned offset).
//
// Floats are stored as their IEEE 754 bits. Load returns exactly the bits
// stored, NaN payloads and the sign of zero included.
type AtomicCell[T AtomicValue] struct {
	bits atomic.Uint64
}

// NewAtomicCell returns a cell holding v.
func NewAtomicCell[T AtomicValue](v T) *AtomicCell[T] {
	c := new(AtomicCell[T])
	c.bits.Store(cellBits(v))
	return c
}

// Load returns the value.
func (c *AtomicCell[T]) Load() T { return cellValue[T](c.bits.Load()) }

// Store sets the value to v.
func (c *AtomicCell[T]) Store(v T) { c.bits.Store(cellBits(v)) }

// Swap sets the value to v and returns the previous value.
func (c *AtomicCell[T]) Swap(v T) T { return cellValue[T](c.bits.Swap(cellBits(v))) }

// CompareAndSwap sets the value to new if it currently is old, and reports
// whether it did. It compares bits, not values: for floats, -0 does not match
// +0, and a NaN matches a NaN with the same bits (where == never matches).
func (c *AtomicCell[T]) CompareAndSwap(old, new T) bool {
	return c.bits.CompareAndSwap(cellBits(old), cellBits(new))
}

// cellBits returns the bits of v, zero-extended to 64. Sizeof is a constant
// for each instantiation, so only one branch survives compilation.
func cellBits[T AtomicValue](v T) uint64 {
	p := unsafe.Pointer(&v)
	switch unsafe.Sizeof(v) {
	case 1:
		return uint64(*(*uint8)(p))
	case 2:
		return uint64(*(*uint16)(p))
	case 4:
		return uint64(*(*uint32)(p))
	default:
		return *(*uint64)(p)
	}
}

// cellValue is the inverse of cellBits.
func cellValue[T AtomicValue](b uint64) T {
	var v T
	p := unsafe.Pointer(&v)
	switch unsafe.Sizeof(v) {
	case 1:
		*(*uint8)(p) = uint8(b)
	case 2:
		*(*uint16)(p) = uint16(b)
	case 4:
		*(*uint32)(p) = uint32(b)
	default:
		*(*uint64)(p) = b
	}
	return v
}
