package instance

import (
	"math"

	"rill/dsp"
)

// HostEvent is one flattened host event; its layout mirrors rill_event_t in
// shim/rill_bridge.h (package main checks this at compile time).
type HostEvent struct {
	Offset  uint32  // sample offset in the block
	Kind    uint32  // EventParamValue, ...
	ParamID uint32  // parameter id
	Flags   uint32  // CLAP transport flags (EventTransport)
	Value   float64 // value, modulation amount or tempo
}

// Kinds of HostEvent (the RILL_EVENT_* values of shim/rill_bridge.h).
const (
	EventParamValue   = 1
	EventParamMod     = 2
	EventTransport    = 3
	EventGestureBegin = 4
	EventGestureEnd   = 5
)

// CLAP transport flags this package reads.
const (
	TransportHasTempo  = 1 << 0
	TransportIsPlaying = 1 << 4
)

// Status is a CLAP process status.
type Status int32

// The CLAP process statuses.
const (
	StatusError              Status = 0
	StatusContinue           Status = 1
	StatusContinueIfNotQuiet Status = 2
	StatusTail               Status = 3
	StatusSleep              Status = 4
)

// Block is one process call on the host's buffers (no copies). Input and output
// slices may alias (in-place processing); nil channels are absent.
type Block struct {
	InL, InR   []float32 // InR nil with InL set: mono input, fed to both channels
	OutL, OutR []float32
	Frames     int
	InConstant uint64 // host constant_mask of the input port

	Transport dsp.Transport // state at sample 0 (HasTempo false when free running)

	Events []HostEvent // sorted by Offset
	Out    []HostEvent // output event slots; Process fills Out[:OutCount]

	OutCount    int    // written by Process
	OutConstant uint64 // written by Process: constant_mask of the output port
}

// Process runs one block: events and transport sample-accurately, the engine on the
// host's buffers, sanitising and the constant mask of the output, then the status.
// It does not allocate, lock or block. [audio-thread]
func (i *Instance) Process(b *Block) Status {
	b.OutCount, b.OutConstant = 0, 0
	if !i.active.Load() {
		clear(b.OutL)
		clear(b.OutR)
		return StatusError
	}
	i.applyPendingLoad()
	i.applyRender()
	frames := b.Frames
	frames = min(frames, lenOr(b.InL, frames), lenOr(b.InR, frames), lenOr(b.OutL, frames), lenOr(b.OutR, frames))
	i.engine.SetTransport(b.Transport)
	i.drainEdits(b)

	// A channel the host marks constant holds its first sample throughout.
	inSilent := isSilent(b.InL, frames, b.InConstant&1 != 0) && isSilent(b.InR, frames, b.InConstant&2 != 0)

	inL, inR := b.InL, b.InR
	if inR == nil {
		inR = inL
	}
	outL, outR := b.OutL, b.OutR
	i.loopPeak = 0
	if frames == 0 {
		i.applyImmediate(b.Events)
	} else {
		i.run(inL, inR, outL, outR, frames, b.Events)
	}

	quiet := i.loopPeak < quietLevel
	for c, out := range [2][]float32{outL, outR} {
		if out == nil {
			continue
		}
		constant, peak := sanitize(out[:frames])
		if constant {
			b.OutConstant |= 1 << c
		}
		if peak >= quietLevel {
			quiet = false
		}
	}
	return i.status(inSilent, quiet, frames)
}

// quietLevel is the level under which the output and the tape loop count as decayed
// for sleeping: -100 dBFS, far below hearing (and below 24-bit dither).
const quietLevel = 1e-5

// spanMargin covers the heads' excursions beyond the main delay (wow, flutter), in
// seconds.
const spanMargin = 0.05

// lenOr returns len(s), or def when s is nil (an absent channel limits nothing).
func lenOr(s []float32, def int) int {
	if s == nil {
		return def
	}
	return len(s)
}

