package instance

import (
	"errors"
	"fmt"
	"math"
	"sync/atomic"

	"rill/buffers"
	"rill/dsp"
)

// MaxEventsPerCall is the most input parameter events one Process or Flush call
// takes (the shim splits larger blocks); Activate sizes the event array for it.
const MaxEventsPerCall = 1024

// editQueueCapacity is how many editor edits may wait for the audio thread.
const editQueueCapacity = 256

// ErrNotActive is returned by calls that need an active instance.
var ErrNotActive = errors.New("instance: not active")

// ErrActive is returned by Activate on an instance that is already active.
var ErrActive = errors.New("instance: already active")

// render modes handed from the main thread to the audio thread.
const (
	renderNone     = 0
	renderRealtime = 1
	renderOffline  = 2
)

// Instance is one plugin instance: a dsp.Engine plus what CLAP needs around it.
type Instance struct {
	engine *dsp.Engine

	// values are the plain parameter values the host sees (get_value, state save):
	// written by the audio thread (events, edits) or the main thread (load, inactive
	// flush), read by any thread.
	values [dsp.NumParams]buffers.AtomicCell[float64]

	// Owned by the audio thread while active, by the main thread while inactive.
	mod       [dsp.NumParams]float64 // modulation offsets (never stored, never saved)
	events    []dsp.Event            // preallocated by Activate
	scratchL  []float32              // stands in for an absent output channel
	scratchR  []float32
	maxFrames int
	silentRun int     // samples of silent input in a row
	quietRun  int     // of those, samples in a row with output and tape loop under quietLevel
	loopPeak  float32 // peak written to the tape during the current block
	seenLoad  uint64

	active       atomic.Bool
	loadGen      atomic.Uint64 // bumped by a state load while active
	render       atomic.Int32  // pending render mode (renderNone: nothing pending)
	tail         atomic.Int64  // engine tail after the last process/flush
	latency      atomic.Int64
	edits        *buffers.SPSCQueue[Edit]
	stateTemp    dsp.Values // main thread: scratch for state save
	stateScratch []byte     // main thread: warm-up encoding
}

// New returns an inactive instance with every parameter at its default. [main-thread]
func New() *Instance {
	q, err := buffers.NewSPSCQueue[Edit](editQueueCapacity)
	if err != nil {
		panic(fmt.Sprintf("instance: edit queue: %v", err)) // a constant capacity: cannot fail
	}
	i := &Instance{engine: dsp.NewEngine(), edits: q}
	params := dsp.Params()
	for k := range params {
		i.values[k].Store(params[k].Default)
	}
	return i
}

// Active reports whether the instance is activated. [thread-safe]
func (i *Instance) Active() bool { return i.active.Load() }

// Activate allocates everything processing needs for this sample rate and largest
// block. Blocks longer than dsp.MaxFrames are processed in pieces. [main-thread]
func (i *Instance) Activate(sampleRate float64, minFrames, maxFrames uint32) error {
	if i.active.Load() {
		return ErrActive
	}
	_ = minFrames // blocks of any size from 1 up are handled
	frames := int(maxFrames)
	if frames < 1 {
		frames = 1
	}
	if frames > dsp.MaxFrames {
		frames = dsp.MaxFrames
	}
	i.applyRender() // a mode set while inactive and not yet applied
	var v dsp.Values
	i.loadValues(&v)
	i.engine.SetValues(&v)
	if err := i.engine.Activate(sampleRate, frames); err != nil {
		return fmt.Errorf("instance: activate at %v Hz, %d frames: %w", sampleRate, maxFrames, err)
	}
	if cap(i.events) < MaxEventsPerCall {
		i.events = make([]dsp.Event, 0, MaxEventsPerCall)
	}
	if len(i.scratchL) < frames {
		i.scratchL = make([]float32, frames)
		i.scratchR = make([]float32, frames)
	}
	i.mod = [dsp.NumParams]float64{}
	i.maxFrames = frames
	i.silentRun, i.quietRun = 0, 0
	i.seenLoad = i.loadGen.Load()
	i.tail.Store(int64(i.engine.TailSamples()))
	i.latency.Store(int64(i.engine.LatencySamples()))
	i.warmUpState()
	i.active.Store(true)
	return nil
}

