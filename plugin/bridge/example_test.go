package bridge_test

import (
	"fmt"

	"rill/plugin/bridge"
)

// The plugin creates a region, an editor attaches to it (here through
// /proc, as a separate process would through an inherited descriptor),
// sends an edit, and the plugin's audio thread takes it.
func Example() {
	plugin, err := bridge.Create([]uint32{1, 4}) // parameter ids in display order
	if err != nil {
		panic(err)
	}
	defer plugin.Close()
	plugin.Param(1).Store(45) // current value of parameter 4

	editor, err := bridge.AttachFile(fmt.Sprintf("/proc/self/fd/%d", plugin.FD()))
	if err != nil {
		panic(err)
	}
	defer editor.Close()
	i, _ := editor.ParamIndex(4)
	fmt.Println("editor reads", editor.Param(i).Load())
	editor.PushEdit(bridge.Edit{Param: 4, Kind: bridge.EditBegin})
	editor.PushEdit(bridge.Edit{Param: 4, Kind: bridge.EditValue, Value: 60})
	editor.PushEdit(bridge.Edit{Param: 4, Kind: bridge.EditEnd})

	for { // what the plugin does at the start of each block
		e, ok := plugin.PopEdit()
		if !ok {
			break
		}
		fmt.Println("plugin takes", e.Param, e.Kind, e.Value)
	}
	// Output:
	// editor reads 45
	// plugin takes 4 2 0
	// plugin takes 4 1 60
	// plugin takes 4 3 0
}
