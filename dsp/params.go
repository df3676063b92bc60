package dsp

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ParamID identifies a parameter forever: CLAP, saved state and the editor
// refer to parameters by id. Ids are never reused or renumbered; a removed
// parameter leaves a hole.
type ParamID uint32

// The parameter ids. Never reuse or renumber them: hosts store automation
// and sessions by id.
const (
	IDTime         ParamID = 1
	IDSync         ParamID = 2
	IDDivision     ParamID = 3
	IDFeedback     ParamID = 4
	IDMix          ParamID = 5
	IDInput        ParamID = 6
	IDOutput       ParamID = 7
	IDWowDepth     ParamID = 8
	IDWowRate      ParamID = 9
	IDFlutterDepth ParamID = 10
	IDFlutterRate  ParamID = 11
	IDDrive        ParamID = 12
	IDLowCut       ParamID = 13
	IDHighCut      ParamID = 14
	IDStereoMode   ParamID = 15
	IDWidth        ParamID = 16
	IDFreeze       ParamID = 17
	IDDuck         ParamID = 18
	IDAge          ParamID = 19
	IDTimeMode     ParamID = 20
	IDBypass       ParamID = 21
	IDOffset       ParamID = 22
)

// ParamKind says how a parameter's values are spaced.
type ParamKind uint8

// The parameter kinds. Every kind but KindContinuous takes integer values
// Min..Max only.
const (
	KindContinuous ParamKind = iota // any real value in Min..Max
	KindStepped                     // integers Min..Max, shown as numbers
	KindEnum                        // integers Min..Max, shown as Labels
	KindToggle                      // 0 (off) or 1 (on)
)

