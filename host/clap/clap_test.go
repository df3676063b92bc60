package clap

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// testPlugin is the path of testdata/testplug built for this test run.
var testPlugin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "clap-test")
	if err != nil {
		panic(err)
	}
	testPlugin = filepath.Join(dir, "testplug.clap")
	if err := buildC(testPlugin, "testdata/testplug/testplug.c"); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildC compiles C sources into a shared library with the project's CLAP header.
func buildC(out string, src ...string) error {
	args := append([]string{"-shared", "-fPIC", "-Wall", "-Wextra", "-Werror", "-I../../shim/include", "-o", out}, src...)
	cmd := exec.Command("cc", append(args, "-lm")...)
	cmd.Stderr = os.Stderr
	return cmd.Run()
}

// Ids of the test plugin's parameters (see testdata/testplug/testplug.c).
const (
	pGain         = 10
	pDelay        = 20
	pMode         = 30
	pCallbacks    = 40
	pTicks        = 41
	pParent       = 42
	pOffline      = 43
	pThreadErrors = 44
)

// newGain opens the test module and creates the gain plugin; the calling
// goroutine is locked to its thread, which becomes the main thread.
func newGain(t *testing.T) (*Library, *Plugin, *[]string) {
	t.Helper()
	runtime.LockOSThread()
	t.Cleanup(runtime.UnlockOSThread)
	lib, err := Open(testPlugin)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := lib.New("org.rill.test.gain")
	if err != nil {
		t.Fatal(err)
	}
	var logs []string
	pl.SetLogger(func(s Severity, msg string) { logs = append(logs, s.String()+": "+msg) })
	t.Cleanup(func() {
		pl.Destroy()
		if err := lib.Close(); err != nil {
			t.Error(err)
		}
	})
	return lib, pl, &logs
}

// onAudio runs f on a fresh goroutine locked to its own OS thread, like a host's audio thread.
func onAudio(f func()) {
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		f()
		close(done)
	}()
	<-done
}

func value(t *testing.T, pl *Plugin, id uint32) float64 {
	t.Helper()
	v, err := pl.ParamValue(id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDescriptors(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	lib, err := Open(testPlugin)
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	d := lib.Descriptors()
	if len(d) != 2 {
		t.Fatalf("%d descriptors", len(d))
	}
	if d[0].ID != "org.rill.test.gain" || d[0].Name != "Test Gain" || d[0].Vendor != "Rill Tests" ||
		d[0].Version != "0.1.0" || !slices.Equal(d[0].Features, []string{"audio-effect", "stereo"}) ||
		d[0].CLAPVersion[0] != 1 {
		t.Errorf("descriptor 0: %+v", d[0])
	}
	if d[1].ID != "org.rill.test.bare" || !slices.Equal(d[1].Features, []string{"analyzer"}) {
		t.Errorf("descriptor 1: %+v", d[1])
	}
	if lib.Path() != testPlugin {
		t.Errorf("path %q", lib.Path())
	}
}

func TestOpenErrors(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	dir := t.TempDir()
	text := filepath.Join(dir, "text.clap")
	os.WriteFile(text, []byte("this is not a shared library\n"), 0o644)
	noEntry := filepath.Join(dir, "noentry.clap")
	os.WriteFile(filepath.Join(dir, "noentry.c"), []byte("int rill_test_nothing(void) { return 0; }\n"), 0o644)
	if err := buildC(noEntry, filepath.Join(dir, "noentry.c")); err != nil {
		t.Fatal(err)
	}
	img, err := os.ReadFile(testPlugin)
	if err != nil {
		t.Fatal(err)
	}
	arm := filepath.Join(dir, "arm64.clap")
	armImg := slices.Clone(img)
	armImg[18], armImg[19] = 183, 0 // EM_AARCH64
	os.WriteFile(arm, armImg, 0o644)
	i386 := filepath.Join(dir, "i386.clap")
	i386Img := slices.Clone(img)
	i386Img[4], i386Img[18], i386Img[19] = 1, 3, 0 // ELFCLASS32, EM_386
	os.WriteFile(i386, i386Img, 0o644)

	tests := []struct {
		name string
		path string
		want error
		text string
	}{
		{"missing", filepath.Join(dir, "nope.clap"), os.ErrNotExist, "nope.clap"},
		{"directory", dir, ErrNotCLAP, "directory"},
		{"text file", text, ErrNotCLAP, "not an ELF"},
		{"no clap_entry", noEntry, ErrNotCLAP, "clap_entry"},
		{"arm64", arm, ErrWrongArch, "arm64"},
		{"i386", i386, ErrWrongArch, "386"},
	}
	if runtime.GOARCH != "amd64" {
		t.Skip("the architecture fixtures assume an amd64 host")
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lib, err := Open(tc.path)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				if lib != nil {
					lib.Close()
				}
				t.Fatalf("error %v, want %v mentioning %q", err, tc.want, tc.text)
			}
		})
	}
}

