package buffers

import (
	"math"
	"sync/atomic"
)

// BufferStats is a snapshot of a buffer's counters, for monitoring.
// FillLevel and PeakFill are fractions of the capacity in [0, 1].
type BufferStats struct {
	Writes     uint64
	Reads      uint64
	Underflows uint64
	Overflows  uint64
	FillLevel  float32 // current fill, 0..1
	PeakFill   float32 // highest fill since the last reset, 0..1
}

// SuccessRate is the share of writes that were read, in [0, 1]; 1 when
// nothing was written. Unlike rill-core it is clamped, because a buffer with
// non-destructive reads can read a block more than once.
func (s BufferStats) SuccessRate() float32 {
	if s.Writes == 0 {
		return 1
	}
	r := float32(float64(s.Reads) / float64(s.Writes))
	return min(r, 1)
}

// ErrorRate is (underflows + overflows) / (writes + reads), 0 when the
// buffer was never used.
func (s BufferStats) ErrorRate() float32 {
	ops := s.Writes + s.Reads
	if ops == 0 {
		return 0
	}
	return float32(float64(s.Underflows+s.Overflows) / float64(ops))
}

// counters is the plain, single-threaded tally a buffer keeps. Buffers count
// here because an atomic add per sample would cost more than the sample;
// AtomicStats.Publish carries a snapshot across threads once per block.
type counters struct {
	writes, reads, underflows, overflows uint64
	fill, peak                           float32
}

// setFill records the current fill fraction and raises the peak.
func (c *counters) setFill(level float32) {
	level = clampUnit(level)
	c.fill = level
	if level > c.peak {
		c.peak = level
	}
}

func (c *counters) snapshot() BufferStats {
	return BufferStats{
		Writes: c.writes, Reads: c.reads, Underflows: c.underflows, Overflows: c.overflows,
		FillLevel: c.fill, PeakFill: c.peak,
	}
}

// reset zeroes the counters and the peak but keeps the current fill, which
// describes the buffer's contents, not its history.
func (c *counters) reset() {
	fill := c.fill
	*c = counters{fill: fill, peak: fill}
}

func clampUnit(x float32) float32 {
	if !(x > 0) { // also catches NaN
		return 0
	}
	return min(x, 1)
}

// AtomicStats holds buffer counters that one goroutine updates while others
// read them. It is safe for concurrent use; every method is lock-free and
// allocation-free, so the audio thread may call any of them. It holds no Go
// pointers, so it may live in shared memory.
//
// Each field is read atomically, but a Snapshot taken while a writer is busy
// may mix counts from before and after one update.
type AtomicStats struct {
	writes     atomic.Uint64
	reads      atomic.Uint64
	underflows atomic.Uint64
	overflows  atomic.Uint64
	fill       atomic.Uint32 // float32 bits
	peak       atomic.Uint32 // float32 bits
	_          [CacheLineSize - 40]byte
}

// RecordWrite counts one write.
func (s *AtomicStats) RecordWrite() { s.writes.Add(1) }

// RecordRead counts one read.
func (s *AtomicStats) RecordRead() { s.reads.Add(1) }

// RecordUnderflow counts one read that found no data.
func (s *AtomicStats) RecordUnderflow() { s.underflows.Add(1) }

// RecordOverflow counts one write that lost data.
func (s *AtomicStats) RecordOverflow() { s.overflows.Add(1) }

// UpdateFill sets the current fill fraction (clamped to [0, 1]; NaN counts as
// 0) and raises the peak to it if it is higher. The peak never falls until
// Reset.
func (s *AtomicStats) UpdateFill(level float32) {
	level = clampUnit(level)
	s.fill.Store(math.Float32bits(level))
	bits := math.Float32bits(level)
	for {
		old := s.peak.Load()
		if math.Float32frombits(old) >= level || s.peak.CompareAndSwap(old, bits) {
			return
		}
	}
}

// Publish stores a whole snapshot, typically a single-threaded buffer's
// Stats(), so other threads can read it. Only one goroutine may publish into
// a given AtomicStats.
func (s *AtomicStats) Publish(b BufferStats) {
	s.writes.Store(b.Writes)
	s.reads.Store(b.Reads)
	s.underflows.Store(b.Underflows)
	s.overflows.Store(b.Overflows)
	s.fill.Store(math.Float32bits(clampUnit(b.FillLevel)))
	s.peak.Store(math.Float32bits(clampUnit(b.PeakFill)))
}

// Snapshot returns the current values.
func (s *AtomicStats) Snapshot() BufferStats {
	return BufferStats{
		Writes:     s.writes.Load(),
		Reads:      s.reads.Load(),
		Underflows: s.underflows.Load(),
		Overflows:  s.overflows.Load(),
		FillLevel:  math.Float32frombits(s.fill.Load()),
		PeakFill:   math.Float32frombits(s.peak.Load()),
	}
}

// Reset zeroes every counter, the fill and the peak.
func (s *AtomicStats) Reset() {
	s.writes.Store(0)
	s.reads.Store(0)
	s.underflows.Store(0)
	s.overflows.Store(0)
	s.fill.Store(0)
	s.peak.Store(0)
}