// status records the block's silence and tail and decides what to tell the host.
// quiet says the block's output and what it wrote to the tape stayed under
// quietLevel. [audio-thread]
func (i *Instance) status(inSilent, quiet bool, frames int) Status {
	tail := i.engine.TailSamples()
	i.tail.Store(int64(tail))
	if !inSilent {
		i.silentRun, i.quietRun = 0, 0
	} else {
		i.silentRun = min(i.silentRun+frames, math.MaxInt32)
		if quiet {
			i.quietRun = min(i.quietRun+frames, math.MaxInt32)
		} else {
			i.quietRun = 0
		}
	}
	decayed := tail < math.MaxInt32 && i.quietRun > i.loopSpan(tail)
	return decideStatus(inSilent, i.silentRun, tail, decayed)
}

// loopSpan returns, in samples, how far back the tape heads read: every sample still
// on the loop passes the write head (the engine's feedback meter) within it, so a
// quiet run longer than this means the whole loop is quiet, not just a gap between
// two echoes. The engine's tail is that delay times the repeats down to its floor
// (-90 dB or lower), so the tail over the repeats down to -60 dB is at least that
// delay (longer, never shorter, and a little more with the hiss release); the main
// head's delay plus the stereo offset bounds it from below whatever the tail
// formula. [audio-thread]
func (i *Instance) loopSpan(tail int) int {
	if tail == 0 {
		return 0 // no tail (bypassed, no wet signal): nothing on the tape reaches the output
	}
	fb := i.engine.Value(dsp.IDFeedback) / 100
	repeats := 1.0
	if fb > 1e-6 && fb < 1 {
		repeats += math.Log(1e-3) / math.Log(fb)
	}
	heads := (i.engine.CurrentDelay() + math.Abs(i.engine.Value(dsp.IDOffset))/1000 + spanMargin) * i.engine.SampleRate()
	return int(math.Ceil(math.Max(float64(tail)/repeats, heads)))
}

// decideStatus is the process status rule: keep going while input arrives; with
// silent input, ring out the tail (TAIL); after it, sleep once the output and the
// whole tape loop have decayed under quietLevel (decayed), else let the host judge
// the output (CONTINUE_IF_NOT_QUIET). An endless tail (freeze, feedback at 100 %)
// never sleeps.
func decideStatus(inSilent bool, silentRun, tail int, decayed bool) Status {
	switch {
	case !inSilent:
		return StatusContinue
	case tail >= math.MaxInt32:
		return StatusContinue
	case silentRun <= tail:
		return StatusTail
	case decayed:
		return StatusSleep
	default:
		return StatusContinueIfNotQuiet
	}
}

// run processes frames of audio, splitting it at transport events and into pieces of
// at most maxFrames, with the parameter events of each piece. [audio-thread]
func (i *Instance) run(inL, inR, outL, outR []float32, frames int, events []HostEvent) {
	pending := i.events[:0]
	start := 0
	for k := range events {
		e := &events[k]
		off := int(e.Offset)
		off = max(off, start)
		off = min(off, frames-1)
		switch e.Kind {
		case EventTransport:
			if off > start {
				i.segment(inL, inR, outL, outR, start, off, pending)
				pending, start = i.events[:0], off
			}
			i.engine.SetTransport(transportOf(e.Flags, e.Value))
		case EventParamValue, EventParamMod:
			id, v, ok := i.applyParamEvent(e)
			if !ok {
				continue
			}
			if len(pending) == cap(pending) {
				if off > start {
					i.segment(inL, inR, outL, outR, start, off, pending)
					pending, start = i.events[:0], off
				} else {
					i.engine.SetValue(id, v)
					continue
				}
			}
			pending = append(pending, dsp.Event{Offset: off, ID: id, Value: v})
		}
	}
	i.segment(inL, inR, outL, outR, start, frames, pending)
}

// segment runs the engine over [start, end) in pieces of at most maxFrames. Event
// offsets in pending are absolute and sorted; each piece takes its own. [audio-thread]
func (i *Instance) segment(inL, inR, outL, outR []float32, start, end int, pending []dsp.Event) {
	for start < end {
		stop := min(start+i.maxFrames, end)
		n := 0
		for n < len(pending) && pending[n].Offset < stop {
			pending[n].Offset -= start
			n++
		}
		oL, oR := slice(outL, start, stop), slice(outR, start, stop)
		if oL == nil {
			oL = i.scratchL[:stop-start]
		}
		if oR == nil {
			oR = i.scratchR[:stop-start]
		}
		i.engine.Process(slice(inL, start, stop), slice(inR, start, stop), oL, oR, pending[:n])
		i.loopPeak = max(i.loopPeak, i.engine.Meters().Feedback)
		pending = pending[n:]
		start = stop
	}
}

