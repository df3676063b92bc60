package readout

import (
	"fmt"
	"math"
	"testing"

	"rill/plugin/bridge"
)

func TestCount(t *testing.T) {
	tests := []struct {
		v    uint64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {48000, "48,000"}, {1234567, "1,234,567"},
		{math.MaxUint64, "18,446,744,073,709,551,615"}}
	for _, tc := range tests {
		if got := Count(tc.v); got != tc.want {
			t.Errorf("Count(%d) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestMeterScale(t *testing.T) {
	tests := []struct {
		name string
		x    float32
		want float32
	}{
		{"silence", 0, 0},
		{"NaN", float32(math.NaN()), 0},
		{"below the floor", 1e-6, 0},
		{"full scale", 1, float32(-FloorDB / (TopDB - FloorDB))},
		{"far above the top", 1000, 1},
		{"infinite", float32(math.Inf(1)), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := MeterY(ToDB(tc.x)); math.Abs(float64(got-tc.want)) > 1e-6 {
				t.Errorf("MeterY(ToDB(%v)) = %v, want %v", tc.x, got, tc.want)
			}
		})
	}
}

func TestLevelsFallSlowlyAndHoldPeaks(t *testing.T) {
	var l Levels
	m := bridge.Meters{InPeak: [bridge.Channels]float32{1, 0.5}}
	l.Update(&m)
	if l.Peak[InL] != 0 || math.Abs(l.Peak[InR]+6.0206) > 1e-3 {
		t.Fatalf("peaks = %v dB, %v dB; want 0 and -6", l.Peak[InL], l.Peak[InR])
	}
	m = bridge.Meters{} // silence
	l.Update(&m)
	if got := l.Peak[InL]; got != -FallDB {
		t.Errorf("peak one frame after silence = %v dB, want %v", got, -FallDB)
	}
	if l.Hold[InL] != 0 {
		t.Errorf("hold fell at once to %v", l.Hold[InL])
	}
	for range HoldFrames - 1 {
		l.Update(&m)
	}
	if l.Hold[InL] != 0 {
		t.Errorf("hold fell before %d frames: %v", HoldFrames, l.Hold[InL])
	}
	for range 200 {
		l.Update(&m)
	}
	if l.Peak[InL] != FloorDB || l.Hold[InL] != FloorDB {
		t.Errorf("after a long silence peak = %v, hold = %v; want the floor", l.Peak[InL], l.Hold[InL])
	}
}

func ExampleCount() {
	fmt.Println(Count(1234567))
	// Output: 1,234,567
}