func TestUnknownPluginAndLiveClose(t *testing.T) {
	lib, pl, _ := newGain(t)
	if _, err := lib.New("org.rill.test.nope"); !errors.Is(err, ErrUnknownPlugin) {
		t.Errorf("unknown id: %v", err)
	}
	if err := lib.Close(); err == nil {
		t.Error("closing a library with a live instance succeeded")
	}
	if pl.Descriptor().ID != "org.rill.test.gain" {
		t.Errorf("descriptor %q", pl.Descriptor().ID)
	}
	want := []string{"clap.audio-ports", "clap.params", "clap.state", "clap.latency", "clap.tail", "clap.render", "clap.gui", "clap.timer-support"}
	if !slices.Equal(pl.Extensions(), want) {
		t.Errorf("extensions %q, want %q", pl.Extensions(), want)
	}
}

func TestParams(t *testing.T) {
	_, pl, _ := newGain(t)
	ps, err := pl.Params()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 10 || ps[0].ID != pGain || ps[0].Name != "Gain" || ps[0].Module != "Test" || ps[0].Min != -60 || ps[0].Max != 12 {
		t.Fatalf("params %+v", ps)
	}
	if ps[2].Flags.String() != "stepped,enum" || ps[0].Flags.String() != "automatable" {
		t.Errorf("flags %q %q", ps[2].Flags, ps[0].Flags)
	}
	txt, err := pl.ValueToText(pGain, -6)
	if err != nil || txt != "-6.00 dB" {
		t.Errorf("value to text: %q %v", txt, err)
	}
	v, err := pl.TextToValue(pMode, "ping-pong")
	if err != nil || v != 2 {
		t.Errorf("text to value: %v %v", v, err)
	}
	if _, err := pl.TextToValue(pGain, "loud"); err == nil {
		t.Error("text 'loud' accepted")
	}
	if err := pl.Flush([]ParamChange{{pGain, -12}, {pDelay, 7}}); err != nil {
		t.Fatal(err)
	}
	if value(t, pl, pGain) != -12 || value(t, pl, pDelay) != 7 {
		t.Errorf("after flush: gain %v delay %v", value(t, pl, pGain), value(t, pl, pDelay))
	}
	if tail, ok := pl.Tail(); !ok || tail != 7 {
		t.Errorf("tail %d %v", tail, ok)
	}
}

func TestProcessIsSampleAccurate(t *testing.T) {
	_, pl, logs := newGain(t)
	if err := pl.Flush([]ParamChange{{pDelay, 3}}); err != nil {
		t.Fatal(err)
	}
	pr, err := pl.Activate(48000, 64)
	if err != nil {
		t.Fatal(err)
	}
	if len(pr.Inputs()) != 2 || len(pr.Outputs()) != 2 || pr.MaxFrames() != 64 {
		t.Fatalf("ports: %d in, %d out", len(pr.Inputs()), len(pr.Outputs()))
	}
	var status Status
	var out [2][]float32
	var outEvents []OutEvent
	onAudio(func() {
		if err := pr.Start(); err != nil {
			t.Error(err)
			return
		}
		for c, in := range pr.Inputs() {
			for i := range in {
				in[i] = float32(c + 1)
			}
		}
		pr.AddParam(10, pGain, 20*0.30102999566) // x2 from sample 10
		pr.AddParam(20, pDelay, 0)               // no delay from sample 20
		pr.SetTransport(&Transport{Playing: true, Tempo: 120})
		status = pr.Process(32)
		for c := range out {
			out[c] = slices.Clone(pr.Outputs()[c][:32])
		}
		for i := 0; i < pr.OutEvents(); i++ {
			outEvents = append(outEvents, pr.OutEvent(i))
		}
		pr.Stop()
	})
	if status != StatusContinue {
		t.Errorf("status %d", status)
	}
	if v := value(t, pl, 46); v != 120 {
		t.Errorf("the plugin saw tempo %v, want 120", v)
	}
	for c := range out {
		for i, got := range out[c] {
			want := float32(c + 1)
			switch {
			case i < 3:
				want = 0
			case i >= 10:
				want *= 2
			}
			if diff := got - want; diff > 1e-4 || diff < -1e-4 {
				t.Fatalf("channel %d sample %d = %v, want %v", c, i, got, want)
			}
		}
	}
	wantEv := []OutEvent{{20, OutGestureBegin, pGain, 0}, {20, OutValue, pGain, 20 * 0.30102999566}, {20, OutGestureEnd, pGain, 0}}
	if !slices.Equal(outEvents, wantEv) {
		t.Errorf("out events %+v, want %+v", outEvents, wantEv)
	}
	pl.Idle()
	if value(t, pl, pCallbacks) != 1 {
		t.Errorf("on_main_thread called %v times, want 1", value(t, pl, pCallbacks))
	}
	if value(t, pl, pThreadErrors) != 0 {
		t.Errorf("thread-check errors: %v (logs %q)", value(t, pl, pThreadErrors), *logs)
	}
	if !slices.Contains(*logs, "info: activated at 48000 Hz") {
		t.Errorf("logs %q", *logs)
	}
	pl.Deactivate()
	if pl.Active() {
		t.Error("still active")
	}
}

