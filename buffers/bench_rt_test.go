package buffers

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// Benchmarks of the real-time types: TapeLoop, AtomicCell, AtomicStats and
// SPSCQueue. docs/PERFORMANCE.md records their results.

var (
	sink32 float32
	sink64 float64
	sinkU  uint64
	sinkB  bool
)

const benchTape = 96000 // 2 s at 48 kHz

// benchDelays are fractional delays spread over the tape, as a modulated
// read head produces them.
func benchDelays() []float64 {
	d := make([]float64, 1024)
	for i := range d {
		d[i] = 1000 + float64(i)*37.123
	}
	return d
}

func newBenchTape(b *testing.B) *TapeLoop[float32] {
	t, err := NewTapeLoop[float32](benchTape)
	if err != nil {
		b.Fatal(err)
	}
	for i := range benchTape {
		t.Write(float32(i%100) / 100)
	}
	return t
}

// BenchmarkArrayIndex is the physical floor for a tape read: one wrapped
// index into a plain slice, no clamping, no counting.
func BenchmarkArrayIndex(b *testing.B) {
	buf := make([]float32, benchTape)
	pos := 12345
	b.ReportAllocs()
	var s float32
	for i := 0; i < b.N; i++ {
		j := pos - 1 - (i & 1023)
		if j < 0 {
			j += len(buf)
		}
		s += buf[j]
	}
	sink32 = s
}

func BenchmarkTapeLoopWrite(b *testing.B) {
	t := newBenchTape(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		t.Write(0.5)
	}
}

func BenchmarkTapeLoopRead(b *testing.B) {
	t := newBenchTape(b)
	b.ReportAllocs()
	var s float32
	for i := 0; i < b.N; i++ {
		s += t.Read(i & 1023)
	}
	sink32 = s
}

func BenchmarkTapeLoopReadLinear(b *testing.B) {
	t := newBenchTape(b)
	d := benchDelays()
	b.ReportAllocs()
	var s float32
	for i := 0; i < b.N; i++ {
		s += t.ReadLinear(d[i&1023])
	}
	sink32 = s
}

func BenchmarkTapeLoopReadCubic(b *testing.B) {
	t := newBenchTape(b)
	d := benchDelays()
	b.ReportAllocs()
	var s float32
	for i := 0; i < b.N; i++ {
		s += t.ReadCubic(d[i&1023])
	}
	sink32 = s
}

// BenchmarkCubicKernel compares the cost of the two 4-point interpolators
// alone, on the same taps and fractions.
func BenchmarkCubicKernel(b *testing.B) {
	x := make([]float64, 1027)
	for i := range x {
		x[i] = float64(i%17) / 17
	}
	f := benchDelays()
	for _, k := range []struct {
		name string
		fn   func(x0, x1, x2, x3, f float64) float64
	}{{"lagrange3", Lagrange3}, {"catmullRom", catmullRom}} {
		b.Run(k.name, func(b *testing.B) {
			b.ReportAllocs()
			var s float64
			for i := 0; i < b.N; i++ {
				j := i & 1023
				fr := f[j] - float64(int(f[j]))
				s += k.fn(x[j], x[j+1], x[j+2], x[j+3], fr)
			}
			sink64 = s
		})
	}
}

// BenchmarkTapeLoopStereoFrame is the per-frame read cost of a stereo tape
// delay with two cubic heads per channel.
func BenchmarkTapeLoopStereoFrame(b *testing.B) {
	l, r := newBenchTape(b), newBenchTape(b)
	d := benchDelays()
	b.ReportAllocs()
	var s float32
	for i := 0; i < b.N; i++ {
		j := i & 1023
		s += l.ReadCubic(d[j]) + l.ReadCubic(d[j]*0.5) + r.ReadCubic(d[j]+3.3) + r.ReadCubic(d[j]*0.5+1.1)
		l.Write(s * 1e-9)
		r.Write(s * 1e-9)
	}
	sink32 = s
}

func BenchmarkTapeLoopWriteBlock256(b *testing.B) {
	t := newBenchTape(b)
	blk := make([]float32, 256)
	b.ReportAllocs()
	b.SetBytes(256 * 4)
	for i := 0; i < b.N; i++ {
		t.WriteBlock(blk)
	}
}

func BenchmarkTapeLoopReadBlock256(b *testing.B) {
	t := newBenchTape(b)
	blk := make([]float32, 256)
	b.ReportAllocs()
	b.SetBytes(256 * 4)
	for i := 0; i < b.N; i++ {
		t.ReadBlock(i&8191, blk)
	}
	sink32 = blk[0]
}

// AtomicCell beside a bare atomic.Uint64: the bit conversion should cost
// nothing.

func BenchmarkAtomicUint64Load(b *testing.B) {
	var c atomic.Uint64
	b.ReportAllocs()
	var s uint64
	for i := 0; i < b.N; i++ {
		s += c.Load()
	}
	sinkU = s
}

func BenchmarkAtomicUint64Store(b *testing.B) {
	var c atomic.Uint64
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		c.Store(uint64(i))
	}
}

