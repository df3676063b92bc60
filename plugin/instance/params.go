package instance

import (
	"math"
	"unicode/utf8"

	"rill/dsp"
)

// CLAP parameter info flags this package sets (values fixed by the CLAP ABI; package
// main checks them against shim/include/rill_clap.h at compile time).
const (
	ParamIsStepped     = 1 << 0
	ParamIsBypass      = 1 << 4
	ParamIsAutomatable = 1 << 5
	ParamIsModulatable = 1 << 10
	ParamIsEnum        = 1 << 16
)

// ParamInfo is what CLAP's params.get_info reports about one parameter.
type ParamInfo struct {
	ID                uint32
	Flags             uint32
	Name              string
	Module            string
	Min, Max, Default float64
}

// ParamCount returns the number of parameters. [thread-safe]
func ParamCount() int { return dsp.NumParams }

// ParamInfoAt returns the info of the parameter at index (display order), and false
// when index is out of range. It does not allocate. [thread-safe]
func ParamInfoAt(index int) (ParamInfo, bool) {
	params := dsp.Params()
	if index < 0 || index >= len(params) {
		return ParamInfo{}, false
	}
	p := &params[index]
	return ParamInfo{
		ID:      uint32(p.ID),
		Flags:   ParamFlags(p),
		Name:    p.Name,
		Module:  p.Group,
		Min:     p.Min,
		Max:     p.Max,
		Default: p.Default,
	}, true
}

// ParamFlags returns the CLAP flags of p: automatable and modulatable as the table
// says, stepped for every discrete kind, enum for labelled kinds (every value then
// has a label), bypass for the bypass parameter.
func ParamFlags(p *dsp.Param) uint32 {
	var f uint32
	if p.Automatable {
		f |= ParamIsAutomatable
	}
	if p.Modulatable {
		f |= ParamIsModulatable
	}
	if p.IsDiscrete() {
		f |= ParamIsStepped
	}
	if p.Kind == dsp.KindEnum || p.Kind == dsp.KindToggle {
		f |= ParamIsEnum
	}
	if p.IsBypass {
		f |= ParamIsBypass | ParamIsStepped
	}
	return f
}

// ValueToText writes the display text of value for parameter id into dst as a
// NUL-terminated string, cut at a character boundary when dst is short. It reports
// false for an unknown id, a non-finite value or a dst too small for any text.
// It allocates nothing: hosts ask for text often, and garbage in the plugin's
// Go runtime would stall the audio thread. [main-thread]
func ValueToText(id uint32, value float64, dst []byte) bool {
	p, ok := dsp.ParamByID(dsp.ParamID(id))
	if !ok || len(dst) < 2 || math.IsNaN(value) || math.IsInf(value, 0) {
		return false
	}
	var text [64]byte
	CopyCString(dst, p.AppendFormat(text[:0], value))
	return true
}

// TextToValue parses text for parameter id. It reports false for an unknown id or
// text the parameter does not accept. [main-thread]
func TextToValue(id uint32, text string) (float64, bool) {
	p, ok := dsp.ParamByID(dsp.ParamID(id))
	if !ok {
		return 0, false
	}
	v, err := p.Parse(text)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// CopyCString copies s into dst as a NUL-terminated string, truncated at a UTF-8
// character boundary to fit, and returns the bytes written before the NUL. A dst of
// length 0 is left alone.
func CopyCString[S ~string | ~[]byte](dst []byte, s S) int {
	if len(dst) == 0 {
		return 0
	}
	n := len(s)
	if n > len(dst)-1 {
		n = len(dst) - 1
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
	}
	copy(dst, s[:n])
	dst[n] = 0
	return n
}
