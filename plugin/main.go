// Command plugin is the Go half of Rill Tape's CLAP plugin, built with
// -buildmode=c-archive and linked with the C shim (shim/) into RillTape.clap by
// scripts/build.sh. It holds only cgo exports: each is thin, names its CLAP thread,
// turns C pointers into Go slices over the host's memory (no copies) and calls
// rill/plugin/instance, where the logic lives. The shim calls it; it never calls
// the shim.
package main

import "rill/plugin/instance"

// instances maps the shim's integer handles to plugin instances.
var instances instance.Table

// main is required by -buildmode=c-archive and never runs.
func main() {}
