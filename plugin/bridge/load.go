package bridge

// LoadMeter turns per-block processing times into the three CPU load
// figures of Meters. It belongs to the audio thread: no locks, no
// allocation, plain arithmetic. The zero value is ready to use.
type LoadMeter struct {
	last, avg, peak float32
}

// loadAvgSeconds is the time constant of the average; loadPeakFall is how
// much of its value the peak loses per second once no higher block comes.
const (
	loadAvgSeconds = 1.0
	loadPeakFall   = 0.5
)

// Update records one block that took busy seconds of processing and lasts
// block seconds of audio. Non-positive or non-finite inputs are ignored.
// [audio-thread]
func (l *LoadMeter) Update(busy, block float64) {
	if !(busy >= 0) || !(block > 0) || busy > 1e6 || block > 1e6 {
		return
	}
	x := float32(busy / block)
	l.last = x
	a := float32(block / loadAvgSeconds)
	if a > 1 {
		a = 1
	}
	l.avg += a * (x - l.avg)
	l.peak -= l.peak * float32(min(block*loadPeakFall, 1))
	if x > l.peak {
		l.peak = x
	}
}

// Fill copies the current figures into m. [audio-thread]
func (l *LoadMeter) Fill(m *Meters) {
	m.Load, m.LoadAvg, m.LoadPeak = l.last, l.avg, l.peak
}
