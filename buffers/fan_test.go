package buffers

import (
	"errors"
	"math/rand/v2"
	"testing"
)

// Ported from rill-core fan::tests::test_fan_out_buffer_basic.
func TestFanOutBufferBasic(t *testing.T) {
	f := blkMust(NewFanOutBuffer[float32](64, 3))
	if err := f.Write(constBlock[float32](64, 42)); err != nil {
		t.Fatal(err)
	}
	dst := make([]float32, 64)
	for id := range 3 {
		clear(dst)
		if err := f.TryRead(id, dst); err != nil || dst[0] != 42 {
			t.Errorf("consumer %d: %v, dst[0] %v", id, err, dst[0])
		}
	}
}

func TestNewFanOutBufferSize(t *testing.T) {
	tests := []struct {
		name                string
		blockLen, consumers int
		want                BufferError
	}{
		{"zeroBlock", 0, 1, InvalidSize(0)},
		{"hugeBlock", MaxBufferSize + 1, 1, InvalidSize(MaxBufferSize + 1)},
		{"noConsumers", 4, 0, InvalidSize(0)}, // the crate panics
		{"negativeConsumers", 4, -2, InvalidSize(-2)},
		{"tooManyConsumers", 4, maxFanPorts + 1, InvalidSize(maxFanPorts + 1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewFanOutBuffer[float32](tc.blockLen, tc.consumers)
			wantBufErr(t, "NewFanOutBuffer", err, tc.want)
		})
	}
	f := blkMust(NewFanOutBuffer[float64](2, maxFanPorts))
	if f.Consumers() != maxFanPorts || f.BlockLen() != 2 {
		t.Errorf("Consumers %d BlockLen %d", f.Consumers(), f.BlockLen())
	}
}

func TestFanOutBufferEachBlockOncePerConsumer(t *testing.T) {
	f := blkMust(NewFanOutBuffer[float32](1, 2))
	dst := make([]float32, 1)
	if err := f.TryRead(0, dst); !errors.Is(err, ErrEmpty) {
		t.Errorf("read before any write: %v", err)
	}
	_ = f.Write([]float32{1})
	if err := f.TryRead(0, dst); err != nil || dst[0] != 1 {
		t.Fatalf("first read: %v %v", err, dst)
	}
	if f.HasNewData(0) || !f.HasNewData(1) {
		t.Errorf("HasNewData %v %v, want false, true", f.HasNewData(0), f.HasNewData(1))
	}
	if err := f.TryRead(0, dst); !errors.Is(err, ErrEmpty) {
		t.Errorf("second read of the same block: %v, want ErrEmpty", err)
	}
	// Consumer 1 is slow: it skips block 2 and gets the newest.
	_ = f.Write([]float32{2})
	_ = f.Write([]float32{3})
	if err := f.TryRead(1, dst); err != nil || dst[0] != 3 {
		t.Errorf("slow consumer: %v %v, want 3", err, dst)
	}
	if err := f.TryRead(0, dst); err != nil || dst[0] != 3 {
		t.Errorf("consumer 0: %v %v, want 3", err, dst)
	}
	if v, ok := f.LastReadVersion(1); !ok || v != 3 || f.Version() != 3 {
		t.Errorf("LastReadVersion %d %v, Version %d", v, ok, f.Version())
	}
	// Writes 2 and 3 each replaced a block some consumer had not read.
	want := BufferStats{Writes: 3, Reads: 3, Underflows: 2, Overflows: 2, FillLevel: 1, PeakFill: 1}
	if s := f.Stats(); s != want {
		t.Errorf("stats %+v, want %+v", s, want)
	}
}

// TestFanOutBufferQuirk9 pins the fix of crate quirk 9: Reset zeroes the
// version (the crate keeps 3), and every consumer reads the next block once.
func TestFanOutBufferQuirk9(t *testing.T) {
	f := blkMust(NewFanOutBuffer[float32](2, 3))
	dst := make([]float32, 2)
	for i := range 3 {
		_ = f.Write([]float32{float32(i), 0})
		_ = f.TryRead(i, dst)
	}
	f.Reset()
	if f.Version() != 0 || f.HasData() {
		t.Errorf("after Reset: Version %d HasData %v", f.Version(), f.HasData())
	}
	for id := range 3 {
		if f.HasNewData(id) || !errors.Is(f.TryRead(id, dst), ErrEmpty) {
			t.Errorf("consumer %d has data after Reset", id)
		}
		if v, _ := f.LastReadVersion(id); v != 0 {
			t.Errorf("consumer %d LastReadVersion %d", id, v)
		}
	}
	_ = f.Write([]float32{7, 7})
	if f.Version() != 1 {
		t.Errorf("Version %d after Reset and one write, want 1", f.Version())
	}
	for id := range 3 {
		if err := f.TryRead(id, dst); err != nil || dst[0] != 7 {
			t.Errorf("consumer %d: %v %v", id, err, dst)
		}
		if err := f.TryRead(id, dst); !errors.Is(err, ErrEmpty) {
			t.Errorf("consumer %d read twice", id)
		}
	}
}

