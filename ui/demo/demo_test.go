package demo

import (
	"fmt"
	"testing"

	"rill/dsp"
	"rill/plugin/bridge"
)

func TestDemoPublishesAndTakesEdits(t *testing.T) {
	d, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	r := d.Region()
	d.Advance(1)
	d.Advance(0.1)
	if r.Blocks() == 0 {
		t.Fatal("no blocks processed")
	}
	var m bridge.Meters
	if !r.ReadMeters(&m) || m.InPeak[0] == 0 || m.SampleRate != SampleRate {
		t.Errorf("meters = %+v, want a live input level", m)
	}
	var names []string
	for i := range r.StatsCount() {
		names = append(names, r.StatsName(i))
	}
	if fmt.Sprint(names) != "[editor edits tape L tape R]" {
		t.Errorf("stats slots = %q, want the plugin's", names)
	}
	if s := r.Stats(1).Snapshot(); s.Writes != r.Blocks()*Block || !(s.FillLevel > 0) {
		t.Errorf("tape L stats = %+v after %d blocks", s, r.Blocks())
	}
	i, _ := r.ParamIndex(uint32(dsp.IDFeedback))
	if got := r.Param(i).Load(); got != 45 {
		t.Errorf("feedback = %v, want the default 45", got)
	}
	r.PushEdit(bridge.Edit{Param: uint32(dsp.IDFeedback), Kind: bridge.EditBegin})
	r.PushEdit(bridge.Edit{Param: uint32(dsp.IDFeedback), Kind: bridge.EditValue, Value: 90})
	r.PushEdit(bridge.Edit{Param: uint32(dsp.IDFeedback), Kind: bridge.EditEnd})
	d.Advance(Block / float64(SampleRate))
	if got := r.Param(i).Load(); got != 90 {
		t.Errorf("feedback after the edit = %v, want 90", got)
	}
	if s := r.Stats(0).Snapshot(); s.Reads != 3 {
		t.Errorf("edit queue stats = %+v, want 3 reads", s)
	}
}

func TestAdvanceDoesNotCatchUpInBursts(t *testing.T) {
	d, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.Advance(60)
	if n := d.Region().Blocks(); n > 11 {
		t.Errorf("a 60 s stall ran %d blocks, want at most a tenth of a second's", n)
	}
}
