package main

import (
	"fmt"
	"math"
	"testing"
	"time"

	"rill/dsp"
	"rill/plugin/bridge"
	"rill/plugin/instance"
)

// guiRig is an active instance with a region opened, and the region mapped
// a second time as the editor sees it.
type guiRig struct {
	h      instance.Handle
	inst   *instance.Instance
	editor *bridge.Region
	blk    instance.Block
}

func newGUIRig(t testing.TB) *guiRig {
	t.Helper()
	inst := instance.New()
	h, err := instances.Add(inst)
	if err != nil {
		t.Fatal(err)
	}
	if err := inst.Activate(48000, 1, 256); err != nil {
		t.Fatal(err)
	}
	fd := guiOpen(h)
	if fd < 0 {
		t.Fatal("guiOpen failed")
	}
	editor, err := bridge.AttachFile(fmt.Sprintf("/proc/self/fd/%d", fd))
	if err != nil {
		t.Fatal(err)
	}
	r := &guiRig{h: h, inst: inst, editor: editor}
	t.Cleanup(func() {
		editor.Close()
		guiRelease(h)
		instances.Remove(h)
	})
	in := make([]float32, 256)
	for i := range in {
		in[i] = float32(i%32) / 64
	}
	r.blk = instance.Block{
		InL: in, InR: in, OutL: make([]float32, 256), OutR: make([]float32, 256),
		Frames: 256, Out: make([]instance.HostEvent, 64),
	}
	return r
}

// block is what rill_go_process does around the instance.
func (r *guiRig) block() {
	gl := guiBeforeBlock(r.h, r.inst)
	start := time.Now()
	r.inst.Process(&r.blk)
	if gl != nil {
		gl.afterBlock(r.inst, &r.blk, time.Since(start))
	}
}

func TestEditorEditsReachTheEngineAndTheHost(t *testing.T) {
	r := newGUIRig(t)
	id := uint32(dsp.IDFeedback)
	for _, e := range []bridge.Edit{{Param: id, Kind: bridge.EditBegin}, {Param: id, Kind: bridge.EditValue, Value: 90}, {Param: id, Kind: bridge.EditEnd},
		{Param: id, Kind: bridge.EditValue, Value: math.Inf(1)}, // infinite: dropped
		{Param: 9999, Kind: bridge.EditValue, Value: 1}} {       // unknown id: the instance ignores it
		if !r.editor.PushEdit(e) {
			t.Fatal("queue full")
		}
	}
	r.block()
	var got []string
	for _, e := range r.blk.Out[:r.blk.OutCount] {
		got = append(got, fmt.Sprintf("%d/%d/%g", e.Kind, e.ParamID, e.Value))
	}
	want := fmt.Sprintf("[%d/%d/0 %d/%d/90 %d/%d/0]", instance.EventGestureBegin, id, instance.EventParamValue, id, instance.EventGestureEnd, id)
	if fmt.Sprint(got) != want {
		t.Errorf("events to the host = %v, want %s", got, want)
	}
	if v, _ := r.inst.Value(id); v != 90 {
		t.Errorf("instance feedback = %v, want 90", v)
	}
	k, _ := r.editor.ParamIndex(id)
	if v := r.editor.Param(k).Load(); v != 90 {
		t.Errorf("editor sees feedback %v, want 90", v)
	}
	if r.editor.PendingEdits() != 0 {
		t.Errorf("%d edits left in the region", r.editor.PendingEdits())
	}
}

func TestMetersStatsAndTickReachTheEditor(t *testing.T) {
	r := newGUIRig(t)
	for range 4 {
		r.block()
	}
	var m bridge.Meters
	if !r.editor.ReadMeters(&m) {
		t.Fatal("torn meters with no writer")
	}
	if m.SampleRate != 48000 || m.InPeak[0] == 0 || m.HeadCount != 2 || !(m.Load > 0) {
		t.Errorf("meters = %+v", m)
	}
	if r.editor.Blocks() != 4 {
		t.Errorf("blocks = %d, want 4", r.editor.Blocks())
	}
	var names []string
	for i := range r.editor.StatsCount() {
		names = append(names, r.editor.StatsName(i))
	}
	if fmt.Sprint(names) != "[editor edits tape L tape R]" {
		t.Errorf("stats slots: %q", names)
	}
	for i, name := range names {
		s := r.editor.Stats(i).Snapshot()
		switch name {
		case "tape L", "tape R":
			// Four blocks of 256 frames on a tape of about 4 s.
			if s.Writes != 4*256 || s.Reads != 4*256 || !(s.FillLevel > 0 && s.FillLevel < 0.01) || s.PeakFill != s.FillLevel {
				t.Errorf("%s stats = %+v, want 1024 writes and reads and the fill of 1024 samples", name, s)
			}
		case "editor edits":
			if s.Writes != 0 || s.Overflows != 0 {
				t.Errorf("%s stats = %+v with no edits", name, s)
			}
		}
	}
	if r.editor.TapeSamplesPerColumn() == 0 {
		t.Error("tape view not laid out")
	}
	beat := r.editor.PluginBeat()
	if flags := guiTick(r.h); flags != 0 {
		t.Errorf("tick flags = %d with nothing pending", flags)
	}
	r.editor.PushEdit(bridge.Edit{Param: uint32(dsp.IDMix), Kind: bridge.EditValue, Value: 50})
	if flags := guiTick(r.h); flags&tickPendingEdits == 0 {
		t.Errorf("tick flags = %d, want the pending-edits bit", flags)
	}
	if r.editor.PluginBeat() != beat+2 {
		t.Errorf("heartbeat %d → %d over two ticks", beat, r.editor.PluginBeat())
	}
}

