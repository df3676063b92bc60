package dsp

import (
	"math"
	"math/rand/v2"
	"testing"
)

// glideFrequencies plays a 1 kHz sine, changes the time at 1 s and returns
// the output and the frequencies over [from, to) seconds.
func timeChange(t *testing.T, mode int, fromMs, toMs float64, seconds float64) []float32 {
	t.Helper()
	const sr = 48000.0
	e := newEngine(t, sr, 480, true, map[ParamID]float64{IDTime: fromMs, IDTimeMode: float64(mode)})
	n := int(seconds * sr)
	x := sine(n, 1000, sr, 0.1)
	out := make([]float32, n)
	other := make([]float32, n)
	for p := 0; p < n; p += 480 {
		var ev []Event
		if p == int(sr) {
			ev = []Event{{Offset: 0, ID: IDTime, Value: toMs}}
		}
		e.Process(x[p:p+480], x[p:p+480], out[p:p+480], other[p:p+480], ev)
	}
	return out
}

func TestRepitchGlidePitchRatio(t *testing.T) {
	const sr = 48000.0
	cases := []struct {
		name          string
		from, to      float64
		wantRatio     float64
		glideFrom     float64 // seconds of steady glide to measure
		glideTo       float64
		settledAfter  float64 // seconds after which the pitch is back to 1 kHz
		totalDuration float64
	}{
		// The delay grows 0.5 samples per sample at full speed: the tape
		// runs at half speed, an octave down.
		{"longer: half speed", 400, 1400, 0.5, 1.3, 2.5, 4.5, 6},
		// Shrinking at full speed: 1.5× speed, a fifth up.
		{"shorter: 1.5× speed", 1400, 400, 1.5, 1.5, 2.6, 4.5, 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := timeChange(t, TimeModeRepitch, c.from, c.to, c.totalDuration)
			fs := frequencies(out, int(c.glideFrom*sr), int(c.glideTo*sr), sr)
			if len(fs) < 100 {
				t.Fatalf("only %d periods measured", len(fs))
			}
			for _, f := range fs {
				if math.Abs(f/1000/c.wantRatio-1) > 0.01 {
					t.Fatalf("during the glide: %.1f Hz, want %.1f Hz (ratio %.2f) ± 1 %%", f, 1000*c.wantRatio, c.wantRatio)
				}
			}
			for _, f := range frequencies(out, int(c.settledAfter*sr), len(out), sr) {
				if math.Abs(f/1000-1) > 0.001 {
					t.Fatalf("after the glide: %.2f Hz, want 1000 Hz", f)
				}
			}
		})
	}
}

func TestCrossfadeAndJumpKeepPitch(t *testing.T) {
	const sr = 48000.0
	for _, mode := range []int{TimeModeCrossfade, TimeModeJump} {
		out := timeChange(t, mode, 400, 700, 2.5)
		// Outside the fade the pitch never moves.
		fade := int((crossfadeSeconds + 0.002) * sr)
		for _, span := range [][2]int{{int(0.5 * sr), int(sr)}, {int(sr) + fade, len(out)}} {
			for _, f := range frequencies(out, span[0], span[1], sr) {
				if math.Abs(f/1000-1) > 0.001 {
					t.Fatalf("mode %d: %.2f Hz, want 1000", mode, f)
				}
			}
		}
		// The level holds through the fade (equal power, correlated heads
		// at most +3 dB, never a hole).
		for p := int(sr) - 480; p < int(sr)+fade+480; p += 48 {
			if r := rms(out[p : p+48]); r < 0.1/math.Sqrt2*0.5 || r > 0.1/math.Sqrt2*1.5 {
				t.Fatalf("mode %d: level %.4f around sample %d", mode, r, p)
			}
		}
	}
}

func TestCrossfadeLandsOnNewDelay(t *testing.T) {
	const sr = 48000.0
	e := newEngine(t, sr, 480, true, map[ParamID]float64{IDTime: 100, IDTimeMode: TimeModeCrossfade})
	e.SetValue(IDTime, 300)
	// Let the fade finish on silence, then an impulse echoes at 300 ms.
	n := int(0.2*sr) + int(0.3*sr) + 10
	x := make([]float32, n)
	x[int(0.2*sr)] = 0.01
	ol, _ := render(e, x, x, 480)
	if got := argmax(ol); got != int(0.5*sr) {
		t.Errorf("echo at %d, want %d", got, int(0.5*sr))
	}
}

