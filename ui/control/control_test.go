package control

import (
	"errors"
	"math"
	"testing"

	"rill/dsp"
	"rill/plugin/bridge"
)

// newPlugin makes a region holding every dsp parameter at its default, as
// the plugin does before it starts an editor.
func newPlugin(t *testing.T, ids []uint32) *bridge.Region {
	t.Helper()
	r, err := bridge.Create(ids)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	for i := range ids {
		if p, ok := dsp.ParamByID(dsp.ParamID(ids[i])); ok {
			r.Param(i).Store(p.Default)
		}
	}
	return r
}

func allIDs() []uint32 {
	var ids []uint32
	for _, p := range dsp.Params() {
		ids = append(ids, uint32(p.ID))
	}
	return ids
}

func drain(r *bridge.Region) []bridge.Edit {
	var out []bridge.Edit
	for {
		e, ok := r.PopEdit()
		if !ok {
			return out
		}
		out = append(out, e)
	}
}

func TestValueFollowsThePlugin(t *testing.T) {
	r := newPlugin(t, allIDs())
	c := New(r)
	i, _ := r.ParamIndex(uint32(dsp.IDFeedback))
	r.Param(i).Store(80)
	if got := c.Value(dsp.IDFeedback); got != 80 {
		t.Errorf("Value = %v, want the plugin's 80", got)
	}
	if got := c.Text(dsp.IDFeedback); got == "" {
		t.Error("Text is empty")
	}
	r.Param(i).Store(math.NaN()) // garbage from the region is clamped by the table
	if got := c.Value(dsp.IDFeedback); got != 45 {
		t.Errorf("Value of NaN = %v, want the default 45", got)
	}
}

