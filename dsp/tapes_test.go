package dsp

import (
	"math"
	"slices"
	"testing"

	"rill/buffers"
)

func TestTapeAccessorsBeforeActivate(t *testing.T) {
	e := NewEngine()
	older, newer, start := e.TapeRecent(0, 100)
	if older != nil || newer != nil || start != 0 {
		t.Errorf("TapeRecent before Activate = %v, %v, %v; want nothing", older, newer, start)
	}
	if e.TapeLength() != 0 || e.TapeWrites() != 0 || e.TapeStats(0).Writes != 0 {
		t.Error("tape accessors report a tape before Activate")
	}
}

// TestTapeRecentIsWhatTheLoopWrote feeds an impulse while the echo is far
// away: the output holds only the dry impulse, the tape holds the impulse
// the loop recorded, and it comes back at the read head one delay later.
func TestTapeRecentIsWhatTheLoopWrote(t *testing.T) {
	const sr, block, at = 48000, 256, 10
	e := newEngine(t, sr, block, true, map[ParamID]float64{IDTime: 100, IDMix: 50})
	in := make([]float32, block)
	in[at] = 0.5
	out := make([]float32, block)
	outR := make([]float32, block)
	e.Process(in, in, out, outR, nil)

	for ch := range TapeChannels {
		older, newer, start := e.TapeRecent(ch, block)
		if len(newer) != 0 || len(older) != block {
			t.Fatalf("ch %d: got %d+%d samples, want %d in one stretch", ch, len(older), len(newer), block)
		}
		if start != 0 {
			t.Errorf("ch %d: start = %v, want 0 for the first block", ch, start)
		}
		for i := range at {
			if older[i] != 0 {
				t.Errorf("ch %d: tape[%d] = %v before the impulse", ch, i, older[i])
			}
		}
		if k := peakIndex(older); k != at || math.Abs(float64(older[k])) < 0.1 {
			t.Errorf("ch %d: tape peak %v at %d, want the impulse at %d", ch, older[k], k, at)
		}
	}
	// The dry output has the impulse scaled by the dry gain, not the tape's
	// level: the view must not show the output.
	if o, _, _ := e.TapeRecent(0, block); slices.Equal(o, out) {
		t.Error("the tape's newest block equals the output")
	}

	// The echo: the tape's impulse is heard 100 ms after it was written.
	delay := int(0.1 * sr)
	xl := make([]float32, delay+block)
	ol, _ := render(e, xl, xl, block)
	if k := peakIndex(ol); abs(k+block-delay-at) > 2 {
		t.Errorf("echo at %d samples after the impulse, want about %d", k+block-at, delay)
	}
}

func TestTapeRecentWrapsAndCounts(t *testing.T) {
	const sr, block = MinSampleRate, 512
	e := newEngine(t, sr, block, false, nil)
	size := e.TapeLength()
	if size <= 0 {
		t.Fatal("no tape after Activate")
	}
	x := sine(block, 50, sr, 0.5)
	out := make([]float32, block)
	outR := make([]float32, block)
	dst := make([]float32, block)
	for b := 0; b*block < 3*size; b++ {
		w0 := e.TapeWrites()
		e.Process(x, x, out, outR, nil)
		if got := e.TapeWrites() - w0; got != block {
			t.Fatalf("block %d: TapeWrites grew by %d, want %d", b, got, block)
		}
		for ch := range TapeChannels {
			older, newer, start := e.TapeRecent(ch, block)
			if len(older)+len(newer) != block {
				t.Fatalf("block %d ch %d: %d+%d samples, want %d", b, ch, len(older), len(newer), block)
			}
			first := (e.tape[ch].WritePos() - block + size) % size
			if want := float32(float64(first) / float64(size)); start != want {
				t.Fatalf("block %d ch %d: start = %v, want %v", b, ch, start, want)
			}
			e.tape[ch].ReadBlock(0, dst)
			if !slices.Equal(append(slices.Clone(older), newer...), dst) {
				t.Fatalf("block %d ch %d: stretches differ from the tape's newest block", b, ch)
			}
		}
	}
	if s := e.TapeStats(1); s.Writes != e.TapeWrites() || s.FillLevel != 1 || s.PeakFill != 1 {
		t.Errorf("TapeStats(1) = %+v after three loops, want %d writes and a full tape", s, e.TapeWrites())
	}
}

