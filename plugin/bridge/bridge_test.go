package bridge

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"rill/buffers"
)

var testIDs = []uint32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22}

func newRegion(t testing.TB) *Region {
	t.Helper()
	r, err := Create(testIDs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// attachSelf maps the same memory a second time, as an editor would.
func attachSelf(t testing.TB, r *Region) *Region {
	t.Helper()
	e, err := AttachFile(fmt.Sprintf("/proc/self/fd/%d", r.FD()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func TestLayoutSectionsDoNotOverlap(t *testing.T) {
	sections := []struct {
		name      string
		off, size int
	}{
		{"header", 0, 64},
		{"plugin control", 64, 64},
		{"editor control", 128, 64},
		{"param ids", offParamIDs, MaxParams * 4},
		{"param values", offParamValues, MaxParams * 8},
		{"meters", offMeters, metersBytes},
		{"stats", offStats, MaxStats * statsSlotBytes},
		{"tape", offTape, offQueue - offTape},
		{"queue", offQueue, buffers.SPSCQueueBytes[Edit](EditQueueCapacity)},
	}
	end := 0
	for _, s := range sections {
		if s.off < end {
			t.Errorf("%s starts at %d, inside the previous section (ends %d)", s.name, s.off, end)
		}
		if s.off%64 != 0 {
			t.Errorf("%s starts at %d, not on a cache line", s.name, s.off)
		}
		end = s.off + s.size
	}
	if end > Size || Size%pageSize != 0 {
		t.Errorf("sections end at %d, region size %d", end, Size)
	}
}

func TestCreateThenAttachSeesTheSameMemory(t *testing.T) {
	p := newRegion(t)
	for i := range testIDs {
		p.Param(i).Store(float64(i) * 1.5)
	}
	e := attachSelf(t, p)
	if e.ParamCount() != len(testIDs) {
		t.Fatalf("editor sees %d params, want %d", e.ParamCount(), len(testIDs))
	}
	for i, id := range testIDs {
		if e.ParamID(i) != id {
			t.Errorf("param %d: id %d, want %d", i, e.ParamID(i), id)
		}
		if got := e.Param(i).Load(); got != float64(i)*1.5 {
			t.Errorf("param %d: value %v, want %v", i, got, float64(i)*1.5)
		}
	}
	if e.OwnerPID() != os.Getpid() {
		t.Errorf("owner pid %d, want %d", e.OwnerPID(), os.Getpid())
	}
	if p.EditorVersion() != LayoutVersion {
		t.Errorf("plugin sees editor version %d, want %d", p.EditorVersion(), LayoutVersion)
	}
	if i, ok := e.ParamIndex(17); !ok || i != 16 {
		t.Errorf("ParamIndex(17) = %d, %v; want 16, true", i, ok)
	}
	if _, ok := e.ParamIndex(999); ok {
		t.Error("ParamIndex(999) found a parameter that does not exist")
	}
}

func TestCreateRejectsTooManyParams(t *testing.T) {
	_, err := Create(make([]uint32, MaxParams+1))
	if !errors.Is(err, ErrTooManyParams) {
		t.Fatalf("err = %v, want ErrTooManyParams", err)
	}
}

// writeRegionFile makes a valid region file, lets edit damage its bytes and
// returns the path.
func writeRegionFile(t *testing.T, edit func(b []byte) []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "region")
	r, err := CreateFile(path, testIDs)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, edit(b), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func put32(b []byte, off int, v uint32) {
	b[off], b[off+1], b[off+2], b[off+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}

func TestAttachRefusesWhatItWouldMisread(t *testing.T) {
	tests := []struct {
		name string
		edit func(b []byte) []byte
		want error
	}{
		{"intact", func(b []byte) []byte { return b }, nil},
		{"newer version", func(b []byte) []byte { put32(b, offVersion, LayoutVersion+1); return b }, ErrVersion},
		{"older version", func(b []byte) []byte { put32(b, offVersion, 0); return b }, ErrVersion},
		{"bad magic", func(b []byte) []byte { b[0] ^= 0xff; return b }, ErrNotRegion},
		{"zeros", func(b []byte) []byte { return make([]byte, len(b)) }, ErrNotRegion},
		{"too short for a header", func(b []byte) []byte { return b[:40] }, ErrNotRegion},
		{"truncated", func(b []byte) []byte { return b[:len(b)-pageSize] }, ErrCorrupt},
		{"size field wrong", func(b []byte) []byte { put32(b, offSize, uint32(Size+pageSize)); return b }, ErrCorrupt},
		{"too many params", func(b []byte) []byte { put32(b, offParamCount, MaxParams+1); return b }, ErrCorrupt},
		{"edit queue damaged", func(b []byte) []byte { b[offQueue] ^= 0xff; return b }, ErrCorrupt},
		{"other queue capacity", func(b []byte) []byte { put32(b, offQueueCap, 8); return b }, ErrCorrupt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := AttachFile(writeRegionFile(t, tc.edit))
			if tc.want == nil {
				if err != nil {
					t.Fatalf("err = %v, want success", err)
				}
				r.Close()
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestVersionErrorSaysBothVersions(t *testing.T) {
	path := writeRegionFile(t, func(b []byte) []byte { put32(b, offVersion, 7); return b })
	_, err := AttachFile(path)
	var ve *VersionError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a *VersionError", err)
	}
	if ve.Region != 7 || ve.Reader != LayoutVersion {
		t.Errorf("VersionError = %+v, want region 7, reader %d", *ve, LayoutVersion)
	}
	// The refusing editor leaves its version where the plugin can see it.
	b, _ := os.ReadFile(path)
	if got := uint32(b[offEditorVersion]) | uint32(b[offEditorVersion+1])<<8; got != LayoutVersion {
		t.Errorf("editor version in region = %d, want %d", got, LayoutVersion)
	}
}

func TestEditsArriveInOrderAndTheQueueReportsFull(t *testing.T) {
	p := newRegion(t)
	e := attachSelf(t, p)
	for i := range EditQueueCapacity {
		if !e.PushEdit(Edit{Param: uint32(i), Kind: EditValue, Value: float64(i)}) {
			t.Fatalf("push %d failed before the queue was full", i)
		}
	}
	if e.PushEdit(Edit{Param: 1, Kind: EditValue}) {
		t.Fatal("push into a full queue succeeded")
	}
	if p.PendingEdits() != EditQueueCapacity {
		t.Fatalf("pending = %d, want %d", p.PendingEdits(), EditQueueCapacity)
	}
	for i := range EditQueueCapacity {
		got, ok := p.PopEdit()
		if !ok || got.Param != uint32(i) || got.Value != float64(i) || got.Kind != EditValue {
			t.Fatalf("pop %d = %+v, %v", i, got, ok)
		}
	}
	if _, ok := p.PopEdit(); ok {
		t.Fatal("pop from an empty queue succeeded")
	}
}

func TestEditValid(t *testing.T) {
	tests := []struct {
		name string
		e    Edit
		want bool
	}{
		{"value", Edit{Kind: EditValue, Value: 0.5}, true},
		{"begin", Edit{Kind: EditBegin}, true},
		{"end", Edit{Kind: EditEnd, Value: math.NaN()}, true},
		{"zero kind", Edit{Value: 1}, false},
		{"unknown kind", Edit{Kind: 9}, false},
		{"NaN value", Edit{Kind: EditValue, Value: math.NaN()}, false},
		{"infinite value", Edit{Kind: EditValue, Value: math.Inf(-1)}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.e.Valid(); got != tc.want {
				t.Errorf("Valid() = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMetersRoundTrip(t *testing.T) {
	p := newRegion(t)
	e := attachSelf(t, p)
	want := Meters{
		InPeak: [Channels]float32{0.5, 0.25}, InRMS: [Channels]float32{0.1, 0.2},
		OutPeak: [Channels]float32{0.9, 0.8}, OutRMS: [Channels]float32{0.3, 0.4},
		Feedback: 0.7, WriteHead: 0.5, HeadCount: 2, Heads: [MaxHeads]float32{0.4, 0.45}, DelayMs: 400,
		WowPhase: 0.25, FlutterPhase: 0.75, Flags: MeterFrozen, SampleRate: 48000, Load: 0.05, LoadAvg: 0.04, LoadPeak: 0.2,
	}
	p.WriteMeters(&want)
	var got Meters
	if !e.ReadMeters(&got) {
		t.Fatal("ReadMeters reported a torn read with no writer running")
	}
	if got != want {
		t.Errorf("meters = %+v, want %+v", got, want)
	}
}

func TestStatsNames(t *testing.T) {
	p := newRegion(t)
	e := attachSelf(t, p)
	long := "tape-left-channel-with-a-long-näme" // the ä straddles byte 32
	names := []string{"tape L", "tape R", long}
	if err := p.SetStatsNames(names); err != nil {
		t.Fatal(err)
	}
	if e.StatsCount() != 3 {
		t.Fatalf("StatsCount = %d, want 3", e.StatsCount())
	}
	if e.StatsName(0) != "tape L" || e.StatsName(1) != "tape R" {
		t.Errorf("names = %q, %q", e.StatsName(0), e.StatsName(1))
	}
	if got := e.StatsName(2); got != long[:31] {
		t.Errorf("long name = %q, want %q (cut before the split rune)", got, long[:31])
	}
	p.Stats(1).Publish(buffers.BufferStats{Writes: 10, Reads: 9, Overflows: 1, FillLevel: 0.5, PeakFill: 0.75})
	if s := e.Stats(1).Snapshot(); s.Writes != 10 || s.Reads != 9 || s.Overflows != 1 || s.PeakFill != 0.75 {
		t.Errorf("stats = %+v", s)
	}
	if err := p.SetStatsNames(make([]string, MaxStats+1)); !errors.Is(err, ErrTooManyStats) {
		t.Errorf("err = %v, want ErrTooManyStats", err)
	}
}

func TestTapeRecorderColumns(t *testing.T) {
	p := newRegion(t)
	e := attachSelf(t, p)
	rec := NewTapeRecorder(p, 4*TapeColumns) // 4 samples per column
	if e.TapeSamplesPerColumn() != 4 {
		t.Fatalf("samples per column = %d, want 4", e.TapeSamplesPerColumn())
	}
	nan := float32(math.NaN())
	rec.Record([]float32{0.1, -0.5, 0.3, 0.2, 1, 1}, []float32{0, 0, nan, 0.4}, 0)
	if e.TapeWriteColumn() != 1 {
		t.Fatalf("write column = %d, want 1", e.TapeWriteColumn())
	}
	want := TapeColumn{Min: [Channels]float32{-0.5, 0}, Max: [Channels]float32{0.3, 0.4}}
	if got := e.TapeColumn(0); got != want {
		t.Errorf("column 0 = %+v, want %+v", got, want)
	}
	// Two more samples finish column 1: the right channel was short, so silence.
	rec.Record([]float32{-1, 0}, nil, float32(6)/(4*TapeColumns))
	want = TapeColumn{Min: [Channels]float32{-1, 0}, Max: [Channels]float32{1, 0}}
	if got := e.TapeColumn(1); got != want {
		t.Errorf("column 1 = %+v, want %+v", got, want)
	}
	// The ring wraps.
	rec.Record(make([]float32, 4*(TapeColumns-2)), nil, -1)
	if e.TapeWriteColumn() != 0 {
		t.Errorf("write column after a full turn = %d, want 0", e.TapeWriteColumn())
	}
	// A jump of the head moves the recorder with it.
	rec.Record([]float32{0.5, 0.5, 0.5, 0.5}, nil, 0.5)
	if e.TapeWriteColumn() != TapeColumns/2+1 {
		t.Errorf("write column after a jump to the middle = %d, want %d", e.TapeWriteColumn(), TapeColumns/2+1)
	}
	if got := e.TapeColumn(TapeColumns / 2); got.Max[0] != 0.5 {
		t.Errorf("column at the jump = %+v, want max 0.5", got)
	}
}

func TestLoadMeter(t *testing.T) {
	var l LoadMeter
	for range 1000 { // 1000 blocks of 10 ms at 20 % load
		l.Update(0.002, 0.01)
	}
	l.Update(0.009, 0.01) // one heavy block
	var m Meters
	l.Fill(&m)
	if math.Abs(float64(m.Load)-0.9) > 1e-6 {
		t.Errorf("Load = %v, want 0.9", m.Load)
	}
	if m.LoadAvg < 0.19 || m.LoadAvg > 0.22 {
		t.Errorf("LoadAvg = %v, want about 0.2", m.LoadAvg)
	}
	if m.LoadPeak < 0.89 {
		t.Errorf("LoadPeak = %v, want the heavy block", m.LoadPeak)
	}
	for range 1000 { // ten seconds of light blocks let the peak fall
		l.Update(0.001, 0.01)
	}
	l.Fill(&m)
	if m.LoadPeak > 0.2 {
		t.Errorf("LoadPeak after 10 s = %v, want it decayed", m.LoadPeak)
	}
	l.Update(math.NaN(), 0.01)
	l.Update(0.001, 0)
	l.Fill(&m)
	if m.Load != 0.1 {
		t.Errorf("bad inputs changed Load to %v", m.Load)
	}
}

func TestControlWords(t *testing.T) {
	p := newRegion(t)
	e := attachSelf(t, p)
	p.SetVisible(true)
	p.BeatPlugin()
	p.CountBlock()
	p.CountBlock()
	e.SetEditor(1234, EditorRunning)
	e.SetEditorWindow(0x400007)
	e.BeatEditor()
	if !e.Visible() || e.PluginBeat() != 1 || e.Blocks() != 2 || e.CloseRequested() {
		t.Errorf("editor sees visible=%v beat=%d blocks=%d close=%v", e.Visible(), e.PluginBeat(), e.Blocks(), e.CloseRequested())
	}
	p.RequestClose()
	if !e.CloseRequested() {
		t.Error("close request not seen")
	}
	p.ClearClose()
	if e.CloseRequested() {
		t.Error("close request not withdrawn")
	}
	if pid, s := p.Editor(); pid != 1234 || s != EditorRunning || p.EditorWindow() != 0x400007 || p.EditorBeat() != 1 {
		t.Errorf("plugin sees editor pid=%d state=%d window=%#x beat=%d", pid, s, p.EditorWindow(), p.EditorBeat())
	}
}

// TestAudioThreadMethodsDoNotAllocate covers every method the plugin calls
// per block.
func TestAudioThreadMethodsDoNotAllocate(t *testing.T) {
	p := newRegion(t)
	e := attachSelf(t, p)
	rec := NewTapeRecorder(p, 48000)
	var m Meters
	var lm LoadMeter
	block := make([]float32, 256)
	stats := buffers.BufferStats{Writes: 1}
	e.PushEdit(Edit{Param: 1, Kind: EditValue, Value: 2})
	tests := []struct {
		name string
		f    func()
	}{
		{"WriteMeters", func() { p.WriteMeters(&m) }},
		{"PopEdit", func() { p.PopEdit() }},
		{"Param Store", func() { p.Param(3).Store(0.25) }},
		{"Stats Publish", func() { p.Stats(0).Publish(stats) }},
		{"CountBlock", func() { p.CountBlock() }},
		{"TapeRecorder.Record", func() { rec.Record(block, block, 0.25) }},
		{"LoadMeter", func() { lm.Update(0.001, 0.005); lm.Fill(&m) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if n := testing.AllocsPerRun(100, tc.f); n != 0 {
				t.Errorf("%s allocates %v times per call", tc.name, n)
			}
		})
	}
}
