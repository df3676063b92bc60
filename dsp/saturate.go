package dsp

// Tape saturation. The curve is the quintic smoothstep-like polynomial
// (15u − 10u³ + 3u⁵)/8 with u = x/clipKnee: slope 1 at 0, flat (slope and
// curvature 0) where it meets ±1 at |x| = clipKnee, monotonic, bounded, and
// cheap (no division, so two of them per frame cost a few nanoseconds). Its
// small-signal distortion is gentle: −0.19·x³. The tape's ceiling is
// satCeiling: at 0 % drive a signal at 0 dBFS is compressed by about 0.6 dB,
// and nothing written to the tape exceeds
// satCeiling·(1+softClip(bias))/softClipSlope(bias).

// satCeiling is the level the tape saturates toward at 0 % drive (+3.5 dBFS).
const satCeiling = 1.5

// driveMaxDB is the record level boost at 100 % drive. The boost applies to
// the input going onto the tape and is taken off again at playback, so clean
// signals keep their level and the feedback loop's gain does not change:
// drive only decides how hard the tape saturates.
const driveMaxDB = 18.0

// driveBias is the asymmetry at 100 % drive (even harmonics).
const driveBias = 0.2

// clipKnee is where softClip reaches ±1.
const clipKnee = 15.0 / 8

// softClip is the bounded curve: |softClip(x)| <= 1.
func softClip(x float64) float64 {
	if x >= clipKnee {
		return 1
	}
	if x <= -clipKnee {
		return -1
	}
	u := x * (1 / clipKnee)
	u2 := u * u
	return u * (15 - u2*(10-3*u2)) * (1.0 / 8)
}

// softClipSlope is the derivative of softClip: (1 − u²)².
func softClipSlope(x float64) float64 {
	if x >= clipKnee || x <= -clipKnee {
		return 0
	}
	u := x * (1 / clipKnee)
	w := 1 - u*u
	return w * w
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