// String returns the kind's name.
func (k ParamKind) String() string {
	switch k {
	case KindContinuous:
		return "continuous"
	case KindStepped:
		return "stepped"
	case KindEnum:
		return "enum"
	case KindToggle:
		return "toggle"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Param describes one parameter: the single definition every other part of
// Rill Tape (CLAP, state, editor, command line, README) derives from.
type Param struct {
	ID          ParamID   // stable forever
	Key         string    // short stable command-line name, e.g. "feedback"
	Name        string    // display name
	Group       string    // module shown in the editor and the host ("Delay", "Tape", ...)
	Min         float64   // smallest value
	Max         float64   // largest value
	Default     float64   // value of a fresh instance
	Unit        string    // unit of the plain value ("ms", "%", "dB", "Hz"), "" if none
	Kind        ParamKind // spacing of values
	Labels      []string  // enum labels, index = value-Min; toggles use Off/On
	Automatable bool      // the host may automate it
	Modulatable bool      // the host may send non-destructive modulation
	IsBypass    bool      // the plugin's bypass parameter
	Description string    // what it does to the sound (README table, tooltips)

	text textStyle // how a continuous value is printed and parsed
}

// textStyle picks the text conversion of a continuous parameter. It is a
// plain value rather than a func field so that AppendFormat makes no
// indirect call, through which its buffer would escape to the heap.
type textStyle uint8

const (
	textPlain    textStyle = iota // a number with two decimals and the unit
	textMs                        // ms below a second, s above
	textHz                        // Hz below 1 kHz, kHz above
	textPercent                   // percent with one decimal
	textDB                        // dB with a sign
	textOutputDB                  // dB, with -inf at the bottom of the range
)

func (st textStyle) appendFormat(dst []byte, v float64, unit string) []byte {
	switch st {
	case textMs:
		return formatMs(dst, v)
	case textHz:
		return formatHz(dst, v)
	case textPercent:
		return formatPercent(dst, v)
	case textDB:
		return formatDB(dst, v)
	case textOutputDB:
		return formatOutputDB(dst, v)
	}
	return appendUnit(strconv.AppendFloat(dst, v, 'f', 2, 64), unit)
}

func (st textStyle) parse(s, unit string) (float64, error) {
	switch st {
	case textMs:
		return parseScaled(s, msUnits)
	case textHz:
		return parseScaled(s, hzUnits)
	case textPercent:
		return parsePlain(s, "%")
	case textDB:
		return parsePlain(s, "dB")
	case textOutputDB:
		return parseOutputDB(s)
	}
	return parsePlain(s, unit)
}

// Tempo divisions of the Division parameter, in display order. Each is a
// note length in quarter notes: see DivisionBeats.
var divisionLabels = []string{
	"1/64T", "1/64", "1/64D",
	"1/32T", "1/32", "1/32D",
	"1/16T", "1/16", "1/16D",
	"1/8T", "1/8", "1/8D",
	"1/4T", "1/4", "1/4D",
	"1/2T", "1/2", "1/2D",
	"1/1T", "1/1", "1/1D",
	"2/1T", "2/1", "2/1D",
}

// Stereo modes of the StereoMode parameter.
const (
	StereoModeStereo   = 0 // each channel echoes itself
	StereoModePingPong = 1 // mono input bounces between the channels
	StereoModeMono     = 2 // mono in, mono echoes on both channels
)

// Time-change modes of the TimeMode parameter.
const (
	TimeModeRepitch   = 0 // the tape speeds up or slows down: pitch glides
	TimeModeCrossfade = 1 // a second head fades in at the new time
	TimeModeJump      = 2 // the head jumps, with a tiny declick fade
)

// MaxDelaySeconds is the longest delay the engine plays (time, or a synced
// division at the host tempo, plus the stereo offset is clamped to it).
const MaxDelaySeconds = 4.0

// MinDelaySeconds is the shortest delay the engine plays.
const MinDelaySeconds = 0.001

var toggleLabels = []string{"Off", "On"}

// params is the table in display order. Ids are fixed; the order may change.
var params = [...]Param{
	{ID: IDTime, Key: "time", Name: "Time", Group: "Delay", Min: 1, Max: 4000, Default: 400, Unit: "ms",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "Delay time when Sync is off. Changing it moves the heads as Time Mode says.",
		text:        textMs},
	{ID: IDSync, Key: "sync", Name: "Sync", Group: "Delay", Min: 0, Max: 1, Default: 0,
		Kind: KindToggle, Labels: toggleLabels, Automatable: true,
		Description: "Lock the delay to the host tempo (120 BPM when the host gives none), using Division."},
	{ID: IDDivision, Key: "division", Name: "Division", Group: "Delay", Min: 0, Max: float64(len(divisionLabels) - 1), Default: 13,
		Kind: KindEnum, Labels: divisionLabels, Automatable: true,
		Description: "Note length of the delay when Sync is on: 1/64 to 2 bars, straight, triplet (T) or dotted (D). Clamped to 4 s."},
	{ID: IDTimeMode, Key: "time-mode", Name: "Time Mode", Group: "Delay", Min: 0, Max: 2, Default: TimeModeRepitch,
		Kind: KindEnum, Labels: []string{"Repitch", "Crossfade", "Jump"}, Automatable: true,
		Description: "How a time change sounds: Repitch glides the tape speed (pitch bends like a real machine), Crossfade fades to a second head in 50 ms, Jump moves at once with a 3 ms declick."},
	{ID: IDFeedback, Key: "feedback", Name: "Feedback", Group: "Delay", Min: 0, Max: 120, Default: 45, Unit: "%",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "How much of each repeat is fed back. Above 100 % the repeats grow into tape saturation and hold there; they never blow up.",
		text:        textPercent},
	{ID: IDMix, Key: "mix", Name: "Mix", Group: "Output", Min: 0, Max: 100, Default: 35, Unit: "%",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "Dry/wet balance with an equal-power law: 0 % is dry only, 100 % echoes only.",
		text:        textPercent},
	{ID: IDInput, Key: "input", Name: "Input", Group: "Output", Min: -24, Max: 24, Default: 0, Unit: "dB",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "Gain into the tape (the dry signal is not changed): more input drives the tape harder.",
		text:        textDB},
	{ID: IDOutput, Key: "output", Name: "Output", Group: "Output", Min: -60, Max: 12, Default: 0, Unit: "dB",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "Gain of the whole output, dry and wet. The minimum (-inf) is silence.",
		text:        textOutputDB},
	{ID: IDWowDepth, Key: "wow-depth", Name: "Wow Depth", Group: "Tape", Min: 0, Max: 100, Default: 20, Unit: "%",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "Slow pitch wander of the repeats: 100 % is a peak deviation of 40 cents, with a random drift of depth and rate.",
		text:        textPercent},
	{ID: IDWowRate, Key: "wow-rate", Name: "Wow Rate", Group: "Tape", Min: 0.1, Max: 3, Default: 0.6, Unit: "Hz",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "Speed of the wow, 0.1 to 3 Hz.",
		text:        textHz},
	{ID: IDFlutterDepth, Key: "flutter-depth", Name: "Flutter Depth", Group: "Tape", Min: 0, Max: 100, Default: 15, Unit: "%",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "Fast pitch wobble (three partials of the capstan rate): 100 % is a peak deviation of 10 cents.",
		text:        textPercent},
	{ID: IDFlutterRate, Key: "flutter-rate", Name: "Flutter Rate", Group: "Tape", Min: 5, Max: 20, Default: 9, Unit: "Hz",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "Base rate of the flutter, 5 to 20 Hz.",
		text:        textHz},
	{ID: IDDrive, Key: "drive", Name: "Drive", Group: "Tape", Min: 0, Max: 100, Default: 25, Unit: "%",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "Record level into the tape's saturation, inside the feedback loop: up to +18 dB, taken off again at playback, so quiet echoes keep their level and loud ones thicken; slightly asymmetric (even harmonics) as it rises.",
		text:        textPercent},
	{ID: IDAge, Key: "age", Name: "Age", Group: "Tape", Min: 0, Max: 100, Default: 20, Unit: "%",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "Worn tape: high-frequency loss on every pass (a gentle low-pass from 20 kHz down to 2.5 kHz) and hiss under the echoes (up to -54 dBFS).",
		text:        textPercent},
	{ID: IDLowCut, Key: "low-cut", Name: "Low Cut", Group: "Filter", Min: 20, Max: 2000, Default: 80, Unit: "Hz",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "12 dB/octave high-pass inside the feedback loop: each repeat gets thinner.",
		text:        textHz},
	{ID: IDHighCut, Key: "high-cut", Name: "High Cut", Group: "Filter", Min: 500, Max: 20000, Default: 8000, Unit: "Hz",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "12 dB/octave low-pass inside the feedback loop: each repeat gets darker.",
		text:        textHz},
	{ID: IDStereoMode, Key: "stereo-mode", Name: "Stereo Mode", Group: "Stereo", Min: 0, Max: 2, Default: StereoModeStereo,
		Kind: KindEnum, Labels: []string{"Stereo", "Ping-Pong", "Mono"}, Automatable: true,
		Description: "Stereo: each side echoes itself. Ping-Pong: the input (summed to mono) bounces left, right, left. Mono: one echo in the middle."},
	{ID: IDWidth, Key: "width", Name: "Width", Group: "Stereo", Min: 0, Max: 100, Default: 100, Unit: "%",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "Stereo width of the echoes (mid/side): 0 % is mono echoes, 100 % as recorded.",
		text:        textPercent},
	{ID: IDOffset, Key: "offset", Name: "Offset", Group: "Stereo", Min: -50, Max: 50, Default: 0, Unit: "ms",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "Delays one side more than the other: positive values make the right side later, negative the left.",
		text:        textMs},
	{ID: IDDuck, Key: "duck", Name: "Duck", Group: "Dynamics", Min: 0, Max: 100, Default: 0, Unit: "%",
		Kind: KindContinuous, Automatable: true, Modulatable: true,
		Description: "Turns the echoes down while you play (follows the input level) so they bloom in the gaps: 100 % mutes them under a -12 dBFS input.",
		text:        textPercent},
	{ID: IDFreeze, Key: "freeze", Name: "Freeze", Group: "Dynamics", Min: 0, Max: 1, Default: 0,
		Kind: KindToggle, Labels: toggleLabels, Automatable: true,
		Description: "Holds what is on the tape forever: input to the tape muted, the loop replays without loss, level steady."},
	{ID: IDBypass, Key: "bypass", Name: "Bypass", Group: "Output", Min: 0, Max: 1, Default: 0,
		Kind: KindToggle, Labels: toggleLabels, Automatable: true, IsBypass: true,
		Description: "Fades to the dry input in 10 ms; then the output is the input, bit for bit."},
}

// NumParams is the number of parameters in the table.
const NumParams = len(params)

// Params returns the parameter table in display order. The slice and its
// elements are shared: callers must not modify them.
func Params() []Param { return params[:] }

// maxID is the largest id in use; ids up to it index idDense.
var maxID, idDense = func() (ParamID, []int8) {
	var hi ParamID
	for i := range params {
		hi = max(hi, params[i].ID)
	}
	d := make([]int8, hi+1)
	for i := range d {
		d[i] = -1
	}
	for i := range params {
		d[params[i].ID] = int8(i)
	}
	return hi, d
}()

// ParamIndex returns the position of the parameter with the given id in
// Params, and false for an unknown id. It does not allocate.
func ParamIndex(id ParamID) (int, bool) {
	if id > maxID {
		return 0, false
	}
	i := idDense[id]
	return int(i), i >= 0
}

// ParamByID returns the parameter with the given id.
func ParamByID(id ParamID) (*Param, bool) {
	i, ok := ParamIndex(id)
	if !ok {
		return nil, false
	}
	return &params[i], true
}

// ParamByKey returns the parameter with the given command-line key (case
// insensitive).
func ParamByKey(key string) (*Param, bool) {
	key = strings.ToLower(strings.TrimSpace(key))
	for i := range params {
		if params[i].Key == key {
			return &params[i], true
		}
	}
	return nil, false
}

// IsDiscrete reports whether the parameter takes integer values only.
func (p *Param) IsDiscrete() bool { return p.Kind != KindContinuous }

// Steps returns the number of values of a discrete parameter minus one
// (CLAP's convention), or 0 for a continuous one.
func (p *Param) Steps() int {
	if !p.IsDiscrete() {
		return 0
	}
	return int(p.Max - p.Min)
}

// Clamp returns v limited to the parameter's range, rounded to an integer
// for discrete kinds. NaN gives the default.
func (p *Param) Clamp(v float64) float64 {
	if v != v {
		return p.Default
	}
	if p.IsDiscrete() {
		v = math.Round(v)
	}
	if v < p.Min {
		return p.Min
	}
	if v > p.Max {
		return p.Max
	}
	return v
}

// Format returns the text shown for value v (clamped first), with its unit:
// labels for enums and toggles, Hz/kHz, ms/s, dB (with -inf), %.
func (p *Param) Format(v float64) string {
	var buf [32]byte
	return string(p.AppendFormat(buf[:0], v))
}

// AppendFormat appends the text Format returns to dst and returns the
// extended slice. It allocates nothing when dst has room (32 bytes always
// suffice), so the plugin can answer a host's value-to-text on its main
// thread without making garbage in its Go runtime.
func (p *Param) AppendFormat(dst []byte, v float64) []byte {
	v = p.Clamp(v)
	switch p.Kind {
	case KindEnum, KindToggle:
		return append(dst, p.Labels[int(v-p.Min)]...)
	case KindStepped:
		return appendUnit(strconv.AppendInt(dst, int64(v), 10), p.Unit)
	}
	return p.text.appendFormat(dst, v, p.Unit)
}

func appendUnit(dst []byte, u string) []byte {
	if u == "" {
		return dst
	}
	return append(append(dst, ' '), u...)
}

// ErrParse is the error every failed Param.Parse wraps.
var ErrParse = errors.New("dsp: cannot parse parameter value")

// Parse returns the value for text: a label (case insensitive) for enums and
// toggles, or a number with or without a unit ("450", "450 ms", "0.45 s",
// "2k", "2 kHz", "-inf"). The result is clamped into range. For every v,
// Parse(Format(v)) gives a value whose Format is the same text.
func (p *Param) Parse(text string) (float64, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return 0, fmt.Errorf("%w: %s: empty text", ErrParse, p.Key)
	}
	switch p.Kind {
	case KindEnum, KindToggle:
		if v, ok := p.parseLabel(s); ok {
			return v, nil
		}
	}
	v, err := p.text.parse(s, p.Unit)
	if err != nil {
		return 0, fmt.Errorf("%w: %s: %q", ErrParse, p.Key, text)
	}
	if p.IsDiscrete() && v != math.Round(v) {
		return 0, fmt.Errorf("%w: %s: %q is not a whole step", ErrParse, p.Key, text)
	}
	return p.Clamp(v), nil
}

func (p *Param) parseLabel(s string) (float64, bool) {
	n := normLabel(s)
	for i, l := range p.Labels {
		if normLabel(l) == n {
			return p.Min + float64(i), true
		}
	}
	if p.Kind == KindToggle {
		switch n {
		case "true", "yes", "enabled":
			return 1, true
		case "false", "no", "disabled":
			return 0, true
		}
	}
	if p.ID == IDDivision {
		// Spelled-out lengths: "1 bar", "2 bars dotted", "1/4 triplet", "1/8.".
		m := divisionAliases.Replace(n)
		for i, l := range p.Labels {
			if normLabel(l) == m {
				return p.Min + float64(i), true
			}
		}
	}
	return 0, false
}

var divisionAliases = strings.NewReplacer("triplet", "t", "dotted", "d", "bars", "/1", "bar", "/1", ".", "d")

// normLabel lower-cases and removes spaces, dashes and underscores.
func normLabel(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case ' ', '-', '_', '\t':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// splitNumber splits "12.5 kHz" into 12.5 and "khz" (unit lower-cased,
// spaces removed).
func splitNumber(s string) (float64, string, error) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && strings.IndexByte("+-0123456789.eE", s[i]) >= 0 {
		// Stop at an 'e' that starts a unit word rather than an exponent.
		if (s[i] == 'e' || s[i] == 'E') && (i == 0 || i+1 >= len(s) || strings.IndexByte("+-0123456789", s[i+1]) < 0) {
			break
		}
		i++
	}
	num, unit := s[:i], strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s[i:]), " ", ""))
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, "", err
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, "", errors.New("not finite")
	}
	return v, unit, nil
}

