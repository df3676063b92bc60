package instance

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"

	"rill/dsp"
)

const testRate = 48000

// activated returns an instance activated at 48 kHz for blocks up to maxFrames.
func activated(t testing.TB, maxFrames uint32) *Instance {
	t.Helper()
	i := New()
	if err := i.Activate(testRate, 1, maxFrames); err != nil {
		t.Fatalf("activate: %v", err)
	}
	if !i.StartProcessing() {
		t.Fatal("start processing refused")
	}
	return i
}

// noise fills s with uniform noise in [-1, 1).
func noise(r *rand.Rand, s []float32) {
	for k := range s {
		s[k] = float32(r.Float64()*2 - 1)
	}
}

// stereo returns two channels of n frames.
func stereo(n int) (l, r []float32) { return make([]float32, n), make([]float32, n) }

func checkClean(t *testing.T, name string, s []float32) {
	t.Helper()
	for k, x := range s {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			t.Fatalf("%s[%d] = %v, want finite", name, k, x)
		}
		if x != 0 && math.Abs(float64(x)) < smallestNormal {
			t.Fatalf("%s[%d] = %v is subnormal", name, k, x)
		}
	}
}

func TestTable(t *testing.T) {
	var tab Table
	a, b := New(), New()
	ha, err := tab.Add(a)
	if err != nil {
		t.Fatal(err)
	}
	hb, err := tab.Add(b)
	if err != nil {
		t.Fatal(err)
	}
	if ha <= 0 || hb <= 0 || ha == hb {
		t.Fatalf("handles %d, %d: want distinct positive", ha, hb)
	}
	if tab.Get(ha) != a || tab.Get(hb) != b {
		t.Fatal("Get returned the wrong instance")
	}
	if tab.Remove(ha) != a || tab.Get(ha) != nil || tab.Remove(ha) != nil {
		t.Fatal("removed handle still resolves")
	}
	hc, _ := tab.Add(New())
	if hc == ha {
		t.Fatal("a reused slot gave the stale handle again")
	}
	if tab.Get(ha) != nil {
		t.Fatal("stale handle resolves to the slot's new instance")
	}
	for _, h := range []Handle{0, -1, 1, 1 << 30} {
		if tab.Get(h) != nil || tab.Remove(h) != nil {
			t.Errorf("bogus handle %d resolves", h)
		}
	}
	if tab.Len() != 2 {
		t.Fatalf("Len = %d, want 2", tab.Len())
	}
}

func TestTableFull(t *testing.T) {
	var tab Table
	inst := New()
	for range MaxInstances {
		if _, err := tab.Add(inst); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tab.Add(inst); !errors.Is(err, ErrTableFull) {
		t.Fatalf("Add on a full table: %v, want ErrTableFull", err)
	}
}

func TestActivate(t *testing.T) {
	tests := []struct {
		name      string
		rate      float64
		maxFrames uint32
		ok        bool
	}{
		{"48k", 48000, 512, true},
		{"1k", 1000, 1, true},
		{"768k", 768000, 16384, true},
		{"huge block is split", 44100, 1 << 20, true},
		{"zero max frames", 44100, 0, true},
		{"rate too low", 999, 512, false},
		{"rate NaN", math.NaN(), 512, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i := New()
			err := i.Activate(tc.rate, 1, tc.maxFrames)
			if (err == nil) != tc.ok {
				t.Fatalf("Activate(%v, %d) = %v, want ok %v", tc.rate, tc.maxFrames, err, tc.ok)
			}
			if i.Active() != tc.ok {
				t.Fatalf("Active = %v after activate", i.Active())
			}
			if tc.ok {
				if err := i.Activate(tc.rate, 1, tc.maxFrames); !errors.Is(err, ErrActive) {
					t.Fatalf("second Activate: %v, want ErrActive", err)
				}
				i.Deactivate()
				if i.Active() {
					t.Fatal("still active after Deactivate")
				}
				if err := i.Activate(tc.rate, 1, tc.maxFrames); err != nil {
					t.Fatalf("re-activate: %v", err)
				}
			}
		})
	}
}

