package main

import (
	"fmt"
	"math"
	"strings"

	"rill/host/engine"
)

// meterFloor is the bottom of the meter scale in dBFS.
const meterFloor = -60

// dbfs converts a linear level to dBFS (meterFloor and below for silence).
func dbfs(x float32) float64 {
	if x <= 0 {
		return math.Inf(-1)
	}
	return 20 * math.Log10(float64(x))
}

// bar draws a level as a bar of width cells over meterFloor..0 dBFS, with
// the RMS level solid and the peak as a marker.
func bar(rms, peak float32, width int) string {
	pos := func(x float32) int {
		db := dbfs(x)
		if db <= meterFloor {
			return 0
		}
		return int(math.Round(min(1, (db-meterFloor)/-meterFloor) * float64(width)))
	}
	r, p := pos(rms), pos(peak)
	var b strings.Builder
	for i := 0; i < width; i++ {
		switch {
		case i < r:
			b.WriteString("█")
		case i == p-1 && p > 0:
			b.WriteString("▏")
		default:
			b.WriteString(" ")
		}
	}
	return b.String()
}

// levelText shows a peak level in dB, "-inf" for silence.
func levelText(x float32) string {
	db := dbfs(x)
	if db < -99 {
		return " -inf"
	}
	return fmt.Sprintf("%5.1f", db)
}

// meterLine renders one status line: position, per-channel bars and peak
// dB, and the plugin's CPU load (average and worst block).
func meterLine(m engine.Meters, peakHoldL, peakHoldR float32, width int) string {
	state := "▶"
	if m.Tail {
		state = "…"
	}
	clip := ""
	if peakHoldL >= 1 || peakHoldR >= 1 {
		clip = " CLIP"
	}
	return fmt.Sprintf("%s %6.1fs  L %s%s dB  R %s%s dB  CPU %5.1f%% (peak %5.1f%%)%s",
		state, m.Position, bar(m.RMSL, peakHoldL, width), levelText(peakHoldL),
		bar(m.RMSR, peakHoldR, width), levelText(peakHoldR), 100*m.Load, 100*m.PeakLoad, clip)
}