var errUnit = errors.New("unknown unit")

func parsePlain(s, unit string) (float64, error) {
	v, u, err := splitNumber(s)
	if err != nil {
		return 0, err
	}
	if u != "" && u != strings.ToLower(unit) {
		return 0, errUnit
	}
	return v, nil
}

// unitScale is a unit a typed number may carry and the factor it applies.
type unitScale struct {
	unit  string // lower case without spaces; "" for a bare number
	scale float64
}

var (
	msUnits = []unitScale{{"", 1}, {"ms", 1}, {"s", 1000}, {"sec", 1000}}
	hzUnits = []unitScale{{"", 1}, {"hz", 1}, {"k", 1000}, {"khz", 1000}}
)

// parseScaled parses a number followed by one of units, scaled by it.
func parseScaled(s string, units []unitScale) (float64, error) {
	v, u, err := splitNumber(s)
	if err != nil {
		return 0, err
	}
	for _, us := range units {
		if u == us.unit {
			return v * us.scale, nil
		}
	}
	return 0, errUnit
}

// formatTiers prints v with the first tier whose limit v stays below. The
// limits sit half a display step below the next tier's first value, so the
// printed text, parsed back, falls in the same tier and prints the same.
type tier struct {
	below    float64 // use this tier when |v| < below
	scale    float64 // printed number = v / scale
	decimals int
	unit     string
}