func TestProcessBuffers(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name    string
		frames  int
		inPlace bool
		monoIn  bool
		noInput bool
		monoOut bool
		garbage bool
	}{
		{name: "out of place", frames: 512},
		{name: "in place", frames: 512, inPlace: true},
		{name: "mono input", frames: 256, monoIn: true},
		{name: "no input", frames: 256, noInput: true},
		{name: "mono output", frames: 256, monoOut: true},
		{name: "one frame", frames: 1},
		{name: "longer than max frames", frames: 3000},
		{name: "NaN and Inf input", frames: 512, garbage: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i := activated(t, 1024)
			inL, inR := stereo(tc.frames)
			noise(r, inL)
			noise(r, inR)
			if tc.garbage {
				inL[3], inR[5], inL[7] = float32(math.NaN()), float32(math.Inf(1)), 1e-40
			}
			keepL, keepR := append([]float32(nil), inL...), append([]float32(nil), inR...)
			outL, outR := stereo(tc.frames)
			if tc.inPlace {
				outL, outR = inL, inR
			}
			b := Block{InL: inL, InR: inR, OutL: outL, OutR: outR, Frames: tc.frames}
			if tc.monoIn {
				b.InR = nil
			}
			if tc.noInput {
				b.InL, b.InR = nil, nil
			}
			if tc.monoOut {
				b.OutR = nil
			}
			for range 3 {
				if st := i.Process(&b); st == StatusError {
					t.Fatal("process returned error")
				}
			}
			checkClean(t, "outL", outL)
			if !tc.monoOut {
				checkClean(t, "outR", outR)
			}
			if !tc.inPlace {
				if !equalBits(inL, keepL) || !equalBits(inR, keepR) {
					t.Fatal("out-of-place process wrote into the input")
				}
			}
		})
	}
}

func equalBits(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if math.Float32bits(a[k]) != math.Float32bits(b[k]) {
			return false
		}
	}
	return true
}

func TestProcessInactive(t *testing.T) {
	i := New()
	outL, outR := stereo(64)
	outL[0], outR[9] = 1, 1
	b := Block{OutL: outL, OutR: outR, Frames: 64}
	if st := i.Process(&b); st != StatusError {
		t.Fatalf("status %d, want error on an inactive instance", st)
	}
	if outL[0] != 0 || outR[9] != 0 {
		t.Fatal("inactive process left garbage in the output")
	}
}

func TestZeroFrameProcessAppliesEvents(t *testing.T) {
	i := activated(t, 256)
	b := Block{Events: []HostEvent{{Kind: EventParamValue, ParamID: uint32(dsp.IDMix), Value: 77}}}
	if st := i.Process(&b); st == StatusError {
		t.Fatal("0-frame process failed")
	}
	if v, _ := i.Value(uint32(dsp.IDMix)); v != 77 {
		t.Fatalf("mix = %v after a 0-frame process, want 77", v)
	}
}

func TestParamEvents(t *testing.T) {
	mix, fb := uint32(dsp.IDMix), uint32(dsp.IDFeedback)
	tests := []struct {
		name   string
		events []HostEvent
		id     uint32
		want   float64
	}{
		{"value", []HostEvent{{Kind: EventParamValue, ParamID: mix, Value: 12}}, mix, 12},
		{"last wins", []HostEvent{{Offset: 1, Kind: EventParamValue, ParamID: mix, Value: 12}, {Offset: 9, Kind: EventParamValue, ParamID: mix, Value: 60}}, mix, 60},
		{"clamped above", []HostEvent{{Kind: EventParamValue, ParamID: mix, Value: 1e9}}, mix, 100},
		{"clamped below", []HostEvent{{Kind: EventParamValue, ParamID: fb, Value: -5}}, fb, 0},
		{"NaN ignored", []HostEvent{{Kind: EventParamValue, ParamID: mix, Value: math.NaN()}}, mix, 35},
		{"Inf ignored", []HostEvent{{Kind: EventParamValue, ParamID: mix, Value: math.Inf(-1)}}, mix, 35},
		{"unknown id ignored", []HostEvent{{Kind: EventParamValue, ParamID: 9999, Value: 1}}, mix, 35},
		{"modulation is not stored", []HostEvent{{Kind: EventParamMod, ParamID: mix, Value: 20}}, mix, 35},
		{"offset past the block", []HostEvent{{Offset: 1 << 30, Kind: EventParamValue, ParamID: mix, Value: 5}}, mix, 5},
		{"unknown kind ignored", []HostEvent{{Kind: 77, ParamID: mix, Value: 5}}, mix, 35},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i := activated(t, 128)
			outL, outR := stereo(128)
			b := Block{OutL: outL, OutR: outR, Frames: 128, Events: tc.events}
			i.Process(&b)
			if got, ok := i.Value(tc.id); !ok || got != tc.want {
				t.Fatalf("value of %d = %v (%v), want %v", tc.id, got, ok, tc.want)
			}
		})
	}
}

func TestModulationReachesEngine(t *testing.T) {
	i := activated(t, 64)
	mix := uint32(dsp.IDMix)
	b := Block{Frames: 64, Events: []HostEvent{
		{Kind: EventParamValue, ParamID: mix, Value: 40},
		{Offset: 10, Kind: EventParamMod, ParamID: mix, Value: 15},
	}}
	i.Process(&b)
	if got := i.engine.Value(dsp.IDMix); got != 55 {
		t.Fatalf("engine hears mix %v, want value + modulation = 55", got)
	}
	b.Events = []HostEvent{{Kind: EventParamValue, ParamID: mix, Value: 90}}
	i.Process(&b)
	if got := i.engine.Value(dsp.IDMix); got != 100 {
		t.Fatalf("engine hears mix %v, want 90 + 15 clamped to 100", got)
	}
	if v, _ := i.Value(mix); v != 90 {
		t.Fatalf("host sees mix %v, want 90 (modulation not stored)", v)
	}
}