// pitchDeviation measures the largest relative frequency deviation of a
// 2 kHz sine played through e for seconds.
func pitchDeviation(t *testing.T, e *Engine, seconds float64) float64 {
	t.Helper()
	sr := e.SampleRate()
	n := int(seconds * sr)
	x := sine(n, 2000, sr, 0.05)
	ol, _ := render(e, x, x, 256)
	dev := 0.0
	for _, f := range frequencies(ol, int(0.5*sr), n, sr) {
		dev = math.Max(dev, math.Abs(f/2000-1))
	}
	return dev
}

func TestWowFlutterDepthInCents(t *testing.T) {
	cases := []struct {
		name     string
		settings map[ParamID]float64
		cents    float64
		drift    bool
	}{
		{"wow 100 % at 1 Hz", map[ParamID]float64{IDWowDepth: 100, IDWowRate: 1}, wowMaxCents, false},
		{"wow 50 % at 3 Hz", map[ParamID]float64{IDWowDepth: 50, IDWowRate: 3}, wowMaxCents / 2, false},
		{"wow 100 % at 0.5 Hz with drift", map[ParamID]float64{IDWowDepth: 100, IDWowRate: 0.5}, wowMaxCents, true},
		{"flutter 100 % at 8 Hz", map[ParamID]float64{IDFlutterDepth: 100, IDFlutterRate: 8}, flutterMaxCents, false},
		{"flutter 40 % at 20 Hz", map[ParamID]float64{IDFlutterDepth: 40, IDFlutterRate: 20}, flutterMaxCents * 0.4, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.settings[IDTime] = 300
			e := newEngine(t, 48000, 256, true, c.settings)
			if !c.drift {
				e.drift.amount = 0
			}
			want := math.Exp2(c.cents/1200) - 1
			got := pitchDeviation(t, e, 6)
			lo, hi := 0.95, 1.03
			if c.drift {
				lo, hi = 0.6, 1.1 // drift lowers the depth by up to 15 %, its own motion adds a little
			}
			if got < want*lo || got > want*hi {
				t.Errorf("peak pitch deviation %.5f (%.2f cents), want %.5f (%.2f cents)", got, 1200*math.Log2(1+got), want, c.cents)
			}
		})
	}
}

func TestFreezeHoldsLevelFor60s(t *testing.T) {
	const sr = 24000.0
	e := newEngine(t, sr, 512, false, map[ParamID]float64{IDTime: 500, IDFeedback: 60, IDMix: 100})
	n := int(62 * sr)
	x := noise(n, 0.5, 7) // the input keeps playing: freeze must mute it
	out := make([]float32, n)
	outR := make([]float32, n)
	for p := 0; p < n; p += 512 {
		q := min(n, p+512)
		var ev []Event
		if p <= int(2*sr) && int(2*sr) < q {
			ev = []Event{{Offset: int(2*sr) - p, ID: IDFreeze, Value: 1}}
		}
		e.Process(x[p:q], x[p:q], out[p:q], outR[p:q], ev)
	}
	if e.TailSamples() != math.MaxInt32 {
		t.Errorf("frozen tail %d, want infinite", e.TailSamples())
	}
	ref := rms(out[int(2.5*sr):int(3.5*sr)])
	if ref < 0.05 {
		t.Fatalf("frozen loop too quiet: %v", ref)
	}
	for s := 3; s < 62; s++ {
		r := rms(out[int(float64(s)*sr):int(float64(s+1)*sr)])
		if d := db(r / ref); math.Abs(d) > 0.5 {
			t.Fatalf("second %d: level %.2f dB from the first frozen second", s, d)
		}
	}
}

func TestFeedback120StaysBounded(t *testing.T) {
	// The stated ceiling: with Output at 0 dB the echoes never pass
	// +6 dBFS, whatever Drive, Input and Feedback do.
	const ceiling = 2.0
	const sr = 16000.0
	for _, drive := range []float64{0, 100} {
		e := newEngine(t, sr, 1024, false, map[ParamID]float64{
			IDFeedback: 120, IDDrive: drive, IDMix: 100, IDInput: 24, IDTime: 300,
		})
		n := int(60 * sr)
		x := noise(n, 1, 3)
		ol, or := render(e, x, x, 1024)
		if p := math.Max(peak(ol), peak(or)); p >= ceiling {
			t.Errorf("drive %v: peak %.3f (%.2f dBFS), want below %.1f", drive, p, db(p), ceiling)
		}
		// It grew into saturation and stayed there.
		if r := rms(ol[n-int(sr):]); r < 0.05 {
			t.Errorf("drive %v: last second only %.1f dBFS", drive, db(r))
		}
		checkClean(t, "left", ol)
	}
}

