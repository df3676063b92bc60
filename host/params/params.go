// Package params resolves the standalone host's NAME=VALUE arguments against
// a CLAP plugin's parameters.
//
// A NAME matches a parameter's name case-insensitively, with spaces,
// underscores and dashes treated alike ("Wow Depth", "wow_depth" and
// "wow-depth" are one name), or its numeric id. A VALUE is either a bare
// number, taken as the parameter's plain value, or text the plugin's own
// text_to_value understands ("350 ms", "50%", "ping-pong").
package params

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"rill/host/clap"
)

// Errors Resolve wraps; test them with errors.Is.
var (
	// ErrSyntax means an argument is not NAME=VALUE.
	ErrSyntax = errors.New("want NAME=VALUE")
	// ErrUnknown means no parameter has the given name.
	ErrUnknown = errors.New("unknown parameter")
	// ErrBadValue means the plugin cannot read the value text.
	ErrBadValue = errors.New("bad parameter value")
	// ErrOutOfRange means the value lies outside the parameter's range.
	ErrOutOfRange = errors.New("parameter value out of range")
	// ErrReadOnly means the parameter cannot be set.
	ErrReadOnly = errors.New("parameter is read-only")
)

// Plugin is what Resolve needs of a plugin; *clap.Plugin has it.
type Plugin interface {
	Params() ([]clap.ParamInfo, error)
	ValueToText(id uint32, v float64) (string, error)
	TextToValue(id uint32, text string) (float64, error)
}

// Setting is one resolved argument.
type Setting struct {
	Param clap.ParamInfo
	Value float64 // plain value, inside [Param.Min, Param.Max]
	Text  string  // the value as the plugin shows it
}

// Resolve turns NAME=VALUE arguments into parameter settings, in argument
// order. A later argument for the same parameter overrides an earlier one.
func Resolve(pl Plugin, args []string) ([]Setting, error) {
	if len(args) == 0 {
		return nil, nil
	}
	infos, err := pl.Params()
	if err != nil {
		return nil, fmt.Errorf("--param: %w", err)
	}
	var out []Setting
	at := map[uint32]int{}
	for _, arg := range args {
		name, text, ok := strings.Cut(arg, "=")
		if !ok || strings.TrimSpace(name) == "" || strings.TrimSpace(text) == "" {
			return nil, fmt.Errorf("--param %q: %w", arg, ErrSyntax)
		}
		info, err := find(infos, name)
		if err != nil {
			return nil, fmt.Errorf("--param %q: %w", arg, err)
		}
		if info.Flags&clap.ParamReadOnly != 0 {
			return nil, fmt.Errorf("--param %q: %w", arg, ErrReadOnly)
		}
		v, err := value(pl, info, strings.TrimSpace(text))
		if err != nil {
			return nil, fmt.Errorf("--param %q: %w", arg, err)
		}
		shown, err := pl.ValueToText(info.ID, v)
		if err != nil {
			shown = strconv.FormatFloat(v, 'g', -1, 64)
		}
		s := Setting{Param: info, Value: v, Text: shown}
		if i, dup := at[info.ID]; dup {
			out[i] = s
			continue
		}
		at[info.ID] = len(out)
		out = append(out, s)
	}
	return out, nil
}

// Changes returns the settings as parameter changes for Plugin.Flush.
func Changes(s []Setting) []clap.ParamChange {
	out := make([]clap.ParamChange, len(s))
	for i, x := range s {
		out[i] = clap.ParamChange{ID: x.Param.ID, Value: x.Value}
	}
	return out
}

// Normalize is the form names are compared in: lower case, words joined by
// single dashes.
func Normalize(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.TrimSpace(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		dash = true
	}
	return b.String()
}

