package buffers

import (
	"fmt"
	"math"
)

// maxDelayLen bounds DelayLine so that an absurd length is an error instead
// of a runtime panic inside make.
const maxDelayLen = 1<<31 - 1

// clampFracDelay splits a fractional delay into a whole part in [0, max] and
// a fraction in [0, 1). Go's float-to-int conversion of NaN, infinities and
// out-of-range values is implementation-defined, so every such case is
// decided here before converting: NaN, -Inf, negatives and -0 give 0 (no
// extrapolation past the newest sample), +Inf and anything >= max give max
// with no fraction.
func clampFracDelay(delay float64, max int) (int, float64) {
	if !(delay > 0) { // NaN, negatives, zero
		return 0, 0
	}
	if delay >= float64(max) { // +Inf, huge
		return max, 0
	}
	i := int(delay) // 0 <= delay < max, so the conversion is exact truncation
	return i, delay - float64(i)
}

// DelayLine is a fixed-length circular delay for echo, comb and look-ahead
// effects: the port of rill-core's DelayLine<T, MAX_DELAY>, with the length
// given at construction and the storage on the heap, so it is not bounded by
// MaxBufferSize.
//
// A DelayLine of length n holds the last n samples written; delays run from
// 0 (the sample just written) to MaxDelay() = n-1. The per-sample operation
// is Write, which stores a sample and returns the one written Delay() calls
// earlier. ReadDelayed and ReadInterpolated are taps relative to the newest
// sample and ignore Delay().
//
// Quirk 7 of the crate, decided (pinned by TestDelayLineQuirk7):
//   - Delay 0 is kept: Write returns its own input, which is what "no delay"
//     means.
//   - Read with delay 0 returns the newest sample instead of the crate's
//     oldest slot (the sample about to be overwritten).
//   - Negative, NaN and infinite fractional delays are clamped into
//     [0, MaxDelay()] instead of extrapolating past the newest sample.
//   - Out-of-range integer taps are clamped (the crate only debug-asserts).
//
// Also unlike the crate, SetDelay rounds seconds×rate to the nearest sample
// instead of truncating, the sample rate is validated, and stats count
// correctly: each Write counts a write and a read, each tap a read; the fill
// level is always 1 (Len equals Capacity, as in the crate).
//
// A DelayLine is single-threaded. Construction allocates; after that no
// method allocates, locks or blocks.
type DelayLine[T Float] struct {
	buf        []T
	pos        int // next slot to write; the newest sample is at pos-1
	delay      int
	sampleRate float64
	c          counters
}

var _ Buffer[float32] = (*DelayLine[float32])(nil)

// NewDelayLine returns a zeroed delay line holding length samples (delays 0
// to length-1) at sampleRate Hz, with delay 0. It returns an InvalidSize
// error unless 1 <= length <= 2^31-1, and an error matching ErrInvalidSize
// unless sampleRate is finite and positive.
func NewDelayLine[T Float](length int, sampleRate float64) (*DelayLine[T], error) {
	if length < 1 || length > maxDelayLen {
		return nil, InvalidSize(length)
	}
	if !(sampleRate > 0) || math.IsInf(sampleRate, 1) {
		return nil, fmt.Errorf("buffers: delay line sample rate %v is not a positive finite number: %w", sampleRate, ErrInvalidSize)
	}
	d := &DelayLine[T]{buf: make([]T, length), sampleRate: sampleRate}
	d.c.setFill(1)
	d.c.reset()
	return d, nil
}

// MaxDelay returns the longest delay in samples, Capacity()-1. (The crate's
// max_delay returns the length, one more than it can delay.)
func (d *DelayLine[T]) MaxDelay() int { return len(d.buf) - 1 }

// SampleRate returns the sample rate given at construction, in Hz.
func (d *DelayLine[T]) SampleRate() float64 { return d.sampleRate }

// SetDelay sets the delay of Write and Read in seconds, rounded to the
// nearest sample and clamped into [0, MaxDelay()]; NaN and negative times
// give 0, +Inf gives MaxDelay().
func (d *DelayLine[T]) SetDelay(seconds float64) {
	samples := seconds * d.sampleRate
	if !(samples > 0) {
		d.delay = 0
		return
	}
	if samples >= float64(d.MaxDelay()) {
		d.delay = d.MaxDelay()
		return
	}
	d.delay = int(math.Round(samples))
}

// SetDelaySamples sets the delay of Write and Read in samples, clamped into
// [0, MaxDelay()].
func (d *DelayLine[T]) SetDelaySamples(n int) { d.delay = min(max(n, 0), d.MaxDelay()) }

// Delay returns the delay of Write and Read in samples.
func (d *DelayLine[T]) Delay() int { return d.delay }

// WritePosition returns the physical slot the next Write stores into.
func (d *DelayLine[T]) WritePosition() int { return d.pos }