func BenchmarkAtomicCellLoad(b *testing.B) {
	b.Run("float32", func(b *testing.B) {
		c := NewAtomicCell[float32](0.5)
		b.ReportAllocs()
		var s float32
		for i := 0; i < b.N; i++ {
			s += c.Load()
		}
		sink32 = s
	})
	b.Run("float64", func(b *testing.B) {
		c := NewAtomicCell(0.5)
		b.ReportAllocs()
		var s float64
		for i := 0; i < b.N; i++ {
			s += c.Load()
		}
		sink64 = s
	})
	b.Run("bool", func(b *testing.B) {
		c := NewAtomicCell(true)
		b.ReportAllocs()
		s := false
		for i := 0; i < b.N; i++ {
			s = s != c.Load()
		}
		sinkB = s
	})
}

func BenchmarkAtomicCellStore(b *testing.B) {
	b.Run("float32", func(b *testing.B) {
		var c AtomicCell[float32]
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			c.Store(float32(i))
		}
	})
	b.Run("float64", func(b *testing.B) {
		var c AtomicCell[float64]
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			c.Store(float64(i))
		}
	})
}

func BenchmarkAtomicCellSwap(b *testing.B) {
	var c AtomicCell[float32]
	b.ReportAllocs()
	var s float32
	for i := 0; i < b.N; i++ {
		s += c.Swap(float32(i))
	}
	sink32 = s
}

func BenchmarkAtomicCellCompareAndSwap(b *testing.B) {
	var c AtomicCell[float32]
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		c.CompareAndSwap(float32(i), float32(i+1))
	}
}

func BenchmarkAtomicStats(b *testing.B) {
	var s AtomicStats
	b.Run("RecordWrite", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			s.RecordWrite()
		}
	})
	b.Run("UpdateFill", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			s.UpdateFill(float32(i&1023) / 1024)
		}
	})
	b.Run("Publish", func(b *testing.B) {
		st := BufferStats{Writes: 1, Reads: 2, FillLevel: 0.5, PeakFill: 0.5}
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			st.Writes = uint64(i)
			s.Publish(st)
		}
	})
	b.Run("Snapshot", func(b *testing.B) {
		b.ReportAllocs()
		var w uint64
		for i := 0; i < b.N; i++ {
			w += s.Snapshot().Writes
		}
		sinkU = w
	})
}

// BenchmarkSPSCQueuePushPop is one Push and one Pop on one goroutine: the
// uncontended cost of each side.
func BenchmarkSPSCQueuePushPop(b *testing.B) {
	q, err := NewSPSCQueue[edit](1024)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var s uint64
	for i := 0; i < b.N; i++ {
		q.Push(edit{Seq: uint64(i)})
		e, _ := q.Pop()
		s += e.Seq
	}
	sinkU = s
}

// BenchmarkSPSCQueueTransfer moves b.N items from a producer goroutine to
// this one: the cross-core cost per item when both sides run flat out.
func BenchmarkSPSCQueueTransfer(b *testing.B) {
	q, err := NewSPSCQueue[edit](1024)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < b.N; {
			if q.Push(edit{Seq: uint64(i)}) {
				i++
			} else {
				runtime.Gosched()
			}
		}
	}()
	var s uint64
	for n := 0; n < b.N; {
		if e, ok := q.Pop(); ok {
			s += e.Seq
			n++
		} else {
			runtime.Gosched()
		}
	}
	wg.Wait()
	sinkU = s
}

// unpaddedSPSC is SPSCQueue's algorithm with every index packed into one
// cache line, the layout SPSCQueue avoids. It exists to measure what the
// padding buys (BenchmarkSPSCQueueTransfer vs BenchmarkSPSCUnpaddedTransfer).
type unpaddedSPSC struct {
	head, tail             atomic.Uint64
	cachedHead, cachedTail uint64
	mask                   uint64
	slots                  []edit
}

func (q *unpaddedSPSC) push(v edit) bool {
	t := q.tail.Load()
	if t-q.cachedHead > q.mask {
		q.cachedHead = q.head.Load()
		if t-q.cachedHead > q.mask {
			return false
		}
	}
	q.slots[t&q.mask] = v
	q.tail.Store(t + 1)
	return true
}

func (q *unpaddedSPSC) pop() (edit, bool) {
	hd := q.head.Load()
	if hd == q.cachedTail {
		q.cachedTail = q.tail.Load()
		if hd == q.cachedTail {
			return edit{}, false
		}
	}
	v := q.slots[hd&q.mask]
	q.head.Store(hd + 1)
	return v, true
}

func BenchmarkSPSCUnpaddedTransfer(b *testing.B) {
	q := &unpaddedSPSC{mask: 1023, slots: make([]edit, 1024)}
	b.ReportAllocs()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < b.N; {
			if q.push(edit{Seq: uint64(i)}) {
				i++
			} else {
				runtime.Gosched()
			}
		}
	}()
	var s uint64
	for n := 0; n < b.N; {
		if e, ok := q.pop(); ok {
			s += e.Seq
			n++
		} else {
			runtime.Gosched()
		}
	}
	wg.Wait()
	sinkU = s
}
