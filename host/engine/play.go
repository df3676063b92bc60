package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"rill/buffers"
	"rill/host/clap"
)

// PlayOptions tunes a Player.
type PlayOptions struct {
	Block          int     // frames per process call; DefaultBlock when 0
	Loop           bool    // repeat the input until StopInput
	MaxTailSeconds float64 // longest tail after the input ends or stops; 10 when 0
	// Tempo, when > 0, gives the plugin a transport at that tempo (BPM) that
	// plays until StopInput; 0 leaves the transport out (free-running).
	Tempo float64
	// Automation, when set, runs on the audio thread before every block with
	// the block's first frame (counted from the start); it may queue
	// parameter events with pr.AddParam. It must not allocate or block.
	Automation func(pr *clap.Processor, frame int64, frames int)
}

// frame is one stereo sample pair in the ring.
type frame struct{ L, R float32 }

// Player plays a plugin's output in real time. Its Read method is the audio
// device's source (oto reads it); a dedicated audio thread keeps the ring
// between them filled.
type Player struct {
	pl    *clap.Plugin
	pr    *clap.Processor
	in    *Input
	opt   PlayOptions
	block int
	ring  *buffers.SPSCQueue[frame]

	stopInput atomic.Bool // Ctrl-C: the input ends now, the tail rings out
	restart   atomic.Bool // the main thread wants the audio thread parked
	parked    chan struct{}
	resume    chan bool   // true: carry on with the new processor; false: quit
	quit      atomic.Bool // stop producing at once
	produced  atomic.Bool // the audio thread has pushed its last frame
	exited    chan struct{}
	started   bool
	closeOnce sync.Once

	// Meters, written by the audio thread, read (and reset) by the UI.
	peakL, peakR   atomic.Uint32 // float32 bits, max since the last read
	sqL, sqR       atomic.Uint64 // float64 bits, sum of squares since the last read
	meterFrames    atomic.Int64
	busyNanos      atomic.Int64 // time inside process since the last read
	busyFrames     atomic.Int64
	peakLoad       atomic.Uint64 // float64 bits: worst block's process time / block duration
	position       atomic.Int64  // input frames played (wraps with --loop)
	nonFinite      atomic.Int64
	inTail         atomic.Bool
	realtime       atomic.Bool // the audio thread runs with real-time priority
	readCarry      [8]byte
	readCarryBytes int

	// Audio-thread state.
	pos, tailDone, limit, quietRun, maxTail int
	known                                   bool
	clock                                   int64
	blockDur                                float64
	transport                               *clap.Transport
}

// NewPlayer activates pl for in's sample rate in real-time mode. Call it on
// the plugin's main thread; then Start.
func NewPlayer(pl *clap.Plugin, in *Input, opt PlayOptions) (*Player, error) {
	block := opt.Block
	if block == 0 {
		block = DefaultBlock
	}
	if block < 1 || block > 16384 {
		return nil, fmt.Errorf("play: block size %d out of range 1..16384", block)
	}
	if opt.MaxTailSeconds <= 0 {
		opt.MaxTailSeconds = 10
	}
	// Four blocks of headroom, at least ~43 ms at 48 kHz: enough to ride over
	// scheduling hiccups, small enough to keep parameter changes responsive.
	capacity := 1
	for capacity < max(4*block, 2048) {
		capacity *= 2
	}
	ring, err := buffers.NewSPSCQueue[frame](capacity)
	if err != nil {
		return nil, fmt.Errorf("play: %w", err)
	}
	pl.SetOffline(false)
	pr, err := pl.Activate(float64(in.Rate), block)
	if err != nil {
		return nil, fmt.Errorf("play: %w", err)
	}
	if len(pr.Outputs()) == 0 {
		pl.Deactivate()
		return nil, fmt.Errorf("play: %w", ErrNoOutput)
	}
	p := &Player{pl: pl, pr: pr, in: in, opt: opt, block: block, ring: ring, exited: make(chan struct{}),
		parked: make(chan struct{}), resume: make(chan bool)}
	if opt.Tempo > 0 {
		p.transport = &clap.Transport{Playing: true, Tempo: opt.Tempo}
	}
	return p, nil
}

// Start launches the audio thread. It returns once processing has started.
func (p *Player) Start() error {
	started := make(chan error, 1)
	p.started = true
	go p.audioThread(started)
	if err := <-started; err != nil {
		<-p.exited
		return err
	}
	return nil
}

