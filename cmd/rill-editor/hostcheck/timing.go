package main

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"time"

	"golang.org/x/sys/unix"

	"rill/host/clap"
)

// timingBlock is the block length of the timing runs: 64 frames at 48 kHz,
// 1.33 ms per block, a demanding real-time setting.
const timingBlock = 64

// timing runs the plugin on a paced audio thread for the given seconds with
// the editor never opened, then again with the floating editor open and
// drawing, and prints the time of each process call.
func (c *checker) timing(seconds float64) error {
	for _, open := range []bool{false, true} {
		pl, err := c.lib.New("")
		if err != nil {
			return err
		}
		pr, err := pl.Activate(sampleRate, timingBlock)
		if err != nil {
			pl.Destroy()
			return err
		}
		name := "editor closed"
		if open {
			name = "editor open"
			if err := pl.GUICreate(true); err != nil {
				pl.Destroy()
				return err
			}
			if err := pl.GUIShow(); err != nil {
				pl.Destroy()
				return err
			}
			r := &rig{pl: pl}
			_, reg, err := r.editorOf()
			if err != nil {
				pl.Destroy()
				return err
			}
			reg.Close()
		}
		done := make(chan []time.Duration)
		var cpu []time.Duration
		go func() {
			var calls []time.Duration
			calls, cpu = pacedRun(pr, seconds)
			done <- calls
		}()
		// The main thread keeps serving the host's timers meanwhile.
		var calls []time.Duration
	wait:
		for {
			select {
			case calls = <-done:
				break wait
			case <-time.After(20 * time.Millisecond):
				pl.Idle()
			}
		}
		pl.Destroy()
		report(name, calls, cpu)
	}
	return nil
}

// pacedRun processes one block per block period on absolute deadlines and
// returns each call's duration; a call ending after the next deadline is a
// miss.
func pacedRun(pr *clap.Processor, seconds float64) ([]time.Duration, []time.Duration) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// A real-time thread, as DAWs run their audio threads (when permitted).
	if err := unix.SchedSetAttr(0, &unix.SchedAttr{Size: unix.SizeofSchedAttr, Policy: unix.SCHED_FIFO, Priority: 80}, 0); err != nil {
		fmt.Println("  (no SCHED_FIFO:", err, "- the audio thread runs at normal priority)")
	}
	pr.Start()
	defer pr.Stop()
	period := time.Second * timingBlock / sampleRate
	n := int(seconds * sampleRate / timingBlock)
	calls := make([]time.Duration, n)
	cpu := make([]time.Duration, n) // thread CPU time of each call
	seed := uint32(7)
	next := time.Now()
	var c0, c1 unix.Timespec
	for i := range n {
		noise(pr, &seed)
		unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &c0)
		t0 := time.Now()
		pr.Process(timingBlock)
		calls[i] = time.Since(t0)
		unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &c1)
		cpu[i] = time.Duration(c1.Nano() - c0.Nano())
		next = next.Add(period)
		if d := time.Until(next); d > 0 {
			time.Sleep(d)
		}
	}
	return calls, cpu
}

func report(name string, calls, cpu []time.Duration) {
	sorted := slices.Clone(calls)
	slices.Sort(sorted)
	q := func(p float64) float64 {
		i := min(int(math.Ceil(p*float64(len(sorted))))-1, len(sorted)-1)
		return float64(sorted[max(i, 0)].Nanoseconds()) / 1000
	}
	var sum time.Duration
	misses := 0
	period := time.Second * timingBlock / sampleRate
	for _, d := range calls {
		sum += d
		if d > period {
			misses++
		}
	}
	fmt.Printf("%-14s calls %7d  median %6.1f µs  p99 %6.1f µs  p99.9 %7.1f µs  max %8.1f µs  CPU %5.2f %%  calls > block period %d\n",
		name, len(calls), q(0.5), q(0.99), q(0.999), q(1), 100*sum.Seconds()/(float64(len(calls))*period.Seconds()), misses)
	// The slowest calls, wall time against the audio thread's CPU time: a
	// slow call with little CPU time was waiting (preempted by the OS), not
	// working.
	idx := make([]int, len(calls))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return int(calls[b] - calls[a]) })
	fmt.Print("               slowest calls (wall/cpu µs):")
	for _, i := range idx[:min(5, len(idx))] {
		fmt.Printf(" %.0f/%.0f", float64(calls[i].Nanoseconds())/1000, float64(cpu[i].Nanoseconds())/1000)
	}
	fmt.Println()
}
