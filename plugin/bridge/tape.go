package bridge

import "math"

// TapeColumn is one column of the tape view: the lowest and highest sample
// of each channel over the stretch of tape it covers.
type TapeColumn struct {
	Min, Max [Channels]float32
}

// TapeRecorder decimates what the plugin writes to tape into the region's
// tape view: TapeColumns min/max columns that each cover an equal stretch of
// the tape, so the strip is a picture of the whole loop and the write head
// moves along it. It belongs to the audio thread; its state lives in the
// plugin's memory, only finished columns go to the region.
type TapeRecorder struct {
	r         *Region
	span      int // samples of tape the strip covers
	perColumn int
	n         int // samples in the current column so far
	col       int
	lo, hi    [Channels]float32
}

// NewTapeRecorder returns a recorder that writes into r's tape view for a
// tape of span samples. [main-thread]
func NewTapeRecorder(r *Region, span int) *TapeRecorder {
	t := &TapeRecorder{r: r}
	t.SetSpan(span)
	return t
}

// SetSpan sets the tape's length in samples (each column covers
// span/TapeColumns, at least one); the current column restarts.
// [audio-thread]
func (t *TapeRecorder) SetSpan(span int) {
	t.span = max(span, 1)
	t.perColumn = max(t.span/TapeColumns, 1)
	t.r.put32(offTapePerCol, uint32(t.perColumn))
	t.n = 0
}

// Record adds a block of samples written to tape, one slice per channel (a
// nil or short slice counts as silence; non-finite samples count as 0).
// start is the write head's position at the block's first sample, as a
// fraction of the tape: the recorder follows it, so the view stays aligned
// with the heads when the plugin jumps or drifts. [audio-thread]
func (t *TapeRecorder) Record(left, right []float32, start float32) {
	if start >= 0 && start < 1 {
		col := min(int(start*TapeColumns), TapeColumns-1)
		switch col {
		case t.col:
		case (t.col + 1) % TapeColumns: // slightly behind: finish this column
			if t.n > 0 {
				t.flush()
			}
		default: // a jump: start over where the head is
			t.col, t.n = col, 0
		}
	}
	frames := max(len(left), len(right))
	for i := 0; i < frames; {
		// The stretch up to the end of the current column, one channel at a
		// time: a tight loop per channel instead of a branchy one per frame.
		k := min(frames-i, t.perColumn-t.n)
		t.fold(0, left, i, k)
		t.fold(1, right, i, k)
		t.n += k
		i += k
		if t.n >= t.perColumn {
			t.flush()
		}
	}
}

// fold adds samples [i, i+k) of channel ch to the current column; samples
// past the end of s count as silence, non-finite ones as 0.
func (t *TapeRecorder) fold(ch int, s []float32, i, k int) {
	seg := s[min(i, len(s)):min(i+k, len(s))]
	lo, hi := t.lo[ch], t.hi[ch]
	if t.n == 0 {
		// A new column starts with its first sample (0 for silence).
		var x float32
		if len(seg) > 0 {
			x = finite(seg[0])
		}
		lo, hi = x, x
	}
	if len(seg) < k {
		lo, hi = min(lo, 0), max(hi, 0)
	}
	l, h, bad := lo, hi, false
	for _, x := range seg {
		if x < l {
			l = x
		} else if x > h {
			h = x
		} else if x != x {
			bad = true
		}
	}
	if bad || l < -math.MaxFloat32 || h > math.MaxFloat32 {
		// NaN or Inf in the stretch: again, counting them as 0.
		l, h = lo, hi
		for _, x := range seg {
			x = finite(x)
			l, h = min(l, x), max(h, x)
		}
	}
	t.lo[ch], t.hi[ch] = l, h
}

func (t *TapeRecorder) flush() {
	base := offTapeData + t.col*16
	t.r.put32(base, math.Float32bits(t.lo[0]))
	t.r.put32(base+4, math.Float32bits(t.hi[0]))
	t.r.put32(base+8, math.Float32bits(t.lo[1]))
	t.r.put32(base+12, math.Float32bits(t.hi[1]))
	t.col = (t.col + 1) % TapeColumns
	t.r.put32(offTapeWriteCol, uint32(t.col))
	t.n = 0
}

func finite(x float32) float32 {
	if x != x || x > math.MaxFloat32 || x < -math.MaxFloat32 {
		return 0
	}
	return x
}

// TapeWriteColumn returns the column the plugin writes next: the write
// head's position on the strip. [editor]
func (r *Region) TapeWriteColumn() int { return int(r.get32(offTapeWriteCol) % TapeColumns) }

// TapeSamplesPerColumn returns how many samples one column covers (0 before
// the plugin set up its recorder). [editor]
func (r *Region) TapeSamplesPerColumn() int { return int(r.get32(offTapePerCol)) }

// TapeColumn returns column i (0 ≤ i < TapeColumns) of the tape view.
// [editor]
func (r *Region) TapeColumn(i int) TapeColumn {
	base := offTapeData + (i%TapeColumns)*16
	return TapeColumn{
		Min: [Channels]float32{math.Float32frombits(r.get32(base)), math.Float32frombits(r.get32(base + 8))},
		Max: [Channels]float32{math.Float32frombits(r.get32(base + 4)), math.Float32frombits(r.get32(base + 12))},
	}
}