// audioThread processes blocks whenever the ring has room for one.
func (p *Player) audioThread(started chan<- error) {
	runtime.LockOSThread()
	// The thread ends with the goroutine instead of going back to the Go
	// scheduler: its real-time priority must not leak to other goroutines.
	defer close(p.exited)
	defer p.produced.Store(true)
	if err := raisePriority(); err == nil {
		p.realtime.Store(true)
	}
	if err := p.pr.Start(); err != nil {
		started <- fmt.Errorf("play: %w", err)
		return
	}
	started <- nil
	defer func() {
		if p.pr != nil {
			p.pr.Stop()
		}
	}()

	p.blockDur = float64(p.block) / float64(p.in.Rate)
	p.maxTail = int(p.opt.MaxTailSeconds * float64(p.in.Rate))
	p.limit = -1
	nap := time.Duration(p.blockDur * float64(time.Second) / 4)
	for !p.quit.Load() {
		if p.restart.Load() {
			// Park for the main thread's deactivate + activate, then carry on
			// with the new processor (the ring keeps the device playing).
			p.pr.Stop()
			p.pr = nil
			p.parked <- struct{}{}
			if !<-p.resume {
				return
			}
			if err := p.pr.Start(); err != nil {
				return
			}
			continue
		}
		if p.ring.Cap()-p.ring.Len() < p.block {
			time.Sleep(nap)
			continue
		}
		if p.step() {
			return
		}
	}
}

// step processes one block into the ring and reports whether playback is
// over. [audio-thread]; it allocates nothing.
func (p *Player) step() (finished bool) {
	inputLive := !p.stopInput.Load() && (p.opt.Loop || p.pos < p.in.Frames())
	n := p.block
	if inputLive {
		if !p.opt.Loop {
			// The input's last block is cut at its end, so playback splits
			// the signal into exactly the blocks Render does.
			n = min(n, p.in.Frames()-p.pos)
		}
		p.pos = feed(p.pr, p.in, p.pos, n, p.opt.Loop)
		p.position.Store(int64(p.pos))
	} else {
		if p.limit < 0 {
			p.limit, p.known = tailLimit(p.pr, p.maxTail)
			p.inTail.Store(true)
		}
		if p.tailDone >= p.limit {
			return true
		}
		silence(p.pr, p.block)
	}
	if p.transport != nil {
		// A DAW's transport: playing until the user stops it.
		secs := float64(p.clock) / float64(p.in.Rate)
		p.transport.Playing = !p.stopInput.Load()
		p.transport.Seconds = secs
		p.transport.Beats = secs * p.transport.Tempo / 60
		p.pr.SetTransport(p.transport)
	}
	if p.opt.Automation != nil {
		p.opt.Automation(p.pr, p.clock, n)
	}
	t0 := time.Now()
	status := p.pr.Process(n)
	busy := time.Since(t0)
	l, r := output(p.pr, n)
	peakL, peakR, sqL, sqR, bad := blockStats(l, r)
	for i := range l {
		p.ring.Push(frame{l[i], r[i]})
	}
	p.clock += int64(n)
	p.publish(peakL, peakR, sqL, sqR, bad, busy, n)
	if !inputLive {
		p.tailDone += n
		if max(peakL, peakR) < quietLevel {
			p.quietRun += n
		} else {
			p.quietRun = 0
		}
		// A sleeping plugin is done; a tail of unknown length ends after a
		// second of silence.
		if status == clap.StatusSleep || (!p.known && p.quietRun >= p.in.Rate) {
			return true
		}
	}
	return false
}

// publish folds one block into the meters.
func (p *Player) publish(peakL, peakR float32, sqL, sqR float64, bad int, busy time.Duration, frames int) {
	atomicMax32(&p.peakL, peakL)
	atomicMax32(&p.peakR, peakR)
	atomicAddF64(&p.sqL, sqL)
	atomicAddF64(&p.sqR, sqR)
	p.meterFrames.Add(int64(frames))
	p.busyNanos.Add(int64(busy))
	p.busyFrames.Add(int64(frames))
	load := busy.Seconds() / (float64(frames) / float64(p.in.Rate))
	for {
		old := p.peakLoad.Load()
		if math.Float64frombits(old) >= load || p.peakLoad.CompareAndSwap(old, math.Float64bits(load)) {
			break
		}
	}
	if bad > 0 {
		p.nonFinite.Add(int64(bad))
	}
}

func atomicMax32(a *atomic.Uint32, v float32) {
	for {
		old := a.Load()
		if math.Float32frombits(old) >= v || a.CompareAndSwap(old, math.Float32bits(v)) {
			return
		}
	}
}

