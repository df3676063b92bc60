package buffers

// FixedBuffer is a block of samples whose length is fixed at construction:
// the default per-port buffer of the signal graph, the port of rill-core's
// FixedBuffer<T, SIZE> (whose const-generic SIZE becomes a constructor
// argument).
//
// Len and Capacity both equal the block length, so a FixedBuffer is always
// full and never empty. Clear zero-fills it. Fill, CopyFrom and Set count as
// writes in Stats; the fill level is always 1.
//
// A FixedBuffer is single-threaded. After construction no method allocates,
// locks or blocks, so every method may run on the audio thread.
type FixedBuffer[T Scalar] struct {
	data []T
	c    counters
}

var _ Buffer[float32] = (*FixedBuffer[float32])(nil)

// checkBlockLen validates a block length against 1..MaxBufferSize.
func checkBlockLen(n int) error {
	if n < 1 || n > MaxBufferSize {
		return InvalidSize(n)
	}
	return nil
}

// fillValue sets every element of s to v. Doubling copies (memmove) match an
// element loop at 64 samples and beat it clearly at 256 (compare
// BenchmarkBlocks/.../FixedBuffer.Fill with .../fill-loop).
func fillValue[T Scalar](s []T, v T) {
	if len(s) == 0 {
		return
	}
	s[0] = v
	for n := 1; n < len(s); n *= 2 {
		copy(s[n:], s[:n])
	}
}

// NewFixedBuffer returns a zeroed block of size samples. It returns an
// InvalidSize error unless 1 <= size <= MaxBufferSize.
func NewFixedBuffer[T Scalar](size int) (*FixedBuffer[T], error) {
	if err := checkBlockLen(size); err != nil {
		return nil, err
	}
	b := &FixedBuffer[T]{data: make([]T, size)}
	b.c.setFill(1)
	b.c.reset()
	return b, nil
}

// FixedBufferFromSlice returns a block of size samples holding a copy of src:
// a shorter src is padded with zeros and a longer one is truncated, as the
// crate's from_slice does. It returns an InvalidSize error unless
// 1 <= size <= MaxBufferSize.
func FixedBufferFromSlice[T Scalar](size int, src []T) (*FixedBuffer[T], error) {
	b, err := NewFixedBuffer[T](size)
	if err != nil {
		return nil, err
	}
	copy(b.data, src)
	return b, nil
}

// Clone returns a deep copy with the same contents and counters. It
// allocates, so it belongs in set-up code.
func (b *FixedBuffer[T]) Clone() *FixedBuffer[T] {
	c := &FixedBuffer[T]{data: make([]T, len(b.data)), c: b.c}
	copy(c.data, b.data)
	return c
}

// Capacity returns the block length.
func (b *FixedBuffer[T]) Capacity() int { return len(b.data) }

// Len returns the block length: a FixedBuffer always holds a whole block.
func (b *FixedBuffer[T]) Len() int { return len(b.data) }

// IsEmpty reports false: a FixedBuffer always holds a whole block.
func (b *FixedBuffer[T]) IsEmpty() bool { return false }

// IsFull reports true: a FixedBuffer always holds a whole block.
func (b *FixedBuffer[T]) IsFull() bool { return true }

// Slice returns the block itself (not a copy); writes through it are seen by
// the buffer but are not counted.
func (b *FixedBuffer[T]) Slice() []T { return b.data }

// At returns sample i, or an InvalidIndex error when i is out of range.
func (b *FixedBuffer[T]) At(i int) (T, error) {
	if uint(i) >= uint(len(b.data)) {
		return 0, InvalidIndex(i)
	}
	return b.data[i], nil
}

// Set stores v as sample i, or returns an InvalidIndex error when i is out
// of range.
func (b *FixedBuffer[T]) Set(i int, v T) error {
	if uint(i) >= uint(len(b.data)) {
		return InvalidIndex(i)
	}
	b.data[i] = v
	b.c.writes++
	return nil
}

// Fill writes v into every sample.
func (b *FixedBuffer[T]) Fill(v T) {
	fillValue(b.data, v)
	b.c.writes++
}

// CopyFrom copies min(len(src), Len()) samples into the block from index 0,
// leaves the rest untouched and returns the count.
func (b *FixedBuffer[T]) CopyFrom(src []T) int {
	n := copy(b.data, src)
	b.c.writes++
	return n
}

// Clear zero-fills the block. It is not counted as a write.
func (b *FixedBuffer[T]) Clear() { clear(b.data) }

// Stats returns the buffer's counters.
func (b *FixedBuffer[T]) Stats() BufferStats { return b.c.snapshot() }

// ResetStats zeroes the counters.
func (b *FixedBuffer[T]) ResetStats() { b.c.reset() }