func TestBypassIsBitExactDry(t *testing.T) {
	const sr = 48000.0
	e := newEngine(t, sr, 256, false, allOn)
	x := noise(int(sr), 0.8, 11)
	y := noise(int(sr), 0.8, 12)
	x[30000], y[30001] = 1e-39, -1e-20 // a subnormal is flushed, a tiny normal kept
	ol, or := make([]float32, len(x)), make([]float32, len(x))
	for p := 0; p < len(x); p += 256 {
		q := min(len(x), p+256)
		var ev []Event
		if p == 4096 {
			ev = []Event{{Offset: 17, ID: IDBypass, Value: 1}}
		}
		e.Process(x[p:q], y[p:q], ol[p:q], or[p:q], ev)
	}
	fadeEnd := 4096 + 17 + int(smoothBypass*sr) + 1
	if ol[4096+16] == x[4096+16] {
		t.Errorf("bypass took effect before its event")
	}
	for i := fadeEnd; i < len(x); i++ {
		wantL, wantR := x[i], y[i]
		if i == 30000 {
			wantL = 0
		}
		if math.Float32bits(ol[i]) != math.Float32bits(wantL) || math.Float32bits(or[i]) != math.Float32bits(wantR) {
			t.Fatalf("sample %d: %v/%v, want the input %v/%v", i, ol[i], or[i], wantL, wantR)
		}
	}
	if e.TailSamples() != 0 {
		t.Errorf("bypassed tail %d, want 0", e.TailSamples())
	}
	// In place too.
	buf := noise(512, 0.5, 13)
	want := append([]float32(nil), buf...)
	e.Process(buf, buf, buf, buf, nil)
	for i := range buf {
		if buf[i] != want[i] {
			t.Fatalf("in place: sample %d changed", i)
		}
	}
}

func TestPingPongAlternates(t *testing.T) {
	const sr = 48000.0
	e := newEngine(t, sr, 256, true, map[ParamID]float64{IDTime: 100, IDFeedback: 50, IDStereoMode: StereoModePingPong, IDLowCut: 20, IDHighCut: 20000})
	d := int(0.1 * sr)
	x := make([]float32, 4*d+100)
	zero := make([]float32, len(x))
	x[0] = 0.02 // left only: ping-pong sums the input to mono
	ol, or := render(e, x, zero, 256)
	for k := 1; k <= 3; k++ {
		l, r := math.Abs(float64(ol[k*d])), math.Abs(float64(or[k*d]))
		onLeft := k%2 == 1
		if onLeft != (l > r) || math.Max(l, r) < 0.01*math.Pow(0.5, float64(k-1))*0.3 {
			t.Errorf("echo %d: left %.5f, right %.5f", k, l, r)
		}
	}
}

func TestDuckingLowersEchoesUnderInput(t *testing.T) {
	const sr = 48000.0
	run := func(duck float64) float64 {
		e := newEngine(t, sr, 256, true, map[ParamID]float64{IDTime: 50, IDFeedback: 80, IDDuck: duck})
		x := sine(int(sr), 500, sr, 0.5)
		ol, _ := render(e, x, x, 256)
		return rms(ol[int(0.5*sr):])
	}
	if a, b := run(0), run(100); b > a*0.05 {
		t.Errorf("full duck under a loud input: echoes %.4f, undocked %.4f", b, a)
	}
	if a, b := run(0), run(50); !(b < a*0.6 && b > a*0.4) {
		t.Errorf("half duck: echoes %.4f of %.4f", b, a)
	}
}

