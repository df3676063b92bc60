package instance

import "rill/dsp"

// Meters returns the engine's meters of the last block, for the editor.
// [audio-thread]
func (i *Instance) Meters() dsp.Meters { return i.engine.Meters() }

// SampleRate returns the sample rate of the current activation (0 before
// the first). [audio-thread, main-thread]
func (i *Instance) SampleRate() float64 { return i.engine.SampleRate() }
