package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ebitengine/oto/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"rill/host/clap"
	"rill/host/engine"
)

// playFlags are play's own flags.
type playFlags struct {
	plugin  pluginFlags
	input   inputFlags
	params  []string
	editor  string
	loop    bool
	block   int
	buffer  time.Duration
	maxTail float64
	tempo   float64
	quiet   bool
}

func playCommand() *cobra.Command {
	var f playFlags
	c := &cobra.Command{
		Use:   "play [--in FILE.wav | --demo] [flags]",
		Short: "Play a file (or the demo) through the plugin on the sound card, with live meters",
		Long: `play runs the input through the plugin in real time and plays it on the default sound card
(ALSA, through oto), showing peak/RMS meters and the plugin's CPU load. The plugin processes on its
own audio thread, like in a DAW. Ctrl-C stops the input and lets the tail ring out (at most
--max-tail seconds); a second Ctrl-C quits at once. Without --in, --demo is implied.

--editor opens the plugin's editor: embedded (the default) puts it inside a window this host
opens, as a DAW does; floating lets the plugin open its own window. Closing the editor window ends
playback (with the tail).`,
		Example: `  rill-standalone play --demo --loop --editor
  rill-standalone play --in guitar.wav --param time=350ms --param feedback=70%`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return runPlay(&f) },
	}
	f.plugin.add(c)
	f.input.add(c)
	c.Flags().StringArrayVarP(&f.params, "param", "p", nil, "set a parameter, NAME=VALUE (repeatable; see `info` for names)")
	c.Flags().StringVar(&f.editor, "editor", "", "open the plugin's editor: embedded or floating")
	c.Flags().Lookup("editor").NoOptDefVal = "embedded"
	c.Flags().BoolVar(&f.loop, "loop", false, "repeat the input until Ctrl-C")
	c.Flags().IntVar(&f.block, "block", engine.DefaultBlock, "frames per process call (1..16384)")
	c.Flags().DurationVar(&f.buffer, "buffer", 50*time.Millisecond, "audio queued ahead of the sound card (more: fewer dropouts, more latency)")
	c.Flags().Float64Var(&f.maxTail, "max-tail", 10, "longest tail in seconds after the input ends or Ctrl-C")
	c.Flags().Float64Var(&f.tempo, "tempo", 120, "tempo of the host transport in BPM (tempo-synced delays follow it); 0: no transport")
	c.Flags().BoolVarP(&f.quiet, "quiet", "q", false, "no meters, print nothing but errors")
	return c
}

