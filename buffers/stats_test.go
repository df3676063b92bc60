package buffers

import (
	"math"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
)

// TestAtomicStats ports rill-core's test_atomic_stats. The crate stores the
// raw number 500 and divides by 1000; our fill is a fraction, so 0.5.
func TestAtomicStats(t *testing.T) {
	var s AtomicStats
	s.RecordWrite()
	s.RecordRead()
	s.RecordUnderflow()
	s.RecordOverflow()
	s.UpdateFill(0.5)
	got := s.Snapshot()
	want := BufferStats{Writes: 1, Reads: 1, Underflows: 1, Overflows: 1, FillLevel: 0.5, PeakFill: 0.5}
	if got != want {
		t.Errorf("Snapshot = %+v, want %+v", got, want)
	}
	s.Reset()
	if got := s.Snapshot(); got != (BufferStats{}) {
		t.Errorf("after Reset Snapshot = %+v, want zero", got)
	}
}

func TestAtomicStatsFill(t *testing.T) {
	tests := []struct {
		name       string
		levels     []float32
		fill, peak float32
	}{
		{"peak keeps the highest", []float32{0.2, 0.7, 0.3}, 0.3, 0.7},
		{"above one clamps (crate: DelayLine reported 1.024)", []float32{1.024}, 1, 1},
		{"negative clamps to zero", []float32{0.4, -1}, 0, 0.4},
		{"NaN counts as zero", []float32{0.25, float32(math.NaN())}, 0, 0.25},
		{"+Inf clamps to one", []float32{float32(math.Inf(1))}, 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s AtomicStats
			for _, l := range tc.levels {
				s.UpdateFill(l)
			}
			if got := s.Snapshot(); got.FillLevel != tc.fill || got.PeakFill != tc.peak {
				t.Errorf("fill, peak = %v, %v, want %v, %v", got.FillLevel, got.PeakFill, tc.fill, tc.peak)
			}
		})
	}
}

func TestAtomicStatsPublish(t *testing.T) {
	var s AtomicStats
	in := BufferStats{Writes: 10, Reads: 9, Underflows: 2, Overflows: 1, FillLevel: 0.5, PeakFill: 0.75}
	s.Publish(in)
	if got := s.Snapshot(); got != in {
		t.Errorf("Snapshot = %+v, want %+v", got, in)
	}
	s.Publish(BufferStats{FillLevel: 3, PeakFill: float32(math.NaN())})
	if got := s.Snapshot(); got.FillLevel != 1 || got.PeakFill != 0 {
		t.Errorf("published out-of-range fill, peak read back as %v, %v, want 1, 0", got.FillLevel, got.PeakFill)
	}
}

func TestAtomicStatsLayout(t *testing.T) {
	typ := reflect.TypeFor[AtomicStats]()
	if typ.Size() != CacheLineSize || spscHasPointers(typ) {
		t.Errorf("AtomicStats is %d bytes, pointers %v; want one cache line, none", typ.Size(), spscHasPointers(typ))
	}
}

// TestBufferStats ports rill-core's test_buffer_stats, plus the edges.
func TestBufferStats(t *testing.T) {
	s := BufferStats{Writes: 100, Reads: 95, Underflows: 3, Overflows: 2}
	if r := s.SuccessRate(); math.Abs(float64(r)-0.95) > 1e-3 {
		t.Errorf("SuccessRate = %v, want 0.95", r)
	}
	if r := s.ErrorRate(); math.Abs(float64(r)-5.0/195) > 1e-3 {
		t.Errorf("ErrorRate = %v, want %v", r, 5.0/195)
	}
	tests := []struct {
		name           string
		s              BufferStats
		success, error float32
	}{
		{"unused", BufferStats{}, 1, 0},
		{"reads only", BufferStats{Reads: 3, Underflows: 3}, 1, 1},
		// The crate returns reads/writes unclamped: 3 here.
		{"repeated reads clamp to one", BufferStats{Writes: 1, Reads: 3}, 1, 0},
		{"nothing read", BufferStats{Writes: 4}, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.s.SuccessRate(); got != tc.success {
				t.Errorf("SuccessRate = %v, want %v", got, tc.success)
			}
			if got := tc.s.ErrorRate(); got != tc.error {
				t.Errorf("ErrorRate = %v, want %v", got, tc.error)
			}
		})
	}
}

