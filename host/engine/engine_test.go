package engine

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"rill/host/clap"
)

// testPlugin is host/clap's C test plugin, built for this run: a stereo gain
// (param 10, dB) and integer delay (param 20, samples) whose tail is the delay.
var testPlugin string

const (
	pGain  = 10
	pDelay = 20
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "engine-test")
	if err != nil {
		panic(err)
	}
	testPlugin = filepath.Join(dir, "testplug.clap")
	cmd := exec.Command("cc", "-shared", "-fPIC", "-Wall", "-Wextra", "-Werror", "-I../../shim/include",
		"-o", testPlugin, "../clap/testdata/testplug/testplug.c", "-lm")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// gainDelay creates the test plugin with the given gain (dB) and delay (samples).
func gainDelay(t testing.TB, gainDB, delay float64) *clap.Plugin {
	t.Helper()
	runtime.LockOSThread()
	t.Cleanup(runtime.UnlockOSThread)
	lib, err := clap.Open(testPlugin)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := lib.New("org.rill.test.gain")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pl.Destroy(); lib.Close() })
	if err := pl.Flush([]clap.ParamChange{{ID: pGain, Value: gainDB}, {ID: pDelay, Value: delay}}); err != nil {
		t.Fatal(err)
	}
	return pl
}

// memSink collects rendered frames.
type memSink struct{ l, r []float32 }

func (s *memSink) Write(l, r []float32) error {
	s.l = append(s.l, l...)
	s.r = append(s.r, r...)
	return nil
}

type failSink struct{}

func (failSink) Write(l, r []float32) error { return errors.New("disk full") }

// clicks is a stereo input with an impulse at each given frame.
func clicks(rate, frames int, at ...int) *Input {
	in := &Input{Rate: rate, Left: make([]float32, frames), Right: make([]float32, frames)}
	for _, i := range at {
		in.Left[i], in.Right[i] = 1, -0.5
	}
	return in
}

func TestRenderDelaysAndScales(t *testing.T) {
	pl := gainDelay(t, -6.0206, 50) // half amplitude, 50 samples late
	in := clicks(48000, 1000, 0, 980)
	var out memSink
	res, err := Render(pl, in, &out, RenderOptions{Block: 64, TailSeconds: -1})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Offline || res.InputFrames != 1000 || res.NonFinite != 0 {
		t.Errorf("result %+v", res)
	}
	// Auto tail: the plugin's 50-sample tail, trimmed after the last audible sample (+10 ms, within the 50).
	if res.TailFrames != 50 || len(out.l) != 1050 {
		t.Fatalf("tail %d frames, %d written", res.TailFrames, len(out.l))
	}
	for i := range out.l {
		wantL, wantR := float32(0), float32(0)
		if i == 50 || i == 1030 {
			wantL, wantR = 0.5, -0.25
		}
		if math.Abs(float64(out.l[i]-wantL)) > 1e-4 || math.Abs(float64(out.r[i]-wantR)) > 1e-4 {
			t.Fatalf("frame %d = %v/%v, want %v/%v", i, out.l[i], out.r[i], wantL, wantR)
		}
	}
	if pl.Active() {
		t.Error("plugin left active")
	}
}

func TestRenderExplicitAndTrimmedTail(t *testing.T) {
	tests := []struct {
		name  string
		tail  float64
		delay float64
		at    int
		want  int
	}{
		{"explicit seconds", 0.5, 10, 0, 24000},
		{"explicit zero", 0, 10, 0, 0},
		{"auto, nothing audible left", -1, 10, 0, 0},  // the click leaves the delay inside the input
		{"auto, echo in the tail", -1, 100, 950, 100}, // echo at 1050 = tail frame 50, +480 capped at 100
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pl := gainDelay(t, 0, tc.delay)
			var out memSink
			res, err := Render(pl, clicks(48000, 1000, tc.at), &out, RenderOptions{Block: 256, TailSeconds: tc.tail})
			if err != nil {
				t.Fatal(err)
			}
			if res.TailFrames != tc.want || len(out.l) != 1000+tc.want {
				t.Fatalf("tail %d (want %d), %d frames written", res.TailFrames, tc.want, len(out.l))
			}
		})
	}
}

