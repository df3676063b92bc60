package dsp

import "math"

// Tempo limits: a host tempo outside them (or none) falls back to
// DefaultTempo.
const (
	MinTempo = 20.0
	MaxTempo = 999.0
)

// hostTempo returns the tempo Sync uses for a transport.
func hostTempo(t Transport) float64 {
	if t.HasTempo && t.Tempo >= MinTempo && t.Tempo <= MaxTempo {
		return t.Tempo
	}
	return DefaultTempo
}

// DelaySeconds returns the delay the parameters ask for, in seconds: Time,
// or with Sync on the Division at the tempo; clamped to MinDelaySeconds ..
// MaxDelaySeconds.
func DelaySeconds(v *Values, tempo float64) float64 {
	var s float64
	if v.Get(IDSync) >= 0.5 {
		if !(tempo >= MinTempo && tempo <= MaxTempo) {
			tempo = DefaultTempo
		}
		s = DivisionBeats(int(v.Get(IDDivision))) * 60 / tempo
	} else {
		s = v.Get(IDTime) / 1000
	}
	return math.Min(math.Max(s, MinDelaySeconds), MaxDelaySeconds)
}
