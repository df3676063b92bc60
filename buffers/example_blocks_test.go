package buffers_test

import (
	"errors"
	"fmt"

	"rill/buffers"
)

func ExampleFixedBufferFromSlice() {
	b, err := buffers.FixedBufferFromSlice(4, []float32{1, 2})
	if err != nil {
		panic(err)
	}
	fmt.Println(b.Slice(), b.Len(), b.IsFull())
	_, err = buffers.NewFixedBuffer[float32](0)
	fmt.Println(err)
	// Output:
	// [1 2 0 0] 4 true
	// invalid buffer size: 0
}

func ExampleHeapBuffer() {
	b := buffers.HeapBufferFromSlice([]int16{3, 1, 4})
	b.Clear() // zero-fills; the length stays
	fmt.Println(b.Slice(), b.Len(), b.Capacity())
	// Output: [0 0 0] 3 3
}

func ExamplePipeBuffer() {
	p, _ := buffers.NewPipeBuffer[float32](4)
	dst := make([]float32, 4)

	_ = p.Write([]float32{1, 2, 3, 4})
	_ = p.Write([]float32{5, 6, 7, 8}) // replaces the unread block: an overflow
	if err := p.TryRead(dst); err == nil {
		fmt.Println(dst)
	}
	err := p.TryRead(dst)
	fmt.Println(errors.Is(err, buffers.ErrEmpty))
	s := p.Stats()
	fmt.Println(s.Writes, s.Reads, s.Overflows, s.Underflows)
	// Output:
	// [5 6 7 8]
	// true
	// 2 1 1 1
}

func ExampleFanOutBuffer() {
	f, _ := buffers.NewFanOutBuffer[float32](2, 2)
	dst := make([]float32, 2)
	_ = f.Write([]float32{0.5, -0.5})
	for id := range f.Consumers() {
		fmt.Println(id, f.TryRead(id, dst), dst)
	}
	fmt.Println(f.TryRead(0, dst)) // each consumer reads a block once
	// Output:
	// 0 <nil> [0.5 -0.5]
	// 1 <nil> [0.5 -0.5]
	// buffer is empty
}

func ExampleFanInBuffer() {
	f, _ := buffers.NewFanInBuffer[float32](2, 3)
	dst := make([]float32, 2)
	_ = f.Write(0, []float32{1, 1})
	_ = f.Write(2, []float32{0.25, 0.5})
	_ = f.TryRead(dst) // the sum of the pending blocks, each mixed once
	fmt.Println(dst)
	fmt.Println(f.TryRead(dst))
	// Output:
	// [1.25 1.5]
	// buffer is empty
}

func ExampleDelayLine() {
	// Half a second at 8 Hz, so the output is easy to read.
	d, _ := buffers.NewDelayLine[float64](8, 8)
	d.SetDelay(0.25) // 2 samples
	out := make([]float64, 5)
	for i, x := range []float64{1, 2, 3, 4, 5} {
		out[i] = d.Write(x)
	}
	fmt.Println(out)
	fmt.Println(d.ReadDelayed(0), d.ReadInterpolated(1.5))
	// Output:
	// [0 0 1 2 3]
	// 5 3.5
}

func ExampleRingBuffer() {
	r, _ := buffers.NewRingBuffer[float32](4, buffers.Reject)
	n, err := r.WriteSlice([]float32{1, 2, 3, 4, 5})
	fmt.Println(n, err)
	newest, _ := r.ReadDelayed(0)
	fmt.Println(newest, r.ReadInterpolated(1.5))
	oldest, _ := r.Read()
	fmt.Println(oldest, r.Len())

	o, _ := buffers.NewRingBuffer[float32](4, buffers.OverwriteOldest)
	_, _ = o.WriteSlice([]float32{1, 2, 3, 4, 5})
	oldest, _ = o.Read()
	fmt.Println(oldest, o.Stats().Overflows)
	// Output:
	// 4 buffer is full
	// 4 2.5
	// 1 3
	// 2 1
}

func ExampleBufferRegistry() {
	reg := buffers.NewBufferRegistry()
	pipe, _ := buffers.NewPipeBuffer[float32](64)
	var published buffers.AtomicStats // what the audio thread publishes each block
	_ = reg.Register("input", pipe)
	_ = reg.Register("output", buffers.StatsFunc(published.Snapshot))
	err := reg.Register("input", pipe)
	fmt.Println(errors.Is(err, buffers.ErrDuplicateName))

	_ = pipe.Write(make([]float32, 64))
	published.Publish(pipe.Stats())
	for _, name := range reg.Names() {
		s, _ := reg.Stats(name)
		fmt.Println(name, s.Writes, s.FillLevel)
	}
	// Output:
	// true
	// input 1 1
	// output 1 1
}

func ExampleMixWithGain() {
	bus := []float32{0.5, 0.5}
	buffers.MixWithGain(bus, []float32{1, -1}, 0.25)
	fmt.Println(bus, buffers.Peak(bus), buffers.RMS(bus))
	// Output: [0.75 0.25] 0.75 0.5590169943749475
}

func ExampleArrayFromFn() {
	fmt.Println(buffers.ArrayFromFn(4, func(i int) float64 { return float64(i) / 4 }))
	// Output: [0 0.25 0.5 0.75]
}
