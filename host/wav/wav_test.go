package wav

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// rawWAV builds a WAV file by hand so tests can make any layout, broken or not.
type rawWAV struct {
	tag        uint16
	channels   uint16
	rate       uint32
	bits       uint16
	blockAlign uint16 // 0: derived
	extensible uint16 // sub-format tag when non-zero
	before     []byte // chunks before fmt
	data       []byte
	dataSize   int // declared size; -1: len(data)
}

func (w rawWAV) bytes() []byte {
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	le(uint32(0))
	b.WriteString("WAVE")
	b.Write(w.before)
	b.WriteString("fmt ")
	align := w.blockAlign
	if align == 0 {
		align = w.channels * w.bits / 8
	}
	tag := w.tag
	if w.extensible != 0 {
		le(uint32(40))
		tag = tagExtensible
	} else {
		le(uint32(16))
	}
	le(tag)
	le(w.channels)
	le(w.rate)
	le(w.rate * uint32(align))
	le(align)
	le(w.bits)
	if w.extensible != 0 {
		le(uint16(22))
		le(w.bits)
		le(uint32(3))
		le(w.extensible)
		b.Write([]byte{0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71})
	}
	b.WriteString("data")
	size := w.dataSize
	if size < 0 {
		size = len(w.data)
	}
	le(uint32(size))
	b.Write(w.data)
	out := b.Bytes()
	binary.LittleEndian.PutUint32(out[4:8], uint32(len(out)-8))
	return out
}

func le16(vs ...int16) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, vs)
	return b.Bytes()
}

func readBytes(b []byte) (*Audio, error) { return Read(bytes.NewReader(b), int64(len(b))) }

func TestRoundTripEveryEncoding(t *testing.T) {
	left := []float32{0, 0.5, -0.5, 0.25, -1, 0.999, 1.0 / 3}
	right := []float32{0.125, -0.75, 0, 0.0625, 0.5, -0.999, -1.0 / 3}
	tests := []struct {
		name string
		enc  Encoding
		tol  float64
	}{
		{"s16", PCM16, 1.0 / 32768},
		{"s24", PCM24, 1.0 / 8388608},
		{"s32", PCM32, 1.0 / 2147483648 * 2},
		{"f32", Float32, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, rate := range []int{8000, 44100, 96000} {
				path := filepath.Join(t.TempDir(), "x.wav")
				in := &Audio{SampleRate: rate, Left: left, Right: right}
				if err := WriteFile(path, in, tc.enc); err != nil {
					t.Fatal(err)
				}
				out, err := ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if out.SampleRate != rate || out.Channels != 2 || out.Encoding != tc.enc || out.Frames() != len(left) {
					t.Fatalf("got rate %d channels %d encoding %v frames %d", out.SampleRate, out.Channels, out.Encoding, out.Frames())
				}
				for i := range left {
					if d := math.Abs(float64(out.Left[i] - left[i])); d > tc.tol {
						t.Errorf("left[%d] = %v, want %v", i, out.Left[i], left[i])
					}
					if d := math.Abs(float64(out.Right[i] - right[i])); d > tc.tol {
						t.Errorf("right[%d] = %v, want %v", i, out.Right[i], right[i])
					}
				}
			}
		})
	}
}

func TestFloatKeepsEveryBit(t *testing.T) {
	vals := []float32{1.5, -2, float32(math.SmallestNonzeroFloat32), 1e-30, float32(math.Copysign(0, -1))}
	path := filepath.Join(t.TempDir(), "f.wav")
	if err := WriteFile(path, &Audio{SampleRate: 48000, Left: vals, Right: vals}, Float32); err != nil {
		t.Fatal(err)
	}
	out, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vals {
		if math.Float32bits(out.Left[i]) != math.Float32bits(v) {
			t.Errorf("sample %d: %v, want %v", i, out.Left[i], v)
		}
	}
}

func TestIntegerWriteClipsAndZeroesNaN(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.wav")
	vals := []float32{2, -2, float32(math.NaN())}
	if err := WriteFile(path, &Audio{SampleRate: 48000, Left: vals, Right: vals}, PCM16); err != nil {
		t.Fatal(err)
	}
	out, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{32767.0 / 32768, -1, 0}
	for i := range want {
		if out.Left[i] != want[i] {
			t.Errorf("sample %d = %v, want %v", i, out.Left[i], want[i])
		}
	}
}

func TestMonoIsUpMixed(t *testing.T) {
	b := rawWAV{tag: tagPCM, channels: 1, rate: 22050, bits: 16, data: le16(16384, -8192, 3), dataSize: -1}.bytes()
	a, err := readBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{0.5, -0.25, 3.0 / 32768}
	if a.Channels != 1 || a.Frames() != 3 || a.SampleRate != 22050 {
		t.Fatalf("channels %d frames %d rate %d", a.Channels, a.Frames(), a.SampleRate)
	}
	for i := range want {
		if a.Left[i] != want[i] || a.Right[i] != want[i] {
			t.Errorf("frame %d = %v/%v, want %v", i, a.Left[i], a.Right[i], want[i])
		}
	}
}

func TestExtensibleAndLeadingChunks(t *testing.T) {
	junk := append([]byte("JUNK\x03\x00\x00\x00abc"), 0) // odd chunk with its pad byte
	b := rawWAV{tag: tagPCM, extensible: tagPCM, channels: 2, rate: 48000, bits: 24,
		before: junk, data: []byte{0, 0, 0x40, 0, 0, 0xC0}, dataSize: -1}.bytes()
	a, err := readBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	if a.Encoding != PCM24 || a.Left[0] != 0.5 || a.Right[0] != -0.5 {
		t.Fatalf("got %v %v/%v", a.Encoding, a.Left[0], a.Right[0])
	}
}