func TestFanOutBufferBadArgs(t *testing.T) {
	f := blkMust(NewFanOutBuffer[float32](2, 3))
	_ = f.Write([]float32{1, 2})
	dst := make([]float32, 2)
	for _, id := range []int{-1, 3, 1 << 40} {
		wantBufErr(t, "TryRead", f.TryRead(id, dst), InvalidIndex(id))
		if f.HasNewData(id) {
			t.Errorf("HasNewData(%d) true", id)
		}
		if _, ok := f.LastReadVersion(id); ok {
			t.Errorf("LastReadVersion(%d) ok", id)
		}
	}
	wantBufErr(t, "Write", f.Write(make([]float32, 3)), InvalidSize(3))
	wantBufErr(t, "TryRead", f.TryRead(0, make([]float32, 1)), InvalidSize(1))
	if s := f.Stats(); s.Reads != 0 || s.Underflows != 0 || s.Writes != 1 {
		t.Errorf("bad calls changed stats: %+v", s)
	}
}

func TestFanOutBufferRawStorage(t *testing.T) {
	f := blkMust(NewFanOutBuffer[float32](2, 1))
	f.Fill(3)
	f.CopyFrom([]float32{1})
	if f.HasData() || !equalSlices(f.Slice(), []float32{1, 3}) {
		t.Errorf("raw storage: HasData %v %v", f.HasData(), f.Slice())
	}
	_ = f.Write([]float32{5, 6})
	f.Clear()
	if f.HasData() || f.Version() != 0 || !equalSlices(f.Slice(), []float32{0, 0}) {
		t.Error("Clear did not reset")
	}
}

// Ported from rill-core fan::tests::test_fan_in_buffer_basic.
func TestFanInBufferBasic(t *testing.T) {
	f := blkMust(NewFanInBuffer[float32](64, 2))
	_ = f.Write(0, constBlock[float32](64, 1))
	_ = f.Write(1, constBlock[float32](64, 2))
	dst := make([]float32, 64)
	if err := f.TryRead(dst); err != nil || dst[0] != 3 || dst[63] != 3 {
		t.Errorf("TryRead: %v dst[0] %v", err, dst[0])
	}
}

func TestNewFanInBufferSize(t *testing.T) {
	for _, tc := range []struct{ blockLen, producers, bad int }{
		{0, 1, 0}, {4, 0, 0}, {4, -1, -1}, {4, maxFanPorts + 1, maxFanPorts + 1}, {MaxBufferSize + 1, 1, MaxBufferSize + 1},
	} {
		_, err := NewFanInBuffer[float64](tc.blockLen, tc.producers)
		wantBufErr(t, "NewFanInBuffer", err, InvalidSize(tc.bad))
	}
}

