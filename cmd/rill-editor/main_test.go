package main

import (
	"bufio"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"rill/dsp"
	"rill/plugin/bridge"
	"rill/ui"
	"rill/ui/demo"
)

// The window tests run this test binary as the editor (or as a plugin that
// starts the editor): TestMain looks at roleEnv before running tests.
const (
	roleEnv = "RILL_EDITOR_TEST_ROLE"
	argsEnv = "RILL_EDITOR_TEST_ARGS" // editor arguments, separated by \x1f
)

// deadline bounds every wait for the other process; reaching it fails the
// test (it is a hang guard, not a speed requirement).
const deadline = 30 * time.Second

func TestMain(m *testing.M) {
	switch os.Getenv(roleEnv) {
	case "editor":
		os.Args = append([]string{os.Args[0]}, strings.Split(os.Getenv(argsEnv), "\x1f")...)
		main()
		os.Exit(0)
	case "plugin":
		os.Exit(playPlugin())
	}
	os.Exit(m.Run())
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    options
		wantErr bool
	}{
		{"demo", []string{"--demo"}, options{shmFD: -1, demo: true}, false},
		{"fd and parent", []string{"--shm-fd", "3", "--parent", "0x400007"}, options{shmFD: 3, parent: 0x400007}, false},
		{"path and frames", []string{"--shm", "/dev/shm/x", "--frames", "10"}, options{shmFD: -1, shm: "/dev/shm/x", frames: 10}, false},
		{"decimal parent", []string{"--demo", "--parent", "4194311"}, options{shmFD: -1, demo: true, parent: 4194311}, false},
		{"nothing to attach", nil, options{}, true},
		{"two sources", []string{"--demo", "--shm", "x"}, options{}, true},
		{"bad parent", []string{"--demo", "--parent", "window"}, options{}, true},
		{"zero parent", []string{"--demo", "--parent", "0"}, options{}, true},
		{"negative frames", []string{"--demo", "--frames", "-1"}, options{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseFlags(tc.args)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("no error for %q", tc.args)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("parseFlags(%q) = %+v, %v; want %+v", tc.args, got, err, tc.want)
			}
		})
	}
}

// display makes sure an X server is there: the one in DISPLAY (xvfb-run in
// scripts/test.sh), or an Xvfb this test starts.
func display(t *testing.T) {
	t.Helper()
	if os.Getenv("DISPLAY") != "" {
		return
	}
	xvfb, err := exec.LookPath("Xvfb")
	if err != nil {
		t.Fatal("no DISPLAY and no Xvfb to start (run scripts/deps.sh)")
	}
	for n := 90; n < 120; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		cmd := exec.Command(xvfb, fmt.Sprintf(":%d", n), "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		waitFor(t, "Xvfb to listen", func() bool {
			_, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n))
			return err == nil
		})
		t.Setenv("DISPLAY", fmt.Sprintf(":%d", n))
		return
	}
	t.Fatal("no free X display number")
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// editorCmd returns a command running this binary as the editor.
func editorCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), roleEnv+"=editor", argsEnv+"="+strings.Join(args, "\x1f"))
	return cmd
}

// artifactDir is where the window tests keep their screenshots.
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("RILL_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "dist", "test-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestWindowRendersControls runs the editor against a region this test
// plays the plugin for (the demo engine), captures its window and checks
// the picture, then asks the editor to close.
func TestWindowRendersControls(t *testing.T) {
	display(t)
	path := filepath.Join(t.TempDir(), "region")
	r, err := bridge.CreateFile(path, demo.ParamIDs())
	if err != nil {
		t.Fatal(err)
	}
	d, err := demo.NewOn(r)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	cmd := editorCmd("--shm", path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer cmd.Process.Kill()

	// Play the plugin until the editor has drawn a second's worth of frames.
	waitFor(t, "the editor to draw", func() bool {
		d.Advance(0.02)
		select {
		case err := <-exited:
			t.Fatalf("editor exited early: %v\n%s", err, stderr.String())
		default:
		}
		_, s := r.Editor()
		return s == bridge.EditorRunning && r.EditorBeat() >= 30 && r.EditorWindow() != 0
	})
	if pid, _ := r.Editor(); pid != cmd.Process.Pid {
		t.Errorf("editor pid in the region = %d, want %d", pid, cmd.Process.Pid)
	}

	shot := filepath.Join(artifactDir(t), "editor-window.png")
	out, err := exec.Command("import", "-window", strconv.FormatUint(r.EditorWindow(), 10), shot).CombinedOutput()
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	t.Logf("screenshot: %s", shot)
	checkScreenshot(t, shot)

	r.RequestClose()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("editor exit: %v\n%s", err, stderr.String())
		}
	case <-time.After(deadline):
		t.Fatal("editor did not close when asked")
	}
	if _, s := r.Editor(); s != bridge.EditorExited {
		t.Errorf("editor state after close = %d, want exited", s)
	}
}

