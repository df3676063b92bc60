// Command hostcheck drives the built plugin's editor through a CLAP host (the
// project's host/clap) the way a DAW does, for scripts/checks/40-editor.sh.
// It needs an X display (Xvfb) and the bundle (RillTape.clap with
// rill-editor beside it). Each check prints one PASS or FAIL line; the exit
// status is non-zero when any failed.
//
//	go run ./cmd/rill-editor/hostcheck --plugin dist/linux-x86_64/RillTape/RillTape.clap
//
// Checks: open and close the floating editor many times (no leaked
// processes, descriptors or mappings), embedded editors inside another
// process's window, two instances with editors at once, kill -9 of the
// editor (reported as closed, processing goes on), an edit through the
// shared memory changing the next block's sound and reaching the host as a
// gesture, and host automation reaching the shared memory within a block.
package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"rill/dsp"
	"rill/host/clap"
	"rill/plugin/bridge"
)

func init() { runtime.LockOSThread() } // the host's main thread

// deadline bounds every wait for the editor; reaching it fails the check.
const deadline = 30 * time.Second

const (
	sampleRate = 48000
	blockSize  = 256
)

func main() {
	plugin := flag.String("plugin", "dist/linux-x86_64/RillTape/RillTape.clap", "the .clap to load")
	cycles := flag.Int("cycles", 100, "open/close cycles of the floating editor")
	embedded := flag.Int("embedded-cycles", 20, "open/close cycles of the embedded editor")
	timing := flag.Float64("timing", 0, "instead of the checks, time this many seconds of paced 64-frame blocks with the editor closed, then open")
	flag.Parse()
	if os.Getenv("DISPLAY") == "" {
		fmt.Println("FAIL hostcheck: no DISPLAY (run under xvfb-run)")
		os.Exit(1)
	}
	lib, err := clap.Open(*plugin)
	if err != nil {
		fmt.Println("FAIL hostcheck: open plugin:", err)
		os.Exit(1)
	}
	c := &checker{lib: lib}
	if *timing > 0 {
		if err := c.timing(*timing); err != nil {
			fmt.Println("FAIL timing:", err)
			os.Exit(1)
		}
		return
	}
	c.run("editor-open-close-floating", func() error { return c.openClose(*cycles) })
	c.run("editor-open-close-embedded", func() error { return c.embedded(*embedded) })
	c.run("editor-two-instances", c.twoInstances)
	c.run("editor-kill-9-reported-closed", c.kill9)
	c.run("editor-edit-changes-next-block", c.editChangesSound)
	c.run("editor-sees-host-automation", c.automation)
	if c.failed {
		os.Exit(1)
	}
}

type checker struct {
	lib    *clap.Library
	failed bool
}

func (c *checker) run(name string, f func() error) {
	start := time.Now()
	if err := f(); err != nil {
		fmt.Printf("FAIL %s: %v\n", name, err)
		c.failed = true
		return
	}
	fmt.Printf("PASS %s (%.1f s)\n", name, time.Since(start).Seconds())
}

// rig is one plugin instance with an audio thread running blocks.
type rig struct {
	pl   *clap.Plugin
	pr   *clap.Processor
	work chan func(*clap.Processor)
	done chan struct{}
	logs []string
}

// newRig creates and activates an instance and starts its audio thread,
// which processes a block of noise every few milliseconds until close.
func (c *checker) newRig(free bool) (*rig, error) {
	pl, err := c.lib.New("")
	if err != nil {
		return nil, err
	}
	r := &rig{pl: pl, work: make(chan func(*clap.Processor)), done: make(chan struct{})}
	pl.SetLogger(func(s clap.Severity, msg string) { r.logs = append(r.logs, s.String()+": "+msg) })
	if !pl.HasGUI() || !pl.GUISupported(false) || !pl.GUISupported(true) {
		pl.Destroy()
		return nil, errors.New("the plugin offers no X11 gui (embedded and floating)")
	}
	r.pr, err = pl.Activate(sampleRate, blockSize)
	if err != nil {
		pl.Destroy()
		return nil, err
	}
	started := make(chan error)
	go func() {
		runtime.LockOSThread()
		started <- r.pr.Start()
		seed := uint32(1)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case f := <-r.work:
				f(r.pr)
			case <-tick.C:
				if free {
					noise(r.pr, &seed)
					r.pr.Process(blockSize)
				}
			case <-r.done:
				r.pr.Stop()
				close(r.work)
				return
			}
		}
	}()
	if err := <-started; err != nil {
		r.close()
		return nil, err
	}
	return r, nil
}

