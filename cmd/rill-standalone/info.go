package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"rill/host/clap"
	"rill/host/params"
)

func infoCommand() *cobra.Command {
	var f pluginFlags
	var rate int
	var scan bool
	c := &cobra.Command{
		Use:   "info [flags] | info --scan [PATH]…",
		Short: "Show the plugin's descriptor, audio ports, parameters and extensions",
		Long: `info loads the plugin and prints its descriptor, its audio ports, every parameter (id, the
name --param accepts, range and default as the plugin shows them, flags), the CLAP extensions it
offers, and its latency and tail once activated at --rate.

info --scan lists every CLAP plugin found in the given files and folders (default: CLAP_PATH,
~/.clap, /usr/lib/clap, searched recursively), as a DAW's plugin scan does.`,
		RunE: func(c *cobra.Command, args []string) error {
			if scan {
				return runScan(c.OutOrStdout(), args)
			}
			if len(args) > 0 {
				return usagef("info takes no arguments (did you mean --plugin %s or --scan?)", args[0])
			}
			return runInfo(c.OutOrStdout(), &f, rate)
		},
	}
	f.add(c)
	c.Flags().IntVar(&rate, "rate", 48000, "sample rate to activate at when asking latency and tail")
	c.Flags().BoolVar(&scan, "scan", false, "list the plugins found in PATHs (default: the CLAP search path)")
	return c
}

// runScan lists the plugins of every module found; a module that fails to
// load is reported and skipped. [main-thread]
func runScan(w io.Writer, roots []string) error {
	if len(roots) == 0 {
		roots = clap.SearchPath()
	}
	files := clap.Scan(roots)
	fmt.Fprintf(w, "scanned %s: %d module(s)\n", strings.Join(roots, ", "), len(files))
	for _, path := range files {
		lib, err := clap.Open(path)
		if err != nil {
			fmt.Fprintf(w, "%s\n  cannot load: %v\n", path, err)
			continue
		}
		fmt.Fprintln(w, path)
		for _, d := range lib.Descriptors() {
			fmt.Fprintf(w, "  %-32s %s %s (%s) [%s]\n", d.ID, d.Name, d.Version, d.Vendor, strings.Join(d.Features, ", "))
		}
		lib.Close()
	}
	return nil
}

func runInfo(w io.Writer, f *pluginFlags, rate int) error {
	s, err := f.open()
	if err != nil {
		return err
	}
	defer s.close()
	pl := s.pl
	d := pl.Descriptor()
	fmt.Fprintf(w, "plugin       %s\n", d.Name)
	fmt.Fprintf(w, "id           %s\n", d.ID)
	fmt.Fprintf(w, "file         %s\n", s.lib.Path())
	fmt.Fprintf(w, "vendor       %s\n", d.Vendor)
	fmt.Fprintf(w, "version      %s (CLAP %d.%d.%d)\n", d.Version, d.CLAPVersion[0], d.CLAPVersion[1], d.CLAPVersion[2])
	if d.Description != "" {
		fmt.Fprintf(w, "description  %s\n", d.Description)
	}
	if d.URL != "" {
		fmt.Fprintf(w, "url          %s\n", d.URL)
	}
	fmt.Fprintf(w, "features     %s\n", strings.Join(d.Features, ", "))
	if others := s.lib.Descriptors(); len(others) > 1 {
		ids := make([]string, len(others))
		for i, o := range others {
			ids[i] = o.ID
		}
		fmt.Fprintf(w, "module has   %s (choose with --plugin-id)\n", strings.Join(ids, ", "))
	}
	fmt.Fprintf(w, "extensions   %s\n", strings.Join(pl.Extensions(), ", "))

	fmt.Fprintln(w, "\naudio ports")
	for _, input := range []bool{true, false} {
		dir := "out"
		if input {
			dir = "in "
		}
		ports := pl.AudioPorts(input)
		if len(ports) == 0 {
			fmt.Fprintf(w, "  %s  none\n", dir)
		}
		for _, p := range ports {
			main := ""
			if p.Main {
				main = ", main"
			}
			pair := ""
			if p.InPlacePair != clap.InvalidID {
				pair = fmt.Sprintf(", in-place with %d", p.InPlacePair)
			}
			fmt.Fprintf(w, "  %s  #%d %q: %d channels %s%s%s\n", dir, p.ID, p.Name, p.Channels, p.Type, main, pair)
		}
	}

	ps, err := pl.Params()
	switch {
	case err != nil:
		fmt.Fprintf(w, "\nparameters   none (%v)\n", err)
	default:
		fmt.Fprintf(w, "\nparameters (%d; set with --param NAME=VALUE)\n", len(ps))
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  id\tname\tmodule\trange\tdefault\tflags")
		for _, p := range ps {
			lo, _ := pl.ValueToText(p.ID, p.Min)
			hi, _ := pl.ValueToText(p.ID, p.Max)
			def, _ := pl.ValueToText(p.ID, p.Default)
			rng := fmt.Sprintf("%s .. %s", lo, hi)
			if p.Flags&clap.ParamEnum != 0 {
				var labels []string
				for v := p.Min; v <= p.Max && len(labels) < 32; v++ {
					t, _ := pl.ValueToText(p.ID, v)
					labels = append(labels, t)
				}
				if len(labels) > 6 {
					labels = append(labels[:3], "…", labels[len(labels)-1])
					rng = fmt.Sprintf("%s (%g values)", strings.Join(labels, " | "), p.Max-p.Min+1)
				} else {
					rng = strings.Join(labels, " | ")
				}
			}
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", p.ID, params.Normalize(p.Name), p.Module, rng, def, p.Flags)
		}
		tw.Flush()
	}

	if rate < 1000 || rate > 768000 {
		return usagef("--rate %d: want 1000..768000", rate)
	}
	if _, err := pl.Activate(float64(rate), 512); err != nil {
		fmt.Fprintf(w, "\nactivation   failed at %d Hz: %v\n", rate, err)
		return nil
	}
	fmt.Fprintf(w, "\nat %d Hz\n", rate)
	fmt.Fprintf(w, "  latency    %d samples\n", pl.Latency())
	if t, ok := pl.Tail(); ok {
		if t >= math.MaxInt32 {
			fmt.Fprintln(w, "  tail       infinite")
		} else {
			fmt.Fprintf(w, "  tail       %d samples (%.2f s) with the default parameters\n", t, float64(t)/float64(rate))
		}
	} else {
		fmt.Fprintln(w, "  tail       not reported")
	}
	pl.Deactivate()
	return nil
}
