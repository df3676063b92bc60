package main

/*
#include <stdint.h>
*/
import "C"

import (
	"sync/atomic"
	"time"

	"rill/buffers"
	"rill/dsp"
	"rill/plugin/bridge"
	"rill/plugin/instance"
)

// The editor's side of the plugin (the gui extension's Go half; the C half is
// shim/ext_gui.c). Each instance that opened an editor once owns a
// bridge.Region for the rest of its life: the audio thread forwards the
// editor's edits into the instance and publishes values, meters, the tape
// view and buffer statistics into it once per block. The region is created
// on the main thread and only freed at instance destroy, when no audio call
// can run, so the audio thread never sees it vanish.

// guiLink is one instance's region and the audio thread's state for it.
type guiLink struct {
	handle instance.Handle
	region *bridge.Region
	ids    [dsp.NumParams]uint32 // dsp table order = region order

	// Audio thread only.
	tape     *bridge.TapeRecorder
	tapeLen  int    // tape length the tape view is laid out for
	tapeMark uint64 // the engine's TapeWrites when the view last recorded
	load     bridge.LoadMeter
	meters   bridge.Meters
	sources  []buffers.StatsSource                 // the registry's buffers, in slot order
	edits    buffers.BufferStats                   // the edit queue's counters
	tapes    [dsp.TapeChannels]buffers.BufferStats // the engine's tapes' counters, this block
}

// guis holds the links by the handle's slot, like instance.Table: the audio
// thread finds its link without a lock.
var guis [instance.MaxInstances]atomic.Pointer[guiLink]

// linkOf returns the link of h, or nil. [thread-safe]
func linkOf(h instance.Handle) *guiLink {
	if h <= 0 {
		return nil
	}
	l := guis[int(h)&(instance.MaxInstances-1)].Load()
	if l == nil || l.handle != h {
		return nil
	}
	return l
}

// tapeSpan is the samples the tape view covers until the first block tells
// the engine's exact tape length: the tape is about the longest delay plus
// headroom.
func tapeSpan(sampleRate float64) int {
	return int(sampleRate * (dsp.MaxDelaySeconds + 0.15))
}

// rill_go_gui_open makes (once per instance) the region an editor attaches
// to, fills it with the current values, and returns its descriptor for the
// editor process, or -1. [main-thread]
//
//export rill_go_gui_open
func rill_go_gui_open(h C.int32_t) C.int { return C.int(guiOpen(instance.Handle(h))) }

// guiOpen is rill_go_gui_open. [main-thread]
func guiOpen(h instance.Handle) int {
	inst := instances.Get(h)
	if inst == nil {
		return -1
	}
	l := linkOf(h)
	if l == nil {
		params := dsp.Params()
		l = &guiLink{handle: h}
		for k := range params {
			l.ids[k] = uint32(params[k].ID)
		}
		r, err := bridge.Create(l.ids[:])
		if err != nil {
			return -1
		}
		l.region = r
		l.tape = bridge.NewTapeRecorder(r, tapeSpan(48000))
		if err := l.registerBuffers(); err != nil {
			r.Close()
			return -1
		}
		guis[int(h)&(instance.MaxInstances-1)].Store(l)
	}
	l.publishValues(inst)
	l.region.ClearClose()
	l.region.SetVisible(false)
	// A new editor session: forget the last editor's window and state.
	l.region.SetEditorWindow(0)
	l.region.SetEditor(0, bridge.EditorNone)
	return l.region.FD()
}

// rill_go_gui_editor_window returns the X11 window of the editor once it
// has embedded itself (0 before). [main-thread]
//
//export rill_go_gui_editor_window
func rill_go_gui_editor_window(h C.int32_t) C.uint64_t {
	if l := linkOf(instance.Handle(h)); l != nil {
		return C.uint64_t(l.region.EditorWindow())
	}
	return 0
}