func formatTiers(dst []byte, v float64, tiers []tier) []byte {
	for _, t := range tiers {
		if math.Abs(v) < t.below {
			start := len(dst)
			dst = strconv.AppendFloat(dst, v/t.scale, 'f', t.decimals, 64)
			if isNegativeZero(dst[start:]) { // no "-0.0"
				dst = append(dst[:start], dst[start+1:]...)
			}
			return append(append(dst, ' '), t.unit...)
		}
	}
	return strconv.AppendFloat(dst, v, 'f', 2, 64)
}

// isNegativeZero reports whether a printed number is a minus sign followed
// only by zeros and a decimal point.
func isNegativeZero(num []byte) bool {
	if len(num) < 2 || num[0] != '-' {
		return false
	}
	for _, c := range num[1:] {
		if c != '0' && c != '.' {
			return false
		}
	}
	return true
}

var msTiers = []tier{
	{9.995, 1, 2, "ms"},
	{999.95, 1, 1, "ms"},
	{math.Inf(1), 1000, 3, "s"},
}

func formatMs(dst []byte, v float64) []byte { return formatTiers(dst, v, msTiers) }

var hzTiers = []tier{
	{9.995, 1, 2, "Hz"},
	{999.95, 1, 1, "Hz"},
	{math.Inf(1), 1000, 2, "kHz"},
}

