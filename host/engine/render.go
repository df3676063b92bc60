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
	// Progress, when set, is called after every block from the render goroutine
	// with the frames done and the frames expected (which grows if the tail is
	// longer than first thought).
	Progress func(done, total int)
}

// RenderResult reports what Render did.
type RenderResult struct {
	InputFrames int
	TailFrames  int
	Offline     bool          // the plugin accepted offline render mode
	NonFinite   int           // NaN or infinite output samples (a plugin bug), written as they came
	Elapsed     time.Duration // wall time of the processing loop
}

// Frames returns the total frames written.
func (r RenderResult) Frames() int { return r.InputFrames + r.TailFrames }

// Render activates pl, processes in through it block by block and writes
// the output, then the tail, to sink; it deactivates the plugin before
// returning. Call it on the plugin's main thread, with pl inactive.
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

	explicitTail := opt.TailSeconds >= 0
	var tailFrames int
	if explicitTail {
		tailFrames = int(math.Round(opt.TailSeconds * float64(in.Rate)))
	} else {
		tailFrames = int(math.Round(maxTail * float64(in.Rate)))
	}
	// The auto tail is kept in memory so it can be trimmed at the end.
	var keepL, keepR []float32
	if !explicitTail {
		keepL, keepR = make([]float32, 0, tailFrames), make([]float32, 0, tailFrames)
	}

	done := make(chan error, 1)
	start := time.Now()
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		done <- renderLoop(pr, in, sink, block, explicitTail, tailFrames, &keepL, &keepR, &res, opt.Progress)
	}()
	err = <-done
	res.Elapsed = time.Since(start)
	if err != nil {
		return res, err
	}
	pl.Idle()
	return res, nil
}

// renderLoop is the audio-thread half of Render.
func renderLoop(pr *clap.Processor, in *Input, sink Sink, block int, explicitTail bool, tailCap int,
	keepL, keepR *[]float32, res *RenderResult, progress func(int, int)) error {
	if err := pr.Start(); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	defer pr.Stop()
	total := in.Frames()
	var zeros []float32
	if len(pr.Outputs()) == 0 {
		zeros = make([]float32, block) // a plugin without outputs renders silence
	}
	expect := total + tailCap
	if !explicitTail {
		expect = total
	}
	for pos := 0; pos < total; {
		n := min(block, total-pos)
		feed(pr, in, pos, n, false)
		if pr.Process(n) == clap.StatusError {
			return fmt.Errorf("render: the plugin reported a processing error at frame %d", pos)
		}
		l, r := output(pr, n)
		if l == nil {
			l, r = zeros[:n], zeros[:n]
		}
		_, _, _, _, bad := blockStats(l, r)
		res.NonFinite += bad
		if err := sink.Write(l, r); err != nil {
			return fmt.Errorf("render: %w", err)
		}
		pos += n
		res.InputFrames = pos
		if progress != nil {
			progress(pos, expect)
		}
	}

	limit := tailCap
	if !explicitTail {
		limit, _ = tailLimit(pr, tailCap)
		expect = total + limit
	}
	lastLoud := -1 // index in the kept tail of the last sample above -90 dBFS
	for t := 0; t < limit; {
		n := min(block, limit-t)
		silence(pr, n)
		status := pr.Process(n)
		if status == clap.StatusError {
			return fmt.Errorf("render: the plugin reported a processing error in the tail at frame %d", total+t)
		}
		l, r := output(pr, n)
		if l == nil {
			l, r = zeros[:n], zeros[:n]
		}
		_, _, _, _, bad := blockStats(l, r)
		res.NonFinite += bad
		if explicitTail {
			if err := sink.Write(l, r); err != nil {
				return fmt.Errorf("render: %w", err)
			}
		} else {
			for i := range l {
				if abs32(l[i]) > quietLevel || abs32(r[i]) > quietLevel || l[i] != l[i] || r[i] != r[i] {
					lastLoud = len(*keepL) + i
				}
			}
			*keepL = append(*keepL, l...)
			*keepR = append(*keepR, r...)
		}
		t += n
		if progress != nil {
			progress(total+t, expect)
		}
		// A sleeping plugin has nothing more to say (CLAP: no output until new input).
		if !explicitTail && status == clap.StatusSleep {
			break
		}
	}
	if explicitTail {
		res.TailFrames = limit
		return nil
	}
	// Keep the tail up to its last audible sample, plus 10 ms of fade room.
	keep := 0
	if lastLoud >= 0 {
		keep = min(len(*keepL), lastLoud+1+in.Rate/100)
	}
	res.TailFrames = keep
	if keep == 0 {
		return nil
	}
	if err := sink.Write((*keepL)[:keep], (*keepR)[:keep]); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	return nil
}

// ErrNonFinite is wrapped by callers that refuse output with NaN or infinities.
var ErrNonFinite = errors.New("plugin output contains NaN or infinite samples")
