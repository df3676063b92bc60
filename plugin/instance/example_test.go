package instance_test

import (
	"fmt"

	"rill/dsp"
	"rill/plugin/instance"
)

// Example shows one instance's life as the shim drives it: activate, a block of
// audio with a parameter change at sample 32, then a state save.
func Example() {
	var table instance.Table
	inst := instance.New()
	h, _ := table.Add(inst)

	if err := table.Get(h).Activate(48000, 1, 256); err != nil {
		panic(err)
	}
	inst.StartProcessing()
	in := make([]float32, 64)
	out := make([]float32, 64)
	block := instance.Block{
		InL: in, InR: in, OutL: out, OutR: out, Frames: 64,
		Events: []instance.HostEvent{{Offset: 32, Kind: instance.EventParamValue, ParamID: uint32(dsp.IDMix), Value: 50}},
	}
	status := inst.Process(&block)
	mix, _ := inst.Value(uint32(dsp.IDMix))

	state := make([]byte, instance.StateSize)
	n, _ := inst.SaveState(state)
	fmt.Println(status != instance.StatusError, mix, n == instance.StateSize)
	// Output: true 50 true
}
