package dsp

import "rill/buffers"

// The read heads read a buffers.TapeLoop's storage directly (Slice and
// WritePos), with the same clamping and the same 4-point Lagrange
// interpolation as TapeLoop.ReadCubic, so the per-sample loop pays no call:
// the generic method is not inlined, and each of the two to four reads per
// frame cost more than the interpolation itself. TestHeadMatchesReadCubic
// pins the equivalence.

// readCubic returns the sample delay samples old on a tape whose storage is
// buf and whose next write goes to pos. delay is clamped into [0, len-1]
// (NaN reads the newest sample).
func readCubic(buf []float32, pos int, delay float64) float64 {
	n := len(buf)
	last := float64(n - 1)
	if !(delay > 0) {
		delay = 0
	} else if delay > last {
		delay = last
	}
	i := int(delay)
	f := delay - float64(i)
	j := pos - 1 - i
	if j < 0 {
		j += n
	}
	if i > 0 && i+2 < n && j >= 2 && j+1 < n {
		q := buf[j-2 : j+2 : j+2] // oldest to newest: x3, x2, x1, x0
		return buffers.Lagrange3(float64(q[3]), float64(q[2]), float64(q[1]), float64(q[0]), f)
	}
	return readCubicWrapped(buf, j, i, f)
}

// readCubicWrapped is readCubic's slow path: taps that wrap around the
// storage, or lie beyond the newest or oldest sample (those repeat it).
func readCubicWrapped(buf []float32, j1, i int, f float64) float64 {
	n := len(buf)
	x1 := float64(buf[j1])
	x0 := x1
	if i > 0 {
		j := j1 + 1
		if j == n {
			j = 0
		}
		x0 = float64(buf[j])
	}
	j2, j3 := j1, j1
	if i+1 < n {
		j2 = j1 - 1
		if j2 < 0 {
			j2 += n
		}
		j3 = j2
		if i+2 < n {
			j3 = j2 - 1
			if j3 < 0 {
				j3 += n
			}
		}
	}
	return buffers.Lagrange3(x0, x1, float64(buf[j2]), float64(buf[j3]), f)
}

// readFresh is readCubic for a tape of which only the newest fresh samples
// count (written since the last Reset): older taps read as silence. With
// fresh >= len(buf) it returns exactly what readCubic returns. i and f are
// the clamped delay's integer and fractional parts. Reset then costs
// nothing, where clearing two tapes at 768 kHz takes milliseconds.
func readFresh(buf []float32, pos, i int, f float64, fresh int) float64 {
	return buffers.Lagrange3(tapAt(buf, pos, i-1, fresh), tapAt(buf, pos, i, fresh),
		tapAt(buf, pos, i+1, fresh), tapAt(buf, pos, i+2, fresh), f)
}

// tapAt returns the sample d samples old, d clamped into [0, len-1] like
// TapeLoop's taps, or 0 when it is not among the fresh ones.
func tapAt(buf []float32, pos, d, fresh int) float64 {
	n := len(buf)
	d = max(0, min(d, n-1))
	if d >= fresh {
		return 0
	}
	j := pos - 1 - d
	if j < 0 {
		j += n
	}
	return float64(buf[j])
}

// splitClamped clamps a fractional delay into [0, n-1] (NaN → 0) and
// splits it.
func splitClamped(delay float64, n int) (int, float64) {
	if !(delay > 0) {
		return 0, 0
	}
	if last := float64(n - 1); delay > last {
		delay = last
	}
	i := int(delay)
	return i, delay - float64(i)
}