func atomicAddF64(a *atomic.Uint64, v float64) {
	for {
		old := a.Load()
		if a.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}

// Read hands the device interleaved stereo float32 little-endian samples. It
// waits while the audio thread catches up and returns io.EOF after the tail.
func (p *Player) Read(b []byte) (int, error) {
	n := 0
	if p.readCarryBytes > 0 {
		n = copy(b, p.readCarry[8-p.readCarryBytes:])
		p.readCarryBytes -= n
		if p.readCarryBytes > 0 {
			return n, nil
		}
	}
	for n == 0 || n+8 <= len(b) {
		f, ok := p.ring.Pop()
		if !ok {
			if n > 0 {
				return n, nil
			}
			if p.produced.Load() && p.ring.Len() == 0 {
				return 0, io.EOF
			}
			time.Sleep(500 * time.Microsecond)
			continue
		}
		var fb [8]byte
		binary.LittleEndian.PutUint32(fb[0:4], math.Float32bits(f.L))
		binary.LittleEndian.PutUint32(fb[4:8], math.Float32bits(f.R))
		c := copy(b[n:], fb[:])
		n += c
		if c < 8 {
			p.readCarry = fb
			p.readCarryBytes = 8 - c
			return n, nil
		}
	}
	return n, nil
}

// StopInput ends the input now; the tail rings out (bounded by
// MaxTailSeconds) and Read then returns io.EOF. Safe from any goroutine.
func (p *Player) StopInput() { p.stopInput.Store(true) }

// Produced reports whether the audio thread has made its last frame.
func (p *Player) Produced() bool { return p.produced.Load() }

// Restart answers a plugin's request_restart the way a DAW does: the audio
// thread stops processing, the plugin is deactivated and activated again with
// the same rate and block size, and processing resumes where it was. Call it
// on the plugin's main thread. On error playback ends.
func (p *Player) Restart() error {
	if !p.started {
		return errors.New("restart: not playing")
	}
	p.restart.Store(true)
	select {
	case <-p.parked:
	case <-p.exited:
		p.restart.Store(false)
		return nil // playback already over: nothing to restart
	}
	p.restart.Store(false)
	p.pl.Deactivate()
	pr, err := p.pl.Activate(float64(p.in.Rate), p.block)
	if err != nil {
		p.resume <- false
		<-p.exited
		return fmt.Errorf("restart: %w", err)
	}
	p.pr = pr
	p.resume <- true
	return nil
}

// Realtime reports whether the audio thread got real-time scheduling
// (SCHED_FIFO); without the privilege it runs at normal priority.
func (p *Player) Realtime() bool { return p.realtime.Load() }

// Buffered returns how many frames wait in the ring for the device.
func (p *Player) Buffered() int { return p.ring.Len() }

// Drained reports whether every frame has been handed to the device.
func (p *Player) Drained() bool { return p.produced.Load() && p.ring.Len() == 0 }

// Meters is a snapshot of levels and load since the previous snapshot.
type Meters struct {
	PeakL, PeakR float32 // linear, max since the last snapshot
	RMSL, RMSR   float32 // linear
	Load         float64 // average process time / real time
	PeakLoad     float64 // worst block since the last snapshot
	Position     float64 // seconds into the input
	Tail         bool    // the input has ended; the tail is ringing out
	NonFinite    int64   // NaN/Inf samples so far
}

// Meters takes a snapshot and resets the peak and average accumulators.
// Call it from one goroutine (the UI).
func (p *Player) Meters() Meters {
	m := Meters{
		PeakL:     math.Float32frombits(p.peakL.Swap(0)),
		PeakR:     math.Float32frombits(p.peakR.Swap(0)),
		PeakLoad:  math.Float64frombits(p.peakLoad.Swap(0)),
		Position:  float64(p.position.Load()) / float64(p.in.Rate),
		Tail:      p.inTail.Load(),
		NonFinite: p.nonFinite.Load(),
	}
	sqL := math.Float64frombits(p.sqL.Swap(0))
	sqR := math.Float64frombits(p.sqR.Swap(0))
	if n := p.meterFrames.Swap(0); n > 0 {
		m.RMSL = float32(math.Sqrt(sqL / float64(n)))
		m.RMSR = float32(math.Sqrt(sqR / float64(n)))
	}
	busy, frames := p.busyNanos.Swap(0), p.busyFrames.Swap(0)
	if frames > 0 {
		m.Load = float64(busy) / 1e9 / (float64(frames) / float64(p.in.Rate))
	}
	return m
}

// Close stops the audio thread (if still running), then deactivates the
// plugin. Call it on the plugin's main thread.
func (p *Player) Close() {
	p.closeOnce.Do(func() {
		p.quit.Store(true)
		if p.started {
			<-p.exited
		}
		if p.pl.Active() {
			p.pl.Deactivate()
		}
	})
}

// Wait blocks until the audio thread has exited.
func (p *Player) Wait() { <-p.exited }

// ErrNoOutput is returned when a plugin has no audio output to play.
var ErrNoOutput = errors.New("plugin has no audio output")
