package bridge

import (
	"math"
	"math/rand/v2"
	"testing"
)

// refColumns is the tape view's definition, one sample at a time: columns of
// per samples, min and max of each channel, short channels padded with
// silence, non-finite samples as 0.
type refColumns struct {
	per, n, col int
	lo, hi      [Channels]float32
	cols        [TapeColumns]TapeColumn
}

func (r *refColumns) record(left, right []float32) {
	for i := range max(len(left), len(right)) {
		var x [Channels]float32
		if i < len(left) {
			x[0] = finite(left[i])
		}
		if i < len(right) {
			x[1] = finite(right[i])
		}
		for c := range x {
			if r.n == 0 {
				r.lo[c], r.hi[c] = x[c], x[c]
			} else {
				r.lo[c], r.hi[c] = min(r.lo[c], x[c]), max(r.hi[c], x[c])
			}
		}
		r.n++
		if r.n == r.per {
			r.cols[r.col] = TapeColumn{Min: r.lo, Max: r.hi}
			r.col, r.n = (r.col+1)%TapeColumns, 0
		}
	}
}

// TestTapeRecorderMatchesPerSampleDefinition feeds blocks of random
// lengths, with NaN, infinities and a shorter right channel, and compares
// every column with the sample-by-sample definition.
func TestTapeRecorderMatchesPerSampleDefinition(t *testing.T) {
	tests := []struct {
		name     string
		per      int
		positive bool // NaN, Inf and silence (as 0) move the minimum
	}{
		{"one sample per column", 1, false},
		{"seven per column", 7, false},
		{"seven per column, positive", 7, true},
		{"a 4 s tape at 48 kHz", 48000 * 4 / TapeColumns, false},
		{"a 4 s tape at 48 kHz, positive", 48000 * 4 / TapeColumns, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRegion(t)
			rec := NewTapeRecorder(r, tc.per*TapeColumns)
			ref := refColumns{per: tc.per}
			rng := rand.New(rand.NewPCG(1, uint64(tc.per)))
			special := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 0}
			for b := range 300 {
				n := rng.IntN(700)
				left, right := make([]float32, n), make([]float32, max(0, n-rng.IntN(3)*rng.IntN(50)))
				for _, s := range [][]float32{left, right} {
					for i := range s {
						s[i] = float32(rng.NormFloat64())
						if tc.positive {
							s[i] = 1 + float32(math.Abs(float64(s[i])))
						}
						if rng.IntN(200) == 0 {
							s[i] = special[rng.IntN(len(special))]
						}
					}
				}
				if b%5 == 0 {
					right = nil
				}
				rec.Record(left, right, -1) // no head position: pure accumulation
				ref.record(left, right)
			}
			if got := r.TapeWriteColumn(); got != ref.col {
				t.Fatalf("write column %d, want %d", got, ref.col)
			}
			for c := range TapeColumns {
				if got := r.TapeColumn(c); got != ref.cols[c] {
					t.Fatalf("column %d = %+v, want %+v", c, got, ref.cols[c])
				}
			}
		})
	}
}
