package dsp

import (
	"math"

	"rill/buffers"
)

// Process runs one block. inL/inR and outL/outR may be the same slices
// (in place). The block has min(len(outL), len(outR)) frames; inputs shorter
// than that are read as silence. Events should be sorted by Offset and lie
// in the block: an event whose offset is already passed takes effect at the
// current sample, one at or past the end after the block. An inactive
// engine writes silence. It never allocates. [audio-thread]
func (e *Engine) Process(inL, inR, outL, outR []float32, events []Event) {
	n := min(len(outL), len(outR))
	outL, outR = outL[:n], outR[:n]
	if !e.active {
		clear(outL)
		clear(outR)
		return
	}
	e.mInPeak, e.mInSum, e.mOutPeak, e.mOutSum, e.mFb = [2]float64{}, [2]float64{}, [2]float64{}, [2]float64{}, 0
	pos, k := 0, 0
	for pos < n {
		for k < len(events) && events[k].Offset <= pos {
			e.SetValue(events[k].ID, events[k].Value)
			k++
		}
		end := n
		if k < len(events) {
			end = min(n, events[k].Offset)
		}
		for pos < end {
			// The control tick comes after the events at its sample, so a
			// value set between blocks (flush) and one set by an event at
			// that sample take the same path.
			if e.ctlLeft == 0 {
				e.controlTick()
				e.ctlLeft = controlPeriod
			}
			seg := e.r.settledWithin(min(end-pos, e.ctlLeft))
			if e.r.target[rBypass] == 1 && e.r.left[rBypass] == 0 {
				if !e.bypassed {
					e.enterBypass()
				}
				e.runBypassed(inL, inR, outL, outR, pos, pos+seg)
				e.r.stepSamples(seg)
			} else {
				e.bypassed = false
				e.runSegment(inL, inR, outL, outR, pos, pos+seg)
				e.r.countDown(seg)
			}
			e.ctlLeft -= seg
			pos += seg
		}
	}
	for ; k < len(events); k++ {
		e.SetValue(events[k].ID, events[k].Value)
	}
	e.updateMeters(n)
}

// maxChunk is the longest run of pass 1 before pass 2 (see runSegment).
const maxChunk = 64

// controlPeriod is the control grid: the slow state (wow and flutter rates,
// wow drift, hiss gate, flushing of tiny loop state) moves on every
// controlPeriod samples counted from Reset, and segments never cross a grid
// point, so the output does not depend on how the host cuts blocks.
const controlPeriod = 128

// enterBypass runs once when the bypass fade completes: the loop's filters
// and envelopes restart from silence when the bypass is lifted.
func (e *Engine) enterBypass() {
	e.bypassed = true
	e.hp, e.lp = [2]svf{}, [2]svf{}
	e.dcX, e.dcY, e.ageS, e.hissS = [2]float64{}, [2]float64{}, [2]float64{}, [2]float64{}
	e.duckEnv, e.wetEnv, e.hissGate = 0, 0, 0
	e.ctl.wetPk = 0
}

// sanitizeBypass returns x unchanged unless it is NaN (0), infinite or
// beyond ±inputLimit (clamped) or subnormal (0).
func sanitizeBypass(x float32) float32 {
	a := math.Abs(float64(x))
	if a <= inputLimit && (a >= tiny || x == 0) {
		return x
	}
	if x != x || a < tiny {
		return 0
	}
	if x > 0 {
		return inputLimit
	}
	return -inputLimit
}

// runBypassed copies the input to the output (bit-exact for any ordinary
// sample) while the tapes keep running with silence, like a deck with its
// input muted and its output unheard.
func (e *Engine) runBypassed(inL, inR, outL, outR []float32, from, to int) {
	tl, tr := e.tape[0], e.tape[1]
	for i := from; i < to; i++ {
		var xl, xr float32
		if i < len(inL) {
			xl = sanitizeBypass(inL[i])
		}
		if i < len(inR) {
			xr = sanitizeBypass(inR[i])
		}
		outL[i], outR[i] = xl, xr
		tl.Write(0)
		tr.Write(0)
		if e.fresh < len(tl.Slice()) {
			e.fresh++
		}
		al, ar := math.Abs(float64(xl)), math.Abs(float64(xr))
		e.mInPeak[0] = maxf(e.mInPeak[0], al)
		e.mInPeak[1] = maxf(e.mInPeak[1], ar)
		e.mInSum[0] += al * al
		e.mInSum[1] += ar * ar
	}
	e.mOutPeak, e.mOutSum = e.mInPeak, e.mInSum
}

