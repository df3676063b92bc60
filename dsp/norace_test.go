//go:build !race

package dsp

// raceEnabled shortens the longest loops under the race detector.
const raceEnabled = false