// registerBuffers names the buffers whose statistics the editor lists, in
// a BufferRegistry, and lays their slots out in the region. The registry is
// set-up only: the audio thread keeps the sources in slot order. The
// plugin's buffers are the engine's two tapes and the editor's edit queue;
// each source returns the counters the audio thread took this block, so
// calling it reads nothing another thread writes. [main-thread]
func (l *guiLink) registerBuffers() error {
	reg := buffers.NewBufferRegistry()
	bySource := map[string]buffers.StatsSource{
		"tape L":       buffers.StatsFunc(func() buffers.BufferStats { return l.tapes[0] }),
		"tape R":       buffers.StatsFunc(func() buffers.BufferStats { return l.tapes[1] }),
		"editor edits": buffers.StatsFunc(func() buffers.BufferStats { return l.edits }),
	}
	for name, src := range bySource {
		if err := reg.Register(name, src); err != nil {
			return err
		}
	}
	names := reg.Names()
	for _, name := range names {
		l.sources = append(l.sources, bySource[name])
	}
	return l.region.SetStatsNames(names)
}

// rill_go_gui_set_visible tells the editor to show or hide its window.
// [main-thread]
//
//export rill_go_gui_set_visible
func rill_go_gui_set_visible(h C.int32_t, visible C.int) {
	if l := linkOf(instance.Handle(h)); l != nil {
		l.region.SetVisible(visible != 0)
	}
}

// rill_go_gui_request_close asks the editor to quit on its next frame.
// [main-thread]
//
//export rill_go_gui_request_close
func rill_go_gui_request_close(h C.int32_t) {
	if l := linkOf(instance.Handle(h)); l != nil {
		l.region.SetVisible(false)
		l.region.RequestClose()
	}
}

// Bits of rill_go_gui_tick's result.
const (
	tickPendingEdits    = 1 // edits wait: ask the host to flush if it is not processing
	tickVersionMismatch = 2 // the editor comes from another build
)

// rill_go_gui_tick is the main-thread timer's work: the plugin's heartbeat,
// values the main thread changed (state loads, flushes while inactive), and
// whether edits wait for a flush. [main-thread]
//
//export rill_go_gui_tick
func rill_go_gui_tick(h C.int32_t) C.int { return C.int(guiTick(instance.Handle(h))) }

// guiTick is rill_go_gui_tick. [main-thread]
func guiTick(h instance.Handle) int {
	l, inst := linkOf(h), instances.Get(h)
	if l == nil || inst == nil {
		return 0
	}
	l.region.BeatPlugin()
	l.publishValues(inst)
	var r int
	if l.region.PendingEdits() > 0 {
		r |= tickPendingEdits
	}
	if v := l.region.EditorVersion(); v != 0 && v != bridge.LayoutVersion {
		r |= tickVersionMismatch
	}
	return r
}

// rill_go_gui_release frees the instance's region at instance destroy.
// [main-thread, no audio call running]
//
//export rill_go_gui_release
func rill_go_gui_release(h C.int32_t) { guiRelease(instance.Handle(h)) }

// guiRelease is rill_go_gui_release. [main-thread, no audio call running]
func guiRelease(h instance.Handle) {
	l := linkOf(h)
	if l == nil {
		return
	}
	guis[int(h)&(instance.MaxInstances-1)].Store(nil)
	l.region.Close()
}

// publishValues copies the instance's parameter values into the region.
// [any thread that may read the instance's values]
func (l *guiLink) publishValues(inst *instance.Instance) {
	for k, id := range l.ids {
		if v, ok := inst.Value(id); ok {
			l.region.Param(k).Store(v)
		}
	}
}

