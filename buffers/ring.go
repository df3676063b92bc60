package buffers

import (
	"fmt"
	"iter"
)

// OverflowPolicy says what a RingBuffer does with a write when it is full.
type OverflowPolicy uint8

const (
	// Reject refuses the new sample: Write returns ErrFull and the ring is
	// unchanged except for its overflow count.
	Reject OverflowPolicy = iota
	// OverwriteOldest drops the oldest sample to make room: Write succeeds
	// and the dropped sample counts as an overflow.
	OverwriteOldest
)

// String returns the policy's Go name.
func (p OverflowPolicy) String() string {
	switch p {
	case Reject:
		return "Reject"
	case OverwriteOldest:
		return "OverwriteOldest"
	}
	return fmt.Sprintf("OverflowPolicy(%d)", uint8(p))
}

// RingBuffer is a power-of-two FIFO of samples with delay taps: the port of
// rill-core's RingBuffer<T, N>, with the capacity given at construction.
//
// Write appends at the head and Read pops from the tail (oldest first). The
// taps ReadDelayed, ReadInterpolated and ReadSequenceInterpolated look back
// from the newest sample (delay 0) over the live samples, without popping.
//
// Crate quirks fixed here:
//   - Quirk 1 (TestRingBufferQuirk1): a write to a full ring follows an
//     explicit OverflowPolicy and counts an overflow; with OverwriteOldest
//     the tail moves with the head, so FIFO reads stay in order (the crate
//     leaves the tail behind and loses the ring's contents).
//   - Quirk 2 (TestRingBufferQuirk2): fractional taps interpolate toward the
//     older sample, like DelayLine and TapeLoop (the crate mixes toward the
//     newer one and wraps to the oldest at delay < 1; its test expects 3.5
//     where this ring gives 2.5).
//   - Out-of-range integer taps return (0, false) instead of panicking;
//     fractional taps are clamped into the live range (NaN, negatives and
//     -Inf read the newest sample, +Inf and huge delays the oldest).
//   - Stats count: one write per stored sample, one read per popped sample,
//     an underflow per Read of an empty ring, an overflow per rejected or
//     dropped sample; the fill level is Len()/Capacity().
//
// A RingBuffer is single-threaded (use SPSCQueue across threads).
// Construction allocates; after that no method allocates, locks or blocks
// (All, ranged over directly, included).
type RingBuffer[T Float] struct {
	data   []T
	mask   int
	head   int // next slot to write
	tail   int // next slot to read
	count  int // live samples
	policy OverflowPolicy
	invCap float32
	// peakCount is the highest count since the last ResetStats. The fill
	// level is derived from count and peakCount when Stats is called, which
	// keeps float arithmetic out of the per-sample Write and Read.
	peakCount int
	c         counters
}

var _ Buffer[float32] = (*RingBuffer[float32])(nil)

// NewRingBuffer returns an empty ring of capacity samples with the given
// overflow policy. It returns an InvalidSize error unless capacity is a
// power of two in 1..MaxBufferSize, and an error for an unknown policy.
func NewRingBuffer[T Float](capacity int, policy OverflowPolicy) (*RingBuffer[T], error) {
	if capacity < 1 || capacity > MaxBufferSize || capacity&(capacity-1) != 0 {
		return nil, InvalidSize(capacity)
	}
	if policy != Reject && policy != OverwriteOldest {
		return nil, fmt.Errorf("buffers: ring buffer: unknown overflow policy %d", uint8(policy))
	}
	return &RingBuffer[T]{
		data:   make([]T, capacity),
		mask:   capacity - 1,
		policy: policy,
		invCap: 1 / float32(capacity),
	}, nil
}

// Policy returns the overflow policy given at construction.
func (r *RingBuffer[T]) Policy() OverflowPolicy { return r.policy }

// Write appends x. When the ring is full, Reject returns ErrFull and stores
// nothing; OverwriteOldest drops the oldest sample and returns nil. Either
// way an overflow is counted.
func (r *RingBuffer[T]) Write(x T) error {
	if r.count == len(r.data) {
		r.c.overflows++
		if r.policy == Reject {
			return BufferError{Kind: KindFull}
		}
		r.tail = (r.tail + 1) & r.mask
		r.count--
	}
	r.data[r.head] = x
	r.head = (r.head + 1) & r.mask
	r.count++
	r.c.writes++
	r.peakCount = max(r.peakCount, r.count)
	return nil
}

// WriteSlice appends the samples of src in order, as that many Write calls
// would, and returns how many were stored. With Reject it stores what fits,
// returns ErrFull if that is not all of src, and counts every sample left
// out as an overflow. With OverwriteOldest it stores all of src, keeping the
// newest Capacity() samples, and counts every dropped sample as an overflow.
func (r *RingBuffer[T]) WriteSlice(src []T) (int, error) {
	n, capacity := len(src), len(r.data)
	var err error
	if free := capacity - r.count; n > free {
		r.c.overflows += uint64(n - free)
		if r.policy == Reject {
			n, src, err = free, src[:free], BufferError{Kind: KindFull}
		}
	}
	r.c.writes += uint64(n)
	if len(src) > capacity { // only the newest capacity samples survive
		src = src[len(src)-capacity:]
	}
	first := min(len(src), capacity-r.head)
	copy(r.data[r.head:], src[:first])
	copy(r.data, src[first:])
	r.head = (r.head + len(src)) & r.mask
	r.count += len(src)
	if r.count > capacity { // OverwriteOldest dropped the oldest samples
		r.count = capacity
		r.tail = r.head
	}
	r.peakCount = max(r.peakCount, r.count)
	return n, err
}

