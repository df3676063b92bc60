package control_test

import (
	"fmt"

	"rill/dsp"
	"rill/ui/control"
)

// Knobs for frequencies and times move logarithmically: the middle of the
// Low Cut knob (20 Hz to 2 kHz) is 200 Hz.
func ExampleDenormalized() {
	p, _ := dsp.ParamByKey("low-cut")
	fmt.Printf("%.0f Hz\n", control.Denormalized(p, 0.5))
	fmt.Printf("%.2f\n", control.Normalized(p, 2000))
	// Output:
	// 200 Hz
	// 1.00
}