func TestRenderCompensatesLatency(t *testing.T) {
	tests := []struct {
		name string
		tail float64
	}{
		{"explicit tail", 0.01},
		{"auto tail", -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pl := gainDelay(t, 0, 50)
			if err := pl.Flush([]clap.ParamChange{{ID: 30, Value: 1}}); err != nil { // Mode 1: the delay is latency
				t.Fatal(err)
			}
			var out memSink
			res, err := Render(pl, clicks(48000, 1000, 0, 999), &out, RenderOptions{Block: 64, TailSeconds: tc.tail})
			if err != nil {
				t.Fatal(err)
			}
			if res.Latency != 50 || res.InputFrames != 1000 {
				t.Fatalf("result %+v", res)
			}
			if tc.tail > 0 && res.TailFrames != 480 {
				t.Errorf("tail %d frames, want 480", res.TailFrames)
			}
			for i, v := range out.l {
				want := float32(0)
				if i == 0 || i == 999 {
					want = 1
				}
				if v != want {
					t.Fatalf("frame %d = %v, want %v (latency not compensated)", i, v, want)
				}
			}
		})
	}
}

func TestRenderTransport(t *testing.T) {
	const pTempoSeen = 46
	for _, tempo := range []float64{0, 90} {
		pl := gainDelay(t, 0, 0)
		var out memSink
		if _, err := Render(pl, clicks(48000, 100, 0), &out, RenderOptions{TailSeconds: 0, Tempo: tempo}); err != nil {
			t.Fatal(err)
		}
		if v, _ := pl.ParamValue(pTempoSeen); v != tempo { // 0: no transport at all
			t.Errorf("tempo %v: the plugin saw %v", tempo, v)
		}
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	in := clicks(44100, 5000, 3, 1234, 4000)
	var a, b memSink
	for _, s := range []*memSink{&a, &b} {
		pl := gainDelay(t, -3, 33)
		if _, err := Render(pl, in, s, RenderOptions{Block: 100, TailSeconds: -1}); err != nil {
			t.Fatal(err)
		}
	}
	if len(a.l) != len(b.l) {
		t.Fatalf("%d vs %d frames", len(a.l), len(b.l))
	}
	for i := range a.l {
		if math.Float32bits(a.l[i]) != math.Float32bits(b.l[i]) || math.Float32bits(a.r[i]) != math.Float32bits(b.r[i]) {
			t.Fatalf("frame %d differs", i)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	pl := gainDelay(t, 0, 0)
	if _, err := Render(pl, clicks(48000, 10), &memSink{}, RenderOptions{Block: 20000}); err == nil {
		t.Error("block 20000 accepted")
	}
	if _, err := Render(pl, clicks(48000, 2000), failSink{}, RenderOptions{}); err == nil {
		t.Error("sink error lost")
	}
	if pl.Active() {
		t.Error("plugin left active after an error")
	}
}

// playAll runs a Player to the end, reading it like a device would, chunk
// bytes at a time (any size: frames may split across reads).
func playAll(t *testing.T, p *Player, chunk int, stopAfter int) []float32 {
	t.Helper()
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	var raw []byte
	buf := make([]byte, chunk)
	for {
		n, err := p.Read(buf)
		raw = append(raw, buf[:n]...)
		if stopAfter > 0 && len(raw) >= stopAfter {
			p.StopInput()
			stopAfter = 0
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	p.Close()
	if len(raw)%8 != 0 {
		t.Fatalf("%d bytes: not whole frames", len(raw))
	}
	got := make([]float32, len(raw)/4)
	for i := range got {
		got[i] = math.Float32frombits(uint32(raw[4*i]) | uint32(raw[4*i+1])<<8 | uint32(raw[4*i+2])<<16 | uint32(raw[4*i+3])<<24)
	}
	return got
}

func TestPlayerMatchesRender(t *testing.T) {
	in := clicks(48000, 3000, 0, 1111, 2999)
	var ref memSink
	if _, err := Render(gainDelay(t, -6.0206, 40), in, &ref, RenderOptions{Block: 128, TailSeconds: 0.1, Realtime: true}); err != nil {
		t.Fatal(err)
	}
	for _, chunk := range []int{3, 1001, 65536} { // device reads of any size, frames split across them
		t.Run(fmt.Sprint(chunk), func(t *testing.T) {
			p, err := NewPlayer(gainDelay(t, -6.0206, 40), in, PlayOptions{Block: 128})
			if err != nil {
				t.Fatal(err)
			}
			got := playAll(t, p, chunk, 0)
			frames := len(got) / 2
			// Playback splits the input as Render does (23 blocks and a 56-frame
			// one), then runs the plugin's 40-sample tail in one whole block.
			if frames != 3000+128 {
				t.Fatalf("%d frames played", frames)
			}
			for i := 0; i < frames; i++ {
				if got[2*i] != ref.l[i] || got[2*i+1] != ref.r[i] {
					t.Fatalf("frame %d: played %v/%v, rendered %v/%v", i, got[2*i], got[2*i+1], ref.l[i], ref.r[i])
				}
			}
		})
	}
}

func TestPlayerLoopStopsOnRequest(t *testing.T) {
	pl := gainDelay(t, 0, 10)
	p, err := NewPlayer(pl, clicks(48000, 500, 0), PlayOptions{Block: 64, Loop: true})
	if err != nil {
		t.Fatal(err)
	}
	got := playAll(t, p, 4096, 8*3000) // loop ~6 times, then stop
	frames := len(got) / 2
	if frames < 3000 || frames > 3000+4096+64 {
		t.Fatalf("%d frames", frames)
	}
	// The loop repeats: a click (delayed by 10) every 500 frames.
	for k := 0; k < 5; k++ {
		if got[2*(500*k+10)] != 1 {
			t.Errorf("no click at loop %d", k)
		}
	}
	m := p.Meters()
	if m.PeakL != 1 || m.PeakR != 0.5 || m.RMSL <= 0 || m.Load <= 0 || !m.Tail {
		t.Errorf("meters %+v", m)
	}
	if m2 := p.Meters(); m2.PeakL != 0 {
		t.Errorf("meters not reset: %+v", m2)
	}
}

func TestPlayerAutomationAndStepAllocations(t *testing.T) {
	pl := gainDelay(t, 0, 0)
	var calls int
	auto := func(pr *clap.Processor, frame int64, n int) {
		calls++
		pr.AddParam(0, pGain, -float64(frame%24))
	}
	p, err := NewPlayer(pl, clicks(48000, 48000, 0), PlayOptions{Block: 256, Loop: true, Automation: auto, Tempo: 133})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if err := p.pr.Start(); err != nil {
		t.Fatal(err)
	}
	drain := func() {
		for {
			if _, ok := p.ring.Pop(); !ok {
				return
			}
		}
	}
	allocs := testing.AllocsPerRun(200, func() {
		if p.step() {
			t.Fatal("finished early")
		}
		drain()
	})
	p.pr.Stop()
	if allocs != 0 {
		t.Errorf("%v allocations per block", allocs)
	}
	if calls < 200 {
		t.Errorf("automation called %d times", calls)
	}
	if v, _ := pl.ParamValue(46); v != 133 {
		t.Errorf("the plugin saw tempo %v, want 133", v)
	}
}

func TestPlayerRestart(t *testing.T) {
	pl := gainDelay(t, 0, 0)
	const pMode, pActivations = 30, 45
	in := clicks(48000, 48000, 0, 24000)
	// The test plugin asks for a restart when Mode becomes 2 (here at frame 4096).
	auto := func(pr *clap.Processor, frame int64, n int) {
		if frame == 4096 {
			pr.AddParam(0, pMode, 2)
		}
	}
	p, err := NewPlayer(pl, in, PlayOptions{Block: 256, Automation: auto})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	var got []byte
	buf := make([]byte, 4096)
	restarted := false
	for {
		// The device side and the main thread take turns, as in the CLI's main loop.
		n, err := p.Read(buf)
		got = append(got, buf[:n]...)
		if pl.Idle().Has(clap.RequestRestart) {
			if err := p.Restart(); err != nil {
				t.Fatal(err)
			}
			restarted = true
		}
		if err == io.EOF {
			break
		}
	}
	p.Close()
	if !restarted {
		t.Fatal("no restart request arrived")
	}
	if v, _ := pl.ParamValue(pActivations); v != 2 {
		t.Errorf("%v activations, want 2", v)
	}
	// Playback went on to the end: both clicks came through.
	frames := len(got) / 8
	if frames < 48000 {
		t.Fatalf("%d frames played", frames)
	}
	for _, at := range []int{0, 24000} {
		if v := math.Float32frombits(uint32(got[8*at]) | uint32(got[8*at+1])<<8 | uint32(got[8*at+2])<<16 | uint32(got[8*at+3])<<24); v != 1 {
			t.Errorf("click at %d played as %v", at, v)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	in := clicks(48000, 48000, 0)
	pl := gainDelay(b, -3, 20)
	var s memSink
	for b.Loop() {
		s.l, s.r = s.l[:0], s.r[:0]
		Render(pl, in, &s, RenderOptions{TailSeconds: 0})
	}
	b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/render-of-1s")
}