func TestThreadCheckSeesTheWrongThread(t *testing.T) {
	_, pl, _ := newGain(t)
	pr, err := pl.Activate(44100, 16)
	if err != nil {
		t.Fatal(err)
	}
	onAudio(func() {
		if err := pr.Start(); err != nil {
			t.Error(err)
		}
	})
	// Process from the main thread, which is not the audio thread.
	pr.Process(16)
	onAudio(func() { pr.Stop() })
	if value(t, pl, pThreadErrors) == 0 {
		t.Error("is_audio_thread answered true on the main thread")
	}
}

func TestStateRoundTrip(t *testing.T) {
	lib, pl, _ := newGain(t)
	pl.Flush([]ParamChange{{pGain, 3.5}, {pDelay, 42}, {pMode, 1}})
	state, err := pl.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	pl2, err := lib.New("org.rill.test.gain")
	if err != nil {
		t.Fatal(err)
	}
	defer pl2.Destroy()
	if err := pl2.LoadState(state, 1); err != nil { // one byte per read
		t.Fatal(err)
	}
	if value(t, pl2, pGain) != 3.5 || value(t, pl2, pDelay) != 42 || value(t, pl2, pMode) != 1 {
		t.Error("state did not round-trip")
	}
	if req := pl2.Idle(); !req.Has(RequestRescan) || pl2.RescanFlags() != 1 {
		t.Errorf("requests %b, want a values rescan", req)
	}
	again, _ := pl2.SaveState()
	if string(again) != string(state) {
		t.Error("re-saved state differs")
	}
	for _, bad := range [][]byte{nil, []byte("garbage garbage garbage garbage")} {
		if err := pl2.LoadState(bad, 0); !errors.Is(err, ErrState) {
			t.Errorf("load %q: %v", bad, err)
		}
	}
}

func TestRenderMode(t *testing.T) {
	_, pl, _ := newGain(t)
	if !pl.SetOffline(true) || value(t, pl, pOffline) != 1 {
		t.Error("offline mode not set")
	}
	if !pl.SetOffline(false) || value(t, pl, pOffline) != 0 {
		t.Error("realtime mode not set")
	}
}

func TestGUIAndTimers(t *testing.T) {
	_, pl, _ := newGain(t)
	if !pl.HasGUI() || !pl.GUISupported(false) || !pl.GUISupported(true) {
		t.Fatal("gui not supported")
	}
	if err := pl.GUISetParentX11(1); err == nil {
		t.Error("set_parent before create accepted")
	}
	if err := pl.GUICreate(false); err != nil {
		t.Fatal(err)
	}
	if pl.Timers() != 1 {
		t.Errorf("%d timers after create", pl.Timers())
	}
	if err := pl.GUISetParentX11(0x2a0001); err != nil {
		t.Fatal(err)
	}
	if value(t, pl, pParent) != 0x2a0001 {
		t.Errorf("parent %v", value(t, pl, pParent))
	}
	if w, h, ok := pl.GUISize(); !ok || w != 640 || h != 360 {
		t.Errorf("size %d×%d %v", w, h, ok)
	}
	if err := pl.GUIShow(); err != nil {
		t.Fatal(err)
	}
	// The test editor asks for another size when shown.
	if !pl.Idle().Has(GUIResize) {
		t.Error("no resize request after show")
	}
	if w, h := pl.GUIRequestedSize(); w != 700 || h != 400 {
		t.Errorf("requested size %d×%d", w, h)
	}
	// Timers fire from Idle once due (the test plugin asks for 5 ms).
	deadline := time.Now().Add(10 * time.Second)
	for value(t, pl, pTicks) < 3 && time.Now().Before(deadline) {
		if d, ok := pl.NextTimer(); !ok || d > 5*time.Millisecond {
			t.Fatalf("next timer in %v %v", d, ok)
		}
		time.Sleep(2 * time.Millisecond)
		pl.Idle()
	}
	if value(t, pl, pTicks) < 3 {
		t.Fatal("timer never fired")
	}
	pl.GUIDestroy()
	if pl.Timers() != 0 {
		t.Errorf("%d timers after destroy", pl.Timers())
	}
	if _, ok := pl.NextTimer(); ok {
		t.Error("a timer is still due")
	}
}

