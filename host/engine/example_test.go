package engine_test

import (
	"fmt"
	"runtime"

	"rill/host/clap"
	"rill/host/engine"
	"rill/host/wav"
)

// ExampleRender renders a file through a plugin into a new WAV file, as
// `rill-standalone render` does. (Not run: it needs a plugin and a file.)
func ExampleRender() {
	runtime.LockOSThread() // the plugin's main thread
	a, err := wav.ReadFile("guitar.wav")
	if err != nil {
		fmt.Println(err)
		return
	}
	lib, err := clap.Open("dist/linux-x86_64/RillTape/RillTape.clap")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer lib.Close()
	pl, err := lib.New("")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pl.Destroy()
	w, err := wav.Create("wet.wav", a.SampleRate, wav.Float32)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer w.Abort() // nothing is left behind on error
	in := &engine.Input{Rate: a.SampleRate, Left: a.Left, Right: a.Right}
	res, err := engine.Render(pl, in, w, engine.RenderOptions{TailSeconds: -1, Tempo: 120})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := w.Commit(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d frames + %d of tail\n", res.InputFrames, res.TailFrames)
}
