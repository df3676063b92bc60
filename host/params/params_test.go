package params

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"rill/host/clap"
)

// fakePlugin mimics a plugin whose text_to_value clamps, like Rill Tape's,
// plus one parameter whose display scale differs from its plain value.
type fakePlugin struct{}

var fakeParams = []clap.ParamInfo{
	{ID: 1, Name: "Time", Min: 1, Max: 4000, Default: 400},
	{ID: 5, Name: "Feedback", Min: 0, Max: 120, Default: 45},
	{ID: 9, Name: "Wow Depth", Min: 0, Max: 100, Default: 20},
	{ID: 12, Name: "Stereo Mode", Min: 0, Max: 2, Default: 1, Flags: clap.ParamStepped | clap.ParamEnum},
	{ID: 20, Name: "Output", Min: -60, Max: 12, Default: 0},
	{ID: 30, Name: "Mix", Min: 0, Max: 1, Default: 0.5}, // shown as 0..100 %
	{ID: 40, Name: "Meter", Min: 0, Max: 1, Flags: clap.ParamReadOnly},
	{ID: 50, Name: "Twin", Min: 0, Max: 1},
	{ID: 51, Name: "twin", Min: 0, Max: 1},
}

var modes = []string{"mono", "stereo", "ping-pong"}

func (fakePlugin) Params() ([]clap.ParamInfo, error) { return fakeParams, nil }

func (fakePlugin) ValueToText(id uint32, v float64) (string, error) {
	switch id {
	case 1:
		return fmt.Sprintf("%.0f ms", v), nil
	case 5, 9:
		return fmt.Sprintf("%.2f %%", v), nil
	case 12:
		return modes[int(v)], nil
	case 20:
		if v <= -60 {
			return "-inf dB", nil
		}
		return fmt.Sprintf("%.1f dB", v), nil
	case 30:
		return fmt.Sprintf("%.0f%%", v*100), nil
	}
	return strconv.FormatFloat(v, 'g', -1, 64), nil
}

func (fakePlugin) TextToValue(id uint32, text string) (float64, error) {
	var p *clap.ParamInfo
	for i := range fakeParams {
		if fakeParams[i].ID == id {
			p = &fakeParams[i]
		}
	}
	if id == 12 {
		for i, m := range modes {
			if strings.EqualFold(m, text) {
				return float64(i), nil
			}
		}
	}
	num, unit, ok := splitNumber(text)
	if !ok {
		return 0, errors.New("bad text")
	}
	switch {
	case id == 1 && unit == "s":
		num *= 1000
	case id == 30 && unit == "%":
		num /= 100
	}
	return math.Max(p.Min, math.Min(p.Max, num)), nil // clamps, as many plugins do
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name string
		args []string
		id   uint32
		want float64
		text string
	}{
		{"bare number", []string{"feedback=60"}, 5, 60, "60.00 %"},
		{"own unit", []string{"time=350 ms"}, 1, 350, "350 ms"},
		{"other unit", []string{"time=0.5 s"}, 1, 500, "500 ms"},
		{"percent", []string{"Feedback=50%"}, 5, 50, "50.00 %"},
		{"dashed key", []string{"wow-depth=10"}, 9, 10, "10.00 %"},
		{"underscores and case", []string{"WOW_DEPTH=10"}, 9, 10, "10.00 %"},
		{"enum label", []string{"stereo-mode=ping-pong"}, 12, 2, "ping-pong"},
		{"enum number", []string{"stereo mode=0"}, 12, 0, "mono"},
		{"display scale differs", []string{"mix=25%"}, 30, 0.25, "25%"},
		{"display scale at the top", []string{"mix=100%"}, 30, 1, "100%"},
		{"top with a unit", []string{"feedback=120%"}, 5, 120, "120.00 %"},
		{"bottom with a unit", []string{"feedback=0 %"}, 5, 0, "0.00 %"},
		{"top in another unit", []string{"time=4 s"}, 1, 4000, "4000 ms"},
		{"minus infinity shown", []string{"output=-inf dB"}, 20, -60, "-inf dB"},
		{"by id", []string{"#50=1"}, 50, 1, "1"},
		{"later wins", []string{"time=10", "time=20"}, 1, 20, "20 ms"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Resolve(fakePlugin{}, tc.args)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].Param.ID != tc.id || got[0].Value != tc.want || got[0].Text != tc.text {
				t.Fatalf("got %+v, want id %d value %v text %q", got, tc.id, tc.want, tc.text)
			}
			if ch := Changes(got); ch[0].ID != tc.id || ch[0].Value != tc.want {
				t.Errorf("changes %+v", ch)
			}
		})
	}
}