// TestFanInBufferQuirk3 pins the fix of crate quirk 3 (one shared read
// counter): each producer's block is mixed exactly once, a producer that
// wrote twice contributes its latest block once and the replaced one counts
// as an overflow, and a producer that joins late is not starved.
func TestFanInBufferQuirk3(t *testing.T) {
	f := blkMust(NewFanInBuffer[float32](1, 3))
	dst := make([]float32, 1)
	// Crate: p0 writes 1, 2, 3 and p1 writes 10; reads give 13, 3, 3, None.
	_ = f.Write(0, []float32{1})
	_ = f.Write(0, []float32{2})
	_ = f.Write(0, []float32{3})
	_ = f.Write(1, []float32{10})
	if err := f.TryRead(dst); err != nil || dst[0] != 13 {
		t.Fatalf("first mix: %v %v, want 13", err, dst)
	}
	for i := range 2 {
		if err := f.TryRead(dst); !errors.Is(err, ErrEmpty) {
			t.Errorf("mix %d after all blocks were consumed: %v %v, want ErrEmpty (crate re-mixes 3)", i+2, err, dst)
		}
	}
	if s := f.Stats(); s.Overflows != 2 || s.Reads != 1 || s.Underflows != 2 || s.Writes != 4 {
		t.Errorf("stats %+v", s)
	}
	// Crate: after 3 mixes a newcomer's first write is ignored (starved).
	_ = f.Write(0, []float32{1})
	_ = f.TryRead(dst)
	_ = f.Write(2, []float32{100})
	if err := f.TryRead(dst); err != nil || dst[0] != 100 {
		t.Errorf("late producer: %v %v, want 100", err, dst)
	}
	if f.ReadSeq() != 3 {
		t.Errorf("ReadSeq %d, want 3", f.ReadSeq())
	}
	if n, ok := f.WriteSeq(0); !ok || n != 4 {
		t.Errorf("WriteSeq(0) = %d %v, want 4", n, ok)
	}
}

func TestFanInBufferFillAndLen(t *testing.T) {
	f := blkMust(NewFanInBuffer[float32](4, 3))
	if f.Capacity() != 12 || f.Len() != 0 || !f.IsEmpty() {
		t.Errorf("new: Capacity %d Len %d", f.Capacity(), f.Len())
	}
	_ = f.Write(0, make([]float32, 4))
	_ = f.Write(2, make([]float32, 4))
	s := f.Stats()
	if f.Len() != 8 || f.IsFull() || s.FillLevel < 0.6666 || s.FillLevel > 0.6667 {
		t.Errorf("2 of 3: Len %d IsFull %v fill %v (crate measured 0.6667)", f.Len(), f.IsFull(), s.FillLevel)
	}
	if !f.ProducerHasData(2) || f.ProducerHasData(1) || f.ProducerHasData(-1) || f.ProducerHasData(3) {
		t.Error("ProducerHasData wrong")
	}
	_ = f.Write(1, make([]float32, 4))
	if !f.IsFull() || f.Stats().PeakFill != 1 {
		t.Errorf("3 of 3: IsFull %v peak %v", f.IsFull(), f.Stats().PeakFill)
	}
	if err := f.ClearProducer(1); err != nil || f.ProducerHasData(1) || f.Len() != 8 {
		t.Errorf("ClearProducer: %v Len %d", err, f.Len())
	}
	if n, _ := f.WriteSeq(1); n != 0 {
		t.Errorf("WriteSeq after ClearProducer %d", n)
	}
	_ = f.TryRead(make([]float32, 4))
	if f.Len() != 0 || f.Stats().FillLevel != 0 {
		t.Error("TryRead left blocks pending")
	}
}

func TestFanInBufferSumsOnlyPending(t *testing.T) {
	f := blkMust(NewFanInBuffer[float64](3, 3))
	_ = f.Write(2, []float64{1, 2, 3})
	_ = f.Write(0, []float64{10, 20, 30})
	dst := []float64{-5, -5, -5}
	if err := f.TryRead(dst); err != nil || !equalSlices(dst, []float64{11, 22, 33}) {
		t.Errorf("mix: %v %v", dst, err)
	}
	_ = f.Write(1, []float64{0.5, 0.5, 0.5})
	if err := f.TryRead(dst); err != nil || !equalSlices(dst, []float64{0.5, 0.5, 0.5}) {
		t.Errorf("only producer 1 pending: %v %v", dst, err)
	}
	dst[0] = 42
	if err := f.TryRead(dst); !errors.Is(err, ErrEmpty) || dst[0] != 42 {
		t.Errorf("empty read: %v, dst touched %v", err, dst)
	}
}

func TestFanInBufferBadArgs(t *testing.T) {
	f := blkMust(NewFanInBuffer[float32](2, 2))
	for _, pid := range []int{-1, 2, 1 << 40} {
		wantBufErr(t, "Write", f.Write(pid, make([]float32, 2)), InvalidIndex(pid))
		wantBufErr(t, "ClearProducer", f.ClearProducer(pid), InvalidIndex(pid))
		if _, ok := f.WriteSeq(pid); ok {
			t.Errorf("WriteSeq(%d) ok", pid)
		}
	}
	wantBufErr(t, "Write", f.Write(0, make([]float32, 1)), InvalidSize(1))
	wantBufErr(t, "TryRead", f.TryRead(make([]float32, 3)), InvalidSize(3))
	if s := f.Stats(); s.Writes != 0 || f.Len() != 0 {
		t.Errorf("bad calls changed the buffer: %+v", s)
	}
}

