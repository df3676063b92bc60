package dsp

import (
	"encoding/binary"
	"flag"
	"math"
	"os"
	"testing"
)

var renderWAV = flag.String("render-wav", "", "render a demo through the engine (every feature on) to this 32-bit float WAV file")

// writeWAV writes interleaved stereo float32 samples as a WAVE_FORMAT_IEEE_FLOAT
// file.
func writeWAV(path string, sr int, l, r []float32) error {
	n := len(l)
	b := make([]byte, 0, 44+8*n)
	b = append(b, "RIFF"...)
	b = binary.LittleEndian.AppendUint32(b, uint32(36+8*n))
	b = append(b, "WAVEfmt "...)
	b = binary.LittleEndian.AppendUint32(b, 16)
	b = binary.LittleEndian.AppendUint16(b, 3) // IEEE float
	b = binary.LittleEndian.AppendUint16(b, 2)
	b = binary.LittleEndian.AppendUint32(b, uint32(sr))
	b = binary.LittleEndian.AppendUint32(b, uint32(sr*8))
	b = binary.LittleEndian.AppendUint16(b, 8)
	b = binary.LittleEndian.AppendUint16(b, 32)
	b = append(b, "data"...)
	b = binary.LittleEndian.AppendUint32(b, uint32(8*n))
	for i := range n {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(l[i]))
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(r[i]))
	}
	return os.WriteFile(path, b, 0o644)
}

// demoInput is a few plucked notes: decaying sines with a click.
func demoInput(sr float64, seconds float64) []float32 {
	n := int(seconds * sr)
	x := make([]float32, n)
	notes := []float64{220, 277.18, 329.63, 440}
	for k, f := range notes {
		start := int(float64(k) * 0.5 * sr)
		for i := start; i < n && i < start+int(0.4*sr); i++ {
			t := float64(i-start) / sr
			x[i] += float32(0.4 * math.Exp(-t*9) * (math.Sin(2*math.Pi*f*t) + 0.3*math.Sin(4*math.Pi*f*t)))
		}
	}
	return x
}

// TestRenderWAV renders the demo when -render-wav is given; otherwise it
// checks the WAV writer's header.
func TestRenderWAV(t *testing.T) {
	const sr = 48000.0
	path := *renderWAV
	if path == "" {
		path = t.TempDir() + "/demo.wav"
	}
	e := newEngine(t, sr, 512, false, map[ParamID]float64{
		IDTime: 375, IDFeedback: 70, IDMix: 45, IDWowDepth: 50, IDFlutterDepth: 40,
		IDDrive: 50, IDAge: 40, IDStereoMode: StereoModePingPong, IDHighCut: 5000,
	})
	seconds := 1.0
	if *renderWAV != "" {
		seconds = 8
	}
	x := demoInput(sr, seconds)
	l, r := render(e, x, x, 512)
	checkClean(t, "left", l)
	if err := writeWAV(path, int(sr), l, r); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 44+8*len(l) || string(b[:4]) != "RIFF" || string(b[8:16]) != "WAVEfmt " ||
		binary.LittleEndian.Uint16(b[20:]) != 3 || binary.LittleEndian.Uint32(b[24:]) != uint32(sr) {
		t.Errorf("bad WAV header % x", b[:44])
	}
}
