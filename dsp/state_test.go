package dsp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"testing"
)

func TestStateRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		v := randomValues(rng)
		b := EncodeState(&v)
		if len(b) != StateSize {
			t.Fatalf("%d bytes, want %d", len(b), StateSize)
		}
		got, err := DecodeState(b)
		if err != nil {
			t.Fatal(err)
		}
		if got != v {
			t.Fatalf("round trip changed values:\n%v\n%v", v, got)
		}
		if again := EncodeState(&got); !bytes.Equal(again, b) {
			t.Fatal("re-encoding gave other bytes")
		}
	}
}

func TestStateDeterministic(t *testing.T) {
	v := DefaultValues()
	a := EncodeState(&v)
	v[0] = math.Copysign(0, -1) + v[0] // same value
	if b := EncodeState(&v); !bytes.Equal(a, b) {
		t.Error("equal values gave different bytes")
	}
	// The layout is version 1's: ids ascending, each with its value,
	// checked against an independent writer of the format.
	entries := map[uint32]float64{}
	var ids []uint32
	for id := uint32(1); id <= 64; id++ {
		if p, ok := ParamByID(ParamID(id)); ok {
			entries[id] = p.Default
			ids = append(ids, id)
		}
	}
	if b := encodeEntries(entries, ids); !bytes.Equal(a, b) {
		t.Errorf("layout differs from version 1:\n% x\n% x", a, b)
	}
}

// encodeEntries builds a version-1 state from raw entries.
func encodeEntries(entries map[uint32]float64, order []uint32) []byte {
	b := []byte("RLTP")
	b = binary.LittleEndian.AppendUint16(b, 1)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(order)))
	for _, id := range order {
		b = binary.LittleEndian.AppendUint32(b, id)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(entries[id]))
	}
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

func TestStateUnknownAndMissing(t *testing.T) {
	b := encodeEntries(map[uint32]float64{4: 77, 999: 5, 5: 1e9}, []uint32{999, 4, 5})
	v, err := DecodeState(b)
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultValues()
	want.Set(IDFeedback, 77)
	want.Set(IDMix, 100) // clamped
	if v != want {
		t.Errorf("got %v, want %v", v, want)
	}
}

func TestStateRejects(t *testing.T) {
	good := func() []byte { v := DefaultValues(); return EncodeState(&v) }
	cases := []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, ErrStateShort},
		{"short", []byte("RLTP"), ErrStateShort},
		{"bad magic", append([]byte("XXXX"), good()[4:]...), ErrStateMagic},
		{"future version", func() []byte { b := good(); b[4] = 2; return b }(), ErrStateVersion},
		{"truncated", good()[:StateSize-1], ErrStateCorrupt},
		{"extra byte", append(good(), 0), ErrStateCorrupt},
		{"flipped bit", func() []byte { b := good(); b[20] ^= 4; return b }(), ErrStateChecksum},
		{"NaN value", encodeEntries(map[uint32]float64{4: math.NaN()}, []uint32{4}), ErrStateCorrupt},
		{"infinite value", encodeEntries(map[uint32]float64{4: math.Inf(-1)}, []uint32{4}), ErrStateCorrupt},
		{"duplicate id", encodeEntries(map[uint32]float64{4: 1}, []uint32{4, 4}), ErrStateCorrupt},
		{"huge count", func() []byte { b := good(); b[6], b[7] = 0xff, 0xff; return b }(), ErrStateCorrupt},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := DecodeState(c.b)
			if !errors.Is(err, c.want) {
				t.Fatalf("error %v, want %v", err, c.want)
			}
			if v != DefaultValues() {
				t.Error("a failed decode must return the defaults")
			}
		})
	}
}

func TestAppendStateDoesNotAllocate(t *testing.T) {
	v := DefaultValues()
	buf := make([]byte, 0, StateSize)
	if n := testing.AllocsPerRun(100, func() { buf = AppendState(buf[:0], &v) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

func FuzzDecodeState(f *testing.F) {
	v := DefaultValues()
	f.Add(EncodeState(&v))
	f.Add([]byte{})
	f.Add([]byte("RLTP\x01\x00\x00\x00\x00\x00\x00\x00"))
	f.Add(encodeEntries(map[uint32]float64{4: 50, 1000: 1}, []uint32{4, 1000}))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := DecodeState(b)
		if err != nil {
			if v != DefaultValues() {
				t.Fatal("error with non-default values")
			}
			return
		}
		for i := range params {
			if v[i] != params[i].Clamp(v[i]) {
				t.Fatalf("%s = %v out of range", params[i].Key, v[i])
			}
		}
		// A decoded state re-encodes and decodes to the same values.
		w, err := DecodeState(EncodeState(&v))
		if err != nil || w != v {
			t.Fatalf("re-decode: %v", err)
		}
	})
}

func ExampleEncodeState() {
	v := DefaultValues()
	v.Set(IDFeedback, 80)
	b := EncodeState(&v)
	back, err := DecodeState(b)
	fmt.Println(len(b), back.Get(IDFeedback), err)
	// Output: 276 80 <nil>
}
