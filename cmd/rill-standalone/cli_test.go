package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rill/host/engine"
)

func TestParseTail(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"auto", -1, true}, {"AUTO", -1, true}, {"0", 0, true}, {"2.5", 2.5, true},
		{"-1", 0, false}, {"forever", 0, false}, {"NaN", 0, false}, {"7200", 0, false},
	}
	for _, tc := range tests {
		got, err := parseTail(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("parseTail(%q) = %v, %v", tc.in, got, err)
		}
		var u usageError
		if err != nil && !errors.As(err, &u) {
			t.Errorf("parseTail(%q): %v is not a usage error", tc.in, err)
		}
	}
}

func TestInputFlags(t *testing.T) {
	tests := []struct {
		name   string
		f      inputFlags
		frames int
		err    string
	}{
		{"demo default rate", inputFlags{demo: true}, 168000, ""},
		{"demo 44.1 kHz", inputFlags{demo: true, rate: 44100}, 154350, ""},
		{"demo rate too low", inputFlags{demo: true, rate: 100}, 0, "8000..768000"},
		{"both", inputFlags{demo: true, in: "x.wav"}, 0, "not both"},
		{"none", inputFlags{}, 0, "give an input"},
		{"missing file", inputFlags{in: "/nonexistent/x.wav"}, 0, "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, desc, err := tc.f.load()
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || in.Frames() != tc.frames || desc == "" {
				t.Fatalf("%d frames, %q, %v", in.Frames(), desc, err)
			}
		})
	}
}

func TestDefaultPlugin(t *testing.T) {
	t.Run("RILL_CLAP wins", func(t *testing.T) {
		t.Setenv("RILL_CLAP", "/some/where.clap")
		if p, err := defaultPlugin(); err != nil || p != "/some/where.clap" {
			t.Fatalf("%q %v", p, err)
		}
	})
	t.Run("bundle found from a subfolder", func(t *testing.T) {
		t.Setenv("RILL_CLAP", "")
		root := t.TempDir()
		bundle := filepath.Join(root, bundleRel)
		os.MkdirAll(filepath.Dir(bundle), 0o755)
		os.WriteFile(bundle, []byte("x"), 0o644)
		sub := filepath.Join(root, "a", "b")
		os.MkdirAll(sub, 0o755)
		t.Chdir(sub)
		if p, err := defaultPlugin(); err != nil || p != bundle {
			t.Fatalf("%q %v, want %q", p, err, bundle)
		}
	})
	t.Run("installed copy", func(t *testing.T) {
		t.Setenv("RILL_CLAP", "")
		t.Chdir(t.TempDir())
		dir := t.TempDir()
		inst := filepath.Join(dir, "RillTape", "RillTape.clap")
		os.MkdirAll(filepath.Dir(inst), 0o755)
		os.WriteFile(inst, []byte("x"), 0o644)
		t.Setenv("CLAP_PATH", dir)
		t.Setenv("HOME", t.TempDir())
		if p, err := defaultPlugin(); err != nil || p != inst {
			t.Fatalf("%q %v, want %q", p, err, inst)
		}
	})
	t.Run("nowhere", func(t *testing.T) {
		t.Setenv("RILL_CLAP", "")
		t.Setenv("CLAP_PATH", "")
		t.Setenv("HOME", t.TempDir())
		t.Chdir(t.TempDir())
		if _, err := os.Stat("/usr/lib/clap/RillTape/RillTape.clap"); err == nil {
			t.Fatal("Rill Tape is installed system-wide; this case cannot be checked here")
		}
		if _, err := defaultPlugin(); err == nil || !strings.Contains(err.Error(), "scripts/build.sh") {
			t.Fatalf("error %v", err)
		}
	})
}

func TestCommandLineErrors(t *testing.T) {
	tests := []struct {
		args  []string
		usage bool
		want  string
	}{
		{[]string{"render", "--demo"}, true, "--out"},
		{[]string{"render", "--demo", "--out", "x.wav", "--format", "u8"}, true, "unknown sample format"},
		{[]string{"render", "--demo", "--out", "x.wav", "--block", "0"}, true, "--block 0"},
		{[]string{"render", "--no-such-flag"}, true, "unknown flag"},
		{[]string{"play", "--editor=tabs"}, true, "embedded or floating"},
		{[]string{"play", "--block", "99999"}, true, "--block"},
		{[]string{"info", "--plugin", "/nonexistent.clap"}, false, "no such file"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			c := rootCommand()
			c.SetArgs(tc.args)
			c.SetOut(&strings.Builder{})
			c.SetErr(&strings.Builder{})
			err := c.Execute()
			var u usageError
			if err == nil || errors.As(err, &u) != tc.usage || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v (usage %v), want %q (usage %v)", err, errors.As(err, &u), tc.want, tc.usage)
			}
		})
	}
}

func TestMeterLine(t *testing.T) {
	if got := bar(0, 0, 10); got != strings.Repeat(" ", 10) {
		t.Errorf("silence: %q", got)
	}
	if got := bar(1, 1, 10); got != strings.Repeat("█", 10) {
		t.Errorf("full scale: %q", got)
	}
	// -30 dBFS RMS fills half of the 60 dB scale; a -6 dB peak marks cell 9.
	if got := bar(0.031623, 0.5, 10); got != "█████   ▏ " {
		t.Errorf("half: %q", got)
	}
	if levelText(0) != " -inf" || levelText(1) != "  0.0" {
		t.Errorf("level text %q %q", levelText(0), levelText(1))
	}
	line := meterLine(engine.Meters{PeakL: 1, PeakR: 0.5, RMSL: 0.1, RMSR: 0.1, Load: 0.021, PeakLoad: 0.05, Position: 3.25}, 1, 0.5, 10)
	for _, want := range []string{"3.2s", "  0.0 dB", " -6.0 dB", "CPU   2.1%", "peak   5.0%", "CLIP"} {
		if !strings.Contains(line, want) {
			t.Errorf("meter line %q lacks %q", line, want)
		}
	}
}
