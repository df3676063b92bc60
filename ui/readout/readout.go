// Package readout turns the plugin's raw numbers into what the editor
// shows: meter ballistics (peaks that fall slowly, held peak ticks), the
// dB scale of the bars, and counters with thousands separators. It has no
// GUI code, so it is tested without a window.
package readout

import (
	"math"
	"strconv"

	"rill/plugin/bridge"
)

// The level scale of the editor's bars, in dBFS.
const (
	FloorDB = -60.0 // bottom of a bar; anything quieter shows as empty
	TopDB   = 6.0   // top of a bar
	// FallDB is how far a shown peak falls per frame (about 20 dB/s at 30
	// frames a second), so short peaks stay readable.
	FallDB = 0.7
	// HoldFrames is how long a peak tick stays before it falls.
	HoldFrames = 45
)

// The bars of the level panel, indexes into Levels' arrays.
const (
	InL = iota
	InR
	OutL
	OutR
	Feedback
	NumBars
)

// Levels holds the shown state of each bar, in dB. The zero value shows
// silence.
type Levels struct {
	Peak, RMS, Hold [NumBars]float64
	holdLeft        [NumBars]int
	started         bool
}

// ToDB converts a linear level to dB, FloorDB for silence, NaN and
// anything below the floor.
func ToDB(x float32) float64 {
	if !(x > 0) {
		return FloorDB
	}
	return max(20*math.Log10(float64(x)), FloorDB)
}

// MeterY maps a level in dB to the filled fraction of a bar, 0..1.
func MeterY(db float64) float32 {
	return float32((min(max(db, FloorDB), TopDB) - FloorDB) / (TopDB - FloorDB))
}

// Update takes one frame's meters: a bar jumps up to a new peak at once and
// falls by FallDB per frame; the hold tick stays HoldFrames, then falls.
func (l *Levels) Update(m *bridge.Meters) {
	if !l.started {
		for i := range NumBars {
			l.Peak[i], l.RMS[i], l.Hold[i] = FloorDB, FloorDB, FloorDB
		}
		l.started = true
	}
	peaks := [NumBars]float32{m.InPeak[0], m.InPeak[1], m.OutPeak[0], m.OutPeak[1], m.Feedback}
	rmss := [NumBars]float32{m.InRMS[0], m.InRMS[1], m.OutRMS[0], m.OutRMS[1], 0}
	for i := range NumBars {
		l.Peak[i] = max(ToDB(peaks[i]), l.Peak[i]-FallDB, FloorDB)
		l.RMS[i] = max(ToDB(rmss[i]), l.RMS[i]-FallDB, FloorDB)
		switch {
		case l.Peak[i] >= l.Hold[i]:
			l.Hold[i], l.holdLeft[i] = l.Peak[i], HoldFrames
		case l.holdLeft[i] > 0:
			l.holdLeft[i]--
		default:
			l.Hold[i] = max(l.Hold[i]-FallDB, FloorDB)
		}
	}
}

// Count formats a counter with a comma every three digits.
func Count(v uint64) string {
	s := strconv.FormatUint(v, 10)
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
