package dsp

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// hostileInput fills x with audio mixed with NaN, ±Inf, huge and subnormal
// values.
func hostileInput(x []float32, rng *rand.Rand) {
	for i := range x {
		switch rng.IntN(40) {
		case 0:
			x[i] = float32(math.NaN())
		case 1:
			x[i] = float32(math.Inf(1 - 2*rng.IntN(2)))
		case 2:
			x[i] = 1e30 * float32(1-2*rng.IntN(2))
		case 3:
			x[i] = 1e-40
		case 4:
			x[i] = math.MaxFloat32
		default:
			x[i] = float32(rng.NormFloat64() * 0.5)
		}
	}
}

// randomEvents returns sorted events for a block of n frames, with
// out-of-range values and unknown ids mixed in.
func randomEvents(rng *rand.Rand, n, count int) []Event {
	ev := make([]Event, count)
	for i := range ev {
		p := &params[rng.IntN(NumParams)]
		v := p.Min + rng.Float64()*(p.Max-p.Min)
		switch rng.IntN(12) {
		case 0:
			v = math.NaN()
		case 1:
			v = math.Inf(1)
		case 2:
			v = -1e300
		}
		id := p.ID
		if rng.IntN(20) == 0 {
			id = ParamID(rng.Uint32())
		}
		if p.IsBypass && rng.IntN(3) > 0 {
			v = 0
		}
		ev[i] = Event{Offset: rng.IntN(n), ID: id, Value: v}
	}
	slices.SortFunc(ev, func(a, b Event) int { return a.Offset - b.Offset })
	return ev
}

func TestPropertyRandomParamsEventsHostileInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	rates := []float64{1000, 8000, 22050, 44100, 48000, 96000, 192000, 768000}
	trials := 24
	if testing.Short() || raceEnabled {
		trials = 8
	}
	for trial := range trials {
		sr := rates[trial%len(rates)]
		maxFrames := []int{1, 7, 64, 500, 4096, 16384}[rng.IntN(6)]
		e := NewEngine()
		e.SetValues(&[]Values{randomValues(rng)}[0])
		if err := e.Activate(sr, maxFrames); err != nil {
			t.Fatal(err)
		}
		bufL, bufR := make([]float32, maxFrames), make([]float32, maxFrames)
		outL, outR := make([]float32, maxFrames), make([]float32, maxFrames)
		total, resets := 0, 0
		for total < 40000 {
			n := 1 + rng.IntN(maxFrames)
			hostileInput(bufL[:n], rng)
			hostileInput(bufR[:n], rng)
			if rng.IntN(8) == 0 {
				e.SetTransport(Transport{HasTempo: rng.IntN(2) == 0, Tempo: rng.Float64()*400 - 50, Playing: true})
			}
			ev := randomEvents(rng, n, rng.IntN(6))
			if rng.IntN(4) == 0 { // in place
				e.Process(bufL[:n], bufR[:n], bufL[:n], bufR[:n], ev)
				checkClean(t, "in-place left", bufL[:n])
				checkClean(t, "in-place right", bufR[:n])
			} else {
				e.Process(bufL[:n], bufR[:n], outL[:n], outR[:n], ev)
				checkClean(t, "left", outL[:n])
				checkClean(t, "right", outR[:n])
			}
			if resets < 2 && rng.IntN(50) == 0 {
				e.Reset() // clears tapes of up to 13 MB each: a couple per trial
				resets++
			}
			total += n
		}
		m := e.Meters()
		for _, x := range []float32{m.InPeak[0], m.OutRMS[1], m.Feedback, m.WriteHead, m.ReadHead[0], m.DelayMs} {
			if x != x || math.IsInf(float64(x), 0) {
				t.Fatalf("meters not finite: %+v", m)
			}
		}
		if m.WriteHead < 0 || m.WriteHead >= 1 || m.ReadHead[1] < 0 || m.ReadHead[1] > 1 {
			t.Fatalf("head positions out of 0..1: %+v", m)
		}
	}
}