func TestTailSamples(t *testing.T) {
	const sr = 48000.0
	e := newEngine(t, sr, 256, true, map[ParamID]float64{IDTime: 100, IDFeedback: 50, IDAge: 30})
	tail := e.TailSamples()
	// 0.5^k < −90 dB after 15 repeats: 16 × 100 ms, plus the hiss release.
	if want := int(0.1*sr*(1+math.Log(tailFloor)/math.Log(0.5))) + int(hissReleaseSeconds*sr); math.Abs(float64(tail-want)) > 0.01*sr {
		t.Errorf("tail %d, want about %d", tail, want)
	}
	// After an impulse the output is 90 dB down by then.
	x := make([]float32, tail+int(0.2*sr))
	x[0] = 0.5
	ol, _ := render(e, x, x, 256)
	if p, late := peak(ol), peak(ol[tail:]); late > p*tailFloor {
		t.Errorf("after the tail: %.2f dB", db(late/p))
	}
	// With Input and Output boosting the echoes 24 dB, the tail still ends
	// 90 dB below the input's level (not just 60 dB below the first echo).
	boost := newEngine(t, sr, 256, true, map[ParamID]float64{IDTime: 100, IDFeedback: 50, IDInput: 12, IDOutput: 12})
	tail = boost.TailSamples()
	x = make([]float32, tail+int(0.2*sr))
	x[0] = 0.25
	ol, _ = render(boost, x, x, 256)
	if late := peak(ol[tail:]); late > 0.25*tailFloor {
		t.Errorf("boosted: after the tail %.2f dB below the input", db(late/0.25))
	}
	// Without hiss the tail is the echoes' alone.
	if got, want := newEngine(t, sr, 256, true, map[ParamID]float64{IDTime: 100, IDFeedback: 50}).TailSamples(), int(0.1*sr*(1+math.Log(tailFloor)/math.Log(0.5))); math.Abs(float64(got-want)) > 2 {
		t.Errorf("tail without hiss %d, want %d", got, want)
	}
	if got := newEngine(t, sr, 256, true, map[ParamID]float64{IDMix: 0}).TailSamples(); got != 0 {
		t.Errorf("dry-only tail %d, want 0", got)
	}
	for _, c := range []struct {
		id ParamID
		v  float64
	}{{IDFeedback, 100}, {IDFeedback, 120}, {IDFreeze, 1}} {
		e := newEngine(t, sr, 256, true, map[ParamID]float64{c.id: c.v})
		if got := e.TailSamples(); got != math.MaxInt32 {
			t.Errorf("param %d = %v: tail %d, want infinite", c.id, c.v, got)
		}
	}
}

func TestFlushEqualsEvents(t *testing.T) {
	const sr = 44100.0
	rng := rand.New(rand.NewPCG(1, 2))
	for range 10 {
		set := randomValues(rng)
		a := newEngine(t, sr, 300, false, nil)
		b := newEngine(t, sr, 300, false, nil)
		x := noise(300, 0.5, 5)
		// Run both a while with the defaults.
		oa, ob := make([]float32, 300), make([]float32, 300)
		a.Process(x, x, oa, oa, nil)
		b.Process(x, x, ob, ob, nil)
		var ev []Event
		for i := range params {
			a.SetValue(params[i].ID, set[i])
			ev = append(ev, Event{Offset: 0, ID: params[i].ID, Value: set[i]})
		}
		for k := range 20 {
			al, ar, bl, br := make([]float32, 300), make([]float32, 300), make([]float32, 300), make([]float32, 300)
			a.Process(x, x, al, ar, nil)
			if k == 0 {
				b.Process(x, x, bl, br, ev)
			} else {
				b.Process(x, x, bl, br, nil)
			}
			for i := range al {
				if al[i] != bl[i] || ar[i] != br[i] {
					t.Fatalf("block %d sample %d: flush %v/%v, events %v/%v", k, i, al[i], ar[i], bl[i], br[i])
				}
			}
		}
	}
}

func TestEventsAreSampleAccurate(t *testing.T) {
	const sr = 48000.0
	x := noise(1024, 0.5, 9)
	for _, off := range []int{0, 1, 100, 1023} {
		a := newEngine(t, sr, 1024, false, nil)
		b := newEngine(t, sr, 1024, false, nil)
		al, ar, bl, br := make([]float32, 1024), make([]float32, 1024), make([]float32, 1024), make([]float32, 1024)
		a.Process(x, x, al, ar, nil)
		b.Process(x, x, bl, br, []Event{{Offset: off, ID: IDMix, Value: 0}})
		for i := range al {
			same := al[i] == bl[i]
			if i < off && !same {
				t.Fatalf("offset %d: sample %d changed before the event", off, i)
			}
			if i == off+5 && same {
				t.Fatalf("offset %d: sample %d unchanged after the event", off, i)
			}
		}
	}
}

func TestResetSilences(t *testing.T) {
	e := newEngine(t, 48000, 512, false, map[ParamID]float64{IDFeedback: 110})
	x := noise(512, 0.5, 4)
	o := make([]float32, 512)
	for range 100 {
		e.Process(x, x, o, o, nil)
	}
	e.Reset()
	z := make([]float32, 512)
	for range 100 {
		e.Process(z, z, o, o, nil)
		if p := peak(o); p != 0 {
			t.Fatalf("after Reset and silence: peak %v (hiss must gate off too)", p)
		}
	}
}

