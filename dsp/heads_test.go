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

func TestReadFreshMatchesAClearedTape(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, capacity := range []int{1, 2, 5, 64, 300} {
		stale, _ := buffers.NewTapeLoop[float32](capacity)
		clean, _ := buffers.NewTapeLoop[float32](capacity)
		for range 2 * capacity {
			stale.Write(float32(rng.NormFloat64())) // old audio a Reset must hide
		}
		for fresh := 0; fresh <= capacity+3; fresh++ {
			for _, d := range []float64{0, 0.5, 1, 2.25, float64(fresh) - 1.5, float64(fresh), float64(capacity) - 1, 1e9, rng.Float64() * float64(capacity)} {
				i, f := splitClamped(d, capacity)
				got := float64(float32(readFresh(stale.Slice(), stale.WritePos(), i, f, min(fresh, capacity))))
				if want := float64(clean.ReadCubic(d)); got != want {
					t.Fatalf("capacity %d, %d fresh, delay %v: %v, cleared tape %v", capacity, fresh, d, got, want)
				}
			}
			x := float32(rng.NormFloat64())
			stale.Write(x)
			clean.Write(x)
		}
	}
}
