package buffers

import (
	"errors"
	"slices"
	"sync"
	"testing"
)

// Ported from the BufferRegistry test of rill-core 0.5.0-beta: registering a
// 1024-sample HeapBuffer gives Len 1; the name is found, a missing one not.
func TestBufferRegistryBeta(t *testing.T) {
	r := NewBufferRegistry()
	if err := r.Register("test_buffer", blkMust(NewHeapBuffer[float32](1024))); err != nil {
		t.Fatal(err)
	}
	if r.Len() != 1 {
		t.Errorf("Len %d, want 1", r.Len())
	}
	if _, ok := r.Stats("test_buffer"); !ok {
		t.Error("registered name not found")
	}
	if s, ok := r.Stats("nonexistent"); ok || s != (BufferStats{}) {
		t.Error("missing name found")
	}
}

func TestBufferRegistryRegisterErrors(t *testing.T) {
	r := NewBufferRegistry()
	pipe := blkMust(NewPipeBuffer[float32](4))
	if err := r.Register("", pipe); !errors.Is(err, ErrEmptyName) {
		t.Errorf("empty name: %v", err)
	}
	if err := r.Register("nil", nil); err == nil {
		t.Error("nil source accepted")
	}
	if err := r.Register("pipe", pipe); err != nil {
		t.Fatal(err)
	}
	other := blkMust(NewPipeBuffer[float32](4))
	if err := r.Register("pipe", other); !errors.Is(err, ErrDuplicateName) {
		t.Errorf("duplicate: %v", err)
	}
	_ = pipe.Write(make([]float32, 4))
	if s, _ := r.Stats("pipe"); s.Writes != 1 {
		t.Error("duplicate registration replaced the first source")
	}
	if r.Len() != 1 {
		t.Errorf("Len %d after failed registrations", r.Len())
	}
}

func TestBufferRegistryNamesAndStats(t *testing.T) {
	r := NewBufferRegistry()
	fixed := blkMust(NewFixedBuffer[float32](4))
	ring := blkMust(NewRingBuffer[float32](4, Reject))
	sources := map[string]StatsSource{
		"port.out":  fixed,
		"delay":     blkMust(NewDelayLine[float32](8, 48000)),
		"fan.in":    blkMust(NewFanInBuffer[float32](4, 2)),
		"fan.out":   blkMust(NewFanOutBuffer[float32](4, 2)),
		"heap":      blkMust(NewHeapBuffer[int16](3)),
		"ring":      ring,
		"pipe":      blkMust(NewPipeBuffer[float64](4)),
		"published": StatsFunc(new(AtomicStats).Snapshot),
	}
	for name, src := range sources {
		if err := r.Register(name, src); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"delay", "fan.in", "fan.out", "heap", "pipe", "port.out", "published", "ring"}
	if got := r.Names(); !slices.Equal(got, want) {
		t.Errorf("Names = %v, want %v", got, want)
	}
	r.Names()[0] = "changed" // a new slice each call
	if r.Names()[0] != "delay" {
		t.Error("Names shares its slice")
	}
	_ = ring.Write(1)
	_ = ring.Write(2)
	if s, ok := r.Stats("ring"); !ok || s.Writes != 2 || s.FillLevel != 0.5 {
		t.Errorf("Stats(ring) = %+v %v", s, ok)
	}
}

// TestBufferRegistryAcrossThreads shows the supported way to read stats on
// another goroutine: the audio goroutine publishes its buffer's Stats into
// an AtomicStats; the registry holds StatsFunc(Snapshot). Run under -race.
func TestBufferRegistryAcrossThreads(t *testing.T) {
	r := NewBufferRegistry()
	var published AtomicStats
	if err := r.Register("pipe", StatsFunc(published.Snapshot)); err != nil {
		t.Fatal(err)
	}
	pipe := blkMust(NewPipeBuffer[float32](16))
	block := make([]float32, 16)
	const blocks = 2000
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // the audio thread
		defer wg.Done()
		for range blocks {
			_ = pipe.Write(block)
			_ = pipe.TryRead(block)
			published.Publish(pipe.Stats())
		}
	}()
	go func() { // the editor
		defer wg.Done()
		var last uint64
		for range blocks {
			s, ok := r.Stats("pipe")
			if !ok || s.Writes < last || s.Writes > blocks {
				t.Errorf("Stats = %+v %v (last writes %d)", s, ok, last)
				return
			}
			last = s.Writes
			_ = r.Names()
		}
	}()
	wg.Wait()
	if s, _ := r.Stats("pipe"); s.Writes != blocks || s.Reads != blocks {
		t.Errorf("final stats %+v", s)
	}
}

func TestBufferRegistryZeroValue(t *testing.T) {
	var r BufferRegistry
	if r.Len() != 0 || len(r.Names()) != 0 {
		t.Error("zero registry not empty")
	}
	if _, ok := r.Stats("x"); ok {
		t.Error("zero registry finds a name")
	}
	if err := r.Register("x", blkMust(NewFixedBuffer[float32](1))); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.Stats("x"); !ok || r.Len() != 1 {
		t.Error("zero registry did not register")
	}
}
