package engine

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"time"

	"rill/host/clap"
)

// Sink receives rendered stereo frames; *wav.Writer is one.
type Sink interface {
	Write(left, right []float32) error
}

// RenderOptions tunes Render.
type RenderOptions struct {
	Block int // frames per process call; DefaultBlock when 0
	// TailSeconds is the tail to render after the input: < 0 means auto (the
	// plugin's tail extension, capped at MaxTailSeconds, trimmed to the last
	// sample above -90 dBFS), otherwise exactly that many seconds.
	TailSeconds    float64
	MaxTailSeconds float64 // cap for the auto tail; 30 when 0
	Realtime       bool    // keep the plugin in real-time render mode (to compare with playback)
	// Tempo, when > 0, gives the plugin a playing transport at that tempo
	// (BPM), starting at beat 0; 0 leaves the transport out (free-running).
	Tempo float64
	// Progress, when set, is called after every block from the render goroutine
	// with the frames done and the frames expected (which grows if the tail is
	// longer than first thought).
	Progress func(done, total int)
}

// RenderResult reports what Render did.
type RenderResult struct {
	InputFrames int
	TailFrames  int
	Latency     int  // frames the plugin reported and the render compensated
	Offline     bool // the plugin accepted offline render mode
	NonFinite   int  // NaN or infinite output samples (a plugin bug), written as they came
	// RestartIgnored is set when the plugin asked for a restart during the
	// render, which a render cannot honour without a gap.
	RestartIgnored bool
	Elapsed        time.Duration // wall time of the processing loop
}

// Frames returns the total frames written.
func (r RenderResult) Frames() int { return r.InputFrames + r.TailFrames }

// ErrNonFinite is wrapped by callers that refuse output with NaN or infinities.
var ErrNonFinite = errors.New("plugin output contains NaN or infinite samples")

// Render activates pl, processes in through it block by block and writes
// the output, then the tail, to sink; it deactivates the plugin before
// returning. Like a DAW's bounce it compensates the plugin's latency: the
// first Latency output frames are dropped and the tail runs that much longer,
// so the output lines up with the input. Call it on the plugin's main thread,
// with pl inactive.
func Render(pl *clap.Plugin, in *Input, sink Sink, opt RenderOptions) (RenderResult, error) {
	var res RenderResult
	block := opt.Block
	if block == 0 {
		block = DefaultBlock
	}
	if block < 1 || block > 16384 {
		return res, fmt.Errorf("render: block size %d out of range 1..16384", block)
	}
	if in.Rate < 1 {
		return res, fmt.Errorf("render: sample rate %d", in.Rate)
	}
	maxTail := opt.MaxTailSeconds
	if maxTail <= 0 {
		maxTail = 30
	}
	res.Offline = pl.SetOffline(!opt.Realtime) && !opt.Realtime
	pr, err := pl.Activate(float64(in.Rate), block)
	if err != nil {
		return res, fmt.Errorf("render: %w", err)
	}
	defer pl.Deactivate()
	res.Latency = pl.Latency()

	r := &renderer{pr: pr, in: in, sink: sink, block: block, res: &res, progress: opt.Progress,
		explicitTail: opt.TailSeconds >= 0, skip: res.Latency}
	if r.explicitTail {
		r.tailCap = int(math.Round(opt.TailSeconds * float64(in.Rate)))
	} else {
		r.tailCap = int(math.Round(maxTail * float64(in.Rate)))
		// The auto tail is kept in memory so it can be trimmed at the end.
		r.keepL, r.keepR = make([]float32, 0, r.tailCap), make([]float32, 0, r.tailCap)
	}
	if len(pr.Outputs()) == 0 {
		r.zeros = make([]float32, block) // a plugin without outputs renders silence
	}
	if opt.Tempo > 0 {
		r.transport = &clap.Transport{Playing: true, Tempo: opt.Tempo}
	}

	done := make(chan error, 1)
	start := time.Now()
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		done <- r.run()
	}()
	// Meanwhile this (main) thread serves the plugin: logs, on_main_thread,
	// timers. A restart request cannot be honoured mid-render; it is logged.
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for waiting := true; waiting; {
		select {
		case err = <-done:
			waiting = false
		case <-tick.C:
		}
		if pl.Idle().Has(clap.RequestRestart) {
			res.RestartIgnored = true
		}
	}
	res.Elapsed = time.Since(start)
	if err != nil {
		return res, err
	}
	return res, nil
}

