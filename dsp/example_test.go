package dsp_test

import (
	"fmt"

	"rill/dsp"
)

// An engine renders a click and its first echo; a parameter event changes
// the mix at a sample inside the block.
func ExampleEngine() {
	e := dsp.NewEngine()
	e.SetValue(dsp.IDTime, 10)    // 10 ms = 480 samples at 48 kHz
	e.SetValue(dsp.IDWowDepth, 0) // no modulation: the echo lands exactly
	e.SetValue(dsp.IDFlutterDepth, 0)
	e.SetValue(dsp.IDMix, 100) // echoes only
	if err := e.Activate(48000, 1024); err != nil {
		panic(err)
	}
	in := make([]float32, 1024)
	in[0] = 0.01
	outL, outR := make([]float32, 1024), make([]float32, 1024)
	events := []dsp.Event{{Offset: 900, ID: dsp.IDMix, Value: 0}} // fade to dry from sample 900
	e.Process(in, in, outL, outR, events)
	for i, v := range outL {
		if v > 0.005 {
			fmt.Printf("echo at sample %d\n", i)
		}
	}
	fmt.Println("tail:", e.TailSamples() > 0, "latency:", e.LatencySamples())
	// Output:
	// echo at sample 480
	// tail: true latency: 0
}