func TestFanInBufferRawStorageAndReset(t *testing.T) {
	f := blkMust(NewFanInBuffer[float32](2, 2))
	if n := f.CopyFrom([]float32{1, 2, 3, 4, 5}); n != 4 || !equalSlices(f.Slice(), []float32{1, 2, 3, 4}) {
		t.Errorf("CopyFrom %d %v (spans producers)", n, f.Slice())
	}
	f.Fill(9)
	if f.Len() != 0 || !equalSlices(f.Slice(), []float32{9, 9, 9, 9}) {
		t.Errorf("Fill: Len %d %v", f.Len(), f.Slice())
	}
	_ = f.Write(0, []float32{1, 1})
	_ = f.TryRead(make([]float32, 2))
	_ = f.Write(1, []float32{1, 1})
	f.Reset()
	if f.Len() != 0 || f.ReadSeq() != 0 || f.Stats() != (BufferStats{}) {
		t.Errorf("Reset: Len %d ReadSeq %d %+v", f.Len(), f.ReadSeq(), f.Stats())
	}
	f.Clear()
	if !equalSlices(f.Slice(), []float32{0, 0, 0, 0}) {
		t.Errorf("Clear: %v", f.Slice())
	}
}

func TestFanNoAllocs(t *testing.T) {
	out := blkMust(NewFanOutBuffer[float32](256, 3))
	in := blkMust(NewFanInBuffer[float32](256, 3))
	src := ramp[float32](256)
	dst := make([]float32, 256)
	blkNoAllocs(t, "FanOut Write+TryRead", func() {
		_ = out.Write(src)
		for id := range 3 {
			_ = out.TryRead(id, dst)
		}
	})
	blkNoAllocs(t, "FanOut TryRead empty", func() { _ = out.TryRead(0, dst) })
	blkNoAllocs(t, "FanOut queries", func() { _, _ = out.HasNewData(1), out.Version(); _, _ = out.LastReadVersion(2) })
	blkNoAllocs(t, "FanOut Reset/Stats", func() { out.Reset(); _ = out.Stats(); out.ResetStats() })
	blkNoAllocs(t, "FanIn Write+TryRead", func() {
		for pid := range 3 {
			_ = in.Write(pid, src)
		}
		_ = in.TryRead(dst)
	})
	blkNoAllocs(t, "FanIn TryRead empty", func() { _ = in.TryRead(dst) })
	blkNoAllocs(t, "FanIn queries", func() { _ = in.ProducerHasData(1); _, _ = in.WriteSeq(1); _ = in.ClearProducer(0) })
	blkNoAllocs(t, "FanIn Reset/Stats", func() { in.Reset(); _ = in.Stats(); in.ResetStats() })
}

// TestFanInBufferAgainstModel drives a 4-producer FanInBuffer with random
// writes and reads and checks each mix against a model that keeps each
// producer's latest unread block: every written value is mixed at most once,
// and only replaced blocks are lost (counted as overflows).
func TestFanInBufferAgainstModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const producers = 4
	f := blkMust(NewFanInBuffer[float64](2, producers))
	pending := make([]float64, producers)
	has := make([]bool, producers)
	var overflows uint64
	dst := make([]float64, 2)
	for step := range 5000 {
		if rng.IntN(3) > 0 {
			pid := rng.IntN(producers)
			v := float64(rng.IntN(1000))
			if err := f.Write(pid, []float64{v, -v}); err != nil {
				t.Fatal(err)
			}
			if has[pid] {
				overflows++
			}
			pending[pid], has[pid] = v, true
			continue
		}
		want, anyPending := 0.0, false
		for p := range producers {
			if has[p] {
				want += pending[p]
				anyPending = true
			}
			has[p] = false
		}
		err := f.TryRead(dst)
		if anyPending != (err == nil) || (anyPending && (dst[0] != want || dst[1] != -want)) {
			t.Fatalf("step %d: TryRead = %v %v, want %v (pending: %v)", step, dst, err, want, anyPending)
		}
	}
	if s := f.Stats(); s.Overflows != overflows {
		t.Errorf("overflows %d, model %d", s.Overflows, overflows)
	}
}