// find looks a parameter up by name or id.
func find(infos []clap.ParamInfo, name string) (clap.ParamInfo, error) {
	n := Normalize(name)
	var hits []clap.ParamInfo
	for _, p := range infos {
		if Normalize(p.Name) == n {
			hits = append(hits, p)
		}
	}
	if len(hits) == 0 {
		if id, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(name), "#"), 10, 32); err == nil {
			for _, p := range infos {
				if p.ID == uint32(id) {
					return p, nil
				}
			}
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		var names []string
		best, bestD := "", math.MaxInt
		for _, p := range infos {
			if p.Flags&(clap.ParamReadOnly|clap.ParamHidden) != 0 {
				continue
			}
			k := Normalize(p.Name)
			names = append(names, k)
			if d := distance(k, n); d < bestD {
				best, bestD = k, d
			}
		}
		hint := ""
		if best != "" && bestD <= max(2, len(n)/3) {
			hint = fmt.Sprintf(" (did you mean %s?)", best)
		}
		return clap.ParamInfo{}, fmt.Errorf("%w %q%s; valid names: %s", ErrUnknown, name, hint, strings.Join(names, ", "))
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = "#" + strconv.FormatUint(uint64(h.ID), 10)
	}
	return clap.ParamInfo{}, fmt.Errorf("%w %q: several parameters share the name, use an id: %s", ErrUnknown, name, strings.Join(ids, ", "))
}

// value reads a value text for one parameter.
func value(pl Plugin, p clap.ParamInfo, text string) (float64, error) {
	rangeErr := func(shown string) error {
		lo, _ := pl.ValueToText(p.ID, p.Min)
		hi, _ := pl.ValueToText(p.ID, p.Max)
		return fmt.Errorf("%w: %s is outside %s .. %s (plain %g .. %g)", ErrOutOfRange, shown, lo, hi, p.Min, p.Max)
	}
	stepped := p.Flags&(clap.ParamStepped|clap.ParamEnum) != 0
	if f, err := strconv.ParseFloat(text, 64); err == nil && !math.IsNaN(f) {
		// A bare number is the plain value.
		if f < p.Min || f > p.Max {
			return 0, rangeErr(text)
		}
		if stepped && f != math.Round(f) {
			return 0, fmt.Errorf("%w: %s takes whole steps, not %s", ErrBadValue, p.Name, text)
		}
		return f, nil
	}
	v, err := pl.TextToValue(p.ID, text)
	if err != nil || math.IsNaN(v) {
		lo, _ := pl.ValueToText(p.ID, p.Min)
		def, _ := pl.ValueToText(p.ID, p.Default)
		hi, _ := pl.ValueToText(p.ID, p.Max)
		return 0, fmt.Errorf("%w: %s cannot read %q (try a number, or text like %q, %q, %q)", ErrBadValue, p.Name, text, lo, def, hi)
	}
	if v < p.Min || v > p.Max {
		return 0, rangeErr(text)
	}
	// Many plugins clamp in text_to_value, so a value at the edge of the range
	// may be a clamped one. Nudge the number in the text both ways: if both
	// nudges land on the same edge, the text was beyond it.
	if v == p.Min || v == p.Max {
		if num, rest, ok := splitNumberRaw(text); ok && !math.IsInf(num, 0) {
			step := max(math.Abs(num)*1e-3, 1e-3)
			down, err1 := pl.TextToValue(p.ID, strconv.FormatFloat(num-step, 'g', -1, 64)+rest)
			up, err2 := pl.TextToValue(p.ID, strconv.FormatFloat(num+step, 'g', -1, 64)+rest)
			if err1 == nil && err2 == nil && down == v && up == v {
				return 0, rangeErr(text)
			}
		}
	}
	return v, nil
}

// splitNumber splits "350 ms", "50%", "-inf dB" into a number and a unit.
func splitNumber(s string) (float64, string, bool) {
	num, rest, ok := splitNumberRaw(s)
	return num, strings.TrimSpace(rest), ok
}

// splitNumberRaw is splitNumber keeping the text after the number as it is.
func splitNumberRaw(s string) (float64, string, bool) {
	s = strings.TrimSpace(s)
	end := 0
	for end < len(s) && strings.IndexByte("+-.0123456789eEinfINF", s[end]) >= 0 {
		end++
	}
	// Back off until the prefix parses ("1e" in "1em" is not a number).
	for ; end > 0; end-- {
		if f, err := strconv.ParseFloat(s[:end], 64); err == nil {
			return f, s[end:], true
		}
	}
	return 0, "", false
}

// distance is the Levenshtein edit distance between two names.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
