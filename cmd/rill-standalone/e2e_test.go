//go:build e2e

// End-to-end tests of rill-standalone against the real Rill Tape bundle.
// They need the bundle (scripts/build.sh --no-install --no-demo) and fail,
// not skip, without it; scripts/checks/30-standalone.sh runs them:
//
//	go test -tags e2e -count=1 ./cmd/rill-standalone/
//
// RILL_CLAP=PATH tests another build of the bundle.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"rill/host/clap"
	"rill/host/demo"
	"rill/host/engine"
	"rill/host/params"
	"rill/host/wav"
)

var (
	bundle string // the .clap under test
	binary string // rill-standalone, built once
)

func TestMain(m *testing.M) {
	bundle = os.Getenv("RILL_CLAP")
	if bundle == "" {
		bundle, _ = filepath.Abs(filepath.Join("..", "..", bundleRel))
	}
	if st, err := os.Stat(bundle); err != nil || st.IsDir() {
		fmt.Fprintf(os.Stderr, "FAIL: the Rill Tape bundle is missing at %s: build it first with scripts/build.sh --no-install --no-demo (or set RILL_CLAP)\n", bundle)
		os.Exit(1)
	}
	dir, err := os.MkdirTemp("", "rill-standalone-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "rill-standalone")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: cannot build rill-standalone:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run executes the CLI with the bundle, returning its stderr and exit code.
func run(t *testing.T, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), append([]string{"RILL_CLAP=" + bundle}, env...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stderr.String(), code
}

// mustRun runs the CLI and fails the test on a non-zero exit.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, code := run(t, nil, args...)
	if code != 0 {
		t.Fatalf("rill-standalone %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// readWAV reads a file the CLI wrote.
func readWAV(t *testing.T, path string) *wav.Audio {
	t.Helper()
	a, err := wav.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// checkClean fails on NaN, infinities or subnormals.
func checkClean(t *testing.T, a *wav.Audio) {
	t.Helper()
	for i := range a.Left {
		for _, x := range []float32{a.Left[i], a.Right[i]} {
			if x != x || math.IsInf(float64(x), 0) || (x != 0 && math.Abs(float64(x)) < 1.1754944e-38) {
				t.Fatalf("frame %d holds %v", i, x)
			}
		}
	}
}

// pluginTail asks the bundle itself for its tail with the given parameters.
func pluginTail(t *testing.T, rate int, args []string) int {
	t.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	pl, closeInstance := openInstance(t)
	defer closeInstance()
	set, err := params.Resolve(pl, args)
	if err != nil {
		t.Fatal(err)
	}
	if err := pl.Flush(params.Changes(set)); err != nil {
		t.Fatal(err)
	}
	if _, err := pl.Activate(float64(rate), 512); err != nil {
		t.Fatal(err)
	}
	defer pl.Deactivate()
	tail, ok := pl.Tail()
	if !ok {
		t.Fatal("the bundle has no tail extension")
	}
	return tail
}

// lastAudible returns the index of the last frame above -90 dBFS.
func lastAudible(a *wav.Audio) int {
	for i := a.Frames() - 1; i >= 0; i-- {
		if math.Abs(float64(a.Left[i])) > 3.1622776e-05 || math.Abs(float64(a.Right[i])) > 3.1622776e-05 {
			return i
		}
	}
	return -1
}

func TestRenderDemo(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.wav"), filepath.Join(dir, "b.wav")
	out := mustRun(t, "render", "--demo", "--out", a)
	if !strings.Contains(out, "offline mode") {
		t.Errorf("render did not use offline mode:\n%s", out)
	}
	mustRun(t, "render", "--demo", "--out", b, "-q")
	ab, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if !bytes.Equal(ab, bb) {
		t.Fatal("two renders of the demo differ")
	}
	got := readWAV(t, a)
	checkClean(t, got)
	inFrames := int(math.Round(demo.Duration() * 48000))
	if got.SampleRate != 48000 || got.Encoding != wav.Float32 || got.Frames() <= inFrames {
		t.Fatalf("rate %d, %v, %d frames (input %d)", got.SampleRate, got.Encoding, got.Frames(), inFrames)
	}
	// The auto tail stops within 10 ms (+ a block) of the last audible
	// sample, and never beyond what the plugin reports as its tail.
	tail := got.Frames() - inFrames
	last := lastAudible(got)
	if got.Frames()-1-last > 480+512 {
		t.Errorf("%d silent frames at the end", got.Frames()-1-last)
	}
	if max := pluginTail(t, 48000, nil); tail > max {
		t.Errorf("tail %d frames, the plugin reports %d", tail, max)
	}
	if tail < 48000/2 {
		t.Errorf("tail of only %d frames: the echoes of the last notes are missing", tail)
	}
}

// writeClicks writes a stereo click track to path.
func writeClicks(t *testing.T, path string, rate int, interval float64, count int, total float64) {
	t.Helper()
	c := demo.Clicks(rate, interval, count, 0.5, total)
	if err := wav.WriteFile(path, &wav.Audio{SampleRate: rate, Left: c, Right: c}, wav.Float32); err != nil {
		t.Fatal(err)
	}
}

// echo is one echo found in a rendered click track.
type echo struct {
	at     int     // frame of the peak
	peak   float64 // |peak|
	energy float64 // sum of squares around the echo (the tape's filters smear a click)
}

// findEchoes finds the peak near each expected echo time.
func findEchoes(a *wav.Audio, first, period, n, window int) []echo {
	var out []echo
	for k := 0; k < n; k++ {
		c := first + k*period
		best := echo{at: -1}
		for i := max(0, c-window); i <= c+window && i < a.Frames(); i++ {
			v := math.Abs(float64(a.Left[i]))
			if v > best.peak {
				best.at, best.peak = i, v
			}
			best.energy += v * v
		}
		out = append(out, best)
	}
	return out
}

func TestClickEchoes(t *testing.T) {
	const rate = 48000
	tests := []struct {
		name     string
		timeMS   int
		feedback float64
	}{
		{"250 ms, 50 %", 250, 0.5},
		{"100 ms, 30 %", 100, 0.3},
		{"400 ms, 70 %", 400, 0.7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in, out := filepath.Join(dir, "click.wav"), filepath.Join(dir, "echo.wav")
			writeClicks(t, in, rate, 1, 1, 0.5) // one click at frame 0, 0.5 s long
			// A clean tape: no wow, flutter, drive, ageing or filtering, wet only.
			args := []string{fmt.Sprintf("time=%d ms", tc.timeMS), fmt.Sprintf("feedback=%g%%", 100*tc.feedback), "mix=100%",
				"wow-depth=0", "flutter-depth=0", "drive=0", "age=0", "low-cut=20 Hz", "high-cut=20 kHz",
				"stereo-mode=stereo", "duck=0"}
			cli := []string{"render", "--in", in, "--out", out, "-q"}
			for _, a := range args {
				cli = append(cli, "--param", a)
			}
			mustRun(t, cli...)
			got := readWAV(t, out)
			checkClean(t, got)
			period := rate * tc.timeMS / 1000
			n := 6
			echoes := findEchoes(got, period, period, n, rate/200)
			for k, e := range echoes {
				if e.at < 0 || abs(e.at-period*(k+1)) > rate/1000 {
					t.Errorf("echo %d at frame %d, want %d ± 1 ms", k+1, e.at, period*(k+1))
				}
			}
			// Each echo is the previous one times the feedback (in amplitude).
			for k := 1; k < n; k++ {
				r := math.Sqrt(echoes[k].energy / echoes[k-1].energy)
				if math.Abs(r-tc.feedback) > 0.08 {
					t.Errorf("echo %d / echo %d = %.3f, want the feedback %.2f", k+1, k, r, tc.feedback)
				}
			}
			// Nothing but echoes: between them the output is (nearly) silent.
			for k := 0; k+1 < n; k++ {
				mid := period*(k+1) + period/2
				if v := math.Abs(float64(got.Left[mid])); v > 1e-3 {
					t.Errorf("%.4f between echoes %d and %d", v, k+1, k+2)
				}
			}
			// The tail: the host honours the plugin's tail (its -60 dB estimate)
			// and trims silence. So the file ends within 10 ms (+ a block) after
			// its last sample above -90 dBFS, never runs past the plugin's tail,
			// and keeps every audible sample a 20 s tail has before that point.
			last := lastAudible(got)
			if got.Frames()-1-last > rate/100+512 {
				t.Errorf("%d silent frames at the end", got.Frames()-1-last)
			}
			pluginEnd := rate/2 + pluginTail(t, rate, args)
			if got.Frames() > pluginEnd {
				t.Errorf("%d frames, past the plugin's tail end at %d", got.Frames(), pluginEnd)
			}
			long := filepath.Join(dir, "long.wav")
			mustRun(t, append([]string{"render", "--in", in, "--out", long, "-q", "--tail", "20"}, cli[6:]...)...)
			ref := readWAV(t, long)
			ref.Left, ref.Right = ref.Left[:pluginEnd], ref.Right[:pluginEnd]
			if want := lastAudible(ref); last != want {
				t.Errorf("the auto tail ends sound at frame %d, a 20 s tail (within the plugin's tail) at %d", last, want)
			}
			if last < period*n {
				t.Errorf("last audible frame %d is before echo %d", last, n)
			}
		})
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// capture plays through the ALSA file device into a FIFO that this test
// reads, paced at about 4× real time (the null device has no clock of its
// own). It returns the captured float32 samples from the first non-zero one,
// the CLI's output and exit code. signalAfter > 0 sends SIGINT once that many
// seconds of audio have been captured.
func capture(t *testing.T, signalAfter float64, args ...string) ([]float32, string, int) {
	t.Helper()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "capture.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	tmpl, err := os.ReadFile(filepath.Join("..", "..", "host", "testdata", "asound.conf"))
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "asound.conf")
	os.WriteFile(conf, bytes.ReplaceAll(tmpl, []byte("@CAPTURE@"), []byte(fifo)), 0o644)

	cmd := exec.Command(binary, append([]string{"play"}, args...)...)
	cmd.Env = append(os.Environ(), "RILL_CLAP="+bundle, "ALSA_CONFIG_PATH="+conf)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var samples []float32
	var mu sync.Mutex
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		f, err := os.Open(fifo) // blocks until ALSA opens it for writing
		if err != nil {
			return
		}
		defer f.Close()
		const bytesPerSecond = 48000 * 8
		start := time.Now()
		buf := make([]byte, 32768)
		var total int
		started, signalled := false, false
		for {
			n, err := f.Read(buf)
			total += n
			mu.Lock()
			for i := 0; i+4 <= n; i += 4 {
				v := math.Float32frombits(uint32(buf[i]) | uint32(buf[i+1])<<8 | uint32(buf[i+2])<<16 | uint32(buf[i+3])<<24)
				if v != 0 {
					started = true
				}
				if started && len(samples) < 2*48000*60 {
					samples = append(samples, v)
				}
			}
			if signalAfter > 0 && !signalled && float64(len(samples)) > signalAfter*2*48000 {
				cmd.Process.Signal(os.Interrupt)
				signalled = true
			}
			mu.Unlock()
			if err == io.EOF || err != nil {
				return
			}
			// Pace the device at about 4× real time.
			if ahead := time.Duration(float64(total)/bytesPerSecond/4*float64(time.Second)) - time.Since(start); ahead > 0 {
				time.Sleep(ahead)
			}
		}
	}()
	err = cmd.Wait()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	// If the CLI never opened the device, unblock the reader's open.
	if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		w.Close()
	}
	<-readDone
	mu.Lock()
	defer mu.Unlock()
	return samples, out.String(), code
}

// firstNonZero returns the first frame of a with a non-zero sample.
func firstNonZero(a *wav.Audio) int {
	for i := range a.Left {
		if a.Left[i] != 0 || a.Right[i] != 0 {
			return i
		}
	}
	return -1
}

func TestPlayMatchesRender(t *testing.T) {
	params := []string{"--param", "feedback=60%", "--param", "stereo-mode=ping-pong", "--param", "time=300 ms"}
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.wav")
	mustRun(t, append([]string{"render", "--demo", "--out", ref, "-q"}, params...)...)
	want := readWAV(t, ref)

	// --buffer 60s lets oto queue the whole performance before the device
	// starts, so the unpaced capture has no dropouts to compare around.
	got, out, code := capture(t, 0, append([]string{"--demo", "--buffer", "60s"}, params...)...)
	if code != 0 {
		t.Fatalf("play exit %d:\n%s", code, out)
	}
	if !strings.Contains(out, "played 3.5 s") {
		t.Errorf("no summary line:\n%s", out)
	}
	k0 := firstNonZero(want)
	frames := want.Frames() - k0
	if len(got)/2 < frames {
		t.Fatalf("captured %d frames, the render has %d after its first sound", len(got)/2, frames)
	}
	// The alignment by first sound is the cross-correlation peak: check lags around it.
	corr := func(lag int) float64 {
		var s float64
		for i := 0; i < 48000; i++ {
			if j := k0 + i + lag; j >= 0 && j < want.Frames() {
				s += float64(got[2*i]) * float64(want.Left[j])
			}
		}
		return s
	}
	for lag := -64; lag <= 64; lag++ {
		if lag != 0 && corr(lag) >= corr(0) {
			t.Fatalf("cross-correlation peaks at lag %d, not 0", lag)
		}
	}
	var worst float64
	firstBad := -1
	for i := 0; i < frames; i++ {
		if firstBad < 0 && (math.Abs(float64(got[2*i]-want.Left[k0+i])) > 1e-6 || math.Abs(float64(got[2*i+1]-want.Right[k0+i])) > 1e-6) {
			firstBad = i
			t.Logf("first difference at frame %d of %d (render frame %d)", i, frames, k0+i)
		}
		worst = max(worst, math.Abs(float64(got[2*i]-want.Left[k0+i])), math.Abs(float64(got[2*i+1]-want.Right[k0+i])))
	}
	t.Logf("compared %d frames (%d captured), worst difference %g", frames, len(got)/2, worst)
	if worst > 1e-6 {
		t.Errorf("played audio differs from the offline render by up to %g", worst)
	}
	// After the rendered tail, playback holds nothing audible either.
	for i := frames; i < len(got)/2; i++ {
		if math.Abs(float64(got[2*i])) > 1e-4 || math.Abs(float64(got[2*i+1])) > 1e-4 {
			t.Fatalf("frame %d after the render's end is %v/%v", i, got[2*i], got[2*i+1])
		}
	}
}

func TestPlayStopsOnCtrlC(t *testing.T) {
	got, out, code := capture(t, 1.5, "--demo", "--loop", "--max-tail", "2", "--buffer", "100ms")
	if code != 0 {
		t.Fatalf("play exit %d after Ctrl-C:\n%s", code, out)
	}
	if !strings.Contains(out, "letting the tail ring out") {
		t.Errorf("no stop message:\n%s", out)
	}
	// After the signal the 2 s tail rang out in full (the plugin's own tail is
	// longer), and then playback ended although --loop was on. The upper bound
	// only has to tell "stopped" from "looped on"; how much queued audio came
	// between the signal and the stop depends on scheduling.
	secs := float64(len(got)) / 2 / 48000
	t.Logf("captured %.2f s", secs)
	if secs < 1.5+1.9 || secs > 10 {
		t.Errorf("captured %.2f s", secs)
	}
}

func TestInfo(t *testing.T) {
	out := mustRun(t, "info")
	for _, want := range []string{"Rill Tape", "audio.rill.tape-delay", "audio-effect", "clap.params", "clap.tail",
		"feedback", "wow-depth", "stereo-mode", "Ping-Pong", "latency", "tail"} {
		if !strings.Contains(out, want) {
			t.Errorf("info lacks %q:\n%s", want, out)
		}
	}
}

func TestInfoScan(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "Rill"), 0o755)
	os.Symlink(bundle, filepath.Join(dir, "Rill", "RillTape.clap"))
	os.WriteFile(filepath.Join(dir, "broken.clap"), []byte("not a plugin"), 0o644)
	out := mustRun(t, "info", "--scan", dir)
	for _, want := range []string{"2 module(s)", "audio.rill.tape-delay", "Rill Tape", "broken.clap\n  cannot load: open plugin: not a CLAP plugin"} {
		if !strings.Contains(out, want) {
			t.Errorf("scan output lacks %q:\n%s", want, out)
		}
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.wav")
	writeClicks(t, good, 44100, 0.5, 2, 1)
	goodBytes, _ := os.ReadFile(good)
	truncated := filepath.Join(dir, "truncated.wav")
	os.WriteFile(truncated, goodBytes[:len(goodBytes)/2], 0o644)
	text := filepath.Join(dir, "text.wav")
	os.WriteFile(text, []byte("these are words, not samples\n"), 0o644)
	eightBit := filepath.Join(dir, "8bit.wav")
	os.WriteFile(eightBit, append([]byte("RIFF\x28\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x44\xac\x00\x00\x44\xac\x00\x00\x01\x00\x08\x00data\x04\x00\x00\x00"), 128, 128, 128, 128), 0o644)
	notClap := filepath.Join(dir, "notes.clap")
	os.WriteFile(notClap, []byte("a text file named like a plugin\n"), 0o644)
	img, err := os.ReadFile(bundle)
	if err != nil {
		t.Fatal(err)
	}
	arm := filepath.Join(dir, "arm64.clap")
	img[18], img[19] = 183, 0 // e_machine = EM_AARCH64
	os.WriteFile(arm, img, 0o644)
	existing := filepath.Join(dir, "existing.wav")
	os.WriteFile(existing, []byte("keep me"), 0o644)
	inputs := map[string]bool{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		inputs[e.Name()] = true
	}

	out := filepath.Join(dir, "out.wav")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"missing input", []string{"render", "--in", filepath.Join(dir, "nope.wav"), "--out", out}, 1, "no such file"},
		{"truncated input", []string{"render", "--in", truncated, "--out", out}, 1, "truncated WAV file"},
		{"not a WAV", []string{"render", "--in", text, "--out", out}, 1, "not a WAV file"},
		{"8-bit WAV", []string{"render", "--in", eightBit, "--out", out}, 1, "unsupported WAV format: 8-bit"},
		{"not a CLAP", []string{"render", "--demo", "--out", out, "--plugin", notClap}, 1, "not a CLAP plugin"},
		{"missing plugin", []string{"render", "--demo", "--out", out, "--plugin", filepath.Join(dir, "nope.clap")}, 1, "no such file"},
		{"wrong architecture", []string{"render", "--demo", "--out", out, "--plugin", arm}, 1, "plugin built for another architecture: " + arm + " is arm64"},
		{"unknown parameter", []string{"render", "--demo", "--out", out, "--param", "fedback=50%"}, 2, "did you mean feedback?"},
		{"out of range number", []string{"render", "--demo", "--out", out, "--param", "feedback=500"}, 2, "out of range: 500 is outside 0.0 % .. 120.0 %"},
		{"out of range text", []string{"render", "--demo", "--out", out, "--param", "time=9 s"}, 2, "out of range: 9 s"},
		{"bad value", []string{"render", "--demo", "--out", out, "--param", "stereo-mode=wide"}, 2, "bad parameter value"},
		{"bad tail", []string{"render", "--demo", "--out", out, "--tail", "forever"}, 2, "--tail"},
		{"no input", []string{"render", "--out", out}, 2, "give an input"},
		{"no output", []string{"render", "--demo"}, 2, "--out"},
		{"output folder missing", []string{"render", "--demo", "--out", filepath.Join(dir, "no", "x.wav")}, 1, "no such file"},
		{"rate with a file", []string{"render", "--in", good, "--rate", "48000", "--out", out}, 2, "does not resample"},
		{"keeps an existing output", []string{"render", "--demo", "--out", existing, "--param", "nope=1"}, 2, "unknown parameter"},
		{"play unknown parameter", []string{"play", "--demo", "--param", "fedback=1"}, 2, "unknown parameter"},
		{"info not a CLAP", []string{"info", "--plugin", notClap}, 1, "not a CLAP plugin"},
		{"bad editor mode", []string{"play", "--demo", "--editor=tabbed"}, 2, "embedded or floating"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, code := run(t, nil, tc.args...)
			if code != tc.code || !strings.Contains(got, tc.want) {
				t.Errorf("exit %d, output:\n%s\nwant exit %d and %q", code, got, tc.code, tc.want)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if !inputs[e.Name()] {
					t.Errorf("left behind: %s", e.Name())
					os.Remove(filepath.Join(dir, e.Name()))
				}
			}
			if b, _ := os.ReadFile(existing); string(b) != "keep me" {
				t.Errorf("existing output changed")
			}
		})
	}
}