func TestResolveErrors(t *testing.T) {
	tests := []struct {
		name string
		arg  string
		want error
		text string
	}{
		{"no equals", "feedback", ErrSyntax, "NAME=VALUE"},
		{"empty value", "feedback=", ErrSyntax, "NAME=VALUE"},
		{"empty name", "=3", ErrSyntax, "NAME=VALUE"},
		{"unknown", "fedback=3", ErrUnknown, "did you mean feedback?"},
		{"unknown lists names", "zzz=3", ErrUnknown, "valid names: time, feedback, wow-depth, stereo-mode, output, mix, twin, twin"},
		{"ambiguous", "twin=1", ErrUnknown, "#50, #51"},
		{"read-only", "meter=0", ErrReadOnly, "read-only"},
		{"number above", "feedback=500", ErrOutOfRange, "0.00 % .. 120.00 %"},
		{"number below", "time=0", ErrOutOfRange, "1 ms .. 4000 ms"},
		{"unit above, plugin clamps", "feedback=500%", ErrOutOfRange, "500%"},
		{"unit above, own unit", "time=9000 ms", ErrOutOfRange, "9000 ms"},
		{"display scale above", "mix=150%", ErrOutOfRange, "0% .. 100%"},
		{"other unit above", "time=10 s", ErrOutOfRange, "10 s"},
		{"below with unit", "feedback=-5 %", ErrOutOfRange, "-5 %"},
		{"not a step", "stereo-mode=1.5", ErrBadValue, "whole steps"},
		{"unreadable", "stereo-mode=wide", ErrBadValue, `"mono", "stereo", "ping-pong"`},
		{"nan", "time=NaN", ErrBadValue, "cannot read"},
		{"infinite number", "time=inf", ErrOutOfRange, "outside"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Resolve(fakePlugin{}, []string{tc.arg})
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("error %v, want %v mentioning %q", err, tc.want, tc.text)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Wow Depth": "wow-depth", " wow__depth ": "wow-depth", "Low-Cut": "low-cut", "A/B  Mix": "a-b-mix", "--": "",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitNumber(t *testing.T) {
	tests := []struct {
		in   string
		num  float64
		unit string
		ok   bool
	}{
		{"350 ms", 350, "ms", true},
		{"50%", 50, "%", true},
		{"-inf dB", math.Inf(-1), "dB", true},
		{"1e3Hz", 1000, "Hz", true},
		{"2em", 2, "em", true},
		{"ping-pong", 0, "", false},
	}
	for _, tc := range tests {
		n, u, ok := splitNumber(tc.in)
		if ok != tc.ok || (ok && (n != tc.num || u != tc.unit)) {
			t.Errorf("splitNumber(%q) = %v %q %v", tc.in, n, u, ok)
		}
	}
}

func ExampleResolve() {
	s, err := Resolve(fakePlugin{}, []string{"time=350 ms", "stereo-mode=ping-pong"})
	if err != nil {
		panic(err)
	}
	for _, x := range s {
		fmt.Printf("%s = %g (%s)\n", x.Param.Name, x.Value, x.Text)
	}
	// Output:
	// Time = 350 (350 ms)
	// Stereo Mode = 2 (ping-pong)
}

// FuzzResolve feeds arbitrary arguments: Resolve returns settings inside the
// parameter's range or an error, never panics.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"time=350 ms", "feedback=50%", "stereo-mode=ping-pong", "#50=1", "mix=-inf %", "x", "=", "time=1e400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		s, err := Resolve(fakePlugin{}, []string{arg})
		if err != nil {
			return
		}
		for _, x := range s {
			if !(x.Value >= x.Param.Min && x.Value <= x.Param.Max) {
				t.Fatalf("%q gave %v outside %v..%v", arg, x.Value, x.Param.Min, x.Param.Max)
			}
		}
	})
}