func TestReadErrors(t *testing.T) {
	good := rawWAV{tag: tagPCM, channels: 2, rate: 48000, bits: 16, data: le16(1, 2, 3, 4), dataSize: -1}
	mod := func(f func(*rawWAV)) []byte { w := good; f(&w); return w.bytes() }
	full := good.bytes()
	tests := []struct {
		name string
		file []byte
		want error
	}{
		{"empty", nil, ErrNotWAV},
		{"text", []byte("hello, this is not audio at all"), ErrNotWAV},
		{"riff but not wave", append([]byte("RIFF\x04\x00\x00\x00AVI "), make([]byte, 32)...), ErrNotWAV},
		{"no fmt", []byte("RIFF\x04\x00\x00\x00WAVE"), ErrNotWAV},
		{"cut in header", full[:30], ErrTruncated},
		{"cut in data", full[:len(full)-3], ErrTruncated},
		{"data longer than file", mod(func(w *rawWAV) { w.dataSize = 4000 }), ErrTruncated},
		{"data ends mid frame", mod(func(w *rawWAV) { w.data = w.data[:6]; w.dataSize = -1 }), ErrTruncated},
		{"8-bit", mod(func(w *rawWAV) { w.bits = 8 }), ErrUnsupported},
		{"64-bit float", mod(func(w *rawWAV) { w.tag = tagFloat; w.bits = 64; w.data = make([]byte, 16) }), ErrUnsupported},
		{"mu-law", mod(func(w *rawWAV) { w.tag = 7 }), ErrUnsupported},
		{"extensible adpcm", mod(func(w *rawWAV) { w.extensible = 2 }), ErrUnsupported},
		{"six channels", mod(func(w *rawWAV) { w.channels = 6; w.data = make([]byte, 12) }), ErrUnsupported},
		{"zero channels", mod(func(w *rawWAV) { w.channels = 0; w.blockAlign = 4 }), ErrNotWAV},
		{"zero rate", mod(func(w *rawWAV) { w.rate = 0 }), ErrNotWAV},
		{"bad block align", mod(func(w *rawWAV) { w.blockAlign = 3 }), ErrNotWAV},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readBytes(tc.file)
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
		})
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadFile(filepath.Join(dir, "missing.wav")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := ReadFile(dir); !errors.Is(err, ErrNotWAV) {
		t.Errorf("directory: %v", err)
	}
}

func TestWriterLeavesNothingBehindOnAbort(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.wav")
	w, err := Create(path, 48000, PCM24)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write([]float32{0.1, 0.2}, []float32{0.3, 0.4}); err != nil {
		t.Fatal(err)
	}
	w.Abort()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
	if err := w.Write([]float32{0}, []float32{0}); err == nil {
		t.Error("write after abort succeeded")
	}
}

func TestWriterErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Create(filepath.Join(dir, "no", "such", "dir.wav"), 48000, PCM16); err == nil {
		t.Error("create in a missing folder succeeded")
	}
	if _, err := Create(filepath.Join(dir, "r.wav"), 0, PCM16); err == nil {
		t.Error("rate 0 accepted")
	}
	w, err := Create(filepath.Join(dir, "m.wav"), 48000, PCM16)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write([]float32{0, 1}, []float32{0}); err == nil {
		t.Error("mismatched channels accepted")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
}

func TestEmptyFileIsValid(t *testing.T) {
	path := filepath.Join(t.TempDir(), "e.wav")
	if err := WriteFile(path, &Audio{SampleRate: 44100}, Float32); err != nil {
		t.Fatal(err)
	}
	a, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if a.Frames() != 0 || a.SampleRate != 44100 {
		t.Fatalf("frames %d rate %d", a.Frames(), a.SampleRate)
	}
}

func TestParseEncoding(t *testing.T) {
	for _, e := range []Encoding{PCM16, PCM24, PCM32, Float32} {
		got, err := ParseEncoding(e.String())
		if err != nil || got != e {
			t.Errorf("ParseEncoding(%q) = %v, %v", e.String(), got, err)
		}
	}
	if _, err := ParseEncoding("u8"); err == nil {
		t.Error("u8 accepted")
	}
}

// FuzzRead feeds arbitrary bytes to the reader: it must return audio or an
// error, never panic, and never allocate beyond what the file holds.
func FuzzRead(f *testing.F) {
	f.Add(rawWAV{tag: tagPCM, channels: 2, rate: 48000, bits: 16, data: le16(1, 2, 3, 4), dataSize: -1}.bytes())
	f.Add(rawWAV{tag: tagFloat, channels: 1, rate: 44100, bits: 32, data: make([]byte, 8), dataSize: -1}.bytes())
	f.Add(rawWAV{tag: tagPCM, extensible: tagPCM, channels: 2, rate: 48000, bits: 24, data: make([]byte, 6), dataSize: -1}.bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := readBytes(b)
		if err != nil {
			return
		}
		if len(a.Left) != len(a.Right) || a.SampleRate <= 0 {
			t.Fatalf("inconsistent audio: %d/%d frames at %d Hz", len(a.Left), len(a.Right), a.SampleRate)
		}
		if int64(a.Frames()*a.Channels*a.Encoding.Bits()/8) > int64(len(b)) {
			t.Fatalf("%d frames from a %d-byte file", a.Frames(), len(b))
		}
	})
}