// renderer is the audio-thread half of Render.
type renderer struct {
	pr           *clap.Processor
	in           *Input
	sink         Sink
	block        int
	res          *RenderResult
	progress     func(int, int)
	explicitTail bool
	tailCap      int
	keepL, keepR []float32
	zeros        []float32
	transport    *clap.Transport
	skip         int // latency frames still to drop
	clock        int // frames processed
}

// process runs one block of n frames (input already fed) and returns its
// output and status.
func (r *renderer) process(n int) (l, rr []float32, status clap.Status) {
	if r.transport != nil {
		secs := float64(r.clock) / float64(r.in.Rate)
		r.transport.Seconds = secs
		r.transport.Beats = secs * r.transport.Tempo / 60
		r.pr.SetTransport(r.transport)
	}
	status = r.pr.Process(n)
	r.clock += n
	l, rr = output(r.pr, n)
	if l == nil {
		l, rr = r.zeros[:n], r.zeros[:n]
	}
	_, _, _, _, bad := blockStats(l, rr)
	r.res.NonFinite += bad
	// Latency compensation: the plugin's first frames are its delay, not signal.
	if r.skip > 0 {
		d := min(r.skip, n)
		r.skip -= d
		l, rr = l[d:], rr[d:]
	}
	return l, rr, status
}

func (r *renderer) run() error {
	if err := r.pr.Start(); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	defer r.pr.Stop()
	total := r.in.Frames()
	expect := total
	if r.explicitTail {
		expect += r.tailCap
	}
	written := 0
	for pos := 0; pos < total; {
		n := min(r.block, total-pos)
		feed(r.pr, r.in, pos, n, false)
		l, rr, status := r.process(n)
		if status == clap.StatusError {
			return fmt.Errorf("render: the plugin reported a processing error at frame %d", pos)
		}
		if err := r.sink.Write(l, rr); err != nil {
			return fmt.Errorf("render: %w", err)
		}
		written += len(l)
		pos += n
		r.res.InputFrames = written
		if r.progress != nil {
			r.progress(pos, expect)
		}
	}

	// The tail: what is left of the latency first, then the tail proper.
	limit := r.tailCap
	if !r.explicitTail {
		limit, _ = tailLimit(r.pr, r.tailCap)
		expect = total + limit + r.res.Latency
	}
	lateInput := total - written // input frames still inside the plugin's latency
	lastLoud := -1               // index in the kept tail of the last sample above -90 dBFS
	for t := 0; t < limit+r.res.Latency; {
		n := min(r.block, limit+r.res.Latency-t)
		silence(r.pr, n)
		l, rr, status := r.process(n)
		if status == clap.StatusError {
			return fmt.Errorf("render: the plugin reported a processing error in the tail")
		}
		t += n
		// Frames that still belong to the input (delayed by the latency) are written as such.
		if lateInput > 0 {
			d := min(lateInput, len(l))
			if err := r.sink.Write(l[:d], rr[:d]); err != nil {
				return fmt.Errorf("render: %w", err)
			}
			lateInput -= d
			r.res.InputFrames += d
			l, rr = l[d:], rr[d:]
		}
		if r.explicitTail {
			if err := r.sink.Write(l, rr); err != nil {
				return fmt.Errorf("render: %w", err)
			}
			r.res.TailFrames += len(l)
		} else {
			for i := range l {
				if abs32(l[i]) > quietLevel || abs32(rr[i]) > quietLevel || l[i] != l[i] || rr[i] != rr[i] {
					lastLoud = len(r.keepL) + i
				}
			}
			r.keepL = append(r.keepL, l...)
			r.keepR = append(r.keepR, rr...)
		}
		if r.progress != nil {
			r.progress(total+t, expect)
		}
		// A sleeping plugin has nothing more to say (CLAP: no output until new input).
		if !r.explicitTail && status == clap.StatusSleep && lateInput == 0 {
			break
		}
	}
	if r.explicitTail {
		return nil
	}
	// Keep the tail up to its last audible sample, plus 10 ms of fade room.
	keep := 0
	if lastLoud >= 0 {
		keep = min(len(r.keepL), lastLoud+1+r.in.Rate/100)
	}
	r.res.TailFrames = keep
	if keep == 0 {
		return nil
	}
	if err := r.sink.Write(r.keepL[:keep], r.keepR[:keep]); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	return nil
}