// audio runs f on the audio thread and waits for it.
func (r *rig) audio(f func(*clap.Processor)) {
	done := make(chan struct{})
	r.work <- func(pr *clap.Processor) { f(pr); close(done) }
	<-done
}

func (r *rig) close() {
	close(r.done)
	for range r.work { // wait for the audio thread to stop
	}
	r.pl.Destroy()
}

// noise fills the inputs with a little white noise.
func noise(pr *clap.Processor, seed *uint32) {
	for _, ch := range pr.Inputs() {
		for i := range ch {
			*seed = *seed*1664525 + 1013904223
			ch[i] = (float32(*seed>>8)/float32(1<<24) - 0.5) * 0.5
		}
	}
}

// idleUntil runs the host's main-thread housekeeping until cond holds,
// collecting the requests the plugin made.
func (r *rig) idleUntil(what string, cond func(clap.Requests) bool) (clap.Requests, error) {
	end := time.Now().Add(deadline)
	var all clap.Requests
	for {
		all |= r.pl.Idle()
		if cond(all) {
			return all, nil
		}
		if time.Now().After(end) {
			return all, fmt.Errorf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// editorOf waits until this process has an editor child attached to a
// region and running, and returns its pid and that region (mapped here too,
// through /proc).
func (r *rig) editorOf(exclude ...int) (int, *bridge.Region, error) {
	var pid int
	var region *bridge.Region
	_, err := r.idleUntil("the editor to run", func(clap.Requests) bool {
		for _, p := range children() {
			if contains(exclude, p) {
				continue
			}
			reg, err := bridge.AttachFile(fmt.Sprintf("/proc/%d/fd/3", p))
			if err != nil {
				continue
			}
			if epid, s := reg.Editor(); epid == p && s == bridge.EditorRunning {
				pid, region = p, reg
				return true
			}
			reg.Close()
		}
		return false
	})
	return pid, region, err
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// children lists this process's live child processes.
func children() []int {
	var out []int
	tasks, _ := filepath.Glob("/proc/self/task/*/children")
	for _, t := range tasks {
		b, _ := os.ReadFile(t)
		for _, f := range strings.Fields(string(b)) {
			if pid, err := strconv.Atoi(f); err == nil && alive(pid) {
				out = append(out, pid)
			}
		}
	}
	return out
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

// resources counts what a leak would grow: open descriptors, memory
// mappings (all, and of the bridge's memfd), child processes (zombies too).
type resources struct {
	fds, maps, regions, kids int
	mapLines                 map[string]bool // address ranges and names, to show what grew
}

func measure() resources {
	r := resources{mapLines: map[string]bool{}}
	fds, _ := os.ReadDir("/proc/self/fd")
	r.fds = len(fds)
	b, _ := os.ReadFile("/proc/self/maps")
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" {
			continue
		}
		r.maps++
		r.mapLines[line] = true
		if strings.Contains(line, "rill-tape-bridge") {
			r.regions++
		}
	}
	tasks, _ := filepath.Glob("/proc/self/task/*/children")
	for _, t := range tasks {
		b, _ := os.ReadFile(t)
		r.kids += len(strings.Fields(string(b)))
	}
	return r
}

// settle waits for closing editors to be reaped.
func (r *rig) settle() {
	r.idleUntil("closed editors to be reaped", func(clap.Requests) bool { return measure().kids == 0 })
}

// openClose opens, shows, hides and destroys the floating editor n times and
// compares descriptors, mappings and children with the start.
func (c *checker) openClose(n int) error {
	r, err := c.newRig(true)
	if err != nil {
		return err
	}
	defer r.close()
	// Warm-up cycles first: the region is made once per instance and kept,
	// and both Go runtimes and the C library keep thread stacks and heap
	// arenas they grew for later; a leak shows as growth after that.
	for range 20 {
		if err := r.cycleFloating(); err != nil {
			return err
		}
	}
	r.settle()
	before := measure()
	for i := range n {
		if err := r.cycleFloating(); err != nil {
			return fmt.Errorf("cycle %d: %w", i+1, err)
		}
	}
	r.settle()
	after := measure()
	switch {
	case after.kids != 0:
		return fmt.Errorf("%d editor processes left after %d cycles", after.kids, n)
	case after.fds != before.fds:
		return fmt.Errorf("descriptors %d before, %d after %d cycles", before.fds, after.fds, n)
	case after.regions != before.regions:
		return fmt.Errorf("bridge mappings %d before, %d after", before.regions, after.regions)
	case after.maps > before.maps+8: // a heap arena or two, never one per cycle
		var grown []string
		for line := range after.mapLines {
			if !before.mapLines[line] && len(grown) < 20 {
				grown = append(grown, line)
			}
		}
		return fmt.Errorf("mappings %d before, %d after %d cycles; new:\n%s", before.maps, after.maps, n, strings.Join(grown, "\n"))
	}
	if os.Getenv("HOSTCHECK_DEBUG") != "" {
		for line := range after.mapLines {
			if !before.mapLines[line] {
				fmt.Println("  new mapping:", line)
			}
		}
	}
	fmt.Printf("  %d cycles: descriptors %d→%d, mappings %d→%d (bridge %d→%d), editor processes left %d\n",
		n, before.fds, after.fds, before.maps, after.maps, before.regions, after.regions, after.kids)
	return nil
}

func (r *rig) cycleFloating() error {
	if err := r.pl.GUICreate(true); err != nil {
		return err
	}
	if w, h, ok := r.pl.GUISize(); !ok || w != 900 || h != 580 {
		return fmt.Errorf("get_size = %d×%d, %v", w, h, ok)
	}
	if err := r.pl.GUIShow(); err != nil {
		return err
	}
	_, reg, err := r.editorOf()
	if err != nil {
		return err
	}
	defer reg.Close()
	if !reg.Visible() {
		return errors.New("shown editor's region says hidden")
	}
	r.pl.GUIHide()
	if reg.Visible() {
		return errors.New("hidden editor's region says visible")
	}
	r.pl.GUIDestroy()
	if req := r.pl.Idle(); req.Has(clap.GUIClosed) {
		return errors.New("the plugin reported closed() for a destroy the host asked for")
	}
	return nil
}

// parentWindow starts xev, a plain X11 window in another process, and
// returns its id.
func parentWindow(name string) (*exec.Cmd, uint64, error) {
	cmd := exec.Command("xev", "-event", "keyboard", "-name", name, "-geometry", "900x580")
	if err := cmd.Start(); err != nil {
		return nil, 0, fmt.Errorf("xev: %w", err)
	}
	end := time.Now().Add(deadline)
	for time.Now().Before(end) {
		out, _ := exec.Command("xwininfo", "-name", name).Output()
		for _, line := range strings.Split(string(out), "\n") {
			if i := strings.Index(line, "Window id: "); i >= 0 {
				f := strings.Fields(line[i+len("Window id: "):])
				if id, err := strconv.ParseUint(f[0], 0, 64); err == nil {
					return cmd, id, nil
				}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	return nil, 0, errors.New("xev made no window")
}

// embedded opens the editor inside another process's window n times and
// checks it is a viewable child of that window.
func (c *checker) embedded(n int) error {
	xev, parent, err := parentWindow("rill-host-window")
	if err != nil {
		return err
	}
	defer func() { xev.Process.Kill(); xev.Wait() }()
	r, err := c.newRig(true)
	if err != nil {
		return err
	}
	defer r.close()
	for i := range n {
		if err := r.pl.GUICreate(false); err != nil {
			return err
		}
		if err := r.pl.GUISetParentX11(uintptr(parent)); err != nil {
			return err
		}
		// The editor's window is inside the host's when set_parent returns.
		pid := 0
		for _, p := range children() {
			if p != xev.Process.Pid {
				pid = p
			}
		}
		reg, err := bridge.AttachFile(fmt.Sprintf("/proc/%d/fd/3", pid))
		if err != nil {
			return fmt.Errorf("cycle %d: no editor process after set_parent: %w", i+1, err)
		}
		xid := reg.EditorWindow()
		reg.Close()
		if xid == 0 || !isChild(parent, xid) {
			return fmt.Errorf("cycle %d: after set_parent the editor's window (%#x) is not a child of %#x", i+1, xid, parent)
		}
		if err := r.pl.GUIShow(); err != nil {
			return err
		}
		if _, err := r.idleUntil("the shown editor to be viewable", func(clap.Requests) bool {
			return viewableChild(parent, xid)
		}); err != nil {
			return fmt.Errorf("cycle %d: window %#x: %w", i+1, xid, err)
		}
		r.pl.GUIDestroy()
	}
	xev.Process.Kill() // the parent window's process is a child too
	xev.Wait()
	r.settle()
	if k := measure().kids; k != 0 {
		return fmt.Errorf("%d editor processes left", k)
	}
	return nil
}

// isChild reports whether window child is a child of parent.
func isChild(parent, child uint64) bool {
	out, err := exec.Command("xwininfo", "-children", "-id", strconv.FormatUint(parent, 10)).Output()
	return err == nil && strings.Contains(string(out), fmt.Sprintf("0x%x ", child))
}

// viewableChild reports whether window child is a mapped child of parent.
func viewableChild(parent, child uint64) bool {
	if !isChild(parent, child) {
		return false
	}
	out, err := exec.Command("xwininfo", "-id", strconv.FormatUint(child, 10)).Output()
	return err == nil && strings.Contains(string(out), "IsViewable")
}

// twoInstances opens two editors at once, one per instance.
func (c *checker) twoInstances() error {
	a, err := c.newRig(true)
	if err != nil {
		return err
	}
	defer a.close()
	b, err := c.newRig(true)
	if err != nil {
		return err
	}
	defer b.close()
	// Open A's editor, then B's while A's runs, so each pid is known.
	if err := a.pl.GUICreate(true); err != nil {
		return err
	}
	if err := a.pl.GUIShow(); err != nil {
		return err
	}
	pa, ra, err := a.editorOf()
	if err != nil {
		return err
	}
	defer ra.Close()
	if err := b.pl.GUICreate(true); err != nil {
		return err
	}
	if err := b.pl.GUIShow(); err != nil {
		return err
	}
	pb, rb, err := b.editorOf(pa)
	if err != nil {
		return err
	}
	defer rb.Close()
	if ra.OwnerPID() != os.Getpid() || rb.OwnerPID() != os.Getpid() {
		return errors.New("regions not owned by the host process")
	}
	// Each editor has its own instance: an automation change of one shows
	// in its region only.
	a.audio(func(pr *clap.Processor) {
		pr.AddParam(0, uint32(dsp.IDFeedback), 77)
		pr.Process(blockSize)
	})
	ia, _ := ra.ParamIndex(uint32(dsp.IDFeedback))
	ib, _ := rb.ParamIndex(uint32(dsp.IDFeedback))
	if ra.Param(ia).Load() != 77 || rb.Param(ib).Load() == 77 {
		return fmt.Errorf("feedback: instance A's editor sees %v (want 77), B's %v (want unchanged)", ra.Param(ia).Load(), rb.Param(ib).Load())
	}
	fmt.Printf("  editors %d and %d open at once\n", pa, pb)
	a.pl.GUIDestroy()
	b.pl.GUIDestroy()
	a.settle()
	return nil
}

// kill9 kills the editor with SIGKILL: the plugin must report closed(true)
// from its timer and keep processing.
func (c *checker) kill9() error {
	r, err := c.newRig(true)
	if err != nil {
		return err
	}
	defer r.close()
	if err := r.pl.GUICreate(true); err != nil {
		return err
	}
	if err := r.pl.GUIShow(); err != nil {
		return err
	}
	pid, reg, err := r.editorOf()
	if err != nil {
		return err
	}
	defer reg.Close()
	blocks := reg.Blocks()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		return err
	}
	req, err := r.idleUntil("closed(was_destroyed=true)", func(q clap.Requests) bool { return q.Has(clap.GUIDestroyed) })
	if err != nil {
		return fmt.Errorf("%w (requests %#x)", err, uint32(req))
	}
	r.pl.GUIDestroy() // the host acknowledges, as CLAP asks
	after := reg.Blocks()
	var status clap.Status
	finite := true
	r.audio(func(pr *clap.Processor) {
		status = pr.Process(blockSize)
		for _, ch := range pr.Outputs() {
			for _, x := range ch {
				if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
					finite = false
				}
			}
		}
	})
	if after <= blocks || status == clap.StatusError || !finite {
		return fmt.Errorf("processing after the kill: blocks %d→%d, status %d, finite %v", blocks, after, status, finite)
	}
	return nil
}

// editChangesSound runs two instances on the same input; one gets an edit
// through the shared memory (as the editor sends it): the first block after
// it must sound different, the host must receive begin/value/end, and the
// blocks before must be identical.
func (c *checker) editChangesSound() error {
	a, err := c.newRig(false)
	if err != nil {
		return err
	}
	defer a.close()
	b, err := c.newRig(false)
	if err != nil {
		return err
	}
	defer b.close()
	if err := a.pl.GUICreate(true); err != nil {
		return err
	}
	_, reg, err := a.editorOf()
	if err != nil {
		return err
	}
	defer reg.Close()

	block := func(r *rig, seed uint32) (out []float32, events []clap.OutEvent) {
		r.audio(func(pr *clap.Processor) {
			noise(pr, &seed)
			pr.Process(blockSize)
			for _, ch := range pr.Outputs() {
				out = append(out, ch...)
			}
			for i := range pr.OutEvents() {
				events = append(events, pr.OutEvent(i))
			}
		})
		return out, events
	}
	for k := range uint32(8) {
		oa, _ := block(a, k+1)
		ob, _ := block(b, k+1)
		if d := diff(oa, ob); d != 0 {
			return fmt.Errorf("block %d differs before any edit (%g)", k, d)
		}
	}
	id := uint32(dsp.IDMix)
	for _, e := range []bridge.Edit{{Param: id, Kind: bridge.EditBegin}, {Param: id, Kind: bridge.EditValue, Value: 100}, {Param: id, Kind: bridge.EditEnd}} {
		if !reg.PushEdit(e) {
			return errors.New("edit queue full")
		}
	}
	oa, events := block(a, 99)
	ob, _ := block(b, 99)
	d := diff(oa, ob)
	if d < 1e-3 {
		return fmt.Errorf("the block after the edit sounds the same (rms difference %g)", d)
	}
	var kinds []string
	for _, e := range events {
		if e.Param == id {
			kinds = append(kinds, fmt.Sprintf("%d:%g", e.Kind, e.Value))
		}
	}
	want := fmt.Sprintf("%d:0 %d:100 %d:0", clap.OutGestureBegin, clap.OutValue, clap.OutGestureEnd)
	if strings.Join(kinds, " ") != want {
		return fmt.Errorf("events to the host for mix: %v, want %s", kinds, want)
	}
	if v, err := a.pl.ParamValue(id); err != nil || v != 100 {
		return fmt.Errorf("host reads mix %v, %v after the edit", v, err)
	}
	fmt.Printf("  rms difference in the block after the edit: %.4f\n", d)
	a.pl.GUIDestroy()
	a.settle()
	return nil
}

// automation sends a parameter change from the host inside a block: the
// region must hold the new value as soon as the block returns.
func (c *checker) automation() error {
	r, err := c.newRig(false)
	if err != nil {
		return err
	}
	defer r.close()
	if err := r.pl.GUICreate(true); err != nil {
		return err
	}
	_, reg, err := r.editorOf()
	if err != nil {
		return err
	}
	defer reg.Close()
	i, ok := reg.ParamIndex(uint32(dsp.IDTime))
	if !ok {
		return errors.New("time is not in the region")
	}
	for _, v := range []float64{123, 987.5, 4000} {
		r.audio(func(pr *clap.Processor) {
			pr.AddParam(10, uint32(dsp.IDTime), v)
			pr.Process(blockSize)
		})
		if got := reg.Param(i).Load(); got != v {
			return fmt.Errorf("after a block automating time to %v the editor's region holds %v", v, got)
		}
	}
	r.pl.GUIDestroy()
	r.settle()
	return nil
}

// diff returns the RMS difference of two signals.
func diff(a, b []float32) float64 {
	if len(a) != len(b) || len(a) == 0 {
		return math.Inf(1)
	}
	var s float64
	for i := range a {
		d := float64(a[i] - b[i])
		s += d * d
	}
	return math.Sqrt(s / float64(len(a)))
}
