// Package ui draws the Rill Tape editor with giu: knobs, switches and menus
// for every parameter of the dsp table, level meters, a live picture of the
// tape with its heads, and the plugin's buffer statistics. It reads and
// writes the plugin only through a control.Controller and a bridge.Region,
// so the same window runs against a plugin or the demo.
//
// Only this package and cmd/rill-editor import giu.
package ui
