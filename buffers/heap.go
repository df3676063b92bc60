package buffers

// maxHeapLen bounds HeapBuffer so that an absurd size is an error instead of
// a runtime panic inside make.
const maxHeapLen = 1<<31 - 1

// HeapBuffer is a runtime-sized block of samples, for resources whose size
// comes from data (loaded samples, configuration): the port of rill-core's
// HeapBuffer<T>. Its size is not bounded by MaxBufferSize.
//
// Two crate quirks are fixed (pinned by TestHeapBufferQuirk6): Capacity
// always equals Len (the crate reports the Vec's allocation capacity), and
// Clear zero-fills the buffer instead of truncating it to length 0. Fill,
// CopyFrom and Set count as writes; the fill level is 1 for a non-empty
// buffer.
//
// A HeapBuffer is single-threaded. Construction allocates; after that no
// method allocates, locks or blocks.
type HeapBuffer[T Scalar] struct {
	data []T
	c    counters
}

var _ Buffer[float32] = (*HeapBuffer[float32])(nil)

// NewHeapBuffer returns a zeroed buffer of size samples; size 0 is allowed.
// It returns an InvalidSize error for a negative size or one above 2^31-1.
func NewHeapBuffer[T Scalar](size int) (*HeapBuffer[T], error) {
	if size < 0 || size > maxHeapLen {
		return nil, InvalidSize(size)
	}
	b := &HeapBuffer[T]{data: make([]T, size)}
	if size > 0 {
		b.c.setFill(1)
		b.c.reset()
	}
	return b, nil
}

// HeapBufferFromSlice returns a buffer holding a copy of src, of exactly
// len(src) samples (the crate's from_vec).
func HeapBufferFromSlice[T Scalar](src []T) *HeapBuffer[T] {
	b, _ := NewHeapBuffer[T](len(src)) // len(src) is always in range
	copy(b.data, src)
	return b
}

// Clone returns a deep copy with the same contents and counters. It
// allocates, so it belongs in set-up code.
func (b *HeapBuffer[T]) Clone() *HeapBuffer[T] {
	c := &HeapBuffer[T]{data: make([]T, len(b.data)), c: b.c}
	copy(c.data, b.data)
	return c
}

// Capacity returns the size given at construction (equal to Len).
func (b *HeapBuffer[T]) Capacity() int { return len(b.data) }

// Len returns the size given at construction; Clear does not change it.
func (b *HeapBuffer[T]) Len() int { return len(b.data) }

// IsEmpty reports whether the buffer has size 0.
func (b *HeapBuffer[T]) IsEmpty() bool { return len(b.data) == 0 }

// IsFull reports true: Len always equals Capacity.
func (b *HeapBuffer[T]) IsFull() bool { return true }

// Slice returns the storage itself (not a copy).
func (b *HeapBuffer[T]) Slice() []T { return b.data }

// At returns sample i, or an InvalidIndex error when i is out of range.
func (b *HeapBuffer[T]) At(i int) (T, error) {
	if uint(i) >= uint(len(b.data)) {
		return 0, InvalidIndex(i)
	}
	return b.data[i], nil
}

// Set stores v as sample i, or returns an InvalidIndex error when i is out
// of range.
func (b *HeapBuffer[T]) Set(i int, v T) error {
	if uint(i) >= uint(len(b.data)) {
		return InvalidIndex(i)
	}
	b.data[i] = v
	b.c.writes++
	return nil
}

// Fill writes v into every sample.
func (b *HeapBuffer[T]) Fill(v T) {
	fillValue(b.data, v)
	b.c.writes++
}

// CopyFrom copies min(len(src), Len()) samples from index 0, leaves the rest
// untouched and returns the count.
func (b *HeapBuffer[T]) CopyFrom(src []T) int {
	n := copy(b.data, src)
	b.c.writes++
	return n
}

// Clear zero-fills the buffer and keeps its length (the crate truncates to
// length 0, after which CopyFrom copies nothing).
func (b *HeapBuffer[T]) Clear() { clear(b.data) }

// Stats returns the buffer's counters.
func (b *HeapBuffer[T]) Stats() BufferStats { return b.c.snapshot() }

// ResetStats zeroes the counters.
func (b *HeapBuffer[T]) ResetStats() { b.c.reset() }
