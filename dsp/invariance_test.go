package dsp

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// timedEvent is a parameter change at an absolute sample of a stream.
type timedEvent struct {
	At    int
	ID    ParamID
	Value float64
}

// renderPartitioned runs xl/xr through e in blocks of the given sizes
// (repeated until the input ends), handing each block the events that fall
// in it with their offsets re-based to the block, as a host does.
func renderPartitioned(e *Engine, xl, xr []float32, events []timedEvent, sizes []int) ([]float32, []float32) {
	n := len(xl)
	ol, or := make([]float32, n), make([]float32, n)
	ev := make([]Event, 0, len(events))
	k := 0
	for p, s := 0, 0; p < n; s++ {
		q := min(n, p+sizes[s%len(sizes)])
		ev = ev[:0]
		for k < len(events) && events[k].At < q {
			ev = append(ev, Event{Offset: events[k].At - p, ID: events[k].ID, Value: events[k].Value})
			k++
		}
		e.Process(xl[p:q], xr[p:q], ol[p:q], or[p:q], ev)
		p = q
	}
	return ol, or
}

// invarianceValues returns random values with every feature that runs at
// control rate switched on often: wow, flutter, hiss (age), ducking, the
// time modes, freeze; delays short enough that echoes (and glides and
// crossfades) happen inside the test's stream.
func invarianceValues(rng *rand.Rand) Values {
	v := randomValues(rng)
	set := func(id ParamID, x float64) { v[ParamIndexMust(id)] = x }
	set(IDMix, 30+rng.Float64()*70)
	set(IDOutput, -6+rng.Float64()*6)
	set(IDTime, 1+rng.Float64()*150)
	if rng.IntN(4) > 0 {
		set(IDWowDepth, 20+rng.Float64()*80)
		set(IDFlutterDepth, 20+rng.Float64()*80)
	}
	if rng.IntN(4) > 0 {
		set(IDAge, 30+rng.Float64()*70)
	}
	set(IDTimeMode, float64(rng.IntN(3)))
	set(IDFreeze, 0)
	set(IDFeedback, rng.Float64()*110)
	return v
}

// invarianceEvents returns sorted random events over a stream of n samples:
// times (for glides, crossfades and jumps), modulation and tone settings,
// the odd freeze or bypass.
func invarianceEvents(rng *rand.Rand, n int) []timedEvent {
	ids := []ParamID{IDTime, IDTime, IDWowDepth, IDWowRate, IDFlutterDepth, IDFlutterRate, IDAge, IDDuck,
		IDFeedback, IDMix, IDLowCut, IDHighCut, IDOffset, IDStereoMode, IDTimeMode, IDDrive, IDWidth, IDFreeze, IDBypass}
	ev := make([]timedEvent, 4+rng.IntN(20))
	for i := range ev {
		id := ids[rng.IntN(len(ids))]
		p := &params[ParamIndexMust(id)]
		x := p.Min + rng.Float64()*(p.Max-p.Min)
		switch id {
		case IDTime:
			x = 1 + rng.Float64()*150
		case IDFreeze, IDBypass:
			x = float64(rng.IntN(2))
		}
		ev[i] = timedEvent{At: rng.IntN(n), ID: id, Value: x}
	}
	slices.SortStableFunc(ev, func(a, b timedEvent) int { return a.At - b.At })
	return ev
}

// randomPartition returns block sizes of 1 to 4096 frames, biased toward
// the small and odd ones that cut the stream in many places.
func randomPartition(rng *rand.Rand) []int {
	sizes := make([]int, 1+rng.IntN(40))
	for i := range sizes {
		switch rng.IntN(4) {
		case 0:
			sizes[i] = 1 + rng.IntN(16)
		case 1:
			sizes[i] = 1 + rng.IntN(4096)
		default:
			sizes[i] = 1 + rng.IntN(700)
		}
	}
	return sizes
}

