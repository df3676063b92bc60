package buffers

import "testing"

func TestArrayFromFn(t *testing.T) {
	var order []int
	got := ArrayFromFn(5, func(i int) float32 { order = append(order, i); return float32(i * i) })
	if !equalSlices(got, []float32{0, 1, 4, 9, 16}) {
		t.Errorf("ArrayFromFn = %v", got)
	}
	if !equalSlices(order, []int{0, 1, 2, 3, 4}) {
		t.Errorf("f called in order %v", order)
	}
	for _, n := range []int{0, -3} {
		s := ArrayFromFn(n, func(int) int { t.Fatal("f called"); return 0 })
		if s == nil || len(s) != 0 {
			t.Errorf("ArrayFromFn(%d) = %#v, want an empty slice", n, s)
		}
	}
}