func TestTapeRecentClamps(t *testing.T) {
	e := newEngine(t, 48000, 64, false, nil)
	size := e.TapeLength()
	tests := []struct {
		name     string
		ch, n    int
		wantSize int
	}{
		{"negative count", 0, -5, 0},
		{"zero", 1, 0, 0},
		{"whole tape", 0, size, size},
		{"more than the tape", 1, size + 1000, size},
		{"channel below range", -1, 10, 0},
		{"channel above range", TapeChannels, 10, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			older, newer, start := e.TapeRecent(tc.ch, tc.n)
			if got := len(older) + len(newer); got != tc.wantSize {
				t.Errorf("got %d samples, want %d", got, tc.wantSize)
			}
			if !(start >= 0 && start < 1) {
				t.Errorf("start = %v, want in [0, 1)", start)
			}
		})
	}
	if s := e.TapeStats(-1); s != (buffers.BufferStats{}) {
		t.Errorf("TapeStats(-1) = %+v, want zero", s)
	}
}

func TestTapeAccessorsAllocateNothing(t *testing.T) {
	e := newEngine(t, 48000, 256, false, nil)
	x := sine(256, 440, 48000, 0.5)
	out := make([]float32, 256)
	outR := make([]float32, 256)
	var sink float32
	n := testing.AllocsPerRun(200, func() {
		e.Process(x, x, out, outR, nil)
		for ch := range TapeChannels {
			s := e.TapeStats(ch)
			o, nw, st := e.TapeRecent(ch, 256)
			sink += s.FillLevel + st + float32(len(o)+len(nw))
		}
		sink += float32(e.TapeWrites() + uint64(e.TapeLength()))
	})
	if n != 0 {
		t.Errorf("tape accessors allocate %v times per block", n)
	}
	_ = sink
}

func peakIndex(x []float32) int {
	k := 0
	for i, v := range x {
		if math.Abs(float64(v)) > math.Abs(float64(x[k])) {
			k = i
		}
	}
	return k
}

func abs(x int) int { return max(x, -x) }

func BenchmarkTapeRecentAndStats(b *testing.B) {
	e := newEngine(b, 48000, 512, false, nil)
	var sink float32
	for b.Loop() {
		for ch := range TapeChannels {
			o, nw, st := e.TapeRecent(ch, 512)
			sink += st + float32(len(o)+len(nw)) + e.TapeStats(ch).FillLevel
		}
	}
	_ = sink
}

func TestTapeStatsCountPlayback(t *testing.T) {
	e := newEngine(t, 48000, 128, false, nil)
	x := sine(128, 440, 48000, 0.5)
	out, outR := make([]float32, 128), make([]float32, 128)
	for range 3 {
		e.Process(x, x, out, outR, nil)
	}
	if s := e.TapeStats(0); s.Writes != 3*128 || s.Reads != 3*128 {
		t.Errorf("after 3 blocks: %+v, want 384 writes and 384 samples played", s)
	}
	// Bypassed, the tape keeps running silent and nothing is played.
	e.SetValue(IDBypass, 1)
	for range 200 {
		e.Process(x, x, out, outR, nil)
	}
	before := e.TapeStats(1)
	e.Process(x, x, out, outR, nil)
	if s := e.TapeStats(1); s.Writes != before.Writes+128 || s.Reads != before.Reads {
		t.Errorf("bypassed block: %+v after %+v, want 128 more writes and no playback", s, before)
	}
}