// TestOutputIndependentOfBlockSize: the same input and the same timed
// events give the same output, bit for bit, however the host cuts the
// stream into blocks (and whatever largest block it activates with).
func TestOutputIndependentOfBlockSize(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	trials, partitions := 12, 5
	if testing.Short() || raceEnabled {
		trials, partitions = 4, 3
	}
	for trial := range trials {
		sr := []float64{48000, 44100, 96000, 22050}[trial%4]
		n := int(0.6 * sr)
		values := invarianceValues(rng)
		events := invarianceEvents(rng, n)
		xl, xr := noise(n, 0.5, uint64(2*trial+1)), noise(n, 0.5, uint64(2*trial+2))
		// Bursts and gaps: the hiss gate and the ducking open and close.
		for i := range xl {
			if (i/int(sr/20))%3 == 2 {
				xl[i], xr[i] = 0, 0
			}
		}
		run := func(sizes []int) ([]float32, []float32) {
			e := NewEngine()
			e.SetValues(&values)
			// The largest block sets the tape's length: that must not matter either.
			if err := e.Activate(sr, slices.Max(sizes)); err != nil {
				t.Fatal(err)
			}
			return renderPartitioned(e, xl, xr, events, sizes)
		}
		refL, refR := run([]int{4096})
		if rms(refL)+rms(refR) == 0 {
			t.Fatalf("trial %d: silent reference", trial)
		}
		for p := range partitions {
			sizes := randomPartition(rng)
			if p == 0 {
				sizes = []int{1}
			}
			ol, or := run(sizes)
			for i := range ol {
				if math.Float32bits(ol[i]) != math.Float32bits(refL[i]) || math.Float32bits(or[i]) != math.Float32bits(refR[i]) {
					t.Fatalf("trial %d (sr %v), blocks %v: sample %d is %v/%v, %v/%v in blocks of 4096",
						trial, sr, sizes[:min(len(sizes), 8)], i, ol[i], or[i], refL[i], refR[i])
				}
			}
		}
	}
}

// TestFlushEqualsEventsAcrossReset mirrors the CLAP validator's
// param-flush-vs-events check: engine a gets each random value set through
// SetValue (params.flush; the first set before Activate), engine b through
// events at offset 0 of a block; both run a silent block, are Reset and
// must then play the same audio bit for bit.
func TestFlushEqualsEventsAcrossReset(t *testing.T) {
	const sr, block = 48000.0, 512
	rng := rand.New(rand.NewPCG(3, 4))
	a, b := NewEngine(), NewEngine()
	silence := make([]float32, 64)
	oa, ob := make([]float32, 64), make([]float32, 64)
	for set := range 12 {
		values := randomValues(rng)
		if set%3 == 1 {
			values = invarianceValues(rng)
		}
		if set == 0 { // engine b ramps age and wow from their defaults to 0 while a starts there
			values[ParamIndexMust(IDAge)] = 0
			values[ParamIndexMust(IDWowDepth)] = 0
			values[ParamIndexMust(IDFlutterDepth)] = 0
		}
		if set%4 == 2 { // the validator's failing set: ping-pong jumps at a synced 1/32T, feedback 117 %
			values[ParamIndexMust(IDSync)] = 1
			values[ParamIndexMust(IDTimeMode)] = TimeModeJump
			values[ParamIndexMust(IDStereoMode)] = StereoModePingPong
			values[ParamIndexMust(IDFeedback)] = 117
		}
		ev := make([]Event, 0, NumParams)
		for i := range params {
			ev = append(ev, Event{ID: params[i].ID, Value: values[i]})
		}
		if set == 0 {
			a.SetValues(&values)
			for _, e := range []*Engine{a, b} {
				if err := e.Activate(sr, block); err != nil {
					t.Fatal(err)
				}
			}
		} else {
			for i := range params {
				a.SetValue(params[i].ID, values[i])
			}
		}
		a.Process(silence, silence, oa, oa, nil)
		b.Process(silence, silence, ob, ob, ev)
		if a.Values() != b.Values() {
			t.Fatalf("set %d: values differ: %v vs %v", set, a.Values(), b.Values())
		}
		a.Reset()
		b.Reset()
		xl, xr := noise(block, 0.5, uint64(100+set)), noise(block, 0.4, uint64(200+set))
		al, ar, bl, br := make([]float32, block), make([]float32, block), make([]float32, block), make([]float32, block)
		for k := range 30 {
			a.Process(xl, xr, al, ar, nil)
			b.Process(xl, xr, bl, br, nil)
			for i := range al {
				if math.Float32bits(al[i]) != math.Float32bits(bl[i]) || math.Float32bits(ar[i]) != math.Float32bits(br[i]) {
					t.Fatalf("set %d block %d sample %d: flush %v/%v, events %v/%v", set, k, i, al[i], ar[i], bl[i], br[i])
				}
			}
		}
	}
}