func TestBarePlugin(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	lib, err := Open(testPlugin)
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	pl, err := lib.New("org.rill.test.bare")
	if err != nil {
		t.Fatal(err)
	}
	defer pl.Destroy()
	var warned bool
	pl.SetLogger(func(s Severity, msg string) { warned = warned || s == SeverityWarning })
	if _, err := pl.Params(); !errors.Is(err, ErrNoParams) {
		t.Errorf("params: %v", err)
	}
	if _, err := pl.SaveState(); !errors.Is(err, ErrState) {
		t.Errorf("state: %v", err)
	}
	if err := pl.GUICreate(false); !errors.Is(err, ErrNoGUI) {
		t.Errorf("gui: %v", err)
	}
	if _, ok := pl.Tail(); ok {
		t.Error("tail reported")
	}
	pr, err := pl.Activate(48000, 128)
	if err != nil {
		t.Fatal(err)
	}
	if !warned || pr.Inputs() != nil {
		t.Errorf("no warning about missing ports, or inputs %v", pr.Inputs())
	}
	onAudio(func() {
		pr.Start()
		if s := pr.Process(128); s != StatusSleep {
			t.Errorf("status %d", s)
		}
		pr.Stop()
	})
}

func TestProcessDoesNotAllocate(t *testing.T) {
	_, pl, _ := newGain(t)
	pr, err := pl.Activate(48000, 256)
	if err != nil {
		t.Fatal(err)
	}
	tr := &Transport{Playing: true, Tempo: 100}
	onAudio(func() {
		pr.Start()
		allocs := testing.AllocsPerRun(100, func() {
			pr.AddParam(0, pGain, -3)
			pr.AddParam(100, pDelay, 5)
			pr.SetTransport(tr)
			pr.Process(256)
			for i := 0; i < pr.OutEvents(); i++ {
				_ = pr.OutEvent(i)
			}
		})
		if allocs != 0 {
			t.Errorf("%v allocations per block", allocs)
		}
		pr.Stop()
	})
}

func TestScan(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a", "Bundle"), 0o755)
	os.WriteFile(filepath.Join(dir, "a", "Bundle", "X.clap"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.clap"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "c.so"), []byte("x"), 0o644)
	os.Symlink(filepath.Join(dir, "b.clap"), filepath.Join(dir, "a", "link.clap"))
	got := Scan([]string{dir, filepath.Join(dir, "b.clap"), filepath.Join(dir, "missing")})
	want := []string{filepath.Join(dir, "a", "Bundle", "X.clap"), filepath.Join(dir, "a", "link.clap")}
	if !slices.Equal(got, want) {
		t.Errorf("scan %q, want %q", got, want)
	}
	t.Setenv("CLAP_PATH", "/x/one:/x/two")
	sp := SearchPath()
	if len(sp) < 3 || sp[0] != "/x/one" || sp[1] != "/x/two" || sp[len(sp)-1] != "/usr/lib/clap" {
		t.Errorf("search path %q", sp)
	}
}

func BenchmarkProcess512(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	lib, _ := Open(testPlugin)
	defer lib.Close()
	pl, _ := lib.New("org.rill.test.gain")
	defer pl.Destroy()
	pr, _ := pl.Activate(48000, 512)
	pr.Start()
	for b.Loop() {
		pr.Process(512)
	}
	pr.Stop()
}

// BenchmarkProcessOverhead measures the host's own cost per block: one cgo
// call into a plugin whose process returns at once.
func BenchmarkProcessOverhead(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	lib, _ := Open(testPlugin)
	defer lib.Close()
	pl, _ := lib.New("org.rill.test.bare")
	defer pl.Destroy()
	pl.SetLogger(nil)
	pr, _ := pl.Activate(48000, 512)
	pr.Start()
	for b.Loop() {
		pr.Process(512)
	}
	pr.Stop()
}

// FuzzELFHeader feeds arbitrary file headers to the pre-dlopen check: it
// never panics, and accepts only ELF headers of this host's class.
func FuzzELFHeader(f *testing.F) {
	img, err := os.ReadFile(testPlugin)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(img[:20])
	f.Add([]byte("\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x03\x00"))
	f.Add([]byte("not a library at all"))
	f.Fuzz(func(t *testing.T, h []byte) {
		err := elfProblem(h, "x.clap")
		if err == nil && (len(h) < 20 || string(h[:4]) != "\x7fELF" || h[4] != elfMachines[runtime.GOARCH].class) {
			t.Fatalf("accepted %q", h)
		}
		if err != nil && !errors.Is(err, ErrNotCLAP) && !errors.Is(err, ErrWrongArch) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}