// sanitize returns x with NaN → 0 and magnitudes clamped to inputLimit.
func sanitize(x float64) float64 {
	if math.Abs(x) <= inputLimit {
		return x
	}
	if x != x {
		return 0
	}
	if x > 0 {
		return inputLimit
	}
	return -inputLimit
}

// runSegment processes samples [from, to): a stretch in which every ramp is
// one straight line, no event falls and no control tick. It steps the
// moving ramps' values (r.cur) sample by sample; the caller counts them
// down.
func (e *Engine) runSegment(inL, inR, outL, outR []float32, from, to int) {
	r := &e.r
	// v holds every ramped value; only the ramps that move in this segment
	// (listed in moving) are stepped per sample.
	v := r.cur
	st := r.step
	var moving [numRamps]uint8
	nm := 0
	for k := range numRamps {
		if st[k] != 0 {
			moving[nm] = uint8(k)
			nm++
		}
	}
	dHpG, dLpG := st[rLowCutG], st[rHighCutG]
	hpG, lpG := v[rLowCutG], v[rHighCutG]
	wowAmp, dWowAmp, flutAmp, dFlutAmp := v[rWowAmp], st[rWowAmp], v[rFlutAmp], st[rFlutAmp]
	ageG, dAgeG := v[rAgeG], st[rAgeG]
	hiss, dHiss := v[rHiss], st[rHiss]
	duck, dDuck := v[rDuck], st[rDuck]
	fz, dFz := v[rFreeze], st[rFreeze]
	bp, dBp := v[rBypass], st[rBypass]

	// Loop-invariant switches: features at rest cost nothing.
	modOn := wowAmp != 0 || dWowAmp != 0 || flutAmp != 0 || dFlutAmp != 0
	hpMoving, lpMoving := dHpG != 0, dLpG != 0
	ageOn := ageG != 1 || dAgeG != 0
	hissOn := hiss != 0 || dHiss != 0
	duckOn := duck != 0 || dDuck != 0
	freezeOn := fz != 0 || dFz != 0
	bypassOn := bp != 0 || dBp != 0
	hpc, lpc := svfCoefsFor(hpG), svfCoefsFor(lpG)

	tl, tr := e.tape[0], e.tape[1]
	bufL, bufR := tl.Slice(), tr.Slice()
	n := len(bufL)
	last := float64(n - 1)
	hpL, hpR, lpL, lpR := e.hp[0], e.hp[1], e.lp[0], e.lp[1]
	dcXL, dcXR, dcYL, dcYR, dcR := e.dcX[0], e.dcX[1], e.dcY[0], e.dcY[1], e.dcR
	ageL, ageR := e.ageS[0], e.ageS[1]
	hsL, hsR, hissCoef := e.hissS[0], e.hissS[1], e.hissCoef
	duckEnv, duckAtt, duckRel := e.duckEnv, e.duckAtt, e.duckRel
	// Modulation: the oscillators turn by a fixed rotation per sample in a
	// control period (their rates and the wow's drift change slowly), the
	// wow's amplitude is its ramp times the drift's depth.
	ctl := &e.ctl
	wc, ws, fc, fs := e.wow.c, e.wow.s, e.flutter.c, e.flutter.s
	wcr, wsr, fcr, fsr := ctl.wowRotC, ctl.wowRotS, ctl.flutRotC, ctl.flutRotS
	depth0, depthStep := ctl.depth0, ctl.depthStep
	// Position of sample from in its control period (float: the drift depth
	// and hiss gate are interpolated from it).
	phase0 := float64(controlPeriod - e.ctlLeft)
	dA, vel, gliding := e.delayA, e.velA, e.gliding
	freezeP := e.freezeP - 1
	fbPk := e.mFb
	target, glideInvT, glideInert, fading := e.target, e.glideInvT, e.glideInert, e.fading
	e.meterInput(inL, inR, from, to)
	// The hiss gate follows the echoes' envelope at control rate (it is
	// slow: a second's release), ramping across each period.
	gate0, gateStep := ctl.gate0, ctl.gateStep
	wetPk := ctl.wetPk

	// The block runs in chunks of two passes each: pass 1 reads the input
	// and the heads for the whole chunk, pass 2 runs the loop and the output
	// and writes the tape. A chunk is never longer than the shortest read
	// delay, so pass 1 only reads samples written before the chunk; two short
	// loops keep far fewer values live than one long one.
	xs := &e.scratch
	modBound := 0.0
	if modOn {
		// The largest delay swing anywhere in the segment (the drift's
		// depth factor is at most 1+driftAmount).
		span := float64(to - from)
		modBound = (math.Abs(wowAmp)+math.Abs(dWowAmp)*span)*(1+driftAmount) + (math.Abs(flutAmp)+math.Abs(dFlutAmp)*span)*0.775
	}
	for c0 := from; c0 < to; {
		dmin := minf(dA, target)
		if fading {
			dmin = minf(dmin, e.delayB)
		}
		// Read index ≥ chunk length for every sample of the chunk.
		// A glide stays between its start and its target (it is
		// overdamped), so it never reads nearer than dmin.
		chunk := maxChunk
		if lim := dmin - modBound - 8; lim < maxChunk { // margin: interpolation taps, a glide's last fraction
			chunk = max(1, int(lim))
		}
		if freezeOn {
			chunk = min(chunk, freezeP+1) // the freeze copy reads one loop back, in pass 2
		}
		c1 := min(to, c0+chunk)
		pos0 := tl.WritePos()
		fresh0 := e.fresh
		flutA, flutStep := v[rFlutAmp], st[rFlutAmp]
		wowA := v[rWowAmp]
		off, offStep := v[rOffset], st[rOffset]
		ph := phase0 + float64(c0-from)
		for i := c0; i < c1; i++ {
			k := i - c0
			var xl, xr float64
			if i < len(inL) {
				xl = sanitize(float64(inL[i]))
			}
			if i < len(inR) {
				xr = sanitize(float64(inR[i]))
			}
			xs.xl[k], xs.xr[k] = xl, xr

			// Tape transport: wow (slow sine with a random drift of depth and
			// rate) and flutter (three harmonics of the capstan rate) move both
			// heads together.
			mod := 0.0
			if modOn {
				c, s := wc*wcr-ws*wsr, ws*wcr+wc*wsr
				wc, ws = c, s
				c, s = fc*fcr-fs*fsr, fs*fcr+fc*fsr
				fc, fs = c, s
				s2 := 2 * fs * fc
				c2 := fc*fc - fs*fs
				s3 := s2*fc + c2*fs
				mod = wowA*(depth0+depthStep*ph)*ws + flutA*(0.6*fs+0.125*s2+0.05*s3)
			}

			// Repitch: the delay glides toward its target like a tape motor
			// changing speed (speed = 1 − d(delay)/dt, within 0.5..1.5).
			if gliding {
				want := (target - dA) * glideInvT
				want = maxf(-maxGlideSpeed, minf(maxGlideSpeed, want))
				vel += (want - vel) * glideInert
				dA += vel
				if math.Abs(target-dA) < 1e-3 && math.Abs(vel) < 1e-5 {
					dA, vel, gliding = target, 0, false
				}
			}

			offL, offR := 0.0, 0.0
			if off > 0 {
				offR = off
			} else {
				offL = -off
			}
			base := dA + mod - 1
			// The heads (readCubic, inlined by hand: this is the hot spot).
			pos := pos0 + k // both tapes move together; pass 2 writes
			if pos >= n {
				pos -= n
			}
			freshK := min(n, fresh0+k)
			var rl, rr float64
			{
				d := base + offL
				if !(d > 0) {
					d = 0
				} else if d > last {
					d = last
				}
				i := int(d)
				f := d - float64(i)
				j := pos - 1 - i
				if j < 0 {
					j += n
				}
				if i > 0 && i+2 < freshK && j >= 2 && j+1 < n {
					q := bufL[j-2 : j+2 : j+2]
					rl = buffers.Lagrange3(float64(q[3]), float64(q[2]), float64(q[1]), float64(q[0]), f)
				} else {
					rl = readFresh(bufL, pos, i, f, freshK)
				}
				if offR != offL {
					d = base + offR
					if !(d > 0) {
						d = 0
					} else if d > last {
						d = last
					}
					i = int(d)
					f = d - float64(i)
					j = pos - 1 - i
					if j < 0 {
						j += n
					}
				}
				if i > 0 && i+2 < freshK && j >= 2 && j+1 < n {
					q := bufR[j-2 : j+2 : j+2]
					rr = buffers.Lagrange3(float64(q[3]), float64(q[2]), float64(q[1]), float64(q[0]), f)
				} else {
					rr = readFresh(bufR, pos, i, f, freshK)
				}
			}
			if fading {
				bb := e.delayB + mod - 1
				i, f := splitClamped(bb+offL, n)
				rl = rl*e.xfC + e.xfS*readFresh(bufL, pos, i, f, freshK)
				i, f = splitClamped(bb+offR, n)
				rr = rr*e.xfC + e.xfS*readFresh(bufR, pos, i, f, freshK)
				c, s := e.xfC, e.xfS
				e.xfC = c*e.xfRotC - s*e.xfRotS
				e.xfS = s*e.xfRotC + c*e.xfRotS
				e.xfLeft--
				if e.xfLeft == 0 {
					e.delayA, e.velA, e.gliding = dA, vel, gliding
					e.finishFade()
					dA, vel, gliding = e.delayA, e.velA, e.gliding
					target, fading = e.target, e.fading
				}
			}
			xs.rl[k], xs.rr[k] = rl, rr
			flutA += flutStep
			wowA += dWowAmp
			off += offStep
			ph++
		}
		ph = phase0 + float64(c0-from)
		for i := c0; i < c1; i++ {
			k := i - c0
			xl, xr := xs.xl[k], xs.xr[k]
			rl, rr := xs.rl[k], xs.rr[k]
			// The loop: filters on the way back, input and feedback mixed by
			// the stereo routing, onto the tape through the saturator.
			if hpMoving {
				hpc = svfCoefsFor(v[rLowCutG])
			}
			if lpMoving {
				lpc = svfCoefsFor(v[rHighCutG])
			}
			fl := lpL.lowpass(hpL.highpass(rl, hpc), lpc)
			fr := lpR.lowpass(hpR.highpass(rr, hpc), lpc)
			wl := v[rInput]*(v[rInLL]*xl+v[rInLR]*xr) + v[rFeedback]*(v[rFbDirect]*fl+v[rFbCross]*fr)
			wr := v[rInput]*(v[rInRL]*xl+v[rInRR]*xr) + v[rFeedback]*(v[rFbDirect]*fr+v[rFbCross]*fl)
			wl = (softClip(wl*(1/satCeiling)+v[rSatBias]) - v[rSatBiasOut]) * v[rSatPost]
			wr = (softClip(wr*(1/satCeiling)+v[rSatBias]) - v[rSatBiasOut]) * v[rSatPost]
			if ageOn {
				g := v[rAgeG]
				ageL += (wl - ageL) * g
				ageR += (wr - ageR) * g
				wl, wr = ageL, ageR
			}
			if freezeOn {
				// Frozen, the tape replays its last loop sample for sample:
				// no filters, no saturation, no loss, no input.
				// The chunk's writes land after pass 2: one loop back from
				// sample k is freezeP−k samples behind the write position.
				var cl, cr float64
				if d := freezeP - k; d < fresh0 {
					cl, cr = float64(tl.Read(d)), float64(tr.Read(d))
				}
				wl += v[rFreeze] * (cl - wl)
				wr += v[rFreeze] * (cr - wr)
			}
			// The floor (−300 dBFS) also swallows the rounding noise of the
			// biased curve, so a dying loop reaches exact silence.
			if !(math.Abs(wl) >= loopFloor) {
				wl = 0
			}
			if !(math.Abs(wr) >= loopFloor) {
				wr = 0
			}
			fbPk = maxf(fbPk, maxf(math.Abs(wl), math.Abs(wr)))
			xs.wl[k], xs.wr[k] = float32(wl), float32(wr)

			// The echoes: DC blocker (the asymmetric curve records a little DC,
			// which the loop's low cut removes from later repeats but not from
			// the first), stereo width, ducking, hiss.
			dcYL = rl - dcXL + dcR*dcYL
			dcXL = rl
			dcYR = rr - dcXR + dcR*dcYR
			dcXR = rr
			rl, rr = dcYL, dcYR
			m := 0.5 * (rl + rr)
			s := 0.5 * (rl - rr) * v[rSide]
			el, er := m+s, m-s
			g := v[rWet]
			if duckOn {
				a := maxf(math.Abs(xl), math.Abs(xr))
				if a > duckEnv {
					duckEnv += (a - duckEnv) * duckAtt
				} else {
					duckEnv += (a - duckEnv) * duckRel
				}
				g *= 1 - v[rDuck]*minf(1, duckEnv*(1/duckFullLevel))
			}
			yl := v[rDry]*xl + g*el
			yr := v[rDry]*xr + g*er
			if hissOn {
				wetPk = maxf(wetPk, math.Abs(rl)+math.Abs(rr))
				rnd := e.rng.next()
				hsL += (float64(int32(rnd))*(1.0/(1<<31)) - hsL) * hissCoef
				hsR += (float64(int32(rnd>>32))*(1.0/(1<<31)) - hsR) * hissCoef
				hg := v[rHiss] * (gate0 + gateStep*ph)
				yl += hg * hsL
				yr += hg * hsR
			}
			if bypassOn {
				yl += v[rBypass] * (xl - yl)
				yr += v[rBypass] * (xr - yr)
			}
			yl, yr = flush(yl), flush(yr)
			outL[i], outR[i] = float32(yl), float32(yr)
			ph++

			for _, k := range moving[:nm] {
				v[k] += st[k]
			}
		}

		tl.WriteBlock(xs.wl[:c1-c0])
		tr.WriteBlock(xs.wr[:c1-c0])
		e.fresh = min(n, fresh0+c1-c0)
		e.played += uint64(c1 - c0) // for TapeStats: the heads read the storage directly
		c0 = c1
	}

	e.hp[0], e.hp[1], e.lp[0], e.lp[1] = hpL, hpR, lpL, lpR
	e.dcX[0], e.dcX[1], e.dcY[0], e.dcY[1] = dcXL, dcXR, dcYL, dcYR
	e.ageS[0], e.ageS[1] = ageL, ageR
	e.hissS[0], e.hissS[1] = hsL, hsR
	e.duckEnv = duckEnv
	e.wow, e.flutter = phasor{wc, ws}, phasor{fc, fs} // normalised at the control tick
	e.delayA, e.velA, e.gliding = dA, vel, gliding
	e.mFb = fbPk
	ctl.wetPk = wetPk
	r.cur = v
	e.meterOutput(outL, outR, from, to)
}