// warmUpState runs the state encoder and decoder once, while allocating is allowed:
// their first use sets up lazily built tables (the CRC-32 table is 8 KiB).
// [main-thread]
func (i *Instance) warmUpState() {
	if cap(i.stateScratch) < StateSize {
		i.stateScratch = make([]byte, 0, StateSize)
	}
	i.loadValues(&i.stateTemp)
	_, _ = dsp.DecodeState(dsp.AppendState(i.stateScratch[:0], &i.stateTemp))
}

// Deactivate stops processing; Activate must be called before the next Process.
// [main-thread]
func (i *Instance) Deactivate() {
	if !i.active.Load() {
		return
	}
	i.active.Store(false)
	i.engine.Deactivate()
	i.applyPendingLoad() // a load published while active but never processed
}

// StartProcessing prepares for the first block after a pause. It also serves as the
// warm-up call: the first cgo call on a new thread is slow. [audio-thread]
func (i *Instance) StartProcessing() bool {
	if !i.active.Load() {
		return false
	}
	i.silentRun, i.quietRun = 0, 0
	return true
}

// StopProcessing marks the end of a run of process calls. [audio-thread]
func (i *Instance) StopProcessing() {}

// Reset clears the tapes, filters and smoothing; parameter values stay. [audio-thread]
func (i *Instance) Reset() {
	if !i.active.Load() {
		return
	}
	i.applyPendingLoad()
	i.engine.Reset()
	i.silentRun, i.quietRun = 0, 0
}

// Value returns the plain value of parameter id, and false for an unknown id.
// It does not allocate. [thread-safe]
func (i *Instance) Value(id uint32) (float64, bool) {
	k, ok := dsp.ParamIndex(dsp.ParamID(id))
	if !ok {
		return 0, false
	}
	return i.values[k].Load(), true
}

// TailSamples returns how long the output rings after the input stops, in samples,
// math.MaxInt32 when it never stops. [main-thread, audio-thread]
func (i *Instance) TailSamples() uint32 {
	t := i.tail.Load()
	if !i.active.Load() {
		t = int64(i.engine.TailSamples())
	}
	return clampTail(t)
}

func clampTail(t int64) uint32 {
	if t < 0 {
		return 0
	}
	if t > math.MaxInt32 {
		return math.MaxInt32
	}
	return uint32(t)
}

// LatencySamples returns the latency the host must compensate. [main-thread]
func (i *Instance) LatencySamples() uint32 {
	if !i.active.Load() {
		return clampTail(int64(i.engine.LatencySamples()))
	}
	return clampTail(i.latency.Load())
}

// SetOffline selects offline (true) or real-time rendering. While active the change
// reaches the engine at the next process or flush. [main-thread]
func (i *Instance) SetOffline(offline bool) {
	mode := int32(renderRealtime)
	if offline {
		mode = renderOffline
	}
	i.render.Store(mode)
	if !i.active.Load() {
		i.applyRender()
	}
}

// applyRender hands a pending render mode to the engine. [audio-thread or inactive]
func (i *Instance) applyRender() {
	switch i.render.Swap(renderNone) {
	case renderRealtime:
		i.engine.SetOffline(false)
	case renderOffline:
		i.engine.SetOffline(true)
	}
}

// loadValues copies the shared values into v.
func (i *Instance) loadValues(v *dsp.Values) {
	for k := range v {
		v[k] = i.values[k].Load()
	}
}

// applyPendingLoad gives the engine the values of a state load the audio thread has
// not seen yet, and drops modulation (a new state starts unmodulated).
// [audio-thread or inactive]
func (i *Instance) applyPendingLoad() {
	g := i.loadGen.Load()
	if g == i.seenLoad {
		return
	}
	i.seenLoad = g
	params := dsp.Params()
	for k := range params {
		i.mod[k] = 0
		i.engine.SetValue(params[k].ID, i.values[k].Load())
	}
}
