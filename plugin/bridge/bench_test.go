package bridge

import "testing"

func BenchmarkWriteMeters(b *testing.B) {
	r := newRegion(b)
	m := Meters{InPeak: [Channels]float32{0.5, 0.5}, HeadCount: 2}
	for b.Loop() {
		r.WriteMeters(&m)
	}
}

func BenchmarkReadMeters(b *testing.B) {
	r := newRegion(b)
	var m Meters
	r.WriteMeters(&m)
	for b.Loop() {
		r.ReadMeters(&m)
	}
}

// BenchmarkEditPushPop is one edit through the queue, both ends in one
// goroutine: the cost without contention.
func BenchmarkEditPushPop(b *testing.B) {
	r := newRegion(b)
	e := Edit{Param: 4, Kind: EditValue, Value: 0.5}
	for b.Loop() {
		r.PushEdit(e)
		r.PopEdit()
	}
}

// BenchmarkTapeRecord64 folds a 64-frame stereo block into the tape view.
func BenchmarkTapeRecord64(b *testing.B) {
	r := newRegion(b)
	rec := NewTapeRecorder(r, 48000*4)
	block := make([]float32, 64)
	for i := range block {
		block[i] = float32(i%7) / 7
	}
	for b.Loop() {
		rec.Record(block, block, 0.5)
	}
}

// BenchmarkPublishParams stores 22 parameter values, as the plugin does
// after each block.
func BenchmarkPublishParams(b *testing.B) {
	r := newRegion(b)
	for b.Loop() {
		for i := range 22 {
			r.Param(i).Store(float64(i))
		}
	}
}

// BenchmarkTapeRecord512 folds a 512-frame stereo block into the tape view.
func BenchmarkTapeRecord512(b *testing.B) {
	r := newRegion(b)
	rec := NewTapeRecorder(r, 48000*4)
	block := make([]float32, 512)
	for i := range block {
		block[i] = float32(i%7) / 7
	}
	for b.Loop() {
		rec.Record(block, block, -1)
	}
}