func TestCounters(t *testing.T) {
	var c counters
	c.writes, c.reads = 5, 4
	c.setFill(0.75)
	c.setFill(0.5)
	if s := c.snapshot(); s.FillLevel != 0.5 || s.PeakFill != 0.75 || s.Writes != 5 {
		t.Errorf("snapshot = %+v", s)
	}
	c.reset()
	if s := c.snapshot(); s != (BufferStats{FillLevel: 0.5, PeakFill: 0.5}) {
		t.Errorf("after reset = %+v, want counts 0, fill and peak 0.5", s)
	}
}

func TestAtomicStatsNoAllocs(t *testing.T) {
	var s AtomicStats
	var b BufferStats
	ops := map[string]func(){
		"Record":     func() { s.RecordWrite(); s.RecordRead(); s.RecordUnderflow(); s.RecordOverflow() },
		"UpdateFill": func() { s.UpdateFill(0.3) },
		"Publish":    func() { s.Publish(b) },
		"Snapshot":   func() { b = s.Snapshot() },
		"Reset":      func() { s.Reset() },
	}
	for name, op := range ops {
		if a := testing.AllocsPerRun(1000, op); a != 0 {
			t.Errorf("%s allocates %v times per run", name, a)
		}
	}
}

// TestAtomicStatsRace records from two goroutines and raises the fill from
// both while a third snapshots; run under -race. Counts are exact after the
// join, snapshots only ever see counts grow, and the peak is the highest
// fill recorded.
func TestAtomicStatsRace(t *testing.T) {
	const n = 100_000
	var s AtomicStats
	var wg sync.WaitGroup
	var done atomic.Bool
	for g := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range n {
				s.RecordWrite()
				s.RecordRead()
				if i%10 == 0 {
					s.RecordOverflow()
				}
				s.UpdateFill(float32(i) / n * float32(g+1) / 2)
			}
		}()
	}
	snaps := make(chan int)
	go func() {
		var last BufferStats
		count := 0
		for !done.Load() {
			cur := s.Snapshot()
			if cur.Writes < last.Writes || cur.Reads < last.Reads || cur.PeakFill < last.PeakFill ||
				cur.FillLevel < 0 || cur.FillLevel > 1 {
				t.Errorf("snapshot went backwards or out of range: %+v after %+v", cur, last)
				break
			}
			last = cur
			count++
		}
		snaps <- count
	}()
	wg.Wait()
	done.Store(true)
	t.Logf("%d concurrent snapshots", <-snaps)
	got := s.Snapshot()
	if got.Writes != 2*n || got.Reads != 2*n || got.Overflows != 2*n/10 || got.Underflows != 0 {
		t.Errorf("counts %+v, want writes = reads = %d, overflows %d", got, 2*n, 2*n/10)
	}
	if want := float32(n-1) / n; got.PeakFill != want {
		t.Errorf("PeakFill = %v, want %v", got.PeakFill, want)
	}
}

// TestAtomicStatsPublishRace publishes growing snapshots from one goroutine
// while another reads them; run under -race. Each field only grows.
func TestAtomicStatsPublishRace(t *testing.T) {
	const n = 50_000
	var s AtomicStats
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range uint64(n) {
			s.Publish(BufferStats{Writes: i, Reads: i, FillLevel: float32(i) / n, PeakFill: float32(i) / n})
		}
	}()
	var last BufferStats
	for last.Writes < n-1 {
		cur := s.Snapshot()
		if cur.Writes < last.Writes || cur.Reads < last.Reads || cur.PeakFill < last.PeakFill {
			t.Fatalf("snapshot went backwards: %+v after %+v", cur, last)
		}
		last = cur
	}
	wg.Wait()
}
