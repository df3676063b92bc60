package instance

import (
	"encoding/binary"
	"math"
	"testing"

	"rill/dsp"
)

// FuzzLoadState feeds arbitrary bytes to LoadState (they come from host sessions):
// it must never panic, must leave every value in range, and a state it accepts must
// re-save to bytes it accepts again with the same values.
func FuzzLoadState(f *testing.F) {
	good := make([]byte, StateSize)
	n, _ := New().SaveState(good)
	f.Add(good[:n])
	f.Add([]byte{})
	f.Add([]byte("RLTP"))
	f.Add(append([]byte("RLTP\x01\x00\xff\xff"), make([]byte, 16)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		i := New()
		if err := i.LoadState(data); err != nil {
			return
		}
		buf := make([]byte, StateSize)
		m, err := i.SaveState(buf)
		if err != nil {
			t.Fatalf("re-save: %v", err)
		}
		j := New()
		if err := j.LoadState(buf[:m]); err != nil {
			t.Fatalf("re-saved state rejected: %v", err)
		}
		for _, p := range dsp.Params() {
			a, _ := i.Value(uint32(p.ID))
			b, _ := j.Value(uint32(p.ID))
			if a != b || !(a >= p.Min && a <= p.Max) {
				t.Fatalf("%s: loaded %v, reloaded %v, range %v..%v", p.Key, a, b, p.Min, p.Max)
			}
		}
	})
}

// FuzzProcessEvents runs one block with fuzzer-chosen frame count and events (any
// offsets, kinds, ids, values, in any order): no panic, finite clean output, values
// in range. It covers the segment and offset arithmetic of Process.
func FuzzProcessEvents(f *testing.F) {
	f.Add(uint16(64), []byte{})
	f.Add(uint16(1), []byte{0, 0, 0, 0, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x40})
	f.Add(uint16(3000), []byte{0xff, 0xff, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0x5e, 0x40})
	f.Add(uint16(0), []byte{5, 0, 0, 0, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f})
	i := New() // one instance for every input: activation is the slow part
	if err := i.Activate(testRate, 1, 1024); err != nil {
		f.Fatal(err)
	}
	i.StartProcessing()
	f.Fuzz(func(t *testing.T, frames uint16, raw []byte) {
		i.Reset()
		// 16 bytes per event: offset u32, kind u8, id u8, flags u16, value f64.
		var events []HostEvent
		for len(raw) >= 16 && len(events) < 2*MaxEventsPerCall {
			events = append(events, HostEvent{
				Offset:  binary.LittleEndian.Uint32(raw),
				Kind:    uint32(raw[4] % 6),
				ParamID: uint32(raw[5] % 32),
				Flags:   uint32(binary.LittleEndian.Uint16(raw[6:])),
				Value:   math.Float64frombits(binary.LittleEndian.Uint64(raw[8:])),
			})
			raw = raw[16:]
		}
		n := int(frames) % 4096
		inL, inR := stereo(n)
		for k := range inL {
			inL[k] = float32(math.Sin(float64(k) * 0.3))
			inR[k] = -inL[k]
		}
		outL, outR := stereo(n)
		b := Block{InL: inL, InR: inR, OutL: outL, OutR: outR, Frames: n, Events: events, Out: make([]HostEvent, 4)}
		for range 2 {
			if st := i.Process(&b); st < StatusContinue || st > StatusSleep {
				t.Fatalf("status %d", st)
			}
		}
		checkClean(t, "outL", outL)
		checkClean(t, "outR", outR)
		for _, p := range dsp.Params() {
			if v, _ := i.Value(uint32(p.ID)); !(v >= p.Min && v <= p.Max) {
				t.Fatalf("%s = %v outside %v..%v", p.Key, v, p.Min, p.Max)
			}
		}
	})
}
