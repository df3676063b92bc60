package buffers

import (
	"errors"
	"testing"
)

// Ported from rill-core pipe::tests::test_pipe_buffer_basic.
func TestPipeBufferBasic(t *testing.T) {
	p := blkMust(NewPipeBuffer[float32](64))
	if err := p.Write(constBlock[float32](64, 42)); err != nil {
		t.Fatal(err)
	}
	if !p.HasData() || p.WriteSeq() != 1 {
		t.Errorf("after write: HasData %v WriteSeq %d", p.HasData(), p.WriteSeq())
	}
	dst := make([]float32, 64)
	if err := p.TryRead(dst); err != nil {
		t.Fatal(err)
	}
	if dst[0] != 42 || p.ReadSeq() != 1 || !p.IsCaughtUp() {
		t.Errorf("TryRead: dst[0] %v ReadSeq %d IsCaughtUp %v", dst[0], p.ReadSeq(), p.IsCaughtUp())
	}
}

func TestNewPipeBufferSize(t *testing.T) {
	for _, n := range []int{0, -1, MaxBufferSize + 1} {
		_, err := NewPipeBuffer[float64](n)
		wantBufErr(t, "NewPipeBuffer", err, InvalidSize(n))
	}
	p := blkMust(NewPipeBuffer[float64](MaxBufferSize))
	if p.BlockLen() != MaxBufferSize || p.Capacity() != MaxBufferSize {
		t.Errorf("BlockLen %d Capacity %d", p.BlockLen(), p.Capacity())
	}
}

func TestPipeBufferReadIsNonDestructive(t *testing.T) {
	p := blkMust(NewPipeBuffer[float32](3))
	_ = p.Write([]float32{1, 2, 3})
	dst := make([]float32, 3)
	for i := range 3 {
		clear(dst)
		if err := p.Read(dst); err != nil || !equalSlices(dst, []float32{1, 2, 3}) {
			t.Fatalf("Read #%d: %v %v", i, dst, err)
		}
	}
	if !p.HasData() || p.Len() != 3 || !p.IsFull() {
		t.Errorf("Read consumed the block: HasData %v Len %d", p.HasData(), p.Len())
	}
	if err := p.TryRead(dst); err != nil || !equalSlices(dst, []float32{1, 2, 3}) {
		t.Fatalf("TryRead: %v %v", dst, err)
	}
	if p.HasData() || p.Len() != 0 || !p.IsEmpty() {
		t.Error("TryRead left the block pending")
	}
	for _, read := range []func([]float32) error{p.Read, p.TryRead} {
		dst[0] = 99
		if err := read(dst); !errors.Is(err, ErrEmpty) || err != ErrEmpty {
			t.Errorf("read of empty pipe: %v, want ErrEmpty", err)
		}
		if dst[0] != 99 {
			t.Error("failed read touched dst")
		}
	}
}

// TestPipeBufferQuirk5 pins the fixes of crate quirk 5.
func TestPipeBufferQuirk5(t *testing.T) {
	block := []float32{1, 2}
	dst := make([]float32, 2)

	t.Run("resetZeroesSeqs", func(t *testing.T) {
		// The crate keeps write_seq 3 and read_seq 3 across reset.
		p := blkMust(NewPipeBuffer[float32](2))
		for range 3 {
			_ = p.Write(block)
		}
		_ = p.TryRead(dst)
		p.Reset()
		if p.WriteSeq() != 0 || p.ReadSeq() != 0 || p.Overwrites() != 0 || !p.IsCaughtUp() || p.HasData() {
			t.Errorf("after Reset: WriteSeq %d ReadSeq %d Overwrites %d", p.WriteSeq(), p.ReadSeq(), p.Overwrites())
		}
		if s := p.Stats(); s != (BufferStats{}) {
			t.Errorf("after Reset: stats %+v", s)
		}
	})

	t.Run("repeatedReadCountsOnce", func(t *testing.T) {
		// The crate's read() bumps read_seq every time, so after one write
		// and three reads is_caught_up is false and success_rate is 3.
		p := blkMust(NewPipeBuffer[float32](2))
		_ = p.Write(block)
		for range 3 {
			_ = p.Read(dst)
		}
		if p.ReadSeq() != 1 || !p.IsCaughtUp() {
			t.Errorf("ReadSeq %d IsCaughtUp %v, want 1, true", p.ReadSeq(), p.IsCaughtUp())
		}
		if s := p.Stats(); s.Reads != 1 || s.SuccessRate() != 1 {
			t.Errorf("Reads %d SuccessRate %v, want 1, 1", s.Reads, s.SuccessRate())
		}
		_ = p.TryRead(dst) // the same block: still one read
		if s := p.Stats(); s.Reads != 1 {
			t.Errorf("Reads %d after TryRead of an already read block, want 1", s.Reads)
		}
	})

	t.Run("overwritesAreLostBlocks", func(t *testing.T) {
		// Crate: overwrites = write_seq - (read_seq+1), 2 after 3 writes,
		// then 0 after read, read, try_read. Here: lost blocks, kept.
		p := blkMust(NewPipeBuffer[float32](2))
		for range 3 {
			_ = p.Write(block)
		}
		if p.Overwrites() != 2 || p.Stats().Overflows != 2 {
			t.Errorf("3 unread writes: Overwrites %d Overflows %d, want 2, 2", p.Overwrites(), p.Stats().Overflows)
		}
		_ = p.Read(dst)
		_ = p.Read(dst)
		_ = p.TryRead(dst)
		if p.Overwrites() != 2 {
			t.Errorf("after reads: Overwrites %d, want 2 (blocks stay lost)", p.Overwrites())
		}
		// A block the consumer has seen (Read) is not lost when replaced.
		_ = p.Write(block)
		_ = p.Read(dst)
		_ = p.Write(block)
		if p.Overwrites() != 2 || p.Stats().Overflows != 2 {
			t.Errorf("replacing a delivered block counted: Overwrites %d", p.Overwrites())
		}
		if p.IsCaughtUp() {
			t.Error("IsCaughtUp with an unread block pending")
		}
	})
}

