package dsp

import (
	"math"
	"testing"
)

func TestImpulseEchoAtExactDelay(t *testing.T) {
	cases := map[float64][]float64{
		1000:  {1, 2, 3, 9, 10, 64, 65, 100}, // short delays: the heads read right behind the writes
		44100: {1, 10, 250, 1234.5, 4000},
		48000: {1, 1.5, 10, 250, 1234.5, 4000},
		96000: {1, 10, 250, 1234.5, 4000},
	}
	for sr, times := range cases {
		for _, ms := range times {
			e := newEngine(t, sr, 512, true, map[ParamID]float64{IDTime: ms})
			d := int(math.Round(ms / 1000 * sr))
			n := d + 200
			x := make([]float32, n)
			// −40 dBFS: far below the tape's saturation.
			const amp = 0.01
			x[0] = amp
			ol, or := render(e, x, x, 512)
			if math.Abs(ms*sr/1000-float64(d)) > 1e-9 {
				// Fractional delay: the interpolator spreads the echo over
				// the four samples around it.
				var sum float32
				for _, v := range ol[d-3 : d+3] {
					sum += v
				}
				if math.Abs(float64(sum-amp)) > 1e-4 {
					t.Errorf("sr %v, %v ms: fractional echo sums to %v, want %v", sr, ms, sum, amp)
				}
				continue
			}
			// The echoes' DC blocker leaves a tail of 2π·5 Hz/sr per sample.
			tol := amp * (1e-4 + 2*math.Pi*dcBlockHz/sr*1.01)
			for i, v := range ol {
				want := float32(0)
				if i == d {
					want = amp
				}
				if math.Abs(float64(v-want)) > tol || math.Abs(float64(or[i]-want)) > tol {
					t.Fatalf("sr %v, %v ms: out[%d] = %v/%v, want %v (echo at sample %d)", sr, ms, i, v, or[i], want, d)
				}
			}
		}
	}
}

// burstEchoes sends a 1 kHz tone burst and returns the RMS of the middle of
// each of k echoes.
func burstEchoes(t *testing.T, sr float64, settings map[ParamID]float64, f float64, k int) []float64 {
	t.Helper()
	const delayMs = 200.0
	settings[IDTime] = delayMs
	e := newEngine(t, sr, 256, true, settings)
	d := int(delayMs / 1000 * sr)
	burst := int(0.12 * sr)
	x := make([]float32, d*(k+1))
	copy(x, sine(burst, f, sr, 0.05))
	ol, _ := render(e, x, x, 256)
	var out []float64
	for j := 1; j <= k; j++ {
		from := j*d + burst/3
		out = append(out, rms(ol[from:from+burst/3]))
	}
	return out
}

func TestFeedbackGainsArePowers(t *testing.T) {
	for _, fb := range []float64{30, 60, 90, 100} {
		echoes := burstEchoes(t, 48000, map[ParamID]float64{IDFeedback: fb}, 1000, 6)
		for j := 1; j < len(echoes); j++ {
			got := db(echoes[j] / echoes[0])
			want := float64(j) * db(fb/100)
			if math.Abs(got-want) > 0.05*float64(j)+0.02 {
				t.Errorf("feedback %v%%: echo %d is %.3f dB under the first, want %.3f", fb, j+1, -got, -want)
			}
		}
	}
}

func TestLoopFilterCorners(t *testing.T) {
	cases := []struct {
		name     string
		settings map[ParamID]float64
		fc       float64
	}{
		{"low cut 300 Hz", map[ParamID]float64{IDLowCut: 300}, 300},
		{"low cut 1 kHz", map[ParamID]float64{IDLowCut: 1000}, 1000},
		{"high cut 2 kHz", map[ParamID]float64{IDHighCut: 2000}, 2000},
		{"high cut 8 kHz", map[ParamID]float64{IDHighCut: 8000}, 8000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.settings[IDFeedback] = 100
			// The second echo went through the loop filters once: −3 dB at
			// the corner. Find where the loss crosses −3 dB.
			loss := func(f float64) float64 {
				s := map[ParamID]float64{}
				for k, v := range c.settings {
					s[k] = v
				}
				e := burstEchoes(t, 48000, s, f, 2)
				return db(e[1] / e[0])
			}
			lo, hi := c.fc*0.5, c.fc*2
			highPass := c.settings[IDLowCut] != 0
			for range 14 {
				mid := math.Sqrt(lo * hi)
				above := loss(mid) > -3.0103 // less loss than at the corner
				if above == highPass {
					hi = mid
				} else {
					lo = mid
				}
			}
			got := math.Sqrt(lo * hi)
			if math.Abs(got/c.fc-1) > 0.05 {
				t.Errorf("measured −3 dB corner %.1f Hz, want %.1f Hz ± 5 %%", got, c.fc)
			}
		})
	}
}

func TestTempoSyncExact(t *testing.T) {
	cases := []struct {
		name      string
		transport *Transport
		division  string
		sr        float64
		wantDelay int
	}{
		{"quarter at 120", &Transport{HasTempo: true, Tempo: 120}, "1/4", 48000, 24000},
		{"dotted eighth at 100", &Transport{HasTempo: true, Tempo: 100}, "1/8D", 48000, 21600},
		{"sixteenth at 150", &Transport{HasTempo: true, Tempo: 150}, "1/16", 44100, 4410},
		{"eighth triplet at 125", &Transport{HasTempo: true, Tempo: 125}, "1/8T", 48000, 7680},
		{"no host tempo: 120", nil, "1/4", 48000, 24000},
		{"host without tempo: 120", &Transport{HasTempo: false, Tempo: 90}, "1/8", 96000, 24000},
		{"2 bars at 240", &Transport{HasTempo: true, Tempo: 240}, "2/1", 48000, 96000},
	}
	div, _ := ParamByID(IDDivision)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := div.Parse(c.division)
			if err != nil {
				t.Fatal(err)
			}
			e := newEngine(t, c.sr, 1024, true, map[ParamID]float64{IDSync: 1, IDDivision: v, IDTime: 10})
			if c.transport != nil {
				e.SetTransport(*c.transport)
			}
			e.Reset() // start at the synced delay (no glide)
			x := make([]float32, c.wantDelay+10)
			x[0] = 0.01
			ol, _ := render(e, x, x, 1024)
			if got := argmax(ol); got != c.wantDelay || math.Abs(float64(ol[got])-0.01) > 1e-6 {
				t.Errorf("echo at sample %d (%v), want %d (0.01)", got, ol[got], c.wantDelay)
			}
		})
	}
}

func argmax(x []float32) int {
	best := 0
	for i, v := range x {
		if math.Abs(float64(v)) > math.Abs(float64(x[best])) {
			best = i
		}
	}
	return best
}
