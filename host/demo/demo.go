// Package demo synthesizes the standalone host's built-in signals: a short
// plucked-string phrase with a rest at the end (so a delay's echoes are heard
// on their own), and a click track for measuring echoes. Both are
// deterministic: the same rate always gives the same samples.
package demo

import "math"

// Note is one plucked note of the phrase.
type Note struct {
	Start    float64 // seconds from the phrase's start
	Freq     float64 // Hz
	Velocity float64 // 0..1
	Pan      float64 // -1 (left) .. 1 (right)
}

// Tempo is the phrase's tempo in beats per minute.
const Tempo = 120

// phraseBeats is the phrase's length in beats: eight eighth notes over two
// bars, then a bar and a half of rest for the echoes.
const phraseBeats = 7

// Notes returns the phrase: an A-minor pentatonic figure in eighth notes.
func Notes() []Note {
	const eighth = 60.0 / Tempo / 2
	semis := []int{0, 3, 7, 10, 12, 10, 7, 15} // from A3
	pans := []float64{-0.4, 0.3, -0.2, 0.4, 0, -0.3, 0.2, 0}
	notes := make([]Note, len(semis))
	for i, s := range semis {
		notes[i] = Note{
			Start:    float64(i) * eighth,
			Freq:     220 * math.Pow(2, float64(s)/12),
			Velocity: 0.75 + 0.25*float64(i%2),
			Pan:      pans[i],
		}
	}
	return notes
}

// Duration returns the phrase's length in seconds, rest included.
func Duration() float64 { return phraseBeats * 60.0 / Tempo }

// Phrase renders the phrase at sampleRate as two channels. Peaks stay below
// 0.6 so a delay with feedback has headroom.
func Phrase(sampleRate int) (left, right []float32) {
	n := int(math.Round(Duration() * float64(sampleRate)))
	left, right = make([]float32, n), make([]float32, n)
	rng := uint32(0x9E3779B9)
	for _, note := range Notes() {
		start := int(math.Round(note.Start * float64(sampleRate)))
		gl := float32(0.55 * note.Velocity * math.Sqrt(0.5*(1-note.Pan)))
		gr := float32(0.55 * note.Velocity * math.Sqrt(0.5*(1+note.Pan)))
		pluck(left[start:], right[start:], float64(sampleRate), note.Freq, gl, gr, &rng)
	}
	return left, right
}

// pluck adds one Karplus-Strong string to l and r: a burst of noise circulating
// in a delay line one period long, low-passed and damped on every pass.
func pluck(l, r []float32, rate, freq float64, gl, gr float32, rng *uint32) {
	period := max(2, int(math.Round(rate/freq)))
	line := make([]float32, period)
	for i := range line {
		*rng ^= *rng << 13
		*rng ^= *rng >> 17
		*rng ^= *rng << 5
		line[i] = float32(*rng)/float32(math.MaxUint32)*2 - 1
	}
	// Smooth the burst once so the attack is a pluck, not a hiss.
	for i := 1; i < period; i++ {
		line[i] = 0.5 * (line[i] + line[i-1])
	}
	// Damping per pass that makes the note decay by 60 dB in about 1.2 s.
	damp := float32(math.Pow(0.001, 1/(1.2*freq)))
	prev := float32(0)
	for i := range l {
		j := i % period
		x := line[j]
		line[j] = damp * 0.5 * (x + prev)
		prev = x
		env := float32(1)
		if i < 32 {
			env = float32(i) / 32 // a click-free onset
		}
		l[i] += gl * env * x
		r[i] += gr * env * x
	}
}

// Clicks returns a click track: count single-sample impulses of height amp,
// every interval seconds starting at 0, followed by silence up to total
// seconds. Echoes of a click are easy to find and measure.
func Clicks(sampleRate int, interval float64, count int, amp float32, total float64) []float32 {
	n := int(math.Round(total * float64(sampleRate)))
	out := make([]float32, n)
	for k := 0; k < count; k++ {
		i := int(math.Round(float64(k) * interval * float64(sampleRate)))
		if i < n {
			out[i] = amp
		}
	}
	return out
}
