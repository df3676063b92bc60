// Package demo plays the plugin's side of the bridge inside the editor
// process, so the editor runs without a host: `rill-editor --demo` shows
// the real dsp engine echoing a plucked phrase, with live meters, tape view
// and buffer statistics, and edits made in the window change its sound.
// Screenshots and the editor's tests use it.
package demo

import (
	"fmt"
	"math"
	"time"

	"rill/buffers"
	"rill/dsp"
	"rill/plugin/bridge"
)

// Demo is a stand-in plugin: a region, an engine and a signal source.
type Demo struct {
	region *bridge.Region
	engine *dsp.Engine
	rec    *bridge.TapeRecorder
	load   bridge.LoadMeter
	rate   float64

	inL, inR, outL, outR []float32
	events               []dsp.Event
	phrase               phrase

	sources  []buffers.StatsSource // the registry's buffers, in slot order
	tapes    [dsp.TapeChannels]buffers.BufferStats
	tapeMark uint64 // the engine's TapeWrites when the view last recorded
	edits    buffers.BufferStats
	meters   bridge.Meters
	carry    float64 // seconds of audio owed to the next Advance
	lastBeat time.Time
}

// Block is the demo's block length in frames (10 ms at 48 kHz).
const Block = 480

// SampleRate is the demo engine's sample rate.
const SampleRate = 48000

// ParamIDs returns the ids of the dsp table in display order: the ids a
// region for the demo (or the plugin) is created with.
func ParamIDs() []uint32 {
	table := dsp.Params()
	ids := make([]uint32, len(table))
	for i := range table {
		ids[i] = uint32(table[i].ID)
	}
	return ids
}

// New creates a region (an anonymous memfd) holding every dsp parameter at
// its default, and an engine behind it.
func New() (*Demo, error) {
	r, err := bridge.Create(ParamIDs())
	if err != nil {
		return nil, err
	}
	return NewOn(r)
}

// NewOn runs the demo on a region created with ParamIDs (for example a
// file made by bridge.CreateFile, for an editor started with --shm). It
// takes the region over: Close closes it.
func NewOn(r *bridge.Region) (*Demo, error) {
	table := dsp.Params()
	if r.ParamCount() != len(table) {
		r.Close()
		return nil, fmt.Errorf("demo: region has %d parameters, the dsp table %d", r.ParamCount(), len(table))
	}
	d := &Demo{region: r, engine: dsp.NewEngine(), rate: SampleRate}
	if err := d.engine.Activate(SampleRate, Block); err != nil {
		r.Close()
		return nil, fmt.Errorf("demo: %w", err)
	}
	for i := range table {
		r.Param(i).Store(table[i].Default)
	}
	d.inL, d.inR = make([]float32, Block), make([]float32, Block)
	d.outL, d.outR = make([]float32, Block), make([]float32, Block)
	d.events = make([]dsp.Event, 0, bridge.EditQueueCapacity)
	d.rec = bridge.NewTapeRecorder(r, d.engine.TapeLength())
	if err := d.registerBuffers(); err != nil {
		r.Close()
		return nil, fmt.Errorf("demo: %w", err)
	}
	d.phrase.rate = SampleRate
	return d, nil
}

// registerBuffers names the buffers the editor lists, as the plugin does:
// the engine's two tapes and the edit queue.
func (d *Demo) registerBuffers() error {
	reg := buffers.NewBufferRegistry()
	bySource := map[string]buffers.StatsSource{
		"tape L":       buffers.StatsFunc(func() buffers.BufferStats { return d.tapes[0] }),
		"tape R":       buffers.StatsFunc(func() buffers.BufferStats { return d.tapes[1] }),
		"editor edits": buffers.StatsFunc(func() buffers.BufferStats { return d.edits }),
	}
	for name, src := range bySource {
		if err := reg.Register(name, src); err != nil {
			return err
		}
	}
	names := reg.Names()
	for _, name := range names {
		d.sources = append(d.sources, bySource[name])
	}
	return d.region.SetStatsNames(names)
}

// Region returns the region an editor attaches to.
func (d *Demo) Region() *bridge.Region { return d.region }

// Close releases the region.
func (d *Demo) Close() error { return d.region.Close() }