// flushState zeroes loop state too small to matter, so nothing ever decays
// into subnormal numbers.
func (e *Engine) flushState() {
	for c := range 2 {
		e.hp[c].flushState()
		e.lp[c].flushState()
		e.dcX[c], e.dcY[c] = flush(e.dcX[c]), flush(e.dcY[c])
		e.ageS[c], e.hissS[c] = flush(e.ageS[c]), flush(e.hissS[c])
	}
	e.duckEnv, e.wetEnv = flush(e.duckEnv), flush(e.wetEnv)
}

// updateMeters publishes the block's meters.
func (e *Engine) updateMeters(n int) {
	m := &e.meters
	inv := 0.0
	if n > 0 {
		inv = 1 / float64(n)
	}
	for c := range 2 {
		m.InPeak[c] = float32(e.mInPeak[c])
		m.InRMS[c] = float32(math.Sqrt(e.mInSum[c] * inv))
		m.OutPeak[c] = float32(e.mOutPeak[c])
		m.OutRMS[c] = float32(math.Sqrt(e.mOutSum[c] * inv))
	}
	m.Feedback = float32(e.mFb)
	capacity := float64(e.tape[0].Capacity())
	w := float64(e.tape[0].WritePos())
	m.WriteHead = float32(w / capacity)
	off := e.r.cur[rOffset]
	for c := range 2 {
		d := e.delayA
		if (c == 1) == (off > 0) {
			d += math.Abs(off)
		}
		p := math.Mod(w-d+capacity, capacity)
		m.ReadHead[c] = float32(p / capacity)
	}
	m.DelayMs = float32(e.delayA / e.sampleRate * 1000)
	m.WowPhase = float32(e.wow.phase())
	m.FlutterPhase = float32(e.flutter.phase())
	m.Frozen = e.r.cur[rFreeze] > 0.5
	m.Bypassed = e.bypassed
}

// meterInput adds the (sanitised) input of [from, to) to the block meters.
func (e *Engine) meterInput(inL, inR []float32, from, to int) {
	for c, in := range [2][]float32{inL, inR} {
		pk, sq := e.mInPeak[c], e.mInSum[c]
		for _, x := range in[min(from, len(in)):min(to, len(in))] {
			v := sanitize(float64(x))
			pk = maxf(pk, math.Abs(v))
			sq += v * v
		}
		e.mInPeak[c], e.mInSum[c] = pk, sq
	}
}

// meterOutput adds the output of [from, to) to the block meters.
func (e *Engine) meterOutput(outL, outR []float32, from, to int) {
	for c, out := range [2][]float32{outL, outR} {
		pk, sq := e.mOutPeak[c], e.mOutSum[c]
		for _, x := range out[from:to] {
			v := float64(x)
			pk = maxf(pk, math.Abs(v))
			sq += v * v
		}
		e.mOutPeak[c], e.mOutSum[c] = pk, sq
	}
}