// testPlugin builds host/clap's C test plugin (which has an editor that logs
// what the host does with it).
func testPlugin(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "testplug.clap")
	cmd := exec.Command("cc", "-shared", "-fPIC", "-Wall", "-Wextra", "-Werror", "-I../../shim/include", "-o", out,
		"../../host/clap/testdata/testplug/testplug.c", "-lm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build the test plugin: %v\n%s", err, b)
	}
	return out
}

// TestEditor opens the editor of a plugin that has one (the C test plugin):
// embedded, the host opens its own window and hands its X11 id to set_parent;
// floating, the plugin is asked for its own window. Needs an X display
// (scripts/checks/30-standalone.sh runs the tests under xvfb-run).
func TestEditor(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("no X display: run under xvfb-run (as scripts/checks/30-standalone.sh does)")
	}
	plug := testPlugin(t)
	tests := []struct {
		mode string
		want []string
	}{
		{"--editor", []string{"gui created embedded", "gui parent x11 window 0x", "gui shown"}},
		{"--editor=floating", []string{"gui created floating", "gui shown"}},
	}
	for _, tc := range tests {
		t.Run(tc.mode, func(t *testing.T) {
			_, out, code := capture(t, 0, "--plugin", plug, "--plugin-id", "org.rill.test.gain", "--demo", "-v", tc.mode, "--buffer", "60s")
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, "parent x11 window 0\n") || strings.Contains(out, "misbehaving") {
				t.Errorf("bad window id or a thread-rule violation:\n%s", out)
			}
		})
	}
}