func TestActivateValidates(t *testing.T) {
	cases := []struct {
		name   string
		sr     float64
		frames int
		ok     bool
	}{
		{"1 kHz", 1000, 1, true},
		{"768 kHz", 768000, 16384, true},
		{"largest block", 48000, MaxFrames, true},
		{"below 1 kHz", 999, 64, false},
		{"above 768 kHz", 768001, 64, false},
		{"NaN rate", math.NaN(), 64, false},
		{"infinite rate", math.Inf(1), 64, false},
		{"zero frames", 48000, 0, false},
		{"too many frames", 48000, MaxFrames + 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := NewEngine().Activate(c.sr, c.frames)
			if (err == nil) != c.ok {
				t.Fatalf("Activate(%v, %d) = %v", c.sr, c.frames, err)
			}
		})
	}
}

func TestInactiveEngineWritesSilence(t *testing.T) {
	e := NewEngine()
	o := []float32{1, 2, 3}
	e.Process([]float32{1, 1, 1}, []float32{1, 1, 1}, o, o, nil)
	if o[0] != 0 || o[2] != 0 {
		t.Errorf("inactive output %v", o)
	}
}

// randomValues returns a random value for every parameter, with a bias
// toward the ends of the ranges.
func randomValues(rng *rand.Rand) Values {
	var v Values
	for i := range params {
		p := &params[i]
		switch rng.IntN(6) {
		case 0:
			v[i] = p.Min
		case 1:
			v[i] = p.Max
		default:
			v[i] = p.Clamp(p.Min + rng.Float64()*(p.Max-p.Min))
		}
	}
	v[ParamIndexMust(IDBypass)] = 0
	return v
}

func ParamIndexMust(id ParamID) int {
	i, ok := ParamIndex(id)
	if !ok {
		panic("unknown id")
	}
	return i
}

func TestFreezeLoopIsExactlyPeriodic(t *testing.T) {
	cases := []struct {
		sr float64
		ms float64
	}{{48000, 250}, {48000, 3}, {48000, 0.5}, {1000, 1}, {1000, 5}, {1000, 70}}
	for _, c := range cases {
		p := int(math.Round(max(c.ms, 1) * c.sr / 1000)) // Time is at least 1 ms
		if p < 1 {
			p = 1
		}
		e := newEngine(t, c.sr, 128, true, map[ParamID]float64{IDTime: c.ms, IDFeedback: 70, IDHighCut: 3000})
		n := max(20*p, int(0.2*c.sr)) + 40*p + int(c.sr/2)
		x := noise(n, 0.3, 21)
		ol, or := make([]float32, n), make([]float32, n)
		freezeAt := n / 3
		for q := 0; q < n; q += 128 {
			end := min(n, q+128)
			var ev []Event
			if q <= freezeAt && freezeAt < end {
				ev = []Event{{Offset: freezeAt - q, ID: IDFreeze, Value: 1}}
			}
			e.Process(x[q:end], x[q:end], ol[q:end], or[q:end], ev)
		}
		settled := freezeAt + int(smoothFreeze*c.sr) + 2*p + 2
		if rms(ol[settled:]) < 1e-3 {
			t.Fatalf("sr %v, %v ms: frozen loop is silent", c.sr, c.ms)
		}
		// The tape holds the same loop, bit for bit, over and over.
		for d := 0; d < min(n-settled, e.tape[0].Capacity())-p; d++ {
			for ch, tape := range e.tape {
				if a, b := tape.Read(d), tape.Read(d+p); a != b {
					t.Fatalf("sr %v, %v ms: tape %d at delay %d = %v, one loop (%d) older %v", c.sr, c.ms, ch, d, a, p, b)
				}
			}
		}
		// And the output repeats with it (to rounding of the DC blocker).
		for i := settled + int(c.sr/5); i < n; i++ {
			if math.Abs(float64(ol[i]-ol[i-p])) > 1e-4 || math.Abs(float64(or[i]-or[i-p])) > 1e-4 {
				t.Fatalf("sr %v, %v ms: sample %d = %v, one loop (%d) earlier %v", c.sr, c.ms, i, ol[i], p, ol[i-p])
			}
		}
	}
}