// TestFlushMatchesProcess sends the same random events through Flush and through
// Process and checks both instances end with the same values, host- and engine-side.
func TestFlushMatchesProcess(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	params := dsp.Params()
	for round := range 50 {
		events := make([]HostEvent, 0, 40)
		for k := 0; k < 40; k++ {
			p := &params[r.IntN(len(params))]
			kind := uint32(EventParamValue)
			if p.Modulatable && r.IntN(4) == 0 {
				kind = EventParamMod
			}
			events = append(events, HostEvent{Offset: uint32(k), Kind: kind, ParamID: uint32(p.ID), Value: p.Min + r.Float64()*(p.Max-p.Min)})
		}
		viaFlush, viaProcess := activated(t, 64), activated(t, 64)
		viaFlush.Flush(events, nil)
		b := Block{Frames: 64, Events: events}
		viaProcess.Process(&b)
		for _, p := range params {
			a, _ := viaFlush.Value(uint32(p.ID))
			c, _ := viaProcess.Value(uint32(p.ID))
			if a != c {
				t.Fatalf("round %d, %s: flush %v, process %v", round, p.Key, a, c)
			}
			if ea, ec := viaFlush.engine.Value(p.ID), viaProcess.engine.Value(p.ID); ea != ec {
				t.Fatalf("round %d, %s: engine after flush %v, after process %v", round, p.Key, ea, ec)
			}
		}
	}
}

func TestFlushInactive(t *testing.T) {
	i := New()
	i.Flush([]HostEvent{{Kind: EventParamValue, ParamID: uint32(dsp.IDTime), Value: 250}}, nil)
	if v, _ := i.Value(uint32(dsp.IDTime)); v != 250 {
		t.Fatalf("time = %v after an inactive flush, want 250", v)
	}
	if err := i.Activate(testRate, 1, 64); err != nil {
		t.Fatal(err)
	}
	if got := i.engine.Value(dsp.IDTime); got != 250 {
		t.Fatalf("engine time = %v after activation, want the flushed 250", got)
	}
}

func TestDefaults(t *testing.T) {
	i := New()
	for _, p := range dsp.Params() {
		if v, ok := i.Value(uint32(p.ID)); !ok || v != p.Default {
			t.Errorf("%s = %v, want default %v", p.Key, v, p.Default)
		}
	}
	if _, ok := i.Value(0); ok {
		t.Error("id 0 has a value")
	}
}

func TestTransportSplitsBlock(t *testing.T) {
	i := activated(t, 256)
	b := Block{Frames: 256, Transport: TransportOf(TransportHasTempo, 90), Events: []HostEvent{
		{Offset: 100, Kind: EventTransport, Flags: TransportHasTempo | TransportIsPlaying, Value: 140},
		{Offset: 100, Kind: EventParamValue, ParamID: uint32(dsp.IDMix), Value: 10},
		{Offset: 200, Kind: EventTransport, Flags: 0},
	}}
	if st := i.Process(&b); st == StatusError {
		t.Fatal("process failed")
	}
	if v, _ := i.Value(uint32(dsp.IDMix)); v != 10 {
		t.Fatalf("mix = %v, want 10", v)
	}
}

func TestTransportOf(t *testing.T) {
	tests := []struct {
		name  string
		flags uint32
		tempo float64
		want  dsp.Transport
	}{
		{"free running", 0, 0, dsp.Transport{}},
		{"tempo", TransportHasTempo, 133, dsp.Transport{HasTempo: true, Tempo: 133}},
		{"playing", TransportHasTempo | TransportIsPlaying, 90, dsp.Transport{HasTempo: true, Tempo: 90, Playing: true}},
		{"tempo flag without tempo", TransportHasTempo, 0, dsp.Transport{}},
		{"NaN tempo", TransportHasTempo, math.NaN(), dsp.Transport{}},
		{"Inf tempo", TransportHasTempo, math.Inf(1), dsp.Transport{}},
		{"tempo without flag", 0, 120, dsp.Transport{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := TransportOf(tc.flags, tc.tempo); got != tc.want {
				t.Fatalf("TransportOf(%#x, %v) = %+v, want %+v", tc.flags, tc.tempo, got, tc.want)
			}
		})
	}
}