// Read pops the oldest sample. It returns 0 and false (counting an
// underflow) when the ring is empty.
func (r *RingBuffer[T]) Read() (T, bool) {
	if r.count == 0 {
		r.c.underflows++
		return 0, false
	}
	x := r.data[r.tail]
	r.tail = (r.tail + 1) & r.mask
	r.count--
	r.c.reads++
	return x, true
}

// tap returns the live sample d before the newest; 0 <= d < count.
func (r *RingBuffer[T]) tap(d int) T { return r.data[(r.head-1-d)&r.mask] }

// ReadDelayed returns the live sample d before the newest (d = 0 is the
// newest) and true, or 0 and false when d is outside [0, Len()-1] (the crate
// panics). It does not pop.
func (r *RingBuffer[T]) ReadDelayed(d int) (T, bool) {
	if uint(d) >= uint(r.count) {
		return 0, false
	}
	return r.tap(d), true
}

// ReadInterpolated returns the signal delay samples before the newest,
// interpolating linearly toward the older neighbour. delay is clamped into
// [0, Len()-1]; an empty ring reads 0. It does not pop.
func (r *RingBuffer[T]) ReadInterpolated(delay float64) T {
	if r.count == 0 {
		return 0
	}
	i, frac := clampFracDelay(delay, r.count-1)
	s1 := r.tap(i)
	if frac == 0 {
		return s1
	}
	s2 := r.tap(i + 1) // i < count-1 whenever frac != 0
	return s1 + (s2-s1)*T(frac)
}

// ReadSequenceInterpolated fills dst with taps at start, start+1, ...:
// dst[k] = ReadInterpolated(start+k) while start+k < Len(), and 0 beyond the
// live samples. A NaN start counts as 0. It does not pop.
func (r *RingBuffer[T]) ReadSequenceInterpolated(start float64, dst []T) {
	if start != start { // NaN
		start = 0
	}
	n := float64(r.count)
	last := r.count - 1
	data, head, mask := r.data, r.head, r.mask
	for k := range dst {
		x := start + float64(k)
		if !(x < n) {
			dst[k] = 0
			continue
		}
		// The body of ReadInterpolated, inlined by hand for the block loop.
		i, frac := clampFracDelay(x, last)
		s1 := data[(head-1-i)&mask]
		if frac != 0 {
			s2 := data[(head-2-i)&mask]
			s1 += (s2 - s1) * T(frac)
		}
		dst[k] = s1
	}
}

// CopyTo copies the live samples, oldest first, into dst without popping
// them, and returns how many it copied (min(len(dst), Len())).
func (r *RingBuffer[T]) CopyTo(dst []T) int {
	n := min(len(dst), r.count)
	first := min(n, len(r.data)-r.tail)
	copy(dst[:first], r.data[r.tail:])
	copy(dst[first:n], r.data[:n-first])
	return n
}

// All returns an iterator over the live samples, oldest first, without
// popping them (the crate's iter). The ring must not change during the
// iteration.
func (r *RingBuffer[T]) All() iter.Seq[T] {
	return func(yield func(T) bool) {
		for k := range r.count {
			if !yield(r.data[(r.tail+k)&r.mask]) {
				return
			}
		}
	}
}

// Capacity returns the capacity given at construction.
func (r *RingBuffer[T]) Capacity() int { return len(r.data) }

// Len returns the number of live samples.
func (r *RingBuffer[T]) Len() int { return r.count }

// IsEmpty reports whether no sample is live.
func (r *RingBuffer[T]) IsEmpty() bool { return r.count == 0 }

// IsFull reports whether Len() == Capacity().
func (r *RingBuffer[T]) IsFull() bool { return r.count == len(r.data) }

// Slice returns the ring storage in physical order.
func (r *RingBuffer[T]) Slice() []T { return r.data }

// Fill writes v into every physical slot; cursors and Len stay.
func (r *RingBuffer[T]) Fill(v T) {
	fillValue(r.data, v)
}

// CopyFrom copies min(len(src), Capacity()) samples into the physical slots
// from 0 and returns the count; cursors and Len stay. Use WriteSlice to
// append.
func (r *RingBuffer[T]) CopyFrom(src []T) int { return copy(r.data, src) }

// Clear zero-fills the storage and empties the ring. Stats are kept.
func (r *RingBuffer[T]) Clear() {
	clear(r.data)
	r.Reset()
}

// Reset empties the ring (cursors to 0) but keeps the storage's contents.
// Stats are kept.
func (r *RingBuffer[T]) Reset() { r.head, r.tail, r.count = 0, 0, 0 }

// syncFill brings the fill level and the peak up to date.
func (r *RingBuffer[T]) syncFill() {
	r.c.setFill(float32(r.peakCount) * r.invCap) // raises the peak
	r.c.setFill(float32(r.count) * r.invCap)     // the current level
}

// Stats returns the ring's counters.
func (r *RingBuffer[T]) Stats() BufferStats {
	r.syncFill()
	return r.c.snapshot()
}

// ResetStats zeroes the counters; the fill level stays and becomes the peak.
func (r *RingBuffer[T]) ResetStats() {
	r.syncFill()
	r.c.reset()
	r.peakCount = r.count
}
