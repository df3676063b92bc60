package dsp

import (
	"errors"
	"fmt"
	"math"
)

// Event is a parameter change at a sample of the block being processed.
type Event struct {
	Offset int     // sample index in the block, 0 ≤ Offset < frames; events sorted by Offset
	ID     ParamID // the parameter
	Value  float64 // plain value (clamped by the engine)
}

// Transport is what the host says about tempo and play state.
type Transport struct {
	HasTempo bool    // false when the host gives no tempo (free running)
	Tempo    float64 // beats per minute, used when HasTempo
	Playing  bool    // the host's transport is running
}

// DefaultTempo is the tempo Sync uses when the host gives none (BPM).
const DefaultTempo = 120.0

// Meters is a snapshot of the engine's levels and heads, updated once per
// Process call, for the editor.
type Meters struct {
	InPeak, InRMS   [2]float32 // input level per channel (linear, after sanitising)
	OutPeak, OutRMS [2]float32 // output level per channel (linear)
	Feedback        float32    // peak level written to the tape in the block (linear)
	WriteHead       float32    // write position as a fraction of the tape, 0..1
	ReadHead        [2]float32 // read positions as fractions of the tape, 0..1
	DelayMs         float32    // current (gliding) delay of the main head, ms
	WowPhase        float32    // wow oscillator phase, 0..1
	FlutterPhase    float32    // flutter oscillator phase, 0..1
	Frozen          bool       // freeze is engaged
	Bypassed        bool       // bypass has fully faded to dry
}

// Activation limits.
const (
	MinSampleRate = 1000.0
	MaxSampleRate = 768000.0
	MaxFrames     = 1 << 16 // Activate accepts block sizes up to this
)

// ErrActivate is wrapped by every error Activate returns.
var ErrActivate = errors.New("dsp: cannot activate engine")

// Engine is the stereo tape delay. Create it with NewEngine, then Activate.
type Engine struct {
	sampleRate float64
	maxFrames  int
	active     bool
	offline    bool
	transport  Transport
	values     Values
	meters     Meters
}

// NewEngine returns an inactive engine with every parameter at its default.
func NewEngine() *Engine {
	return &Engine{values: DefaultValues()}
}

// Activate prepares the engine for a sample rate (MinSampleRate to
// MaxSampleRate) and a largest block (1 to MaxFrames). It is the only method
// that allocates. [main-thread]
func (e *Engine) Activate(sampleRate float64, maxFrames int) error {
	if !(sampleRate >= MinSampleRate && sampleRate <= MaxSampleRate) {
		return fmt.Errorf("%w: sample rate %v outside %v..%v", ErrActivate, sampleRate, MinSampleRate, MaxSampleRate)
	}
	if maxFrames < 1 || maxFrames > MaxFrames {
		return fmt.Errorf("%w: max frames %d outside 1..%d", ErrActivate, maxFrames, MaxFrames)
	}
	e.sampleRate, e.maxFrames, e.active = sampleRate, maxFrames, true
	e.Reset()
	return nil
}

// Deactivate stops the engine; Activate must be called before Process again.
// [main-thread]
func (e *Engine) Deactivate() { e.active = false }

// Active reports whether the engine is activated.
func (e *Engine) Active() bool { return e.active }

// SampleRate returns the sample rate given to Activate (0 before).
func (e *Engine) SampleRate() float64 { return e.sampleRate }

// Reset clears the tapes, filters and modulation, and snaps every smoother to
// its target. [audio-thread]
func (e *Engine) Reset() {}

// SetValue sets a parameter now (flush, state load), clamped into range. On
// an active engine the change is smoothed exactly like an event at the next
// sample; on an inactive one it is immediate. Unknown ids are ignored.
func (e *Engine) SetValue(id ParamID, v float64) {
	i, ok := ParamIndex(id)
	if !ok {
		return
	}
	e.values[i] = params[i].Clamp(v)
}

// SetValues sets every parameter, as SetValue does.
func (e *Engine) SetValues(v *Values) {
	for i := range params {
		e.SetValue(params[i].ID, v[i])
	}
}

// Value returns the current (target) value of a parameter, NaN for an
// unknown id.
func (e *Engine) Value(id ParamID) float64 { return e.values.Get(id) }

// Values returns a copy of every parameter's current (target) value.
func (e *Engine) Values() Values { return e.values }

// SetTransport gives the host's tempo for the next Process. [audio-thread]
func (e *Engine) SetTransport(t Transport) { e.transport = t }

// SetOffline tells the engine it renders offline (true) or in real time.
func (e *Engine) SetOffline(offline bool) { e.offline = offline }

// Process runs one block. inL/inR and outL/outR may be the same slices
// (in place). The block has len(outL) frames (at most the maxFrames given to
// Activate); inputs shorter than that are read as silence. Events must be
// sorted by Offset; offsets out of order or out of range are moved to the
// nearest valid sample. An inactive engine writes silence. [audio-thread]
func (e *Engine) Process(inL, inR, outL, outR []float32, events []Event) {
	n := min(len(outL), len(outR))
	for i := range n {
		outL[i], outR[i] = 0, 0
	}
	_, _ = inL, inR
	_ = events
}

// TailSamples returns how long the echoes ring after the input stops, in
// samples (a −60 dB estimate), or math.MaxInt32 when they never stop
// (freeze, feedback ≥ 100 %).
func (e *Engine) TailSamples() int { return math.MaxInt32 }

// LatencySamples returns the engine's latency: always 0.
func (e *Engine) LatencySamples() int { return 0 }

// Meters returns the levels and head positions of the last Process call.
func (e *Engine) Meters() Meters { return e.meters }
