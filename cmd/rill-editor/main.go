// Command rill-editor is Rill Tape's editor: a giu window in its own
// process, attached to one plugin instance's shared-memory region.
//
// The plugin starts it from its bundle folder:
//
//	rill-editor --shm-fd 3 [--parent XID]
//
// with the region's descriptor as fd 3, and --parent to embed the window
// into a host's X11 window. By hand:
//
//	rill-editor --demo           the real engine on a demo phrase, no host needed
//	rill-editor --shm PATH       attach to a region file (bridge.CreateFile)
//
// The editor exits when the plugin asks it to, when its window is closed,
// when the plugin's process dies (parent-death signal, and a check of the
// owner's pid each second), or after --frames frames.
//
// Exit codes: 0 normal, 1 bad usage, 2 cannot attach, 3 the region comes
// from another build (layout version mismatch), 4 cannot embed, 5 no X
// display.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	g "github.com/AllenDang/giu"
	"golang.org/x/sys/unix"

	"rill/plugin/bridge"
	"rill/ui"
	"rill/ui/control"
	"rill/ui/demo"
)

// Exit codes.
const (
	exitUsage    = 1
	exitAttach   = 2
	exitVersion  = 3
	exitEmbed    = 4
	exitDisplay  = 5
	checkFrames  = 30 // frames between checks that the plugin is alive
	framesPerSec = 30
	// hiddenFramesPerSec is the loop's rate while the host hides the window.
	hiddenFramesPerSec = 5
)

type options struct {
	shmFD  int
	shm    string
	parent uint64
	demo   bool
	frames int
}

func parseFlags(args []string) (options, error) {
	var o options
	var parent string
	fs := flag.NewFlagSet("rill-editor", flag.ContinueOnError)
	fs.IntVar(&o.shmFD, "shm-fd", -1, "attach to the plugin's region open as this inherited descriptor")
	fs.StringVar(&o.shm, "shm", "", "attach to the region file at this path")
	fs.StringVar(&parent, "parent", "", "embed the window into this X11 window (decimal or 0x hex)")
	fs.BoolVar(&o.demo, "demo", false, "run the editor on a built-in demo plugin")
	fs.IntVar(&o.frames, "frames", 0, "quit after this many frames (0: run until closed)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	n := 0
	for _, set := range []bool{o.shmFD >= 0, o.shm != "", o.demo} {
		if set {
			n++
		}
	}
	if n != 1 {
		return o, errors.New("give exactly one of --shm-fd, --shm, --demo")
	}
	if parent != "" {
		v, err := strconv.ParseUint(parent, 0, 64)
		if err != nil || v == 0 {
			return o, fmt.Errorf("bad --parent %q: want a non-zero X11 window id", parent)
		}
		o.parent = v
	}
	if o.frames < 0 {
		return o, errors.New("--frames must be >= 0")
	}
	return o, nil
}

func main() {
	o, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "rill-editor:", err)
		os.Exit(exitUsage)
	}
	// Die with the plugin's process. Set before anything slow, then check
	// the parent did not die before it took effect.
	if o.shmFD >= 0 {
		_ = unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(unix.SIGTERM), 0, 0, 0)
	}

	var region *bridge.Region
	var d *demo.Demo
	switch {
	case o.demo:
		d, err = demo.New()
		if d != nil {
			region = d.Region()
		}
	case o.shmFD >= 0:
		region, err = bridge.Attach(o.shmFD)
	default:
		region, err = bridge.AttachFile(o.shm)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "rill-editor:", err)
		if errors.Is(err, bridge.ErrVersion) {
			os.Exit(exitVersion)
		}
		os.Exit(exitAttach)
	}
	owner := region.OwnerPID()
	if o.shmFD >= 0 && os.Getppid() != owner {
		fmt.Fprintf(os.Stderr, "rill-editor: plugin process %d is gone\n", owner)
		os.Exit(0)
	}
	pid := os.Getpid()
	region.SetEditor(pid, bridge.EditorStarting)

	// A terminating signal (the plugin closing us, or its death) ends the
	// process at once: there is nothing to save.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	go func() {
		<-sigs
		region.SetEditor(pid, bridge.EditorExited)
		os.Exit(0)
	}()

	os.Exit(run(o, region, d, owner))
}

// run opens the window and runs the frame loop; it returns the exit code.
func run(o options, region *bridge.Region, d *demo.Demo, owner int) int {
	pid := os.Getpid()
	flags := g.MasterWindowFlagsNotResizable
	hostDriven := d == nil && o.shmFD >= 0 // a plugin decides when we show
	if o.parent != 0 || (hostDriven && !region.Visible()) {
		flags |= g.MasterWindowFlagsHidden
	}
	if err := holdDisplay(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return exitDisplay
	}
	mw := g.NewMasterWindow("Rill Tape", ui.Width, ui.Height, flags)
	mw.SetStyle(ui.Theme())
	mw.SetTargetFPS(framesPerSec)
	if hostDriven && !region.Visible() {
		mw.SetTargetFPS(hiddenFramesPerSec) // a hidden window only waits for show or close
	}
	fonts := ui.LoadFonts()
	editor := ui.New(control.New(region), fonts)
	switch {
	case d != nil:
		editor.Description = "demo"
	default:
		editor.Description = fmt.Sprintf("plugin pid %d", owner)
	}
	mw.SetCloseCallback(func() bool {
		region.SetEditor(pid, bridge.EditorExited)
		return true
	})

	code := 0
	frame := 0
	shown := !hostDriven || region.Visible()
	last := time.Now()
	mw.Run(func() {
		frame++
		if frame == 1 {
			if o.parent != 0 {
				if err := reparent(o.parent); err != nil {
					fmt.Fprintln(os.Stderr, err)
					code = exitEmbed
					mw.SetShouldClose(true)
					return
				}
				shown = true
				if hostDriven && !region.Visible() {
					setVisible(false)
					shown = false
				}
			}
			// Published after embedding: a plugin waiting in set_parent
			// takes a window id as "inside the host's window".
			region.SetEditorWindow(currentWindow())
			region.SetEditor(pid, bridge.EditorRunning)
		}
		now := time.Now()
		if d != nil {
			d.Advance(now.Sub(last).Seconds())
		}
		last = now
		if hostDriven {
			if v := region.Visible(); v != shown {
				setVisible(v)
				shown = v
				// A hidden window only needs to notice show and close requests.
				if v {
					mw.SetTargetFPS(framesPerSec)
				} else {
					mw.SetTargetFPS(hiddenFramesPerSec)
				}
			}
		}
		if region.CloseRequested() || (o.frames > 0 && frame >= o.frames) ||
			(frame%checkFrames == 0 && pluginGone(owner, o.shmFD >= 0)) {
			mw.SetShouldClose(true)
		}
		region.BeatEditor()
		editor.Frame()
	})
	region.SetEditor(pid, bridge.EditorExited)
	return code
}

// pluginGone reports whether the plugin's process has died. A child of the
// plugin also notices its parent changing (the parent-death signal covers
// most cases; this catches a death between fork and prctl).
func pluginGone(owner int, child bool) bool {
	if child && os.Getppid() != owner {
		return true
	}
	return unix.Kill(owner, 0) == unix.ESRCH
}
