// Command rill-standalone plays and renders audio through a CLAP plugin
// without a DAW: it loads the real .clap bundle (Rill Tape by default, any
// CLAP audio effect with --plugin) the way a DAW does.
//
//	rill-standalone play   [--in FILE.wav | --demo] [--param NAME=VALUE]… [--editor[=embedded|floating]] [--loop]
//	rill-standalone render --in FILE.wav|--demo --out OUT.wav [--param NAME=VALUE]… [--tail SECONDS|auto]
//	rill-standalone info   [--plugin PATH]
//
// Run any command with --help for every flag.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"

	"github.com/spf13/cobra"
)

// The plugin's main thread is this process's main OS thread for its whole
// life: every plugin main-thread call and every GLFW call happens on the main
// goroutine, which init locks to it.
func init() { runtime.LockOSThread() }

// exitCode is the status for a failed command.
const exitCode = 1

func main() {
	if err := rootCommand().Execute(); err != nil {
		fmt.Fprintf(os.Stderr, "rill-standalone: %v\n", err)
		var u usageError
		if errors.As(err, &u) {
			os.Exit(2)
		}
		os.Exit(exitCode)
	}
}

// usageError marks a mistake in the command line (exit status 2).
type usageError struct{ error }

// Unwrap returns the underlying error.
func (u usageError) Unwrap() error { return u.error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// rootCommand builds the command tree.
func rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "rill-standalone",
		Short: "Play and render audio through a CLAP plugin, without a DAW",
		Long: `rill-standalone loads a CLAP plugin (Rill Tape unless --plugin says otherwise) the way a
DAW does and runs audio through it: "play" in real time on the sound card with live meters,
"render" offline to a WAV file, "info" to list what the plugin offers.

The default plugin is the bundle built in this repository (dist/linux-x86_64/RillTape/RillTape.clap,
found from the current folder upwards), else the installed one (CLAP_PATH, ~/.clap, /usr/lib/clap).
RILL_CLAP=PATH overrides the default. --demo plays a built-in phrase so no file is needed.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(playCommand(), renderCommand(), infoCommand())
	return root
}
