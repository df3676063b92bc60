package buffers_test

import (
	"errors"
	"fmt"
	"math"

	"rill/buffers"
)

// A tape delay: write each input sample, read it back some samples later.
func ExampleTapeLoop() {
	tape, err := buffers.NewTapeLoop[float32](96000) // 2 s at 48 kHz
	if err != nil {
		panic(err)
	}
	for _, x := range []float32{0.25, 0.5, 0.75, 1} {
		tape.Write(x)
	}
	fmt.Println(tape.Read(0), tape.Read(3))  // newest, oldest written
	fmt.Println(tape.ReadLinear(0.5))        // halfway toward the older sample
	fmt.Println(tape.Read(1_000_000))        // clamped to the oldest slot: silence
	fmt.Println(tape.ReadLinear(math.NaN())) // NaN reads the newest sample
	// Output:
	// 1 0.25
	// 0.875
	// 0
	// 1
}

// Block reads are chronological: the last output is the one delay samples
// old; outputs older than the tape are zero.
func ExampleTapeLoop_ReadBlock() {
	tape, _ := buffers.NewTapeLoop[float64](4)
	tape.WriteBlock([]float64{1, 2, 3, 4, 5, 6}) // keeps the last 4
	out := make([]float64, 5)
	tape.ReadBlock(1, out)
	fmt.Println(out)
	// Output: [0 0 3 4 5]
}

// The cubic read follows a smooth signal more closely than the linear one.
func ExampleTapeLoop_ReadCubic() {
	tape, _ := buffers.NewTapeLoop[float64](64)
	for n := range 64 {
		tape.Write(math.Sin(float64(n) * 1.2))
	}
	exact := math.Sin((63 - 10.3) * 1.2)
	fmt.Printf("linear error %.4f, cubic error %.4f\n",
		math.Abs(tape.ReadLinear(10.3)-exact), math.Abs(tape.ReadCubic(10.3)-exact))
	// Output: linear error 0.0361, cubic error 0.0077
}

// One writer and any number of readers share a tape, as a write head and
// read heads do in a signal graph.
func ExampleNewTapeHandles() {
	tape, _ := buffers.NewTapeLoop[float32](64)
	w, r := buffers.NewTapeHandles(tape)
	tap2 := r.Clone()
	w.Write(1)
	w.Write(2)
	fmt.Println(r.Read(0), tap2.Read(1))
	// Output: 2 1
}

// A parameter shared by the editor (Store) and the audio thread (Load).
func ExampleAtomicCell() {
	var feedback buffers.AtomicCell[float32] // the zero value holds 0
	feedback.Store(0.6)
	fmt.Println(feedback.Load())
	old := feedback.Swap(0.7)
	fmt.Println(old, feedback.CompareAndSwap(0.7, 0.8), feedback.Load())
	// Output:
	// 0.6
	// 0.6 true 0.8
}

// Edits travel from one goroutine to another; Push reports false when full.
func ExampleSPSCQueue() {
	type edit struct {
		ID    uint32
		Value float32
	}
	q, err := buffers.NewSPSCQueue[edit](2)
	if err != nil {
		panic(err)
	}
	fmt.Println(q.Push(edit{1, 0.5}), q.Push(edit{2, 0.25}), q.Push(edit{3, 1}))
	for {
		e, ok := q.Pop()
		if !ok {
			break
		}
		fmt.Println(e.ID, e.Value)
	}
	fmt.Println("dropped:", q.Drops())
	// Output:
	// true true false
	// 1 0.5
	// 2 0.25
	// dropped: 1
}

// Two views of one memory region, as two processes mapping shared memory
// would have: one lays the queue out, the other attaches and checks it.
func ExampleNewSPSCQueueIn() {
	mem := make([]byte, 4096) // in real use: mmap'd shared memory
	producer, err := buffers.NewSPSCQueueIn[uint64](mem, 8, true)
	if err != nil {
		panic(err)
	}
	consumer, err := buffers.NewSPSCQueueIn[uint64](mem, 8, false)
	if err != nil {
		panic(err)
	}
	producer.Push(42)
	v, ok := consumer.Pop()
	fmt.Println(v, ok)

	_, err = buffers.NewSPSCQueueIn[uint64](mem, 16, false)
	fmt.Println(errors.Is(err, buffers.ErrLayoutMismatch), err)
	// Output:
	// 42 true
	// true buffers: spsc queue layout mismatch: capacity is 8, want 16
}

// The audio thread publishes a tape's stats once per block; the editor
// snapshots them from another goroutine (or process).
func ExampleAtomicStats() {
	tape, _ := buffers.NewTapeLoop[float32](8)
	var shared buffers.AtomicStats // may live in shared memory

	tape.WriteBlock(make([]float32, 4)) // audio thread, one block
	shared.Publish(tape.Stats())

	s := shared.Snapshot() // editor
	fmt.Println(s.Writes, s.FillLevel, s.PeakFill, s.ErrorRate())
	// Output: 4 0.5 0.5 0
}
