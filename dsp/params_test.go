package dsp

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestParamTable(t *testing.T) {
	ids := map[ParamID]bool{}
	keys := map[string]bool{}
	for i := range Params() {
		p := &Params()[i]
		if p.ID == 0 || ids[p.ID] {
			t.Errorf("%s: id %d zero or reused", p.Key, p.ID)
		}
		ids[p.ID] = true
		if p.Key == "" || p.Key != strings.ToLower(p.Key) || strings.ContainsAny(p.Key, " =") || keys[p.Key] {
			t.Errorf("key %q: empty, not lower case, or reused", p.Key)
		}
		keys[p.Key] = true
		if p.Name == "" || p.Group == "" || p.Description == "" {
			t.Errorf("%s: missing name, group or description", p.Key)
		}
		for _, x := range []float64{p.Min, p.Max, p.Default} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Errorf("%s: non-finite bound", p.Key)
			}
		}
		if !(p.Min < p.Max) || p.Default < p.Min || p.Default > p.Max {
			t.Errorf("%s: default %v outside %v..%v", p.Key, p.Default, p.Min, p.Max)
		}
		if p.IsDiscrete() && (p.Min != math.Round(p.Min) || p.Max != math.Round(p.Max) || p.Default != math.Round(p.Default)) {
			t.Errorf("%s: discrete with fractional bounds", p.Key)
		}
		switch p.Kind {
		case KindEnum, KindToggle:
			if len(p.Labels) != p.Steps()+1 {
				t.Errorf("%s: %d labels for %d values", p.Key, len(p.Labels), p.Steps()+1)
			}
		}
		if j, ok := ParamIndex(p.ID); !ok || j != i {
			t.Errorf("%s: ParamIndex = %d, %v; want %d", p.Key, j, ok, i)
		}
		if q, ok := ParamByKey(strings.ToUpper(p.Key)); !ok || q != p {
			t.Errorf("%s: ParamByKey fails", p.Key)
		}
	}
	// The ids are a contract with every saved session: pin them.
	pinned := map[string]ParamID{
		"time": 1, "sync": 2, "division": 3, "feedback": 4, "mix": 5, "input": 6, "output": 7,
		"wow-depth": 8, "wow-rate": 9, "flutter-depth": 10, "flutter-rate": 11, "drive": 12,
		"low-cut": 13, "high-cut": 14, "stereo-mode": 15, "width": 16, "freeze": 17, "duck": 18,
		"age": 19, "time-mode": 20, "bypass": 21, "offset": 22,
	}
	if len(pinned) != NumParams {
		t.Errorf("%d parameters, %d pinned: pin the new ones", NumParams, len(pinned))
	}
	for k, id := range pinned {
		if p, ok := ParamByKey(k); !ok || p.ID != id {
			t.Errorf("%s must keep id %d", k, id)
		}
	}
	bypass := 0
	for _, p := range Params() {
		if p.IsBypass {
			bypass++
		}
	}
	if bypass != 1 {
		t.Errorf("%d bypass parameters", bypass)
	}
	if _, ok := ParamIndex(0); ok {
		t.Error("id 0 is known")
	}
	if _, ok := ParamIndex(1 << 30); ok {
		t.Error("huge id is known")
	}
}

// sampleValues returns values across a parameter's range: the ends, every
// step of a discrete one, and random values.
func sampleValues(p *Param, rng *rand.Rand) []float64 {
	vs := []float64{p.Min, p.Max, p.Default}
	if p.IsDiscrete() {
		for v := p.Min; v <= p.Max; v++ {
			vs = append(vs, v)
		}
		return vs
	}
	for range 2000 {
		vs = append(vs, p.Min+rng.Float64()*(p.Max-p.Min))
	}
	// Values right at the display's tier boundaries.
	for _, b := range []float64{9.995, 999.95, 1000, 10, 100, -9.995, -10} {
		for _, d := range []float64{-1e-9, 0, 1e-9} {
			if x := b + d; x >= p.Min && x <= p.Max {
				vs = append(vs, x)
			}
		}
	}
	return vs
}

func TestFormatParseRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range Params() {
		p := &Params()[i]
		for _, v := range sampleValues(p, rng) {
			text := p.Format(v)
			got, err := p.Parse(text)
			if err != nil {
				t.Fatalf("%s: Parse(Format(%v) = %q): %v", p.Key, v, text, err)
			}
			if again := p.Format(got); again != text {
				t.Fatalf("%s: %v → %q → %v → %q", p.Key, v, text, got, again)
			}
			if p.IsDiscrete() && got != v {
				t.Fatalf("%s: %v → %q → %v", p.Key, v, text, got)
			}
			// Continuous values come back to display precision.
			if tol := math.Max(0.0501, math.Abs(v)*0.0051); p.ID == IDOutput && v <= -59.95 {
				if got != -60 && got != -59.9 {
					t.Fatalf("%s: %v → %q → %v", p.Key, v, text, got)
				}
			} else if math.Abs(got-v) > tol {
				t.Fatalf("%s: %v → %q → %v (off by %g)", p.Key, v, text, got, got-v)
			}
		}
	}
}

func TestParse(t *testing.T) {
	cases := []struct {
		key, text string
		want      float64
	}{
		{"time", "450", 450},
		{"time", "450 ms", 450},
		{"time", "450ms", 450},
		{"time", "0.45 s", 450},
		{"time", "1.5s", 1500},
		{"time", "99999", 4000},
		{"time", "-5", 1},
		{"feedback", "110 %", 110},
		{"feedback", "110%", 110},
		{"feedback", "  75  ", 75},
		{"high-cut", "2k", 2000},
		{"high-cut", "2.5 kHz", 2500},
		{"high-cut", "2.5KHZ", 2500},
		{"low-cut", "120 Hz", 120},
		{"output", "-inf", -60},
		{"output", "-inf dB", -60},
		{"output", "-INF", -60},
		{"output", "+6 dB", 6},
		{"input", "-3.5dB", -3.5},
		{"input", "1e1", 10},
		{"sync", "On", 1},
		{"sync", "off", 0},
		{"sync", "true", 1},
		{"sync", "1", 1},
		{"freeze", "yes", 1},
		{"division", "1/8D", 11},
		{"division", "1/8 dotted", 11},
		{"division", "1/8.", 11},
		{"division", "1/4 triplet", 12},
		{"division", "1/4", 13},
		{"division", "1 bar", 19},
		{"division", "2 bars", 22},
		{"division", "2 bars dotted", 23},
		{"division", "13", 13},
		{"stereo-mode", "ping-pong", 1},
		{"stereo-mode", "PingPong", 1},
		{"stereo-mode", "MONO", 2},
		{"stereo-mode", "2", 2},
		{"time-mode", "crossfade", 1},
		{"time-mode", "Jump", 2},
		{"offset", "-12.5 ms", -12.5},
		{"wow-rate", "0.25Hz", 0.25},
	}
	for _, c := range cases {
		t.Run(c.key+" "+c.text, func(t *testing.T) {
			p, ok := ParamByKey(c.key)
			if !ok {
				t.Fatalf("no parameter %q", c.key)
			}
			got, err := p.Parse(c.text)
			if err != nil || math.Abs(got-c.want) > 1e-9 {
				t.Errorf("Parse(%q) = %v, %v; want %v", c.text, got, err, c.want)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	cases := []struct{ key, text string }{
		{"time", ""},
		{"time", "fast"},
		{"time", "450 Hz"},
		{"time", "NaN"},
		{"time", "Inf"},
		{"feedback", "50 dB"},
		{"sync", "maybe"},
		{"division", "1/3"},
		{"division", "2.5"},
		{"stereo-mode", "surround"},
		{"high-cut", "k"},
	}
	for _, c := range cases {
		t.Run(c.key+" "+c.text, func(t *testing.T) {
			p, _ := ParamByKey(c.key)
			if v, err := p.Parse(c.text); !errors.Is(err, ErrParse) {
				t.Errorf("Parse(%q) = %v, %v; want an ErrParse", c.text, v, err)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	cases := []struct {
		key  string
		v    float64
		want string
	}{
		{"time", 400, "400.0 ms"},
		{"time", 5.25, "5.25 ms"},
		{"time", 1500, "1.500 s"},
		{"time", 999.96, "1.000 s"},
		{"high-cut", 8000, "8.00 kHz"},
		{"low-cut", 80, "80.0 Hz"},
		{"wow-rate", 0.6, "0.60 Hz"},
		{"feedback", 120, "120.0 %"},
		{"output", -60, "-inf dB"},
		{"output", 3, "+3.0 dB"},
		{"output", 0, "0.0 dB"},
		{"input", -0.01, "0.0 dB"},
		{"offset", -0.001, "0.00 ms"},
		{"division", 11, "1/8D"},
		{"sync", 1, "On"},
		{"stereo-mode", 1, "Ping-Pong"},
		{"feedback", math.NaN(), "45.0 %"},
	}
	for _, c := range cases {
		p, _ := ParamByKey(c.key)
		if got := p.Format(c.v); got != c.want {
			t.Errorf("%s.Format(%v) = %q, want %q", c.key, c.v, got, c.want)
		}
	}
}

func TestDivisionBeats(t *testing.T) {
	want := map[string]float64{
		"1/64T": 1.0 / 24, "1/64": 1.0 / 16, "1/64D": 3.0 / 32, "1/16": 0.25, "1/8T": 1.0 / 3,
		"1/8D": 0.75, "1/4": 1, "1/2D": 3, "1/1": 4, "2/1T": 16.0 / 3, "2/1": 8, "2/1D": 12,
	}
	div, _ := ParamByID(IDDivision)
	for label, beats := range want {
		v, err := div.Parse(label)
		if err != nil {
			t.Fatal(err)
		}
		if got := DivisionBeats(int(v)); math.Abs(got-beats) > 1e-12 {
			t.Errorf("%s: %v beats, want %v", label, got, beats)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"450 ms", "1/8D", "-inf", "2k", "On", "1e400", "-", ".", "e", "1e", "+-1", "ping pong", "∞"} {
		f.Add(uint8(0), s)
	}
	f.Fuzz(func(t *testing.T, which uint8, text string) {
		p := &Params()[int(which)%NumParams]
		v, err := p.Parse(text)
		if err != nil {
			return
		}
		if v != p.Clamp(v) || math.IsNaN(v) {
			t.Fatalf("%s: Parse(%q) = %v: not a clamped value", p.Key, text, v)
		}
		s := p.Format(v)
		w, err := p.Parse(s)
		if err != nil || p.Format(w) != s {
			t.Fatalf("%s: %q → %v → %q → %v, %v", p.Key, text, v, s, w, err)
		}
	})
}

func ExampleParam_Format() {
	p, _ := ParamByKey("high-cut")
	fmt.Println(p.Format(8000))
	d, _ := ParamByKey("division")
	fmt.Println(d.Format(11))
	// Output:
	// 8.00 kHz
	// 1/8D
}

func ExampleParam_Parse() {
	p, _ := ParamByKey("time")
	v, _ := p.Parse("0.45 s")
	fmt.Println(v)
	// Output: 450
}

// TestAppendFormatMatchesFormatWithoutAllocating checks the allocation-free
// formatter the plugin uses for the host's value-to-text: same text as Format
// for every parameter across its range, appended after existing bytes, and no
// allocation when the buffer has room.
func TestAppendFormatMatchesFormatWithoutAllocating(t *testing.T) {
	for i := range Params() {
		p := &Params()[i]
		for k := 0; k <= 200; k++ {
			v := p.Min + (p.Max-p.Min)*float64(k)/200
			got := string(p.AppendFormat([]byte("x="), v))
			if want := "x=" + p.Format(v); got != want {
				t.Fatalf("%s: AppendFormat(%v) = %q, want %q", p.Key, v, got, want)
			}
		}
		buf := make([]byte, 0, 64)
		v := (p.Min + p.Max) / 2
		if n := testing.AllocsPerRun(100, func() { buf = p.AppendFormat(buf[:0], v) }); n != 0 {
			t.Errorf("%s: AppendFormat allocates %v times", p.Key, n)
		}
	}
}