// TestPipeBufferMeasuredStats replays the sequence whose stats the spec
// measured on the crate (writes 3, reads 3, underflows 2, overflows 0,
// peak 0.001) and pins ours.
func TestPipeBufferMeasuredStats(t *testing.T) {
	p := blkMust(NewPipeBuffer[float32](4))
	dst := make([]float32, 4)
	_ = p.Read(dst)
	_ = p.TryRead(dst)
	for range 3 {
		_ = p.Write(dst)
	}
	_ = p.Read(dst)
	_ = p.Read(dst)
	_ = p.TryRead(dst)
	_ = p.TryRead(dst)
	want := BufferStats{Writes: 3, Reads: 1, Underflows: 3, Overflows: 2, FillLevel: 0, PeakFill: 1}
	if s := p.Stats(); s != want {
		t.Errorf("stats %+v, want %+v", s, want)
	}
}

func TestPipeBufferLengthErrors(t *testing.T) {
	p := blkMust(NewPipeBuffer[float32](4))
	for _, n := range []int{0, 3, 5} {
		wantBufErr(t, "Write", p.Write(make([]float32, n)), InvalidSize(n))
		wantBufErr(t, "Read", p.Read(make([]float32, n)), InvalidSize(n))
		wantBufErr(t, "TryRead", p.TryRead(make([]float32, n)), InvalidSize(n))
	}
	if p.HasData() || p.Stats() != (BufferStats{}) {
		t.Errorf("failed calls changed the pipe: %+v", p.Stats())
	}
}

func TestPipeBufferRawStorage(t *testing.T) {
	p := blkMust(NewPipeBuffer[float64](3))
	p.Fill(5)
	if n := p.CopyFrom([]float64{1, 2, 3, 4}); n != 3 {
		t.Errorf("CopyFrom returned %d", n)
	}
	if p.HasData() || p.Stats().Writes != 0 {
		t.Error("Fill/CopyFrom made a block pending")
	}
	if !equalSlices(p.Slice(), []float64{1, 2, 3}) {
		t.Errorf("Slice %v", p.Slice())
	}
	_ = p.Write([]float64{7, 8, 9})
	p.Clear()
	if p.HasData() || p.WriteSeq() != 0 || !equalSlices(p.Slice(), []float64{0, 0, 0}) {
		t.Errorf("Clear: HasData %v WriteSeq %d %v", p.HasData(), p.WriteSeq(), p.Slice())
	}
}

func TestPipeBufferNoAllocs(t *testing.T) {
	p := blkMust(NewPipeBuffer[float32](256))
	src := ramp[float32](256)
	dst := make([]float32, 256)
	blkNoAllocs(t, "Write", func() { _ = p.Write(src) })
	blkNoAllocs(t, "Read", func() { _ = p.Read(dst) })
	blkNoAllocs(t, "Write+TryRead", func() { _ = p.Write(src); _ = p.TryRead(dst) })
	blkNoAllocs(t, "TryRead empty", func() { _ = p.TryRead(dst) })
	blkNoAllocs(t, "Read empty", func() { _ = p.Read(dst) })
	blkNoAllocs(t, "queries", func() { _, _, _, _ = p.HasData(), p.IsCaughtUp(), p.Overwrites(), p.Len() })
	blkNoAllocs(t, "Reset/Clear", func() { p.Reset(); p.Clear() })
	blkNoAllocs(t, "Stats", func() { _ = p.Stats(); p.ResetStats() })
}
