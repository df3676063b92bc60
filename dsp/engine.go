package dsp

import (
	"errors"
	"fmt"
	"math"

	"rill/buffers"
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
// See the package comment for its threading rules.
type Engine struct {
	sampleRate float64
	maxFrames  int
	active     bool
	offline    bool
	snapping   bool // parameter changes apply at once (Activate, Reset)
	transport  Transport
	tempo      float64
	values     Values
	meters     Meters

	tape [2]*buffers.TapeLoop[float32]
	r    ramps

	// The heads. Delays are in samples; a head reads delay−1 samples back
	// before the current sample is written, so an echo lands exactly delay
	// samples after its source.
	target     float64 // delay the parameters ask for
	delayA     float64 // main head
	velA       float64 // main head's rate of change of delay (repitch glide)
	gliding    bool
	delayB     float64 // second head, during a crossfade or jump
	fading     bool
	xfLeft     int
	xfC, xfS   float64 // equal-power gains of heads A and B
	xfRotC     float64 // per-sample rotation of (xfC, xfS)
	xfRotS     float64
	glideInvT  float64 // 1 / glide time constant, per sample
	glideInert float64 // velocity smoothing coefficient (motor inertia)

	echoGain float64 // input to first echo at the output, saturation aside (Input × wet × Output)

	freezeP int    // loop length in samples while frozen
	fresh   int    // samples written since Reset (at most the capacity): older ones read as 0
	played  uint64 // samples the heads played back from each tape since Activate made it (TapeStats)

	// Loop and output state.
	hp, lp   [2]svf
	dcX, dcY [2]float64 // DC blocker after the saturator
	dcR      float64
	ageS     [2]float64 // tape-age one-pole states
	hissS    [2]float64
	hissCoef float64
	duckEnv  float64
	duckAtt  float64
	duckRel  float64
	wetEnv   float64
	wetDecay float64 // hiss gate envelope decay per control period
	hissGate float64 // hiss gate gain at the end of the current control period
	wow      phasor
	flutter  phasor
	drift    drift
	rng      xorshift // hiss noise
	driftRng xorshift // wow drift targets (its own, so hiss and drift draws never interleave)
	ctl      control
	// Samples until the next control tick (0: tick before the next
	// sample). Ticks fall every controlPeriod samples after Reset, wherever
	// blocks and events fall.
	ctlLeft  int
	bypassed bool // bypass has fully faded in: the engine idles, output = input

	// Scratch for the two passes of a chunk (see runSegment).
	scratch struct {
		xl, xr, rl, rr [maxChunk]float64
		wl, wr         [maxChunk]float32
	}

	// Per-block meter accumulators.
	mInPeak, mInSum, mOutPeak, mOutSum [2]float64
	mFb                                float64
}

// drift is the wow's slow random wander of depth and rate: every
// driftHold seconds it picks new random targets and glides toward them.
type drift struct {
	d, r        float64 // current values, −1..1
	tD, tR      float64 // targets
	rate        float64 // glide rate per sample (exponential)
	decayPeriod float64 // exp(−rate·controlPeriod)
	hold, left  int     // samples between new targets
	amount      float64 // 0.15 normally; tests set 0 to measure the pure sine
}

// Engine constants (the sound's fixed choices).
const (
	tapeHeadroomSeconds = 0.15   // modulation and offset room beyond MaxDelaySeconds
	wowMaxCents         = 40.0   // peak pitch deviation at 100 % wow depth
	flutterMaxCents     = 10.0   // peak pitch deviation at 100 % flutter depth
	driftAmount         = 0.15   // wow depth and rate wander ±15 % (depth only down)
	driftHoldSeconds    = 0.45   // new drift targets this often
	driftGlideSeconds   = 0.3    // drift glide time constant
	glideSeconds        = 0.15   // repitch: time constant of the approach to a new delay
	inertiaSeconds      = 0.03   // repitch: motor inertia (keeps the glide free of kinks)
	maxGlideSpeed       = 0.5    // repitch: the tape runs between 0.5× and 1.5× speed
	crossfadeSeconds    = 0.05   // crossfade mode: equal-power fade time
	jumpSeconds         = 0.003  // jump mode: declick fade time
	inputLimit          = 1e4    // inputs are clamped to ±inputLimit (NaN → 0)
	duckAttackSeconds   = 0.002  // ducking envelope attack
	duckReleaseSeconds  = 0.25   // ducking envelope release
	duckFullLevel       = 0.25   // input envelope at which 100 % duck mutes (−12 dBFS)
	hissMinDB           = -96.0  // hiss level at age → 0
	hissMaxDB           = -54.0  // hiss level at 100 % age
	hissGateLevel       = 1e-3   // hiss plays at full level under echoes above −60 dBFS
	hissReleaseSeconds  = 1.0    // and fades out over about this long after them
	hissToneHz          = 6000.0 // hiss low-pass
	ageMaxHz            = 20000.0
	ageMinHz            = 2500.0
	dcBlockHz           = 5.0
)

// Seeds of the random generators (any odd constants).
const (
	hissSeed  = 0x9e3779b97f4a7c15
	driftSeed = 0xd1b54a32d192ed03
)

// Smoothing times per parameter (seconds).
const (
	smoothGain    = 0.02
	smoothFb      = 0.03
	smoothMod     = 0.05
	smoothFilter  = 0.03
	smoothOffset  = 0.08
	smoothRouting = 0.03
	smoothFreeze  = 0.03
	smoothBypass  = 0.01
)

// NewEngine returns an inactive engine with every parameter at its default.
func NewEngine() *Engine {
	e := &Engine{values: DefaultValues(), tempo: DefaultTempo}
	e.drift.amount = driftAmount
	return e
}

// tapeCapacity returns the tape length for a sample rate.
func tapeCapacity(sampleRate float64, maxFrames int) int {
	return int(math.Ceil(sampleRate*(MaxDelaySeconds+tapeHeadroomSeconds))) + maxFrames + 8
}

// Activate prepares the engine for a sample rate (MinSampleRate to
// MaxSampleRate) and a largest block (1 to MaxFrames). It is the only method
// that allocates: two tapes of about 4.15 s each (13 MB at 768 kHz).
// [main-thread]
func (e *Engine) Activate(sampleRate float64, maxFrames int) error {
	if !(sampleRate >= MinSampleRate && sampleRate <= MaxSampleRate) {
		return fmt.Errorf("%w: sample rate %v outside %v..%v", ErrActivate, sampleRate, MinSampleRate, MaxSampleRate)
	}
	if maxFrames < 1 || maxFrames > MaxFrames {
		return fmt.Errorf("%w: max frames %d outside 1..%d", ErrActivate, maxFrames, MaxFrames)
	}
	capacity := tapeCapacity(sampleRate, maxFrames)
	if e.tape[0] == nil || e.tape[0].Capacity() != capacity {
		for c := range e.tape {
			t, err := buffers.NewTapeLoop[float32](capacity)
			if err != nil {
				return fmt.Errorf("%w: %w", ErrActivate, err)
			}
			e.tape[c] = t
		}
		e.played = 0
	}
	e.sampleRate, e.maxFrames, e.active = sampleRate, maxFrames, true
	sr := sampleRate
	e.glideInvT = 1 / (glideSeconds * sr)
	e.glideInert = 1 - math.Exp(-1/(inertiaSeconds*sr))
	e.dcR = 1 - 2*math.Pi*dcBlockHz/sr
	e.duckAtt = 1 - math.Exp(-1/(duckAttackSeconds*sr))
	e.duckRel = 1 - math.Exp(-1/(duckReleaseSeconds*sr))
	// −60 dB in hissReleaseSeconds.
	e.wetDecay = math.Exp(-math.Log(1000) / (hissReleaseSeconds * sr) * controlPeriod)
	e.hissCoef = onePoleCoef(hissToneHz, sr)
	e.drift.rate = 1 / (driftGlideSeconds * sr)
	e.drift.decayPeriod = math.Exp(-controlPeriod * e.drift.rate)
	e.drift.hold = max(1, int(driftHoldSeconds*sr))
	e.Reset()
	return nil
}

// Deactivate stops the engine; Activate must be called before Process again.
// The tapes are kept for a later Activate at the same rate. [main-thread]
func (e *Engine) Deactivate() { e.active = false }

// Active reports whether the engine is activated.
func (e *Engine) Active() bool { return e.active }

// SampleRate returns the sample rate given to Activate (0 before).
func (e *Engine) SampleRate() float64 { return e.sampleRate }

// Reset silences the tapes (in constant time), filters, envelopes and modulation, moves the
// heads to the current delay and snaps every smoother to its target. It
// does not allocate. Afterwards the engine's state depends only on the
// parameter values, the tempo and the sample rate: not on how the values
// arrived (SetValue, events, Activate) nor on anything played before, so
// two engines given the same values play the same audio bit for bit.
// [audio-thread]
func (e *Engine) Reset() {
	if !e.active {
		return
	}
	// The tapes are not cleared (two memclr of 13 MB at 768 kHz would cost
	// milliseconds on the audio thread): the heads read only what was
	// written since, everything older reads as silence.
	e.fresh = 0
	e.hp, e.lp = [2]svf{}, [2]svf{}
	e.dcX, e.dcY, e.ageS, e.hissS = [2]float64{}, [2]float64{}, [2]float64{}, [2]float64{}
	e.duckEnv, e.wetEnv, e.hissGate = 0, 0, 0
	e.wow, e.flutter = phasor{1, 0}, phasor{1, 0}
	e.drift.d, e.drift.r, e.drift.tD, e.drift.tR, e.drift.left = 0, 0, 0, 0, 0
	// The random generators restart too: how many numbers they gave before
	// depends on what ran before (hiss draws only while the hiss plays).
	e.rng.s, e.driftRng.s = hissSeed, driftSeed
	e.ctl, e.ctlLeft = control{}, 0
	e.bypassed = false
	e.snapping = true
	e.r.cur[rFreeze] = 0 // a frozen reset captures its loop anew
	for i := range params {
		e.apply(i, e.values[i])
	}
	e.snapping = false
	e.r.snapAll()
	e.delayA, e.velA, e.gliding = e.target, 0, false
	e.delayB, e.fading, e.xfLeft, e.xfC, e.xfS = e.target, false, 0, 1, 0
	e.freezeP = e.loopLength()
	e.meters = Meters{}
}

// SetValue sets a parameter now (flush, state load), clamped into range. On
// an active engine the change is smoothed exactly like an event at the next
// sample; on an inactive one it takes effect at Activate. Unknown ids are
// ignored. [audio-thread] while active.
func (e *Engine) SetValue(id ParamID, v float64) {
	if i, ok := ParamIndex(id); ok {
		e.apply(i, v)
	}
}

// SetValues sets every parameter, as SetValue does.
func (e *Engine) SetValues(v *Values) {
	for i := range params {
		e.apply(i, v[i])
	}
}

// Value returns the current (target) value of a parameter, NaN for an
// unknown id.
func (e *Engine) Value(id ParamID) float64 { return e.values.Get(id) }

// Values returns a copy of every parameter's current (target) value.
func (e *Engine) Values() Values { return e.values }

// SetTransport gives the host's tempo for the next Process; with Sync on, a
// new tempo moves the heads as Time Mode says. [audio-thread]
func (e *Engine) SetTransport(t Transport) {
	e.transport = t
	if tempo := hostTempo(t); tempo != e.tempo {
		e.tempo = tempo
		e.retarget()
	}
}

// Tempo returns the tempo Sync uses now (the host's, or DefaultTempo).
func (e *Engine) Tempo() float64 { return e.tempo }

// SetOffline tells the engine whether it renders offline. The engine sounds
// the same either way (it already runs at full quality in real time).
func (e *Engine) SetOffline(offline bool) { e.offline = offline }

// TailSamples returns how long the echoes ring after the input stops, in
// samples: a −90 dB estimate (more when Input and Output gain boost the
// echoes above the input) from the feedback, the delay and the hiss
// release (saturation and filters only shorten it), or math.MaxInt32 when
// they never stop (freeze, feedback ≥ 100 %). 0 while bypassed or with the
// mix fully dry.
func (e *Engine) TailSamples() int {
	if !e.active {
		return 0
	}
	if e.values.Get(IDBypass) >= 0.5 && e.bypassed {
		return 0
	}
	if e.values.Get(IDFreeze) >= 0.5 {
		return math.MaxInt32
	}
	fb := e.values.Get(IDFeedback) / 100
	if fb >= 1 {
		return math.MaxInt32
	}
	if e.r.target[rWet] == 0 && e.r.cur[rWet] == 0 {
		return 0
	}
	d := math.Max(math.Max(e.delayA, e.delayB), e.target) +
		math.Abs(e.r.target[rOffset]) + e.r.target[rWowAmp]*(1+driftAmount) + e.r.target[rFlutAmp]
	// tailFloor below the first echo, and below what the first echo of a
	// full-scale input reaches when Input and Output boost it (the tape's
	// saturation only lowers that).
	decay := tailFloor
	if g := e.echoGain; g > 1 {
		decay /= g
	}
	repeats := 1.0
	if fb > 1e-6 {
		repeats += math.Log(decay) / math.Log(fb)
	}
	tail := d * repeats
	if e.r.target[rHiss] != 0 || e.r.cur[rHiss] != 0 {
		tail += hissReleaseSeconds * e.sampleRate // the hiss gate's release
	}
	if tail >= math.MaxInt32 {
		return math.MaxInt32 - 1
	}
	return int(math.Ceil(tail))
}

// tailFloor is how far (−90 dB) the echoes fall before TailSamples counts
// them as gone. −60 dB would let a host cut echoes still audible at −70 to
// −80 dBFS after a loud phrase; below −90 dBFS they are under the noise of
// any real playback chain.
const tailFloor = 3.1622776601683795e-5

// LatencySamples returns the engine's latency: always 0.
func (e *Engine) LatencySamples() int { return 0 }

// Meters returns the levels and head positions of the last Process call.
func (e *Engine) Meters() Meters { return e.meters }

// CurrentDelay returns the main head's delay in seconds (it glides in
// Repitch mode).
func (e *Engine) CurrentDelay() float64 {
	if !e.active {
		return DelaySeconds(&e.values, e.tempo)
	}
	return e.delayA / e.sampleRate
}

// samples returns a smoothing time in samples (0 while snapping).
func (e *Engine) samples(seconds float64) int {
	if e.snapping {
		return 0
	}
	return max(1, int(seconds*e.sampleRate+0.5))
}

// apply stores the value of parameter index i and moves the engine toward it.
func (e *Engine) apply(i int, v float64) {
	p := &params[i]
	v = p.Clamp(v)
	e.values[i] = v
	if !e.active {
		return
	}
	sr := e.sampleRate
	switch p.ID {
	case IDTime, IDSync, IDDivision:
		e.retarget()
	case IDTimeMode:
		// Applies to the next time change.
	case IDFeedback:
		e.r.set(rFeedback, v/100, e.samples(smoothFb))
	case IDMix, IDOutput, IDInput, IDDrive, IDAge:
		e.updateGains()
	case IDWowDepth, IDWowRate:
		f := e.values.Get(IDWowRate)
		dev := modDeviation(wowMaxCents * e.values.Get(IDWowDepth) / 100)
		e.r.set(rWowAmp, dev*sr/(2*math.Pi*f), e.samples(smoothMod))
		e.r.set(rWowRate, f/sr, e.samples(smoothMod))
	case IDFlutterDepth, IDFlutterRate:
		f := e.values.Get(IDFlutterRate)
		dev := modDeviation(flutterMaxCents * e.values.Get(IDFlutterDepth) / 100)
		e.r.set(rFlutAmp, dev*sr/(2*math.Pi*f), e.samples(smoothMod))
		e.r.set(rFlutRate, f/sr, e.samples(smoothMod))
	case IDLowCut:
		e.r.set(rLowCutG, svfG(v, sr), e.samples(smoothFilter))
	case IDHighCut:
		e.r.set(rHighCutG, svfG(v, sr), e.samples(smoothFilter))
	case IDStereoMode:
		var rt [6]float64 // LL, LR, RL, RR, direct, cross
		switch int(v) {
		case StereoModePingPong:
			rt = [6]float64{0.5, 0.5, 0, 0, 0, 1}
		case StereoModeMono:
			rt = [6]float64{0.5, 0.5, 0.5, 0.5, 1, 0}
		default:
			rt = [6]float64{1, 0, 0, 1, 1, 0}
		}
		for k, x := range rt {
			e.r.set(rInLL+k, x, e.samples(smoothRouting))
		}
	case IDWidth:
		e.r.set(rSide, v/100, e.samples(smoothGain))
	case IDOffset:
		e.r.set(rOffset, v/1000*sr, e.samples(smoothOffset))
	case IDDuck:
		e.r.set(rDuck, v/100, e.samples(smoothGain))
	case IDFreeze:
		on := 0.0
		if v >= 0.5 {
			on = 1
			if e.r.cur[rFreeze] == 0 && e.r.target[rFreeze] == 0 {
				e.freezeP = e.loopLength() // engage: hold one delay's worth of tape
			}
		}
		e.r.set(rFreeze, on, e.samples(smoothFreeze))
	case IDBypass:
		on := 0.0
		if v >= 0.5 {
			on = 1
		}
		e.r.set(rBypass, on, e.samples(smoothBypass))
	}
}

// loopLength is the freeze loop for the main head's current delay.
func (e *Engine) loopLength() int {
	p := int(math.Round(e.delayA))
	if e.tape[0] != nil {
		p = min(p, e.tape[0].Capacity()-1)
	}
	return max(1, p)
}

// updateGains sets the gain ramps from Mix, Input, Output, Drive and Age.
func (e *Engine) updateGains() {
	mix := e.values.Get(IDMix) / 100
	dry, wet := math.Cos(mix*math.Pi/2), math.Sin(mix*math.Pi/2)
	switch mix {
	case 0:
		dry, wet = 1, 0
	case 1:
		dry, wet = 0, 1
	}
	out := 0.0
	if o := e.values.Get(IDOutput); o > outputMinDB {
		out = dbToGain(o)
	}
	e.echoGain = dbToGain(e.values.Get(IDInput)) * wet * out
	drive := e.values.Get(IDDrive) / 100
	s := saturatorFor(drive)
	age := e.values.Get(IDAge) / 100
	n := e.samples(smoothGain)
	e.r.set(rDry, dry*out, n)
	e.r.set(rWet, wet*out/s.record, n)
	e.r.set(rInput, dbToGain(e.values.Get(IDInput))*s.record, n)
	e.r.set(rSatPost, s.post, n)
	e.r.set(rSatBias, s.bias, n)
	e.r.set(rSatBiasOut, s.biasOut, n)
	hiss := 0.0
	if age > 0 {
		hiss = dbToGain(hissMinDB+(hissMaxDB-hissMinDB)*age) * wet * out
	}
	e.r.set(rHiss, hiss, n)
	// Age low-pass: 20 kHz → 2.5 kHz on a log scale, faded in over the
	// first 10 % so that 0 % is exactly transparent.
	g := 1.0
	if age > 0 {
		fc := ageMaxHz * math.Pow(ageMinHz/ageMaxHz, age)
		blend := math.Min(1, age*10)
		g = 1 - blend*(1-onePoleCoef(fc, e.sampleRate))
	}
	e.r.set(rAgeG, g, e.samples(smoothMod))
}

// retarget recomputes the delay the parameters ask for and starts moving
// the heads toward it.
func (e *Engine) retarget() {
	if !e.active {
		return
	}
	t := DelaySeconds(&e.values, e.tempo) * e.sampleRate
	if t == e.target {
		return
	}
	e.target = t
	if e.snapping {
		return
	}
	e.startMove()
}

// startMove moves the heads toward e.target by the current time mode. A
// running crossfade finishes first (finishFade calls startMove again).
func (e *Engine) startMove() {
	if e.fading {
		return
	}
	if e.target == e.delayA {
		e.gliding, e.velA = false, 0
		return
	}
	switch int(e.values.Get(IDTimeMode)) {
	case TimeModeCrossfade:
		e.startFade(crossfadeSeconds)
	case TimeModeJump:
		e.startFade(jumpSeconds)
	default:
		e.gliding = true
	}
}

// startFade starts an equal-power fade from head A to head B at the target.
func (e *Engine) startFade(seconds float64) {
	n := max(1, int(seconds*e.sampleRate+0.5))
	e.gliding, e.velA = false, 0
	e.delayB = e.target
	e.fading = true
	e.xfLeft = n
	e.xfC, e.xfS = 1, 0
	e.xfRotS, e.xfRotC = math.Sincos(math.Pi / 2 / float64(n))
}

// finishFade makes head B the main head.
func (e *Engine) finishFade() {
	e.delayA = e.delayB
	e.fading = false
	e.xfC, e.xfS = 1, 0
	e.startMove()
}