// openInstance opens the bundle and creates its plugin; the returned func
// destroys both. The caller holds its OS thread (runtime.LockOSThread) and
// defers that func, so destroy runs on the thread that created the plugin
// (its main thread) before the thread is unlocked.
func openInstance(tb testing.TB) (*clap.Plugin, func()) {
	tb.Helper()
	lib, err := clap.Open(bundle)
	if err != nil {
		tb.Fatal(err)
	}
	pl, err := lib.New("")
	if err != nil {
		lib.Close()
		tb.Fatal(err)
	}
	return pl, func() {
		pl.Destroy()
		lib.Close()
	}
}

// BenchmarkOpenBundle measures what a DAW's scan costs: dlopen, entry init,
// factory, descriptor, create, init, destroy, deinit.
func BenchmarkOpenBundle(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for b.Loop() {
		lib, err := clap.Open(bundle)
		if err != nil {
			b.Fatal(err)
		}
		pl, err := lib.New("")
		if err != nil {
			b.Fatal(err)
		}
		pl.Destroy()
		lib.Close()
	}
}

// BenchmarkProcessBlock measures one 512-frame block of the demo through the
// bundle with default parameters: the host's one cgo call plus the plugin.
func BenchmarkProcessBlock(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	pl, closeInstance := openInstance(b)
	defer closeInstance()
	pr, err := pl.Activate(48000, 512)
	if err != nil {
		b.Fatal(err)
	}
	defer pl.Deactivate()
	l, r := demo.Phrase(48000)
	if err := pr.Start(); err != nil {
		b.Fatal(err)
	}
	defer pr.Stop()
	pos := 0
	for b.Loop() {
		if pos+512 > len(l) {
			pos = 0
		}
		copy(pr.Inputs()[0], l[pos:pos+512])
		copy(pr.Inputs()[1], r[pos:pos+512])
		pr.Process(512)
		pos += 512
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(512.0/48000*1e9)*100, "%realtime")
}

// BenchmarkRenderDemo renders the demo phrase with its auto tail, in process.
func BenchmarkRenderDemo(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	pl, closeInstance := openInstance(b)
	defer closeInstance()
	l, r := demo.Phrase(48000)
	in := &engine.Input{Rate: 48000, Left: l, Right: r}
	var frames int
	for b.Loop() {
		res, err := engine.Render(pl, in, discard{}, engine.RenderOptions{TailSeconds: -1})
		if err != nil {
			b.Fatal(err)
		}
		frames = res.Frames()
	}
	b.ReportMetric(float64(frames)/48000/(b.Elapsed().Seconds()/float64(b.N)), "x-realtime")
}

type discard struct{}

func (discard) Write(l, r []float32) error { return nil }