func TestExtremeSettingsStayClean(t *testing.T) {
	for _, sr := range []float64{1000, 768000} {
		for _, corner := range []string{"min", "max"} {
			e := NewEngine()
			for _, p := range Params() {
				v := p.Min
				if corner == "max" {
					v = p.Max
				}
				if p.IsBypass || p.ID == IDFreeze {
					v = 0
				}
				e.SetValue(p.ID, v)
			}
			if err := e.Activate(sr, 512); err != nil {
				t.Fatal(err)
			}
			x := noise(512, 1, 3)
			o := make([]float32, 512)
			for range int(2 * sr / 512) {
				e.Process(x, x, o, o, nil)
				checkClean(t, "out", o)
			}
			if p := peak(o); p > 20 {
				t.Errorf("sr %v all %s: peak %v", sr, corner, p)
			}
		}
	}
}

func TestSilenceDecaysToExactZero(t *testing.T) {
	// No subnormal ever: after the echoes die, the output is exactly 0.
	e := newEngine(t, 48000, 512, false, map[ParamID]float64{IDFeedback: 95, IDTime: 5, IDAge: 0})
	x := noise(512, 0.5, 3)
	z := make([]float32, 512)
	o := make([]float32, 512)
	e.Process(x, x, o, o, nil)
	for range 4000 {
		e.Process(z, z, o, o, nil)
		checkClean(t, "out", o)
	}
	if p := peak(o); p != 0 {
		t.Errorf("still %g after 40 s of silence", p)
	}
}

func TestProcessDoesNotAllocate(t *testing.T) {
	for _, block := range []int{1, 64, 512} {
		e := newEngine(t, 48000, block, false, allOn)
		e.SetValue(IDFreeze, 0)
		rng := rand.New(rand.NewPCG(1, 1))
		xl, xr := noise(block, 0.5, 1), noise(block, 0.5, 2)
		ol, or := make([]float32, block), make([]float32, block)
		evs := make([][]Event, 16)
		for i := range evs {
			evs[i] = randomEvents(rng, block, 4)
			for j := range evs[i] {
				if evs[i][j].ID == IDBypass {
					evs[i][j].Value = 0
				}
			}
		}
		k := 0
		allocs := testing.AllocsPerRun(500, func() {
			e.SetTransport(Transport{HasTempo: true, Tempo: 100 + float64(k%7)})
			e.Process(xl, xr, ol, or, evs[k%len(evs)])
			_ = e.Meters()
			_ = e.TailSamples()
			k++
		})
		if allocs != 0 {
			t.Errorf("block %d: %v allocations per Process", block, allocs)
		}
		if n := testing.AllocsPerRun(10, func() { e.Reset() }); n != 0 {
			t.Errorf("Reset: %v allocations", n)
		}
		if n := testing.AllocsPerRun(100, func() { e.SetValue(IDFeedback, 50); e.SetValue(IDFreeze, 1); e.SetValue(IDFreeze, 0) }); n != 0 {
			t.Errorf("SetValue: %v allocations", n)
		}
	}
}

func FuzzProcess(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25})
	f.Add([]byte{255, 255, 255, 255, 0, 0, 0, 0, 128, 128, 128, 128})
	f.Fuzz(func(t *testing.T, b []byte) {
		next := func() byte {
			if len(b) == 0 {
				return 0
			}
			c := b[0]
			b = b[1:]
			return c
		}
		e := NewEngine()
		for i := range params {
			p := &params[i]
			e.SetValue(p.ID, p.Min+float64(next())/255*(p.Max-p.Min))
		}
		sr := []float64{1000, 44100, 48000, 768000}[next()%4]
		block := 1 + int(next())*int(next())%4096
		if err := e.Activate(sr, block); err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(uint64(next()), uint64(next())))
		xl, xr := make([]float32, block), make([]float32, block)
		for range 8 {
			hostileInput(xl, rng)
			hostileInput(xr, rng)
			var ev []Event
			for len(b) >= 3 && len(ev) < 4 {
				ev = append(ev, Event{Offset: int(next()) % block, ID: ParamID(next() % 24), Value: float64(int8(next())) * 2})
			}
			slices.SortFunc(ev, func(a, b Event) int { return a.Offset - b.Offset })
			e.Process(xl, xr, xl, xr, ev)
			checkClean(t, "left", xl)
			checkClean(t, "right", xr)
		}
	})
}