// Write stores x and returns the sample written Delay() calls earlier (x
// itself for delay 0; zeros until that much has been written).
func (d *DelayLine[T]) Write(x T) T {
	d.buf[d.pos] = x
	i := d.pos - d.delay
	if i < 0 {
		i += len(d.buf)
	}
	out := d.buf[i]
	d.pos++
	if d.pos == len(d.buf) {
		d.pos = 0
	}
	d.c.writes++
	d.c.reads++
	return out
}

// Process runs Write over a block: dst[i] = Write(src[i]) for i < min(len(dst),
// len(src)), and returns that count. dst and src may be the same slice.
func (d *DelayLine[T]) Process(dst, src []T) int {
	n := min(len(dst), len(src))
	dst, src = dst[:n], src[:n]
	buf, pos, m, delay := d.buf, d.pos, len(d.buf), d.delay
	for k, x := range src {
		buf[pos] = x
		i := pos - delay
		if i < 0 {
			i += m
		}
		dst[k] = buf[i]
		pos++
		if pos == m {
			pos = 0
		}
	}
	d.pos = pos
	d.c.writes += uint64(n)
	d.c.reads += uint64(n)
	return n
}

// Read returns, without writing, the sample the next Write will return when
// Delay() >= 1, that is the one written Delay()-1 calls ago. With delay 0 the
// next Write returns its own input, which Read cannot know; Read then returns
// the newest sample.
func (d *DelayLine[T]) Read() T {
	d.c.reads++
	return d.tap(max(d.delay-1, 0))
}

// tap returns the sample written k calls before the newest; 0 <= k < len.
func (d *DelayLine[T]) tap(k int) T {
	i := d.pos - 1 - k
	if i < 0 {
		i += len(d.buf)
	}
	return d.buf[i]
}

// ReadDelayed returns the sample written k calls before the newest (k = 0 is
// the newest), ignoring Delay(). k is clamped into [0, MaxDelay()].
func (d *DelayLine[T]) ReadDelayed(k int) T {
	d.c.reads++
	return d.tap(min(max(k, 0), len(d.buf)-1))
}

// ReadInterpolated returns the signal delay samples before the newest,
// interpolating linearly between the two nearest samples (toward the older
// one as the fraction grows). delay is clamped into [0, MaxDelay()]: NaN,
// negatives and -Inf read the newest sample, +Inf and huge delays the oldest.
func (d *DelayLine[T]) ReadInterpolated(delay float64) T {
	d.c.reads++
	i, frac := clampFracDelay(delay, len(d.buf)-1)
	s1 := d.tap(i)
	if frac == 0 {
		return s1
	}
	s2 := d.tap(i + 1) // i < MaxDelay() whenever frac != 0
	return s1 + (s2-s1)*T(frac)
}

// At returns physical slot i (the crate's Index), or an InvalidIndex error.
func (d *DelayLine[T]) At(i int) (T, error) {
	if uint(i) >= uint(len(d.buf)) {
		return 0, InvalidIndex(i)
	}
	return d.buf[i], nil
}

// Set stores v in physical slot i (the crate's IndexMut), or returns an
// InvalidIndex error.
func (d *DelayLine[T]) Set(i int, v T) error {
	if uint(i) >= uint(len(d.buf)) {
		return InvalidIndex(i)
	}
	d.buf[i] = v
	return nil
}

// Capacity returns the length given at construction.
func (d *DelayLine[T]) Capacity() int { return len(d.buf) }

// Len returns the length given at construction: every slot always holds a
// sample (zero until written).
func (d *DelayLine[T]) Len() int { return len(d.buf) }

// IsEmpty reports false.
func (d *DelayLine[T]) IsEmpty() bool { return false }

// IsFull reports true.
func (d *DelayLine[T]) IsFull() bool { return true }

// Slice returns the ring storage in physical order.
func (d *DelayLine[T]) Slice() []T { return d.buf }

// Fill writes v into every physical slot; the write position stays.
func (d *DelayLine[T]) Fill(v T) {
	fillValue(d.buf, v)
}

// CopyFrom copies min(len(src), Capacity()) samples into the physical slots
// from 0, and returns the count; the write position stays.
func (d *DelayLine[T]) CopyFrom(src []T) int { return copy(d.buf, src) }

// Clear zero-fills the storage, moves the write position to 0 and zeroes the
// stats. The delay and the sample rate stay.
func (d *DelayLine[T]) Clear() {
	clear(d.buf)
	d.pos = 0
	d.c.reset()
}

// Stats returns the delay line's counters.
func (d *DelayLine[T]) Stats() BufferStats { return d.c.snapshot() }

// ResetStats zeroes the counters.
func (d *DelayLine[T]) ResetStats() { d.c.reset() }