func TestDecideStatus(t *testing.T) {
	tests := []struct {
		name            string
		inSilent        bool
		silentRun, tail int
		decayed         bool
		want            Status
	}{
		{"input playing", false, 0, 1000, false, StatusContinue},
		{"input playing, quiet output", false, 0, 1000, true, StatusContinue},
		{"ringing out", true, 500, 1000, false, StatusTail},
		{"ringing out, already quiet", true, 500, 1000, true, StatusTail},
		{"tail over, decayed", true, 1001, 1000, true, StatusSleep},
		{"tail over, still sounding", true, 1001, 1000, false, StatusContinueIfNotQuiet},
		{"endless tail", true, 1 << 30, math.MaxInt32, true, StatusContinue},
		{"no tail", true, 64, 0, true, StatusSleep},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := decideStatus(tc.inSilent, tc.silentRun, tc.tail, tc.decayed); got != tc.want {
				t.Fatalf("decideStatus = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestSilenceSleeps feeds silence with feedback and freeze off: the status must reach
// SLEEP once the engine's tail has passed, with the output marked constant.
func TestSilenceSleeps(t *testing.T) {
	i := activated(t, 512)
	i.Flush([]HostEvent{
		{Kind: EventParamValue, ParamID: uint32(dsp.IDFeedback), Value: 0},
		{Kind: EventParamValue, ParamID: uint32(dsp.IDFreeze), Value: 0},
	}, nil)
	inL, inR := stereo(512)
	outL, outR := stereo(512)
	b := Block{InL: inL, InR: inR, OutL: outL, OutR: outR, Frames: 512, InConstant: 3}
	tail := int(i.TailSamples())
	if tail >= math.MaxInt32 {
		// An engine that claims an endless tail at 0 % feedback must never sleep.
		for range 10 {
			if st := i.Process(&b); st != StatusContinue {
				t.Fatalf("status %d with an endless tail, want continue", st)
			}
		}
		return
	}
	var st Status
	for n := 0; n < tail+10*512 && st != StatusSleep; n += 512 {
		st = i.Process(&b)
	}
	if st != StatusSleep {
		t.Fatalf("status %d after %d samples of silence (tail %d), want sleep", st, tail+10*512, tail)
	}
	if b.OutConstant != 3 {
		t.Fatalf("output constant mask %b while sleeping, want 11", b.OutConstant)
	}
	noise(rand.New(rand.NewPCG(5, 6)), inL)
	b.InConstant = 0 // no longer constant
	if st := i.Process(&b); st != StatusContinue {
		t.Fatalf("status %d with input, want continue", st)
	}
}

func TestSanitize(t *testing.T) {
	s := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 1e-40, -1e-40, 0.5, float32(math.Copysign(0, -1))}
	if c, _ := sanitize(s); c {
		t.Fatal("a channel holding 0.5 reported constant")
	}
	want := []float32{0, 0, 0, 0, 0, 0.5, 0}
	if !equalBits(s, want) {
		t.Fatalf("sanitized %v, want %v", s, want)
	}
	if c, p := sanitize([]float32{0.25, -0.5, 0.25}); c || p != 0.5 {
		t.Fatalf("sanitize of 0.25, -0.5, 0.25: constant %v, peak %v, want false, 0.5", c, p)
	}
	if c, _ := sanitize([]float32{0.25, 0.25, 0.25}); !c {
		t.Fatal("constant channel not reported")
	}
}

func TestState(t *testing.T) {
	a := activated(t, 64)
	a.Flush([]HostEvent{
		{Kind: EventParamValue, ParamID: uint32(dsp.IDTime), Value: 321},
		{Kind: EventParamValue, ParamID: uint32(dsp.IDStereoMode), Value: 1},
	}, nil)
	buf := make([]byte, StateSize)
	n, err := a.SaveState(buf)
	if err != nil || n != StateSize {
		t.Fatalf("save: %d bytes, %v", n, err)
	}
	b := New()
	if err := b.LoadState(buf[:n]); err != nil {
		t.Fatalf("load: %v", err)
	}
	for _, p := range dsp.Params() {
		va, _ := a.Value(uint32(p.ID))
		vb, _ := b.Value(uint32(p.ID))
		if va != vb {
			t.Errorf("%s: saved %v, loaded %v", p.Key, va, vb)
		}
	}
	again := make([]byte, StateSize)
	if m, err := b.SaveState(again); err != nil || !bytes.Equal(again[:m], buf[:n]) {
		t.Fatalf("re-save differs (%v)", err)
	}
	if _, err := a.SaveState(make([]byte, StateSize-1)); err == nil {
		t.Fatal("save into a short buffer succeeded")
	}
}

func TestLoadStateRejects(t *testing.T) {
	good := make([]byte, StateSize)
	n, _ := New().SaveState(good)
	flipped := append([]byte(nil), good[:n]...)
	flipped[n/2] ^= 0x40
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"one byte", []byte{1}},
		{"truncated", good[:n-1]},
		{"bit flip", flipped},
		{"text", []byte("hello, this is not a state at all")},
		{"random megabyte", func() []byte {
			b := make([]byte, 1<<20)
			r := rand.New(rand.NewPCG(7, 8))
			for k := range b {
				b[k] = byte(r.Uint32())
			}
			return b
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i := New()
			i.Flush([]HostEvent{{Kind: EventParamValue, ParamID: uint32(dsp.IDMix), Value: 66}}, nil)
			if err := i.LoadState(tc.in); err == nil {
				t.Fatal("bad state loaded")
			}
			if v, _ := i.Value(uint32(dsp.IDMix)); v != 66 {
				t.Fatalf("a rejected load changed mix to %v", v)
			}
		})
	}
}

func TestLoadWhileActive(t *testing.T) {
	src := New()
	src.Flush([]HostEvent{{Kind: EventParamValue, ParamID: uint32(dsp.IDTime), Value: 1234}}, nil)
	st := make([]byte, StateSize)
	n, _ := src.SaveState(st)

	i := activated(t, 64)
	i.Process(&Block{Frames: 64, Events: []HostEvent{{Kind: EventParamMod, ParamID: uint32(dsp.IDTime), Value: 10}}})
	if err := i.LoadState(st[:n]); err != nil {
		t.Fatal(err)
	}
	if v, _ := i.Value(uint32(dsp.IDTime)); v != 1234 {
		t.Fatalf("get_value after load = %v, want 1234 at once", v)
	}
	i.Process(&Block{Frames: 64})
	if got := i.engine.Value(dsp.IDTime); got != 1234 {
		t.Fatalf("engine time %v after the next process, want 1234 (modulation dropped)", got)
	}
}

func TestEditsBecomeOutputEvents(t *testing.T) {
	i := activated(t, 64)
	id := uint32(dsp.IDFeedback)
	for _, e := range []Edit{{Kind: EditBegin, ParamID: id}, {Kind: EditValue, ParamID: id, Value: 70}, {Kind: EditEnd, ParamID: id}} {
		if !i.QueueEdit(e) {
			t.Fatal("edit queue refused")
		}
	}
	out := make([]HostEvent, 2) // room for two: the third waits
	b := Block{Frames: 64, Out: out}
	i.Process(&b)
	if b.OutCount != 2 || out[0].Kind != EventGestureBegin || out[1].Kind != EventParamValue || out[1].Value != 70 {
		t.Fatalf("first block out events %+v (%d)", out, b.OutCount)
	}
	if v, _ := i.Value(id); v != 70 {
		t.Fatalf("feedback %v after the edit, want 70", v)
	}
	if n := i.Flush(nil, out); n != 1 || out[0].Kind != EventGestureEnd || out[0].ParamID != id {
		t.Fatalf("flush out events %+v (%d), want gesture end", out[:n], n)
	}
}

func TestTailLatencyRender(t *testing.T) {
	i := New()
	i.SetOffline(true)
	_ = i.TailSamples()
	if i.LatencySamples() != uint32(i.engine.LatencySamples()) {
		t.Fatal("latency differs from the engine's")
	}
	if err := i.Activate(testRate, 1, 64); err != nil {
		t.Fatal(err)
	}
	i.SetOffline(false)
	i.Process(&Block{Frames: 64})
	if got, want := i.TailSamples(), clampTail(int64(i.engine.TailSamples())); got != want {
		t.Fatalf("tail %d, engine says %d", got, want)
	}
}

func TestParamInfo(t *testing.T) {
	seen := map[uint32]bool{}
	for k := range ParamCount() {
		info, ok := ParamInfoAt(k)
		if !ok {
			t.Fatalf("no info at %d", k)
		}
		if seen[info.ID] {
			t.Fatalf("duplicate id %d", info.ID)
		}
		seen[info.ID] = true
		if !(info.Min <= info.Default && info.Default <= info.Max) || math.IsInf(info.Max-info.Min, 0) {
			t.Errorf("%s: range %v..%v default %v", info.Name, info.Min, info.Max, info.Default)
		}
		if info.Name == "" || info.Module == "" {
			t.Errorf("param %d: blank name or module", info.ID)
		}
		if info.Flags&ParamIsEnum != 0 && info.Flags&ParamIsStepped == 0 {
			t.Errorf("%s: enum without stepped", info.Name)
		}
	}
	if _, ok := ParamInfoAt(ParamCount()); ok {
		t.Fatal("info past the end")
	}
	if _, ok := ParamInfoAt(-1); ok {
		t.Fatal("info at -1")
	}
	bypass, _ := dsp.ParamByID(dsp.IDBypass)
	if f := ParamFlags(bypass); f&ParamIsBypass == 0 || f&ParamIsStepped == 0 {
		t.Fatalf("bypass flags %#x", f)
	}
}

// TestTextRoundTrip checks value→text→value for every parameter at min, max,
// default and a few values between.
func TestTextRoundTrip(t *testing.T) {
	buf := make([]byte, 64)
	for _, p := range dsp.Params() {
		for _, v := range []float64{p.Min, p.Max, p.Default, p.Min + (p.Max-p.Min)/3} {
			v = p.Clamp(v)
			if !ValueToText(uint32(p.ID), v, buf) {
				t.Fatalf("%s: no text for %v", p.Key, v)
			}
			text := string(buf[:bytes.IndexByte(buf, 0)])
			back, ok := TextToValue(uint32(p.ID), text)
			if !ok {
				t.Fatalf("%s: %q does not parse back", p.Key, text)
			}
			if p.Format(back) != text {
				t.Fatalf("%s: %v → %q → %v → %q", p.Key, v, text, back, p.Format(back))
			}
		}
	}
	if ValueToText(9999, 1, buf) || ValueToText(uint32(dsp.IDMix), math.NaN(), buf) {
		t.Fatal("text for an unknown id or NaN")
	}
	if _, ok := TextToValue(uint32(dsp.IDMix), "banana"); ok {
		t.Fatal("banana parsed")
	}
}

func TestCopyCString(t *testing.T) {
	tests := []struct {
		name string
		s    string
		size int
		want string
	}{
		{"fits", "12 ms", 16, "12 ms"},
		{"exact", "abc", 4, "abc"},
		{"cut", "abcdef", 4, "abc"},
		{"cut before a multi-byte rune", "ab\u00b5s", 4, "ab"},
		{"one byte", "abc", 1, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dst := bytes.Repeat([]byte{0xff}, tc.size)
			n := CopyCString(dst, tc.s)
			if string(dst[:n]) != tc.want || dst[n] != 0 {
				t.Fatalf("got %q (n %d, terminator %#x), want %q", dst[:n], n, dst[n], tc.want)
			}
		})
	}
}

