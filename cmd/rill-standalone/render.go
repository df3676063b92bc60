package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"rill/host/engine"
	"rill/host/wav"
)

// renderFlags are render's own flags.
type renderFlags struct {
	plugin   pluginFlags
	input    inputFlags
	out      string
	params   []string
	tail     string
	block    int
	format   string
	realtime bool
	tempo    float64
	quiet    bool
}

func renderCommand() *cobra.Command {
	var f renderFlags
	c := &cobra.Command{
		Use:   "render (--in FILE.wav | --demo) --out OUT.wav [flags]",
		Short: "Render a file (or the demo) through the plugin, offline, to a WAV file",
		Long: `render runs the input through the plugin as fast as the CPU allows, in the plugin's offline
render mode, and writes the result, then the plugin's tail, to OUT.wav (stereo, 32-bit float unless
--format says otherwise). The output appears only when everything succeeded: on any error no file
(and no partial file) is left behind.

--tail auto (the default) renders the tail the plugin reports (its tail extension, at most 30 s) and
trims it after the last sample above -90 dBFS; --tail SECONDS renders exactly that much.`,
		Example: `  rill-standalone render --demo --out dist/demo.wav
  rill-standalone render --in guitar.wav --out wet.wav --param time="350 ms" --param feedback=60% --param stereo-mode=ping-pong`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return runRender(&f) },
	}
	f.plugin.add(c)
	f.input.add(c)
	c.Flags().StringVarP(&f.out, "out", "o", "", "output WAV file (required)")
	c.Flags().StringArrayVarP(&f.params, "param", "p", nil, "set a parameter, NAME=VALUE (repeatable; see `info` for names)")
	c.Flags().StringVar(&f.tail, "tail", "auto", "tail after the input: auto, or seconds")
	c.Flags().IntVar(&f.block, "block", engine.DefaultBlock, "frames per process call (1..16384)")
	c.Flags().StringVar(&f.format, "format", "f32", "output samples: f32, s16, s24 or s32")
	c.Flags().BoolVar(&f.realtime, "realtime", false, "keep the plugin in real-time render mode (to compare with play)")
	c.Flags().Float64Var(&f.tempo, "tempo", 120, "tempo of the host transport in BPM (tempo-synced delays follow it); 0: no transport")
	c.Flags().BoolVarP(&f.quiet, "quiet", "q", false, "print nothing but errors")
	return c
}

// parseTail reads --tail: auto gives -1.
func parseTail(s string) (float64, error) {
	if strings.EqualFold(strings.TrimSpace(s), "auto") {
		return -1, nil
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v < 0 || v > 3600 || v != v {
		return 0, usagef("--tail %q: want auto or seconds in 0..3600", s)
	}
	return v, nil
}

func runRender(f *renderFlags) error {
	if f.out == "" {
		return usagef("render needs --out OUT.wav")
	}
	tail, err := parseTail(f.tail)
	if err != nil {
		return err
	}
	enc, err := wav.ParseEncoding(f.format)
	if err != nil {
		return usageError{err}
	}
	if f.block < 1 || f.block > 16384 {
		return usagef("--block %d: want 1..16384", f.block)
	}
	in, desc, s, set, err := openSetup(&f.input, &f.plugin, f.params)
	if err != nil {
		return err
	}
	defer s.close()
	w, err := wav.Create(f.out, in.Rate, enc)
	if err != nil {
		return err
	}
	defer w.Abort() // no-op after Commit

	var bar *progressbar.ProgressBar
	if !f.quiet && term.IsTerminal(int(os.Stderr.Fd())) {
		bar = progressbar.NewOptions64(int64(in.Frames()),
			progressbar.OptionSetWriter(os.Stderr),
			progressbar.OptionSetDescription("rendering"),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(50*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	if f.tempo < 0 || f.tempo > 999 || f.tempo != f.tempo {
		return usagef("--tempo %g: want 0 (no transport) or up to 999 BPM", f.tempo)
	}
	opt := engine.RenderOptions{Block: f.block, TailSeconds: tail, Realtime: f.realtime, Tempo: f.tempo}
	if bar != nil {
		opt.Progress = func(done, total int) {
			if int64(total) != bar.GetMax64() {
				bar.ChangeMax64(int64(total))
			}
			bar.Set64(int64(done))
		}
	}
	res, err := engine.Render(s.pl, in, w, opt)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return err
	}
	if res.RestartIgnored {
		fmt.Fprintln(os.Stderr, "warning: the plugin asked for a restart during the render; the render went on without one")
	}
	if res.NonFinite > 0 {
		return fmt.Errorf("render %s: %w (%d samples); nothing written", f.out, engine.ErrNonFinite, res.NonFinite)
	}
	if err := w.Commit(); err != nil {
		return err
	}
	if !f.quiet {
		secs := float64(res.Frames()) / float64(in.Rate)
		mode := "offline"
		if !res.Offline {
			mode = "real-time"
		}
		fmt.Fprintf(os.Stderr, "rendered %s through %s (%s mode)\n", desc, s.pl.Descriptor().Name, mode)
		if len(set) > 0 {
			fmt.Fprintf(os.Stderr, "  parameters: %s\n", describeSettings(set))
		}
		fmt.Fprintf(os.Stderr, "  wrote %s: %.2f s (%.2f s input + %.2f s tail), %d Hz, %s, in %.2f s (%.0f× real time)\n",
			f.out, secs, float64(res.InputFrames)/float64(in.Rate), float64(res.TailFrames)/float64(in.Rate),
			in.Rate, enc, res.Elapsed.Seconds(), secs/max(res.Elapsed.Seconds(), 1e-9))
	}
	return nil
}
