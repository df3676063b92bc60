package instance

import (
	"fmt"

	"rill/dsp"
)

// StateSize is the length of a saved state: the dsp encoding (magic "RLTP",
// version, id/value pairs, CRC32), nothing added.
const StateSize = dsp.StateSize

// SaveState writes the current parameter values into dst (the dsp encoding) and
// returns the number of bytes written. It does not allocate. [main-thread]
func (i *Instance) SaveState(dst []byte) (int, error) {
	if len(dst) < StateSize {
		return 0, fmt.Errorf("instance: save state: buffer of %d bytes, need %d", len(dst), StateSize)
	}
	i.loadValues(&i.stateTemp)
	out := dsp.AppendState(dst[:0:len(dst)], &i.stateTemp)
	return len(out), nil
}

// LoadState replaces every parameter value by the state in src. Empty, truncated or
// corrupt input returns an error and changes nothing. While active, the audio thread
// picks the values up at its next process or flush; the shared values (get_value)
// change at once. [main-thread]
func (i *Instance) LoadState(src []byte) error {
	v, err := dsp.DecodeState(src)
	if err != nil {
		return fmt.Errorf("instance: load state of %d bytes: %w", len(src), err)
	}
	for k := range v {
		i.values[k].Store(v[k])
	}
	i.loadGen.Add(1)
	if !i.active.Load() {
		i.applyPendingLoad()
	}
	return nil
}