func formatHz(dst []byte, v float64) []byte { return formatTiers(dst, v, hzTiers) }

var percentTiers = []tier{{math.Inf(1), 1, 1, "%"}}

func formatPercent(dst []byte, v float64) []byte { return formatTiers(dst, v, percentTiers) }

var dbTiers = []tier{{math.Inf(1), 1, 1, "dB"}}

func formatDB(dst []byte, v float64) []byte {
	start := len(dst)
	dst = formatTiers(dst, v, dbTiers)
	if v > 0 && string(dst[start:]) != "0.0 dB" {
		dst = append(dst, 0)
		copy(dst[start+1:], dst[start:])
		dst[start] = '+'
	}
	return dst
}

// outputMinDB is the Output value that means silence.
const outputMinDB = -60

func formatOutputDB(dst []byte, v float64) []byte {
	if v <= outputMinDB {
		return append(dst, "-inf dB"...)
	}
	start := len(dst)
	dst = formatDB(dst, v)
	if string(dst[start:]) == "-60.0 dB" { // rounds onto the silence value: keep the texts distinct
		return append(dst[:start], "-59.9 dB"...)
	}
	return dst
}

func parseOutputDB(s string) (float64, error) {
	n := strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(n, "-inf") || strings.HasPrefix(n, "-∞") {
		return outputMinDB, nil
	}
	return parsePlain(s, "dB")
}

// DivisionBeats returns the length of a Division value in quarter notes
// (1/4 = 1, 1/8D = 0.75, 2/1 = 8).
func DivisionBeats(division int) float64 {
	division = max(0, min(division, len(divisionLabels)-1))
	// Base note lengths from 1/64 up to 2 bars, in quarter notes.
	base := [...]float64{1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2, 1, 2, 4, 8}[division/3]
	switch division % 3 {
	case 0:
		return base * 2 / 3 // triplet
	case 2:
		return base * 1.5 // dotted
	}
	return base
}
