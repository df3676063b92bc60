package buffers

import (
	"fmt"
	"testing"
)

// Benchmarks of the block buffers and utils. Each block operation runs
// beside a plain copy() of the same block, the physical floor: a block
// buffer cannot move a block faster than memmove. docs/PERFORMANCE.md
// ("block buffers") records the results.

var (
	blkSinkF32 float32
	blkSinkF64 float64
	blkSinkErr error
)

type blockBench struct {
	name string
	// setup returns the operation to time; it runs once per sub-benchmark.
	setup func(b *testing.B, src, dst []float32) func()
}

var blockBenches = []blockBench{
	{"copy", func(_ *testing.B, src, dst []float32) func() {
		return func() { copy(dst, src) }
	}},
	{"FixedBuffer.CopyFrom", func(_ *testing.B, src, _ []float32) func() {
		f := blkMust(NewFixedBuffer[float32](len(src)))
		return func() { f.CopyFrom(src) }
	}},
	{"fill-loop", func(_ *testing.B, _, dst []float32) func() {
		// The element loop fillValue replaces, kept as its baseline.
		return func() {
			for i := range dst {
				dst[i] = 0.25
			}
		}
	}},
	{"FixedBuffer.Fill", func(_ *testing.B, src, _ []float32) func() {
		f := blkMust(NewFixedBuffer[float32](len(src)))
		return func() { f.Fill(0.25) }
	}},
	{"HeapBuffer.CopyFrom", func(_ *testing.B, src, _ []float32) func() {
		h := blkMust(NewHeapBuffer[float32](len(src)))
		return func() { h.CopyFrom(src) }
	}},
	{"PipeBuffer.Write", func(_ *testing.B, src, _ []float32) func() {
		p := blkMust(NewPipeBuffer[float32](len(src)))
		return func() { blkSinkErr = p.Write(src) }
	}},
	{"PipeBuffer.Read", func(_ *testing.B, src, dst []float32) func() {
		p := blkMust(NewPipeBuffer[float32](len(src)))
		_ = p.Write(src)
		return func() { blkSinkErr = p.Read(dst) }
	}},
	{"PipeBuffer.Write+TryRead", func(_ *testing.B, src, dst []float32) func() {
		p := blkMust(NewPipeBuffer[float32](len(src)))
		return func() { _ = p.Write(src); blkSinkErr = p.TryRead(dst) }
	}},
	{"FanOutBuffer.Write+3xTryRead", func(_ *testing.B, src, dst []float32) func() {
		f := blkMust(NewFanOutBuffer[float32](len(src), 3))
		return func() {
			_ = f.Write(src)
			for id := range 3 {
				blkSinkErr = f.TryRead(id, dst)
			}
		}
	}},
	{"FanInBuffer.3xWrite+TryRead", func(_ *testing.B, src, dst []float32) func() {
		f := blkMust(NewFanInBuffer[float32](len(src), 3))
		return func() {
			for pid := range 3 {
				_ = f.Write(pid, src)
			}
			blkSinkErr = f.TryRead(dst)
		}
	}},
	{"DelayLine.Process", func(_ *testing.B, src, dst []float32) func() {
		d := blkMust(NewDelayLine[float32](48000, 48000))
		d.SetDelay(0.25)
		return func() { d.Process(dst, src) }
	}},
	{"DelayLine.Write-loop", func(_ *testing.B, src, dst []float32) func() {
		d := blkMust(NewDelayLine[float32](48000, 48000))
		d.SetDelay(0.25)
		return func() {
			for i, x := range src {
				dst[i] = d.Write(x)
			}
		}
	}},
	{"DelayLine.ReadInterpolated-loop", func(_ *testing.B, src, dst []float32) func() {
		d := blkMust(NewDelayLine[float32](48000, 48000))
		d.Process(dst, src)
		return func() {
			for i := range dst {
				dst[i] = d.ReadInterpolated(1000.37 + float64(i))
			}
		}
	}},
	{"RingBuffer.WriteSlice+CopyTo", func(_ *testing.B, src, dst []float32) func() {
		r := blkMust(NewRingBuffer[float32](len(src), OverwriteOldest))
		return func() { _, blkSinkErr = r.WriteSlice(src); r.CopyTo(dst) }
	}},
	{"RingBuffer.Write+Read-loop", func(_ *testing.B, src, dst []float32) func() {
		r := blkMust(NewRingBuffer[float32](len(src), Reject))
		return func() {
			for i, x := range src {
				_ = r.Write(x)
				dst[i], _ = r.Read()
			}
		}
	}},
	{"RingBuffer.ReadSequenceInterpolated", func(_ *testing.B, src, dst []float32) func() {
		r := blkMust(NewRingBuffer[float32](len(src), OverwriteOldest))
		_, _ = r.WriteSlice(src)
		return func() { r.ReadSequenceInterpolated(0.5, dst) }
	}},
	{"mix-loop", func(_ *testing.B, src, dst []float32) func() {
		// The plain loop MixWithGain unrolls, kept as its baseline.
		return func() {
			for i, x := range src {
				dst[i] += x * 0.5
			}
		}
	}},
	{"MixWithGain", func(_ *testing.B, src, dst []float32) func() {
		return func() { MixWithGain(dst, src, 0.5) }
	}},
	{"2xApplyGain", func(_ *testing.B, _, dst []float32) func() {
		// Alternating exact gains keep the block level constant: a decaying
		// gain would soon time subnormal arithmetic instead.
		return func() { ApplyGain(dst, 0.5); ApplyGain(dst, 2) }
	}},
	{"RMS", func(_ *testing.B, src, _ []float32) func() {
		return func() { blkSinkF64 = RMS(src) }
	}},
	{"Peak", func(_ *testing.B, src, _ []float32) func() {
		return func() { blkSinkF64 = Peak(src) }
	}},
}

