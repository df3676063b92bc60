package clap_test

import (
	"fmt"
	"runtime"
	"time"

	"rill/host/clap"
)

// Example shows the lifecycle a host drives: open the module, create an
// instance, activate, process on an audio thread, deactivate. (Not run: it
// needs a plugin file.)
func Example() {
	runtime.LockOSThread() // this OS thread is the plugin's main thread
	lib, err := clap.Open("/usr/lib/clap/Some.clap")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer lib.Close()
	pl, err := lib.New("") // the module's first plugin
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pl.Destroy()
	pr, err := pl.Activate(48000, 512)
	if err != nil {
		fmt.Println(err)
		return
	}
	done := make(chan struct{})
	go func() { // the audio thread
		runtime.LockOSThread()
		defer close(done)
		pr.Start()
		for block := 0; block < 100; block++ {
			// fill pr.Inputs(), queue events with pr.AddParam, then:
			pr.Process(512)
			// read pr.Outputs()
		}
		pr.Stop()
	}()
	for {
		select {
		case <-done:
			pl.Deactivate()
			return
		case <-time.After(10 * time.Millisecond):
			pl.Idle() // logs, on_main_thread, timers, requests
		}
	}
}
