package clap

/*
#include "host.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"math"
	"unsafe"
)

// maxEvents is how many input events one block (or one flush) can carry, and
// how many output events the host keeps per block.
const maxEvents = 1024

// Status is what a process call returned.
type Status int32

// The CLAP process statuses.
const (
	StatusError              Status = C.CLAP_PROCESS_ERROR
	StatusContinue           Status = C.CLAP_PROCESS_CONTINUE
	StatusContinueIfNotQuiet Status = C.CLAP_PROCESS_CONTINUE_IF_NOT_QUIET
	StatusTail               Status = C.CLAP_PROCESS_TAIL
	StatusSleep              Status = C.CLAP_PROCESS_SLEEP
)

// Transport is the musical context of a block.
type Transport struct {
	Playing bool
	Tempo   float64 // BPM; 0: no tempo
	Beats   float64 // song position in beats at the block's first sample
	Seconds float64 // song position in seconds at the block's first sample
}

// OutEvent is a parameter event the plugin sent during the last block or flush.
type OutEvent struct {
	Time  int
	Kind  OutKind
	Param uint32
	Value float64 // for OutValue
}

// OutKind says what an OutEvent is.
type OutKind uint16

// The output events the host keeps.
const (
	OutValue        OutKind = C.CLAP_EVENT_PARAM_VALUE
	OutGestureBegin OutKind = C.CLAP_EVENT_PARAM_GESTURE_BEGIN
	OutGestureEnd   OutKind = C.CLAP_EVENT_PARAM_GESTURE_END
)

// Processor is a plugin's activated audio path: buffers, event lists and
// transport laid out once in C memory. After Activate nothing here allocates.
// Its methods are [audio-thread] unless noted.
type Processor struct {
	pl        *Plugin
	c         *C.rh_proc
	maxFrames int
	in, out   [][]float32 // main input / output port channels, maxFrames each
	events    []C.clap_event_param_value_t
	outEvents []C.rh_out_event
	started   bool
}

// newProcessor lays out the block for the given ports.
func newProcessor(pl *Plugin, ins, outs []PortInfo, maxFrames int) (*Processor, error) {
	var inCh, outCh [C.RH_MAX_PORTS]C.uint32_t
	for i, p := range ins {
		if p.Channels > C.RH_MAX_CHANNELS {
			return nil, fmt.Errorf("activate: input port %d has %d channels (at most %d)", i, p.Channels, C.RH_MAX_CHANNELS)
		}
		inCh[i] = C.uint32_t(p.Channels)
	}
	for i, p := range outs {
		if p.Channels > C.RH_MAX_CHANNELS {
			return nil, fmt.Errorf("activate: output port %d has %d channels (at most %d)", i, p.Channels, C.RH_MAX_CHANNELS)
		}
		outCh[i] = C.uint32_t(p.Channels)
	}
	c := C.rh_proc_new(C.uint32_t(len(ins)), &inCh[0], C.uint32_t(len(outs)), &outCh[0],
		C.uint32_t(maxFrames), maxEvents, maxEvents)
	if c == nil {
		return nil, errors.New("activate: cannot allocate the process block")
	}
	pr := &Processor{pl: pl, c: c, maxFrames: maxFrames}
	pr.in = channels(c, true, ins, maxFrames)
	pr.out = channels(c, false, outs, maxFrames)
	pr.events = unsafe.Slice(c.events, maxEvents)
	pr.outEvents = unsafe.Slice(c.out, maxEvents)
	return pr, nil
}

// channels returns Go views of the main port's channel buffers.
func channels(c *C.rh_proc, input bool, ports []PortInfo, frames int) [][]float32 {
	main := -1
	for i, p := range ports {
		if p.Main {
			main = i
			break
		}
	}
	if main < 0 && len(ports) > 0 {
		main = 0
	}
	if main < 0 {
		return nil
	}
	out := make([][]float32, ports[main].Channels)
	for ch := range out {
		ptr := C.rh_proc_channel(c, C.bool(input), C.uint32_t(main), C.uint32_t(ch))
		out[ch] = unsafe.Slice((*float32)(unsafe.Pointer(ptr)), frames)
	}
	return out
}

// free releases the C memory. [main-thread]
func (pr *Processor) free() {
	if pr.c != nil {
		C.rh_proc_free(pr.c)
		pr.c = nil
	}
}

// MaxFrames returns the largest block the processor takes.
func (pr *Processor) MaxFrames() int { return pr.maxFrames }

// Inputs returns the main input port's channel buffers (MaxFrames each), to
// fill before Process. Empty when the plugin has no input.
func (pr *Processor) Inputs() [][]float32 { return pr.in }

// Outputs returns the main output port's channel buffers, valid after Process.
func (pr *Processor) Outputs() [][]float32 { return pr.out }

// Start calls start_processing; the calling OS thread becomes the audio thread.
func (pr *Processor) Start() error {
	if pr.started {
		return nil
	}
	if !C.rh_start_processing(pr.pl.host, pr.pl.p) {
		return errors.New("start processing: the plugin refused")
	}
	pr.started = true
	return nil
}

// Stop calls stop_processing.
func (pr *Processor) Stop() {
	if !pr.started {
		return
	}
	C.rh_stop_processing(pr.pl.host, pr.pl.p)
	pr.started = false
}

// Reset clears the plugin's signal state (tails, filters); values stay.
func (pr *Processor) Reset() { C.rh_reset(pr.pl.p) }

// AddParam queues a parameter value for the next Process or Flush at sample
// offset (events must be added in time order). It reports false when the
// block's event list is full.
func (pr *Processor) AddParam(offset int, id uint32, value float64) bool {
	n := int(pr.c.event_count)
	if n >= len(pr.events) {
		return false
	}
	e := &pr.events[n]
	e.header.time = C.uint32_t(offset)
	e.param_id = C.clap_id(id)
	e.value = C.double(value)
	pr.c.event_count = C.uint32_t(n + 1)
	return true
}

// SetTransport sets the transport every following block carries; nil makes
// the host free-running (process->transport = NULL).
func (pr *Processor) SetTransport(t *Transport) {
	if t == nil {
		pr.c.has_transport = false
		return
	}
	tr := &pr.c.transport
	var flags C.uint32_t = C.CLAP_TRANSPORT_HAS_BEATS_TIMELINE | C.CLAP_TRANSPORT_HAS_SECONDS_TIMELINE
	if t.Tempo > 0 {
		flags |= C.CLAP_TRANSPORT_HAS_TEMPO
	}
	if t.Playing {
		flags |= C.CLAP_TRANSPORT_IS_PLAYING
	}
	tr.flags = flags
	tr.tempo = C.double(t.Tempo)
	tr.tempo_inc = 0
	tr.song_pos_beats = C.clap_beattime(math.Round(t.Beats * float64(C.CLAP_BEATTIME_FACTOR)))
	tr.song_pos_seconds = C.clap_sectime(math.Round(t.Seconds * float64(C.CLAP_SECTIME_FACTOR)))
	tr.tsig_num, tr.tsig_denom = 4, 4
	tr.bar_start = 0
	tr.bar_number = 0
	pr.c.has_transport = true
}

// Process runs one block of frames (1..MaxFrames) and consumes the queued
// events. Fill Inputs first; read Outputs after.
func (pr *Processor) Process(frames int) Status {
	return Status(C.rh_process(pr.pl.p, pr.c, C.uint32_t(frames)))
}

// Flush applies the queued events without processing audio.
// [audio-thread & active & !processing]
func (pr *Processor) Flush() {
	if pr.pl.params != nil {
		C.rh_flush(pr.pl.params, pr.pl.p, pr.c)
	}
}

// OutEvents returns how many parameter events the plugin sent in the last
// Process or Flush; read them with OutEvent.
func (pr *Processor) OutEvents() int { return int(pr.c.out_count) }

// OutEvent returns the i-th event the plugin sent in the last Process or Flush.
func (pr *Processor) OutEvent(i int) OutEvent {
	e := &pr.outEvents[i]
	return OutEvent{Time: int(e.time), Kind: OutKind(e._type), Param: uint32(e.param_id), Value: float64(e.value)}
}

// TailSamples asks the plugin's tail extension from the audio thread.
func (pr *Processor) TailSamples() (int, bool) { return pr.pl.Tail() }