// allocMeter reads the Go runtime's cumulative heap allocation counters through
// runtime/metrics. Small allocations reach those counters only when a per-P cache
// is flushed, so every reading flushes first (runtime.ReadMemStats does, without a
// GC); and the measured window runs with the GC off, because a GC cycle makes the
// runtime itself allocate (its timers), which would blame the code under test.
type allocMeter struct {
	samples []metrics.Sample
	ms      runtime.MemStats
	gc      int
}

func newAllocMeter() *allocMeter {
	m := &allocMeter{samples: []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/heap/allocs:objects"}}}
	metrics.Read(m.samples) // sets itself up on its first call
	return m
}

// start flushes, stops the GC and returns the counters.
func (m *allocMeter) start() (bytes, objects uint64) {
	runtime.GC()
	m.gc = debug.SetGCPercent(-1)
	return m.read()
}

// stop returns the counters and restarts the GC.
func (m *allocMeter) stop() (bytes, objects uint64) {
	b, o := m.read()
	debug.SetGCPercent(m.gc)
	return b, o
}

func (m *allocMeter) read() (bytes, objects uint64) {
	runtime.ReadMemStats(&m.ms)
	metrics.Read(m.samples)
	return m.samples[0].Value.Uint64(), m.samples[1].Value.Uint64()
}

var sink []byte

// TestAllocMeterSeesSmallAllocations proves the meter is not blind: one small
// allocation in the window shows up.
func TestAllocMeterSeesSmallAllocations(t *testing.T) {
	m := newAllocMeter()
	b0, o0 := m.start()
	sink = make([]byte, 24)
	b1, o1 := m.stop()
	if o1-o0 < 1 || b1-b0 < 24 {
		t.Fatalf("one 24-byte allocation measured as %d bytes in %d objects", b1-b0, o1-o0)
	}
}

// TestNoAllocationAfterActivate is the allocation proof: 10,000 process calls with
// parameter, modulation and transport events, plus get_value, value-to-text, flush,
// tail and state save/load into preallocated buffers, must not allocate at all
// (runtime/metrics).
func TestNoAllocationAfterActivate(t *testing.T) {
	i := activated(t, 256)
	r := rand.New(rand.NewPCG(9, 10))
	inL, inR := stereo(256)
	outL, outR := stereo(256)
	noise(r, inL)
	noise(r, inR)
	params := dsp.Params()
	events := make([]HostEvent, 64)
	for k := range events {
		p := &params[r.IntN(len(params))]
		events[k] = HostEvent{Offset: uint32(k * 4), Kind: EventParamValue, ParamID: uint32(p.ID), Value: p.Min + r.Float64()*(p.Max-p.Min)}
		if k%9 == 0 {
			events[k].Kind = EventParamMod
		}
		if k%17 == 0 {
			events[k] = HostEvent{Offset: uint32(k * 4), Kind: EventTransport, Flags: TransportHasTempo | TransportIsPlaying, Value: 100 + float64(k)}
		}
	}
	out := make([]HostEvent, 16)
	state := make([]byte, StateSize)
	text := make([]byte, 256) // the host's CLAP_NAME_SIZE buffer
	b := Block{InL: inL, InR: inR, OutL: outL, OutR: outR, Transport: TransportOf(TransportHasTempo, 120), Out: out}

	work := func(n int) {
		b.Frames = 1 + n%256
		b.Events = events[:n%len(events)]
		for k := range b.Events {
			b.Events[k].Offset = min(b.Events[k].Offset, uint32(b.Frames-1))
		}
		i.Process(&b)
		for _, p := range params {
			v, ok := i.Value(uint32(p.ID))
			if !ok {
				panic("no value")
			}
			if n%10 == 0 && !ValueToText(uint32(p.ID), v, text) {
				panic("no text")
			}
		}
		if n%100 == 0 {
			i.StopProcessing()
			i.Flush(events[:8], out)
			_ = i.TailSamples()
			_ = i.LatencySamples()
			sz, err := i.SaveState(state)
			if err != nil {
				panic(err)
			}
			if err := i.LoadState(state[:sz]); err != nil {
				panic(err)
			}
			i.QueueEdit(Edit{Kind: EditValue, ParamID: uint32(dsp.IDMix), Value: 50})
			i.StartProcessing()
		}
		if n%1000 == 0 {
			i.Reset()
		}
	}
	work(0) // first calls may size lazily-initialised runtime state
	m := newAllocMeter()
	b0, o0 := m.start()
	for n := 1; n <= 10000; n++ {
		work(n)
	}
	b1, o1 := m.stop()
	if b1 != b0 || o1 != o0 {
		t.Fatalf("10,000 blocks allocated %d bytes in %d objects, want none", b1-b0, o1-o0)
	}
}

func TestAllocsPerRun(t *testing.T) {
	i := activated(t, 128)
	inL, inR := stereo(128)
	noise(rand.New(rand.NewPCG(11, 12)), inL)
	events := []HostEvent{{Offset: 3, Kind: EventParamValue, ParamID: uint32(dsp.IDMix), Value: 20}, {Offset: 50, Kind: EventTransport, Flags: TransportHasTempo, Value: 99}}
	b := Block{InL: inL, InR: inR, OutL: inL, OutR: inR, Frames: 128, Events: events, Out: make([]HostEvent, 4)}
	state := make([]byte, StateSize)
	n, _ := i.SaveState(state)
	tests := []struct {
		name string
		f    func()
	}{
		{"Process", func() { i.Process(&b) }},
		{"Flush", func() { i.Flush(events, b.Out) }},
		{"Value", func() { i.Value(uint32(dsp.IDTime)) }},
		{"SaveState", func() { _, _ = i.SaveState(state) }},
		{"LoadState", func() { _ = i.LoadState(state[:n]) }},
		{"Reset", func() { i.Reset() }},
		{"TailSamples", func() { i.TailSamples() }},
		{"ParamInfoAt", func() { ParamInfoAt(3) }},
		{"ValueToText", func() { ValueToText(uint32(dsp.IDHighCut), 2500, state) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if a := testing.AllocsPerRun(200, tc.f); a != 0 {
				t.Fatalf("%s allocates %v times per call", tc.name, a)
			}
		})
	}
}

func BenchmarkProcess256(b *testing.B) {
	i := activated(b, 256)
	inL, inR := stereo(256)
	noise(rand.New(rand.NewPCG(13, 14)), inL)
	noise(rand.New(rand.NewPCG(15, 16)), inR)
	outL, outR := stereo(256)
	blk := Block{InL: inL, InR: inR, OutL: outL, OutR: outR, Frames: 256,
		Events: []HostEvent{{Offset: 10, Kind: EventParamValue, ParamID: uint32(dsp.IDMix), Value: 40}}}
	b.ReportAllocs()
	for b.Loop() {
		i.Process(&blk)
	}
}

// TestMainThreadDuringProcessing runs the main-thread calls hosts make while audio
// is processing (values, state save/load, tail, latency, render mode, editor edits)
// against an audio goroutine; under -race it proves they share nothing unsafely.
func TestMainThreadDuringProcessing(t *testing.T) {
	i := activated(t, 256)
	done := make(chan struct{})
	go func() {
		defer close(done)
		inL, inR := stereo(256)
		noise(rand.New(rand.NewPCG(17, 18)), inL)
		b := Block{InL: inL, InR: inR, OutL: inL, OutR: inR, Frames: 256, Out: make([]HostEvent, 8),
			Events: []HostEvent{{Offset: 7, Kind: EventParamValue, ParamID: uint32(dsp.IDTime), Value: 200}}}
		for n := range 2000 {
			b.Events[0].Value = float64(100 + n%500)
			if i.Process(&b) == StatusError {
				panic("process failed")
			}
		}
	}()
	state := make([]byte, StateSize)
	for n := 0; ; n++ {
		select {
		case <-done:
			return
		default:
		}
		if _, ok := i.Value(uint32(dsp.IDTime)); !ok {
			t.Fatal("no value")
		}
		m, err := i.SaveState(state)
		if err != nil {
			t.Fatal(err)
		}
		if err := i.LoadState(state[:m]); err != nil {
			t.Fatal(err)
		}
		_ = i.TailSamples()
		_ = i.LatencySamples()
		i.SetOffline(n%2 == 0)
		i.QueueEdit(Edit{Kind: EditValue, ParamID: uint32(dsp.IDMix), Value: float64(n % 100)})
	}
}

// TestSleepAfterEchoDecays plays a burst of noise at the defaults (feedback on), then
// silence, and follows the status block by block: it must never be SLEEP while the
// output still carries the echo (above -100 dBFS), and must be SLEEP soon after the
// echo has gone: within the tail (a quiet burst, whose echo is inaudible once the tail
// is over) or within two loops of the echo falling silent at the output (a loud burst,
// whose echo outlasts the -60 dB tail; the tape loop, which the output hears through
// the mix, falls silent up to a loop later).
func TestSleepAfterEchoDecays(t *testing.T) {
	tests := []struct {
		name  string
		level float32 // burst amplitude
	}{
		{"quiet burst (-50 dBFS)", 0.003},
		{"loud burst (0 dBFS)", 1},
	}
	const block = 512
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i := activated(t, block)
			inL, inR := stereo(block)
			outL, outR := stereo(block)
			b := Block{InL: inL, InR: inR, OutL: outL, OutR: outR, Frames: block}
			r := rand.New(rand.NewPCG(7, 8))
			for range testRate / 2 / block { // half a second of noise
				noise(r, inL)
				for k := range inL {
					inL[k] *= tc.level
				}
				copy(inR, inL)
				b.InConstant = 0
				if st := i.Process(&b); st != StatusContinue {
					t.Fatalf("status %d while playing, want continue", st)
				}
			}
			clear(inL)
			clear(inR)
			b.InConstant = 3
			tail := int(i.TailSamples())
			span := i.loopSpan(tail)
			lastLoud, sleptAt := -1, -1
			for n := 0; n < 60*testRate; n += block {
				st := i.Process(&b)
				peak := float32(0)
				for k := range block {
					peak = max(peak, outL[k], -outL[k], outR[k], -outR[k])
				}
				if peak >= quietLevel {
					lastLoud = n + block
				}
				if st == StatusSleep {
					sleptAt = n + block
					break
				}
				want := StatusTail
				if n+block > tail {
					want = StatusContinueIfNotQuiet
				}
				if st != want {
					t.Fatalf("status %d after %d samples of silence (tail %d), want %d", st, n+block, tail, want)
				}
			}
			if sleptAt < 0 {
				t.Fatalf("no sleep within 60 s of silence (tail %d samples, echo above -100 dBFS until %d)", tail, lastLoud)
			}
			if sleptAt <= tail || sleptAt <= lastLoud {
				t.Fatalf("slept after %d samples, within the tail (%d) or while the echo sounded (until %d)", sleptAt, tail, lastLoud)
			}
			if limit := max(tail, lastLoud+2*span) + 2*block; sleptAt > limit {
				t.Fatalf("slept after %d samples of silence, want by %d (tail %d, echo until %d, loop %d)", sleptAt, limit, tail, lastLoud, span)
			}
			t.Logf("tail %.2f s, echo above -100 dBFS for %.2f s, slept after %.2f s", float64(tail)/testRate, float64(lastLoud)/testRate, float64(sleptAt)/testRate)
		})
	}
}

// TestBypassedSleeps: bypassed, the tail is 0 and nothing on the tape can reach the
// output, so silent input sleeps within a few blocks (the bypass fade included).
func TestBypassedSleeps(t *testing.T) {
	i := activated(t, 512)
	i.Flush([]HostEvent{{Kind: EventParamValue, ParamID: uint32(dsp.IDBypass), Value: 1}}, nil)
	inL, inR := stereo(512)
	outL, outR := stereo(512)
	b := Block{InL: inL, InR: inR, OutL: outL, OutR: outR, Frames: 512, InConstant: 3}
	for n := 1; n <= 8; n++ {
		if st := i.Process(&b); st == StatusSleep {
			return
		}
	}
	t.Fatalf("bypassed with silent input: no sleep after 8 blocks (tail %d)", i.TailSamples())
}
