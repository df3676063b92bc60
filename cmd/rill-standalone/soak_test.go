//go:build e2e && soak

// The play soak: real-time playback of the demo on a loop through the real
// bundle, with random automation of every automatable parameter and a random
// transport, read by an emulated sound card at real-time pace. Not in CI:
//
//	go test -tags e2e,soak -run TestSoak -timeout 20m ./cmd/rill-standalone/ [-soak.duration=10m]
package main

import (
	"flag"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"rill/host/clap"
	"rill/host/demo"
	"rill/host/engine"
	"rill/host/params"
)

var (
	soakDuration = flag.Duration("soak.duration", 10*time.Minute, "how long TestSoak plays")
	soakSkip     = flag.String("soak.skip", "", "comma-separated parameter names TestSoak leaves alone, \"all\", \"transport\" (to find what stalls)")
)

func TestSoak(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	pl, closeInstance := openInstance(t)
	defer closeInstance()
	infos, err := pl.Params()
	if err != nil {
		t.Fatal(err)
	}
	var auto []clap.ParamInfo
	for _, p := range infos {
		skip := false
		for _, n := range strings.Split(*soakSkip, ",") {
			skip = skip || (n != "" && (n == "all" || params.Normalize(n) == params.Normalize(p.Name)))
		}
		if p.Flags&clap.ParamAutomatable != 0 && p.Flags&clap.ParamBypass == 0 && !skip {
			auto = append(auto, p)
		}
	}
	const rate, block = 48000, 256
	l, r := demo.Phrase(rate)
	in := &engine.Input{Rate: rate, Left: l, Right: r}

	noTransport := strings.Contains(*soakSkip, "transport")
	rng := uint64(0x2545F4914F6CDD1D)
	next := func() uint64 { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng }
	transport := &clap.Transport{Playing: true, Tempo: 120}
	var events int64
	automation := func(pr *clap.Processor, frame int64, n int) {
		// Up to three changes per block, at increasing offsets.
		k := int(next() % 4)
		if len(auto) == 0 {
			k = 0
		}
		at := 0
		for i := 0; i < k; i++ {
			p := &auto[next()%uint64(len(auto))]
			v := p.Min + (p.Max-p.Min)*float64(next()%1_000_001)/1e6
			if p.Flags&(clap.ParamStepped|clap.ParamEnum) != 0 {
				v = math.Round(v)
			}
			at += int(next() % uint64(max(1, (n-at)/2)))
			if pr.AddParam(min(at, n-1), p.ID, v) {
				events++
			}
		}
		if noTransport {
			return
		}
		if next()%500 == 0 {
			transport.Tempo = 40 + float64(next()%200)
			transport.Playing = next()%4 != 0
		}
		transport.Beats = float64(frame) / rate * transport.Tempo / 60
		transport.Seconds = float64(frame) / rate
		pr.SetTransport(transport)
	}
	p, err := engine.NewPlayer(pl, in, engine.PlayOptions{Block: block, Loop: true, Automation: automation})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}

	// The emulated card takes 1024 frames every 21.3 ms.
	const period = 1024
	buf := make([]byte, period*8)
	for p.Buffered() < period { // like a card, start once a period is queued
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	periods, xruns, bad := 0, 0, 0
	var worstLoad float64
	for time.Since(start) < *soakDuration {
		due := start.Add(time.Duration(float64(periods*period) / rate * float64(time.Second)))
		time.Sleep(time.Until(due))
		// An xrun: when the card wants the period, the ring does not hold it.
		// (Measured before reading, so this goroutine's own scheduling delays
		// do not count: they only leave the ring fuller.)
		if p.Buffered() < period {
			xruns++
		}
		for got := 0; got < len(buf); {
			n, err := p.Read(buf[got:])
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			got += n
		}
		for i := 0; i < len(buf); i += 4 {
			x := math.Float32frombits(uint32(buf[i]) | uint32(buf[i+1])<<8 | uint32(buf[i+2])<<16 | uint32(buf[i+3])<<24)
			if x != x || math.IsInf(float64(x), 0) || (x != 0 && math.Abs(float64(x)) < 1.1754944e-38) {
				bad++
			}
		}
		periods++
		if periods%47 == 0 { // ~1 s: keep the main thread's duties going
			pl.Idle()
			worstLoad = max(worstLoad, p.Meters().PeakLoad)
		}
	}
	p.StopInput()
	t.Logf("played %.0f s: %d periods, %d xruns, %d automation events, worst block load %.1f%%, real-time priority %v",
		time.Since(start).Seconds(), periods, xruns, events, 100*worstLoad, p.Realtime())
	if bad > 0 {
		t.Errorf("%d NaN, infinite or subnormal samples", bad)
	}
	if xruns > periods/1000 {
		t.Errorf("%d xruns in %d periods", xruns, periods)
	}
}