// BenchmarkBlocks times every block operation at 64 and 256 samples, the
// usual host block sizes; ns/op is per block.
func BenchmarkBlocks(b *testing.B) {
	for _, n := range []int{64, 256} {
		src := ramp[float32](n)
		for i := range src {
			src[i] /= float32(n)
		}
		for _, bb := range blockBenches {
			b.Run(fmt.Sprintf("n=%d/%s", n, bb.name), func(b *testing.B) {
				dst := append([]float32(nil), src...) // fresh: no state leaks between benchmarks
				op := bb.setup(b, src, dst)
				b.ReportAllocs()
				for b.Loop() {
					op()
				}
			})
		}
	}
}

// BenchmarkSamples times the per-sample operations; ns/op is per sample.
func BenchmarkSamples(b *testing.B) {
	b.Run("DelayLine.Write", func(b *testing.B) {
		d := blkMust(NewDelayLine[float32](48000, 48000))
		d.SetDelay(0.25)
		b.ReportAllocs()
		var x float32
		for b.Loop() {
			x = d.Write(x + 1e-3)
		}
		blkSinkF32 = x
	})
	b.Run("DelayLine.ReadInterpolated", func(b *testing.B) {
		d := blkMust(NewDelayLine[float32](48000, 48000))
		b.ReportAllocs()
		delay := 1000.37
		for b.Loop() {
			blkSinkF32 = d.ReadInterpolated(delay)
			delay += 0.5
			if delay > 40000 {
				delay = 1000.37
			}
		}
	})
	b.Run("DelayLine.ReadDelayed", func(b *testing.B) {
		d := blkMust(NewDelayLine[float32](48000, 48000))
		b.ReportAllocs()
		k := 1000
		for b.Loop() {
			blkSinkF32 = d.ReadDelayed(k)
			k++
			if k > 40000 {
				k = 1000
			}
		}
	})
	b.Run("RingBuffer.ReadDelayed", func(b *testing.B) {
		r := blkMust(NewRingBuffer[float32](1024, OverwriteOldest))
		_, _ = r.WriteSlice(ramp[float32](1024))
		b.ReportAllocs()
		d := 0
		for b.Loop() {
			blkSinkF32, _ = r.ReadDelayed(d)
			d = (d + 1) & 1023
		}
	})
	b.Run("RingBuffer.Write+Read", func(b *testing.B) {
		r := blkMust(NewRingBuffer[float32](1024, Reject))
		b.ReportAllocs()
		for b.Loop() {
			_ = r.Write(1)
			blkSinkF32, _ = r.Read()
		}
	})
	b.Run("RingBuffer.ReadInterpolated", func(b *testing.B) {
		r := blkMust(NewRingBuffer[float32](1024, OverwriteOldest))
		_, _ = r.WriteSlice(ramp[float32](1024))
		b.ReportAllocs()
		delay := 0.37
		for b.Loop() {
			blkSinkF32 = r.ReadInterpolated(delay)
			delay += 0.5
			if delay > 1000 {
				delay = 0.37
			}
		}
	})
}