// slice returns s[start:stop], or nil for an absent channel.
func slice(s []float32, start, stop int) []float32 {
	if s == nil {
		return nil
	}
	return s[start:stop]
}

// transportOf converts CLAP transport flags and tempo.
func transportOf(flags uint32, tempo float64) dsp.Transport {
	t := dsp.Transport{Playing: flags&TransportIsPlaying != 0}
	if flags&TransportHasTempo != 0 && tempo > 0 && !math.IsInf(tempo, 0) {
		t.HasTempo, t.Tempo = true, tempo
	}
	return t
}

// TransportOf converts the CLAP transport flags and tempo of a host transport
// (process->transport) for Block.Transport.
func TransportOf(flags uint32, tempo float64) dsp.Transport { return transportOf(flags, tempo) }

// applyParamEvent records a value or modulation event and returns the parameter and
// the value the engine should hear (plain value plus modulation). Unknown ids and
// non-finite values are ignored (ok false). [audio-thread or inactive]
func (i *Instance) applyParamEvent(e *HostEvent) (dsp.ParamID, float64, bool) {
	id := dsp.ParamID(e.ParamID)
	k, ok := dsp.ParamIndex(id)
	if !ok || math.IsNaN(e.Value) || math.IsInf(e.Value, 0) {
		return 0, 0, false
	}
	p := &dsp.Params()[k]
	base := i.values[k].Load()
	if e.Kind == EventParamMod {
		i.mod[k] = e.Value
	} else {
		base = p.Clamp(e.Value)
		i.values[k].Store(base)
	}
	return id, p.Clamp(base + i.mod[k]), true
}

// applyImmediate applies parameter events at once (flush, or a 0-frame process).
// [audio-thread or inactive]
func (i *Instance) applyImmediate(events []HostEvent) {
	for k := range events {
		e := &events[k]
		switch e.Kind {
		case EventParamValue, EventParamMod:
			if id, v, ok := i.applyParamEvent(e); ok {
				i.engine.SetValue(id, v)
			}
		case EventTransport:
			i.engine.SetTransport(transportOf(e.Flags, e.Value))
		}
	}
}

// Flush applies parameter events while not processing (CLAP params.flush) through the
// same bookkeeping as Process, and reports pending editor edits in out.
// It returns how many out slots it filled. [audio-thread & !processing, or inactive]
func (i *Instance) Flush(events []HostEvent, out []HostEvent) int {
	if i.active.Load() {
		i.applyPendingLoad()
		i.applyRender()
	}
	b := Block{Out: out}
	i.drainEdits(&b)
	i.applyImmediate(events)
	i.tail.Store(int64(i.engine.TailSamples()))
	return b.OutCount
}

// isSilent reports whether the first frames samples of s are all zero (an absent
// channel is silent); for a constant channel the first sample says it.
func isSilent(s []float32, frames int, constant bool) bool {
	if s == nil || frames == 0 {
		return true
	}
	if constant {
		return s[0] == 0
	}
	for _, x := range s[:frames] {
		if x != 0 {
			return false
		}
	}
	return true
}

// smallestNormal is the smallest positive normal float32.
const smallestNormal = 0x1p-126

// sanitize replaces NaN, ±Inf and subnormals in s by 0 and reports whether every
// sample of s is then equal (a constant channel) and the peak magnitude.
func sanitize(s []float32) (constant bool, peak float32) {
	if len(s) == 0 {
		return true, 0
	}
	constant = true
	for k, x := range s {
		if !(x >= smallestNormal && x <= math.MaxFloat32) && !(x <= -smallestNormal && x >= -math.MaxFloat32) {
			x = 0 // NaN, Inf, subnormal or zero
			s[k] = 0
		}
		if x != s[0] {
			constant = false
		}
		peak = max(peak, x, -x)
	}
	return constant, peak
}
