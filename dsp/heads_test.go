package dsp

import (
	"math"
	"math/rand/v2"
	"testing"

	"rill/buffers"
)

func TestHeadMatchesReadCubic(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, capacity := range []int{1, 2, 3, 4, 5, 17, 1000} {
		tape, err := buffers.NewTapeLoop[float32](capacity)
		if err != nil {
			t.Fatal(err)
		}
		for step := range 3 * capacity {
			tape.Write(float32(rng.NormFloat64()))
			delays := []float64{-1, 0, 0.25, 1, 1.5, 2.999, float64(capacity) - 3.5, float64(capacity) - 1.5,
				float64(capacity) - 1, float64(capacity), 1e12, math.NaN(), math.Inf(1), math.Inf(-1),
				rng.Float64() * float64(capacity)}
			for _, d := range delays {
				want := float64(tape.ReadCubic(d))
				got := float64(float32(readCubic(tape.Slice(), tape.WritePos(), d)))
				if got != want {
					t.Fatalf("capacity %d step %d delay %v: head %v, ReadCubic %v", capacity, step, d, got, want)
				}
			}
		}
	}
}

func FuzzReadCubic(f *testing.F) {
	f.Add(uint16(10), uint16(3), 2.5)
	f.Add(uint16(1), uint16(0), -1.0)
	f.Add(uint16(4), uint16(3), 3.999)
	f.Fuzz(func(t *testing.T, capacity, writes uint16, delay float64) {
		n := int(capacity%2048) + 1
		tape, _ := buffers.NewTapeLoop[float32](n)
		for k := range int(writes % 4096) {
			tape.Write(float32(k%7) - 3)
		}
		got := float64(float32(readCubic(tape.Slice(), tape.WritePos(), delay)))
		if want := float64(tape.ReadCubic(delay)); got != want {
			t.Fatalf("cap %d delay %v: head %v, ReadCubic %v", n, delay, got, want)
		}
		// Lagrange overshoot is at most 1.25× the largest tap.
		if math.Abs(got) > 3*1.25+1e-9 {
			t.Fatalf("interpolated %v beyond the taps' bound", got)
		}
	})
}
