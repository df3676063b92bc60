package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"rill/host/demo"
	"rill/host/engine"
	"rill/host/wav"
)

// inputFlags choose the audio fed to the plugin.
type inputFlags struct {
	in   string
	demo bool
	rate int
}

func (f *inputFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&f.in, "in", "", "input WAV file (16/24/32-bit integer or 32-bit float, mono or stereo)")
	c.Flags().BoolVar(&f.demo, "demo", false, "use the built-in demo phrase instead of a file")
	c.Flags().IntVar(&f.rate, "rate", 0, "sample rate of --demo in Hz (default 48000); files play at their own rate")
}

// load reads the input the flags name.
func (f *inputFlags) load() (*engine.Input, string, error) {
	switch {
	case f.in != "" && f.demo:
		return nil, "", usagef("give either --in or --demo, not both")
	case f.in == "" && !f.demo:
		return nil, "", usagef("give an input: --in FILE.wav or --demo")
	case f.demo:
		rate := f.rate
		if rate == 0 {
			rate = 48000
		}
		if rate < 8000 || rate > 768000 {
			return nil, "", usagef("--rate %d: want 8000..768000 Hz", rate)
		}
		l, r := demo.Phrase(rate)
		return &engine.Input{Rate: rate, Left: l, Right: r}, fmt.Sprintf("demo phrase (%.1f s at %d Hz)", demo.Duration(), rate), nil
	}
	a, err := wav.ReadFile(f.in)
	if err != nil {
		return nil, "", err
	}
	if f.rate != 0 && f.rate != a.SampleRate {
		return nil, "", usagef("--rate %d: %s is %d Hz and rill-standalone does not resample (--rate applies to --demo)", f.rate, f.in, a.SampleRate)
	}
	chans := "stereo"
	if a.Channels == 1 {
		chans = "mono, up-mixed"
	}
	desc := fmt.Sprintf("%s (%.2f s, %d Hz, %s, %s)", f.in, float64(a.Frames())/float64(a.SampleRate), a.SampleRate, a.Encoding, chans)
	return &engine.Input{Rate: a.SampleRate, Left: a.Left, Right: a.Right}, desc, nil
}