// guiBeforeBlock hands the editor's edits to the instance, which applies
// them at the start of the block and reports them to the host as gestures
// and values. Edits wait in the region while the instance's queue is full.
// It returns the instance's link, nil when no editor was ever opened.
// It allocates nothing. [audio-thread, or the flushing thread]
func guiBeforeBlock(h instance.Handle, inst *instance.Instance) *guiLink {
	l := linkOf(h)
	if l == nil {
		return nil
	}
	for {
		e, ok := l.region.PeekEdit()
		if !ok {
			break
		}
		if e.Valid() {
			kind := instance.EditValue
			switch e.Kind {
			case bridge.EditBegin:
				kind = instance.EditBegin
			case bridge.EditEnd:
				kind = instance.EditEnd
			}
			if !inst.QueueEdit(instance.Edit{Kind: kind, ParamID: e.Param, Value: e.Value}) {
				l.edits.Overflows++
				break
			}
			l.edits.Reads++
		}
		l.region.PopEdit()
	}
	l.edits.Writes = l.edits.Reads + uint64(l.region.PendingEdits())
	l.edits.Overflows = max(l.edits.Overflows, l.region.EditDrops())
	l.edits.FillLevel = float32(l.region.PendingEdits()) / bridge.EditQueueCapacity
	l.edits.PeakFill = max(l.edits.PeakFill, l.edits.FillLevel)
	return l
}

// afterBlock publishes what the editor shows: values, meters, the tape
// view, CPU load and statistics. busy is the block's processing time.
// It allocates nothing. [audio-thread]
func (l *guiLink) afterBlock(inst *instance.Instance, b *instance.Block, busy time.Duration) {
	sampleRate := inst.SampleRate()
	l.publishValues(inst)
	m := inst.Meters()
	l.meters = bridge.Meters{
		InPeak: m.InPeak, InRMS: m.InRMS, OutPeak: m.OutPeak, OutRMS: m.OutRMS,
		Feedback: m.Feedback, WriteHead: m.WriteHead, HeadCount: 2,
		Heads:   [bridge.MaxHeads]float32{m.ReadHead[0], m.ReadHead[1]},
		DelayMs: m.DelayMs, WowPhase: m.WowPhase, FlutterPhase: m.FlutterPhase,
		SampleRate: float32(sampleRate),
	}
	l.recordTape(inst, b.Frames)
	if m.Frozen {
		l.meters.Flags |= bridge.MeterFrozen
	}
	if m.Bypassed {
		l.meters.Flags |= bridge.MeterBypassed
	}
	if sampleRate > 0 && b.Frames > 0 {
		l.load.Update(busy.Seconds(), float64(b.Frames)/sampleRate)
	}
	l.load.Fill(&l.meters)
	l.region.WriteMeters(&l.meters)
	for c := range l.tapes {
		l.tapes[c] = inst.TapeStats(c)
	}
	for k, src := range l.sources {
		l.region.Stats(k).Publish(src.Stats())
	}
	l.region.CountBlock()
}

// recordTape adds what the engine wrote to its tapes since the last block
// to the tape view: the loop's contents (input and feedback after
// saturation, or the frozen loop), read in place, not the output. At most
// frames samples per channel are decimated, so a first look at a tape that
// ran for a while costs no more than a block. It allocates nothing.
// [audio-thread]
func (l *guiLink) recordTape(inst *instance.Instance, frames int) {
	if n := inst.TapeLength(); n > 0 && n != l.tapeLen {
		l.tapeLen = n
		l.tape.SetSpan(n)
	}
	w := inst.TapeWrites()
	n := w - l.tapeMark
	if w < l.tapeMark { // Activate made new tapes
		n = w
	}
	l.tapeMark = w
	n = min(n, uint64(max(frames, 0)))
	if n == 0 {
		return
	}
	oldL, newL, start := inst.TapeRecent(0, int(n))
	oldR, newR, _ := inst.TapeRecent(1, int(n))
	l.tape.Record(oldL, oldR, start)
	if len(newL) > 0 || len(newR) > 0 { // wrapped past the tape's end
		l.tape.Record(newL, newR, 0)
	}
}