func TestGestureSendsBeginValuesEnd(t *testing.T) {
	r := newPlugin(t, allIDs())
	c := New(r)
	id := dsp.IDMix
	must(t, c.Begin(id))
	must(t, c.Set(id, 50))
	must(t, c.Set(id, 50)) // unchanged: nothing sent
	must(t, c.Set(id, 500))
	if got := c.Value(id); got != 100 {
		t.Errorf("Value during the drag = %v, want the clamped 100", got)
	}
	must(t, c.End(id))
	want := []bridge.Edit{
		{Param: uint32(id), Kind: bridge.EditBegin},
		{Param: uint32(id), Kind: bridge.EditValue, Value: 50},
		{Param: uint32(id), Kind: bridge.EditValue, Value: 100},
		{Param: uint32(id), Kind: bridge.EditEnd},
	}
	got := drain(r)
	if len(got) != len(want) {
		t.Fatalf("edits = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("edit %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	// After letting go the editor shows the user's value until the plugin
	// confirms it, then follows the plugin again.
	if c.Value(id) != 100 {
		t.Errorf("Value after release = %v, want the held 100", c.Value(id))
	}
	i, _ := r.ParamIndex(uint32(id))
	r.Param(i).Store(100)
	c.Frame()
	r.Param(i).Store(20) // automation moves it
	if c.Value(id) != 20 {
		t.Errorf("Value after the plugin confirmed = %v, want the automated 20", c.Value(id))
	}
}

func TestHoldTimesOutWhenThePluginNeverConfirms(t *testing.T) {
	r := newPlugin(t, allIDs())
	c := New(r)
	must(t, c.Change(dsp.IDDrive, 90))
	for range holdFrames {
		c.Frame()
	}
	if got := c.Value(dsp.IDDrive); got != 25 {
		t.Errorf("Value after the hold = %v, want the plugin's 25", got)
	}
}

func TestResetAndTypedEntry(t *testing.T) {
	r := newPlugin(t, allIDs())
	c := New(r)
	tests := []struct {
		name    string
		do      func() error
		want    float64
		wantErr bool
	}{
		{"reset", func() error { return c.Reset(dsp.IDTime) }, 400, false},
		{"typed with unit", func() error { return c.SetText(dsp.IDTime, "250 ms") }, 250, false},
		{"typed seconds", func() error { return c.SetText(dsp.IDTime, "1.5 s") }, 1500, false},
		{"typed enum label", func() error { return c.SetText(dsp.IDStereoMode, "Ping-Pong") }, dsp.StereoModePingPong, false},
		{"typed garbage", func() error { return c.SetText(dsp.IDTime, "fast") }, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			drain(r)
			err := tc.do()
			if tc.wantErr {
				if err == nil {
					t.Fatal("no error")
				}
				if n := len(drain(r)); n != 0 {
					t.Errorf("a failed entry sent %d edits", n)
				}
				return
			}
			must(t, err)
			got := drain(r)
			if len(got) != 3 || got[0].Kind != bridge.EditBegin || got[1].Value != tc.want || got[2].Kind != bridge.EditEnd {
				t.Errorf("edits = %+v, want begin, %v, end", got, tc.want)
			}
		})
	}
}

func TestUnknownAndMissingParams(t *testing.T) {
	r := newPlugin(t, []uint32{uint32(dsp.IDTime)}) // a plugin that has only Time
	c := New(r)
	if err := c.Change(999, 1); !errors.Is(err, ErrUnknownParam) {
		t.Errorf("unknown id: err = %v", err)
	}
	if err := c.Change(dsp.IDMix, 1); !errors.Is(err, ErrMissingParam) {
		t.Errorf("missing param: err = %v", err)
	}
	if c.Param(dsp.IDMix).Available() || !c.Param(dsp.IDTime).Available() {
		t.Error("availability wrong")
	}
	if c.Value(dsp.IDMix) != 35 {
		t.Errorf("missing param shows %v, want its default", c.Value(dsp.IDMix))
	}
}

func TestFullQueueKeepsEditsForTheNextFrame(t *testing.T) {
	r := newPlugin(t, allIDs())
	c := New(r)
	for i := range bridge.EditQueueCapacity {
		must(t, c.Change(dsp.IDFeedback, float64(i%100)))
	}
	if c.PendingEdits() == 0 {
		t.Fatal("no edits pending after overfilling the queue")
	}
	// A long drag while full coalesces into one pending value.
	must(t, c.Begin(dsp.IDMix))
	before := c.PendingEdits()
	for v := range 50 {
		must(t, c.Set(dsp.IDMix, float64(v)))
	}
	if c.PendingEdits() != before+1 {
		t.Errorf("pending grew from %d to %d over a drag, want +1", before, c.PendingEdits())
	}
	must(t, c.End(dsp.IDMix))
	var got []bridge.Edit
	for c.PendingEdits() > 0 {
		got = append(got, drain(r)...)
		c.Frame()
	}
	got = append(got, drain(r)...)
	last := got[len(got)-2]
	if last.Param != uint32(dsp.IDMix) || last.Value != 49 || got[len(got)-1].Kind != bridge.EditEnd {
		t.Errorf("tail of the edits = %+v, want Mix 49 then end", got[len(got)-2:])
	}
	if n := 3*bridge.EditQueueCapacity + 3; len(got) != n {
		t.Errorf("%d edits arrived, want %d", len(got), n)
	}
}

func TestTaper(t *testing.T) {
	table := []struct {
		key  string
		v    float64
		want float64
	}{
		{"mix", 50, 0.5},
		{"time", 1, 0},
		{"time", 4000, 1},
		{"time", 63.245553203367585, 0.5}, // geometric middle of 1..4000
		{"low-cut", 200, 0.5},             // geometric middle of 20..2000
		{"offset", 0, 0.5},
		{"division", 13, 13.0 / 23},
	}
	for _, tc := range table {
		t.Run(tc.key, func(t *testing.T) {
			p, _ := dsp.ParamByKey(tc.key)
			if got := Normalized(p, tc.v); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("Normalized(%v) = %v, want %v", tc.v, got, tc.want)
			}
			if back := Denormalized(p, Normalized(p, tc.v)); math.Abs(back-tc.v) > 1e-6*math.Abs(tc.v)+1e-9 {
				t.Errorf("round trip of %v gives %v", tc.v, back)
			}
		})
	}
}

func TestDrag(t *testing.T) {
	mix, _ := dsp.ParamByKey("mix")
	div, _ := dsp.ParamByKey("division")
	tests := []struct {
		name   string
		p      *dsp.Param
		start  float64
		pixels float64
		fine   bool
		want   float64
	}{
		{"half sweep up", mix, 0, 100, false, 50},
		{"fine is ten times slower", mix, 0, 100, true, 5},
		{"down past the end clamps", mix, 10, -500, false, 0},
		{"NaN drag changes nothing", mix, 30, math.NaN(), false, 30},
		{"discrete moves by whole steps", div, 13, 10, false, 14},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Drag(tc.p, tc.start, tc.pixels, 200, tc.fine); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("Drag = %v, want %v", got, tc.want)
			}
		})
	}
}

func FuzzTaper(f *testing.F) {
	f.Add(uint8(0), 0.5)
	f.Add(uint8(3), math.NaN())
	f.Add(uint8(9), math.Inf(1))
	f.Fuzz(func(t *testing.T, which uint8, x float64) {
		table := dsp.Params()
		p := &table[int(which)%len(table)]
		n := Normalized(p, x)
		if !(n >= 0 && n <= 1) {
			t.Fatalf("Normalized(%v) of %s = %v, outside 0..1", x, p.Key, n)
		}
		v := Denormalized(p, x)
		if !(v >= p.Min && v <= p.Max) {
			t.Fatalf("Denormalized(%v) of %s = %v, outside %v..%v", x, p.Key, v, p.Min, p.Max)
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