// checkScreenshot looks for what a rendered editor must show: the window's
// size, many colours (text is anti-aliased), the amber of the knobs' value
// arcs and texts, the red write head and the green read head on the tape.
func checkScreenshot(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != ui.Width || b.Dy() != ui.Height {
		t.Errorf("screenshot is %dx%d, want %dx%d", b.Dx(), b.Dy(), ui.Width, ui.Height)
	}
	colours := map[[3]uint8]bool{}
	count := func(r image.Rectangle, match func(r, g, b uint8) bool) int {
		n := 0
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				cr, cg, cb, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				if match(uint8(cr>>8), uint8(cg>>8), uint8(cb>>8)) {
					n++
				}
			}
		}
		return n
	}
	count(image.Rect(0, 0, b.Dx(), b.Dy()), func(r, g, b uint8) bool { colours[[3]uint8{r, g, b}] = true; return true })
	amber := func(r, g, b uint8) bool { return r > 200 && g > 130 && g < 190 && b < 110 }
	red := func(r, g, b uint8) bool { return r > 200 && g < 110 && b < 110 }
	green := func(r, g, b uint8) bool { return g > 180 && r < 120 && b > 100 && b < 170 }
	checks := []struct {
		name string
		got  int
		min  int
	}{
		{"distinct colours", len(colours), 200},
		{"amber pixels in the Delay and Tape panels (knob arcs, values)", count(image.Rect(0, 50, 900, 180), amber), 400},
		{"amber pixels in the Output panel", count(image.Rect(650, 184, 890, 308), amber), 100},
		{"red write head pixels on the tape", count(image.Rect(10, 330, 710, 440), red), 40},
		{"green read head pixels on the tape", count(image.Rect(10, 330, 710, 440), green), 40},
	}
	for _, c := range checks {
		if c.got < c.min {
			t.Errorf("%s: %d, want at least %d", c.name, c.got, c.min)
		}
	}
}

// TestVersionMismatchIsRefused gives the editor a region of another
// layout version: it must refuse it with its version exit code, say why,
// and leave its own version where the plugin can read it.
func TestVersionMismatchIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "region")
	r, err := bridge.CreateFile(path, demo.ParamIDs())
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[8]++ // the layout version, at a frozen offset
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := editorCmd("--shm", path)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitVersion {
		t.Fatalf("exit = %v, want code %d\n%s", err, exitVersion, out)
	}
	if !strings.Contains(string(out), "version") {
		t.Errorf("message does not mention the version: %s", out)
	}
	b, _ = os.ReadFile(path)
	if got := uint32(b[20]) | uint32(b[21])<<8; got != bridge.LayoutVersion {
		t.Errorf("editor version left in the region = %d, want %d", got, bridge.LayoutVersion)
	}
}

// playPlugin is the "plugin" role of TestEditorDiesWithThePlugin: it makes
// a region, starts the editor with it as fd 3 (as the real plugin does),
// prints the editor's pid once it runs, and waits to be killed.
func playPlugin() int {
	d, err := demo.New()
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	r := d.Region()
	fd, err := unix.Dup(r.FD())
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	cmd := editorCmd("--shm-fd", "3")
	cmd.ExtraFiles = []*os.File{os.NewFile(uintptr(fd), "region")}
	if err := cmd.Start(); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	for {
		d.Advance(0.02)
		if _, s := r.Editor(); s == bridge.EditorRunning {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	fmt.Println(cmd.Process.Pid)
	for {
		d.Advance(0.02)
		time.Sleep(20 * time.Millisecond)
	}
}

// TestEditorDiesWithThePlugin kills the plugin's process with SIGKILL (no
// chance to close anything) and expects its editor to exit by itself.
func TestEditorDiesWithThePlugin(t *testing.T) {
	display(t)
	plugin := exec.Command(os.Args[0], "-test.run=^$")
	plugin.Env = append(os.Environ(), roleEnv+"=plugin")
	stdout, err := plugin.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	plugin.Stderr = os.Stderr
	if err := plugin.Start(); err != nil {
		t.Fatal(err)
	}
	defer plugin.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("plugin role: %v", err)
	}
	editor, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		t.Fatalf("plugin role said %q", line)
	}
	if err := plugin.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	plugin.Wait()
	waitFor(t, "the orphaned editor to exit", func() bool { return !alive(editor) })
}

