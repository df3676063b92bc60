package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"rill/host/clap"
	"rill/host/engine"
	"rill/host/params"
)

// bundleRel is where scripts/build.sh puts the bundle, relative to the repository root.
var bundleRel = filepath.Join("dist", "linux-x86_64", "RillTape", "RillTape.clap")

// pluginFlags are the flags every command shares to choose a plugin.
type pluginFlags struct {
	path    string
	id      string
	verbose bool
}

func (f *pluginFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&f.path, "plugin", "", "the .clap file to load (default: this repository's bundle, else the installed Rill Tape)")
	c.Flags().StringVar(&f.id, "plugin-id", "", "which plugin of the module (default: its first)")
	c.Flags().BoolVarP(&f.verbose, "verbose", "v", false, "show every message the plugin logs")
}

// defaultPlugin finds Rill Tape: $RILL_CLAP, the bundle in dist/ from the
// current folder upwards, else an installed RillTape.clap.
func defaultPlugin() (string, error) {
	if p := os.Getenv("RILL_CLAP"); p != "" {
		return p, nil
	}
	if dir, err := os.Getwd(); err == nil {
		for {
			p := filepath.Join(dir, bundleRel)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	for _, p := range clap.Scan(clap.SearchPath()) {
		if filepath.Base(p) == "RillTape.clap" {
			return p, nil
		}
	}
	return "", fmt.Errorf("no plugin given and Rill Tape not found in %s or %s: build it with scripts/build.sh, or pass --plugin PATH",
		bundleRel, strings.Join(clap.SearchPath(), ", "))
}

// session is an opened module and one initialised plugin instance.
type session struct {
	lib *clap.Library
	pl  *clap.Plugin
}

// open loads the plugin the flags choose. [main-thread]
func (f *pluginFlags) open() (*session, error) {
	path := f.path
	if path == "" {
		var err error
		if path, err = defaultPlugin(); err != nil {
			return nil, err
		}
	}
	lib, err := clap.Open(path)
	if err != nil {
		return nil, err
	}
	if len(lib.Descriptors()) == 0 {
		lib.Close()
		return nil, fmt.Errorf("open plugin %s: %w: its factory lists no plugins", path, clap.ErrNotCLAP)
	}
	pl, err := lib.New(f.id)
	if err != nil {
		lib.Close()
		return nil, err
	}
	verbose := f.verbose
	pl.SetLogger(func(s clap.Severity, msg string) {
		if verbose || s >= clap.SeverityWarning {
			fmt.Fprintf(os.Stderr, "plugin %s: %s\n", s, msg)
		}
	})
	pl.Idle()
	return &session{lib: lib, pl: pl}, nil
}

// openSetup is the set-up play and render share: it loads the input, opens
// the plugin and flushes the --param settings (args) into it. On error
// nothing is left open; otherwise the caller closes s. [main-thread]
func openSetup(input *inputFlags, plugin *pluginFlags, args []string) (in *engine.Input, desc string, s *session, set []params.Setting, err error) {
	if in, desc, err = input.load(); err != nil {
		return nil, "", nil, nil, err
	}
	if s, err = plugin.open(); err != nil {
		return nil, "", nil, nil, err
	}
	if set, err = s.applyParams(args); err != nil {
		s.close()
		return nil, "", nil, nil, err
	}
	return in, desc, s, set, nil
}

// applyParams resolves --param arguments and flushes them into the inactive plugin.
func (s *session) applyParams(args []string) ([]params.Setting, error) {
	set, err := params.Resolve(s.pl, args)
	if err != nil {
		return nil, usageError{err}
	}
	if len(set) == 0 {
		return nil, nil
	}
	if err := s.pl.Flush(params.Changes(set)); err != nil {
		return nil, err
	}
	return set, nil
}

// close destroys the instance and unloads the module. [main-thread]
func (s *session) close() {
	s.pl.Destroy()
	s.lib.Close()
}

// describeSettings prints the parameters a command changed.
func describeSettings(set []params.Setting) string {
	parts := make([]string, len(set))
	for i, s := range set {
		parts[i] = params.Normalize(s.Param.Name) + "=" + s.Text
	}
	return strings.Join(parts, " ")
}