// Advance runs as many blocks as the given wall-clock time holds (at most a
// tenth of a second's worth, so a stalled window does not catch up in a
// burst), the way a plugin would between two editor frames.
func (d *Demo) Advance(seconds float64) {
	if !(seconds > 0) {
		return
	}
	d.carry = min(d.carry+seconds, 0.1)
	for d.carry >= Block/d.rate {
		d.carry -= Block / d.rate
		d.block()
	}
	if now := time.Now(); now.Sub(d.lastBeat) > 50*time.Millisecond {
		d.region.BeatPlugin()
		d.lastBeat = now
	}
}

// block is what the plugin does once per audio block: take the editor's
// edits, run the engine, publish values, meters, tape view and statistics.
func (d *Demo) block() {
	start := time.Now()
	d.events = d.events[:0]
	for {
		e, ok := d.region.PopEdit()
		if !ok {
			break
		}
		d.edits.Reads++
		if !e.Valid() || e.Kind != bridge.EditValue {
			continue
		}
		if len(d.events) < cap(d.events) {
			d.events = append(d.events, dsp.Event{Offset: 0, ID: dsp.ParamID(e.Param), Value: e.Value})
		}
	}
	d.edits.Writes = d.edits.Reads + uint64(d.region.PendingEdits())
	d.edits.Overflows = d.region.EditDrops()
	d.edits.FillLevel = float32(d.region.PendingEdits()) / bridge.EditQueueCapacity
	d.edits.PeakFill = max(d.edits.PeakFill, d.edits.FillLevel)

	d.phrase.fill(d.inL, d.inR)
	d.engine.Process(d.inL, d.inR, d.outL, d.outR, d.events)

	table := dsp.Params()
	for i := range table {
		d.region.Param(i).Store(d.engine.Value(table[i].ID))
	}
	m := d.engine.Meters()
	d.meters = bridge.Meters{
		InPeak: m.InPeak, InRMS: m.InRMS, OutPeak: m.OutPeak, OutRMS: m.OutRMS,
		Feedback: m.Feedback, WriteHead: m.WriteHead, HeadCount: 2,
		Heads:   [bridge.MaxHeads]float32{m.ReadHead[0], m.ReadHead[1]},
		DelayMs: m.DelayMs, WowPhase: m.WowPhase, FlutterPhase: m.FlutterPhase,
		SampleRate: float32(d.rate),
	}
	if m.Frozen {
		d.meters.Flags |= bridge.MeterFrozen
	}
	if m.Bypassed {
		d.meters.Flags |= bridge.MeterBypassed
	}
	d.recordTape()
	d.load.Update(time.Since(start).Seconds(), Block/d.rate)
	d.load.Fill(&d.meters)
	d.region.WriteMeters(&d.meters)
	for c := range d.tapes {
		d.tapes[c] = d.engine.TapeStats(c)
	}
	for k, src := range d.sources {
		d.region.Stats(k).Publish(src.Stats())
	}
	d.region.CountBlock()
}

// recordTape adds the block the engine wrote to its tapes (the loop's
// contents, not the output) to the tape view.
func (d *Demo) recordTape() {
	w := d.engine.TapeWrites()
	n := min(w-d.tapeMark, Block)
	d.tapeMark = w
	if n == 0 {
		return
	}
	oldL, newL, start := d.engine.TapeRecent(0, int(n))
	oldR, newR, _ := d.engine.TapeRecent(1, int(n))
	d.rec.Record(oldL, oldR, start)
	if len(newL) > 0 || len(newR) > 0 { // wrapped past the tape's end
		d.rec.Record(newL, newR, 0)
	}
}

// Output returns the last block the engine produced (left, right).
func (d *Demo) Output() (left, right []float32) { return d.outL, d.outR }

// phrase is the demo's input: a short plucked figure, then rests, on loop.
type phrase struct {
	rate float64
	n    int
	env  float64
	freq float64
	ph   float64
}

var phraseNotes = []float64{220, 277.18, 329.63, 440, 0, 0, 329.63, 0}

const noteSeconds = 0.25

func (p *phrase) fill(l, r []float32) {
	per := int(noteSeconds * p.rate)
	for i := range l {
		if p.n%per == 0 {
			f := phraseNotes[(p.n/per)%len(phraseNotes)]
			if f > 0 {
				p.freq, p.env, p.ph = f, 0.5, 0
			}
		}
		p.n++
		x := p.env * math.Sin(2*math.Pi*p.ph)
		p.ph += p.freq / p.rate
		if p.ph >= 1 {
			p.ph--
		}
		p.env *= 0.99985
		l[i], r[i] = float32(x), float32(x*0.9)
	}
}
