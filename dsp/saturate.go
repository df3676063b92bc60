package dsp

// Tape saturation. The curve is a rational (Padé) approximation of tanh,
// exact at 0, with zero slope where it meets ±1 at |x| = 3: smooth,
// bounded and cheap (one division). The tape's ceiling is satCeiling: at 0 %
// drive a signal at 0 dBFS is compressed by about 1 dB, and nothing written
// to the tape ever exceeds satCeiling·(1+softClip(bias)).

// satCeiling is the level the tape saturates toward at 0 % drive (+3.5 dBFS).
const satCeiling = 1.5

// driveMaxDB is the record level boost at 100 % drive. The boost applies to
// the input going onto the tape and is taken off again at playback, so clean
// signals keep their level and the feedback loop's gain does not change:
// drive only decides how hard the tape saturates.
const driveMaxDB = 18.0

// driveBias is the asymmetry at 100 % drive (even harmonics).
const driveBias = 0.2

// softClip is the bounded curve: tanh-like, |softClip(x)| <= 1.
func softClip(x float64) float64 {
	if x >= 3 {
		return 1
	}
	if x <= -3 {
		return -1
	}
	x2 := x * x
	return x * (27 + x2) / (27 + 9*x2)
}

// softClipSlope is the derivative of softClip.
func softClipSlope(x float64) float64 {
	if x >= 3 || x <= -3 {
		return 0
	}
	x2 := x * x
	d := 27 + 9*x2
	return ((27+3*x2)*d - 18*x2*(27+x2)) / (d * d)
}

// saturator is the tape curve's operating point for a drive setting:
// tape(x) = (softClip(x/satCeiling + bias) − biasOut)·post, which is 0 at 0,
// has slope 1 there (post divides out the slope at the bias), and is bounded
// by satCeiling·(1+biasOut)/slope.
type saturator struct{ bias, biasOut, post, record float64 }

// saturatorFor returns the operating point for drive in 0..1.
func saturatorFor(drive float64) saturator {
	bias := driveBias * drive
	return saturator{
		bias:    bias,
		biasOut: softClip(bias),
		post:    satCeiling / softClipSlope(bias),
		record:  dbToGain(driveMaxDB * drive),
	}
}

// apply runs x through the curve.
func (s saturator) apply(x float64) float64 {
	return (softClip(x*(1/satCeiling)+s.bias) - s.biasOut) * s.post
}