// TestTapeViewShowsTheTape checks the tape view's columns against the
// engine's tape: min and max of what the loop wrote, not of the output.
func TestTapeViewShowsTheTape(t *testing.T) {
	r := newGUIRig(t)
	for range 4 {
		r.block()
	}
	per := r.editor.TapeSamplesPerColumn()
	if want := r.inst.TapeLength() / bridge.TapeColumns; per != want {
		t.Fatalf("%d samples per column, want the tape's %d", per, want)
	}
	if r.editor.TapeWriteColumn() != 4*256/per {
		t.Fatalf("write column %d after 1024 samples of %d per column", r.editor.TapeWriteColumn(), per)
	}
	for ch := range 2 {
		tape, _, _ := r.inst.TapeRecent(ch, 4*256)
		for col := range 4 * 256 / per {
			lo, hi := tape[col*per], tape[col*per]
			for _, x := range tape[col*per : (col+1)*per] {
				lo, hi = min(lo, x), max(hi, x)
			}
			c := r.editor.TapeColumn(col)
			if c.Min[ch] != lo || c.Max[ch] != hi || hi <= lo {
				t.Errorf("ch %d column %d = [%v, %v], want the tape's [%v, %v]", ch, col, c.Min[ch], c.Max[ch], lo, hi)
			}
		}
	}

	// Bypassed, the output carries the input while the tape runs silent:
	// the view shows silence.
	r.editor.PushEdit(bridge.Edit{Param: uint32(dsp.IDBypass), Kind: bridge.EditValue, Value: 1})
	for range 200 {
		r.block()
	}
	if !r.inst.Meters().Bypassed || r.inst.Meters().OutPeak[0] == 0 {
		t.Fatalf("meters = %+v, want a bypassed block with output", r.inst.Meters())
	}
	last := (r.editor.TapeWriteColumn() + bridge.TapeColumns - 1) % bridge.TapeColumns
	if c := r.editor.TapeColumn(last); c != (bridge.TapeColumn{}) {
		t.Errorf("column %d = %+v while the tape runs silent, want zeros", last, c)
	}
}

func TestReleaseForgetsTheRegion(t *testing.T) {
	r := newGUIRig(t)
	guiRelease(r.h)
	if linkOf(r.h) != nil {
		t.Fatal("link still there after release")
	}
	r.block() // no editor: processing goes on without one
	if guiTick(r.h) != 0 {
		t.Error("tick of a released instance reported work")
	}
}

// TestAudioPathDoesNotAllocate covers what the editor adds to a block:
// taking edits, publishing values, meters, tape view, load and stats. The
// runs go past the tape's end (about 200 000 samples), so the view's reads
// across the wrap are covered.
func TestAudioPathDoesNotAllocate(t *testing.T) {
	r := newGUIRig(t)
	r.block()
	v := 0.0
	n := testing.AllocsPerRun(1000, func() {
		v = 100 - v
		r.editor.PushEdit(bridge.Edit{Param: uint32(dsp.IDMix), Kind: bridge.EditValue, Value: v})
		r.block()
	})
	if n != 0 {
		t.Errorf("a block with the editor open allocates %v times", n)
	}
}

// BenchmarkBlock times one 64-frame block through what rill_go_process runs,
// without and with an editor's region: the difference is what the editor
// costs the audio thread.
func BenchmarkBlock(b *testing.B) {
	for _, open := range []bool{false, true} {
		name := "editor-never-opened"
		if open {
			name = "editor-open"
		}
		b.Run(name, func(b *testing.B) {
			r := newGUIRig(b)
			if !open {
				guiRelease(r.h)
			}
			r.blk.Frames = 64
			r.blk.OutL, r.blk.OutR = r.blk.OutL[:64], r.blk.OutR[:64]
			r.blk.InL, r.blk.InR = r.blk.InL[:64], r.blk.InR[:64]
			b.ReportAllocs()
			for b.Loop() {
				r.block()
			}
		})
	}
}