func runPlay(f *playFlags) error {
	if f.input.in == "" && !f.input.demo {
		f.input.demo = true
	}
	switch f.editor {
	case "", "embedded", "floating":
	default:
		return usagef("--editor=%s: want embedded or floating", f.editor)
	}
	if f.block < 1 || f.block > 16384 {
		return usagef("--block %d: want 1..16384", f.block)
	}
	if f.buffer < 0 || f.maxTail <= 0 {
		return usagef("--buffer and --max-tail must be positive")
	}
	if f.tempo < 0 || f.tempo > 999 || f.tempo != f.tempo {
		return usagef("--tempo %g: want 0 (no transport) or up to 999 BPM", f.tempo)
	}
	in, desc, s, set, err := openSetup(&f.input, &f.plugin, f.params)
	if err != nil {
		return err
	}
	defer s.close()
	player, err := engine.NewPlayer(s.pl, in, engine.PlayOptions{Block: f.block, Loop: f.loop, MaxTailSeconds: f.maxTail, Tempo: f.tempo})
	if err != nil {
		return err
	}
	defer player.Close()

	var ed *editor
	if f.editor != "" {
		ed, err = openEditor(s.pl, f.editor == "floating")
		if err != nil {
			fmt.Fprintf(os.Stderr, "editor: %v; playing without it\n", err)
			ed = nil
		} else {
			defer ed.close()
		}
	}

	ctx, ready, err := oto.NewContext(&oto.NewContextOptions{SampleRate: in.Rate, ChannelCount: 2, Format: oto.FormatFloat32LE})
	if err != nil {
		return fmt.Errorf("play: no audio device: %w", err)
	}
	<-ready
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("play: no audio device: %w", err)
	}
	if err := player.Start(); err != nil {
		return err
	}
	out := ctx.NewPlayer(player)
	out.SetBufferSize(max(8, int(f.buffer.Seconds()*float64(in.Rate))*8))

	showMeters := !f.quiet && term.IsTerminal(int(os.Stderr.Fd()))
	if !f.quiet {
		fmt.Fprintf(os.Stderr, "playing %s through %s", desc, s.pl.Descriptor().Name)
		if len(set) > 0 {
			fmt.Fprintf(os.Stderr, " [%s]", describeSettings(set))
		}
		if !player.Realtime() {
			fmt.Fprint(os.Stderr, " (audio thread at normal priority: no permission for real-time)")
		}
		fmt.Fprintln(os.Stderr, "; Ctrl-C to stop")
	}

	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)

	out.Play()
	stats := loopStats{}
	err = mainLoop(s.pl, player, out, ed, sigs, showMeters, &stats)
	if showMeters {
		fmt.Fprint(os.Stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	if e := ctx.Err(); e != nil {
		return fmt.Errorf("play: audio device: %w", e)
	}
	if !f.quiet {
		fmt.Fprintf(os.Stderr, "played %.1f s; peak %s dB; plugin CPU %.1f%% average, %.1f%% worst block\n",
			stats.seconds, levelText(max(stats.peakL, stats.peakR)), 100*stats.avgLoad(), 100*stats.worstLoad)
	}
	if stats.nonFinite > 0 {
		return fmt.Errorf("play: %w (%d samples)", engine.ErrNonFinite, stats.nonFinite)
	}
	return nil
}

// loopStats sums up a playback for the closing line.
type loopStats struct {
	seconds      float64
	peakL, peakR float32
	loadSum      float64
	loads        int
	worstLoad    float64
	nonFinite    int64
}

func (s *loopStats) avgLoad() float64 {
	if s.loads == 0 {
		return 0
	}
	return s.loadSum / float64(s.loads)
}

func (s *loopStats) add(m engine.Meters) {
	s.seconds = max(s.seconds, m.Position)
	s.peakL, s.peakR = max(s.peakL, m.PeakL), max(s.peakR, m.PeakR)
	if m.Load > 0 {
		s.loadSum += m.Load
		s.loads++
	}
	s.worstLoad = max(s.worstLoad, m.PeakLoad)
	s.nonFinite = m.NonFinite
}

// errInterrupted is returned after a second Ctrl-C.
var errInterrupted = errors.New("interrupted")

// mainLoop is the plugin's main thread during playback: it answers the
// plugin's requests and timers, runs the editor window, redraws the meters
// ~10 times a second and handles Ctrl-C, until the last sample has played.
func mainLoop(pl *clap.Plugin, player *engine.Player, out *oto.Player, ed *editor, sigs <-chan os.Signal, showMeters bool, stats *loopStats) error {
	const tick = 15 * time.Millisecond
	lastDraw := time.Now()
	var holdL, holdR float32
	stopping := false
	stop := func(why string) {
		if !stopping {
			stopping = true
			player.StopInput()
			if why != "" {
				fmt.Fprintf(os.Stderr, "\r\033[K%s: letting the tail ring out\n", why)
			}
		}
	}
	for {
		select {
		case <-sigs:
			if stopping {
				return errInterrupted
			}
			stop("stopping (Ctrl-C again to quit now)")
		default:
		}
		req := pl.Idle()
		if req.Has(clap.ThreadRuleBroken) {
			fmt.Fprintln(os.Stderr, "\r\033[Khost: the plugin called a main-thread function from another thread (see the log above)")
		}
		if req.Has(clap.RequestRestart) {
			if err := player.Restart(); err != nil {
				return err
			}
		}
		if ed != nil {
			if ed.handle(req) {
				stop("editor closed")
			}
			wait := tick
			if d, ok := pl.NextTimer(); ok && d < wait {
				wait = d
			}
			ed.wait(wait)
		} else {
			wait := tick
			if d, ok := pl.NextTimer(); ok && d < wait {
				wait = d
			}
			time.Sleep(wait)
		}
		if time.Since(lastDraw) >= 100*time.Millisecond {
			lastDraw = time.Now()
			m := player.Meters()
			stats.add(m)
			// Peak hold with a fall of ~20 dB/s.
			holdL, holdR = max(m.PeakL, holdL*0.8), max(m.PeakR, holdR*0.8)
			if showMeters {
				width := 20
				if w, _, err := term.GetSize(int(os.Stderr.Fd())); err == nil && w < 110 {
					width = max(5, 20-(110-w)/2)
				}
				fmt.Fprintf(os.Stderr, "\r\033[K%s", meterLine(m, holdL, holdR, width))
			}
		}
		if player.Drained() && !out.IsPlaying() {
			stats.add(player.Meters())
			return nil
		}
		if err := out.Err(); err != nil {
			return fmt.Errorf("play: audio device: %w", err)
		}
	}
}