// alive reports whether pid is a live process (not gone, not a zombie).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

// TestMouseEditsSendGestures drives the window with the mouse (xdotool) as a
// user would, playing the plugin itself: it pops the edits from the region
// and checks each gesture: a drag on the Mix knob, a double-click reset, and
// a value typed after a right-click on Time.
func TestMouseEditsSendGestures(t *testing.T) {
	display(t)
	xdotool, err := exec.LookPath("xdotool")
	if err != nil {
		t.Fatal("xdotool is not installed (run scripts/deps.sh)")
	}
	path := filepath.Join(t.TempDir(), "region")
	r, err := bridge.CreateFile(path, demo.ParamIDs())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for i, p := range dsp.Params() {
		r.Param(i).Store(p.Default)
	}
	cmd := editorCmd("--shm", path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	waitFor(t, "the editor to draw", func() bool {
		_, s := r.Editor()
		return s == bridge.EditorRunning && r.EditorBeat() >= 10 && r.EditorWindow() != 0
	})
	win := strconv.FormatUint(r.EditorWindow(), 10)
	waitFor(t, "the window to be mapped", func() bool {
		out, _ := exec.Command("xwininfo", "-id", win).Output()
		return strings.Contains(string(out), "IsViewable")
	})

	// gesture runs xdotool commands ("|" separates invocations: "type"
	// takes every argument after it as text) and returns the edits up to
	// the first gesture end.
	gesture := func(args ...string) []bridge.Edit {
		t.Helper()
		for len(args) > 0 {
			n := len(args)
			for i, a := range args {
				if a == "|" {
					n = i
					break
				}
			}
			if out, err := exec.Command(xdotool, args[:n]...).CombinedOutput(); err != nil {
				t.Fatalf("xdotool %v: %v\n%s", args[:n], err, out)
			}
			args = args[min(n+1, len(args)):]
		}
		var got []bridge.Edit
		defer func() {
			if t.Failed() {
				t.Logf("edits so far: %+v", got)
				shot := filepath.Join(artifactDir(t), "editor-mouse-failure.png")
				exec.Command("import", "-window", "root", shot).Run()
				t.Logf("screen: %s", shot)
			}
		}()
		waitFor(t, "a complete gesture", func() bool {
			for {
				e, ok := r.PopEdit()
				if !ok {
					return false
				}
				got = append(got, e)
				if e.Kind == bridge.EditEnd {
					return true
				}
			}
		})
		return got
	}
	check := func(name string, got []bridge.Edit, id dsp.ParamID, final func(float64) bool) {
		t.Helper()
		n := len(got)
		if n < 3 || got[0] != (bridge.Edit{Param: uint32(id), Kind: bridge.EditBegin}) ||
			got[n-1] != (bridge.Edit{Param: uint32(id), Kind: bridge.EditEnd}) {
			t.Fatalf("%s: edits %+v, want begin, values, end on parameter %d", name, got, id)
		}
		for _, e := range got[1 : n-1] {
			if e.Kind != bridge.EditValue || e.Param != uint32(id) {
				t.Fatalf("%s: edits %+v, want only values of %d inside the gesture", name, got, id)
			}
		}
		if v := got[n-2].Value; !final(v) {
			t.Errorf("%s: final value %v", name, v)
		}
	}

	// Mix knob centre in the Output panel (ui/editor.go's layout).
	mixX, mixY := "770", "247"
	drag := gesture("mousemove", "--window", win, mixX, mixY, "sleep", "0.3", "mousedown", "1", "sleep", "0.3",
		"mousemove_relative", "--", "0", "-20", "sleep", "0.15",
		"mousemove_relative", "--", "0", "-20", "sleep", "0.15",
		"mousemove_relative", "--", "0", "-20", "sleep", "0.3", "mouseup", "1")
	check("drag up 60 px", drag, dsp.IDMix, func(v float64) bool { return v > 55 && v < 75 })

	reset := gesture("mousemove", "--window", win, mixX, mixY, "sleep", "0.3", "click", "--repeat", "2", "--delay", "80", "1")
	check("double-click", reset, dsp.IDMix, func(v float64) bool { return v == 35 })

	// Time knob centre in the Delay panel; right-click opens the entry.
	typed := gesture("mousemove", "--window", win, "54", "115", "sleep", "0.3", "click", "3", "sleep", "0.5", "|",
		"type", "--delay", "60", "250 ms", "|", "sleep", "0.2", "key", "Return")
	check("typed entry", typed, dsp.IDTime, func(v float64) bool { return v == 250 })
}
