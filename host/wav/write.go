package wav

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/go-audio/audio"
	gowav "github.com/go-audio/wav"
)

// Writer streams stereo frames into a new WAV file. Frames go to a hidden
// temporary file beside the destination; Commit renames it into place, Abort
// (or any error) removes it, so the destination only ever holds a whole file.
type Writer struct {
	path string
	tmp  *os.File
	enc  *gowav.Encoder
	e    Encoding
	buf  *audio.IntBuffer
	err  error
	done bool
}

// Create starts a stereo file at path with the given rate and encoding.
func Create(path string, sampleRate int, e Encoding) (*Writer, error) {
	if e.Bits() == 0 {
		return nil, fmt.Errorf("write %s: unknown encoding %d", path, int(e))
	}
	if sampleRate <= 0 || sampleRate > maxRate {
		return nil, fmt.Errorf("write %s: sample rate %d Hz out of range 1..%d", path, sampleRate, maxRate)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	tag := tagPCM
	if e == Float32 {
		tag = tagFloat
	}
	w := &Writer{
		path: path,
		tmp:  tmp,
		enc:  gowav.NewEncoder(tmp, sampleRate, e.Bits(), 2, tag),
		e:    e,
		buf:  &audio.IntBuffer{Format: &audio.Format{NumChannels: 2, SampleRate: sampleRate}, SourceBitDepth: e.Bits()},
	}
	// An empty write lays down the headers, so a file with no frames is still valid.
	if err := w.enc.Write(w.buf); err != nil {
		w.fail(err)
		return nil, w.err
	}
	return w, nil
}

// Write appends frames; left and right must have the same length. Values
// outside [-1, 1] are clipped for integer encodings and kept as they are for
// float.
func (w *Writer) Write(left, right []float32) error {
	if w.err != nil {
		return w.err
	}
	if w.done {
		return fmt.Errorf("write %s: writer already closed", w.path)
	}
	if len(left) != len(right) {
		w.fail(fmt.Errorf("%d left and %d right samples", len(left), len(right)))
		return w.err
	}
	if cap(w.buf.Data) < 2*len(left) {
		w.buf.Data = make([]int, 2*len(left))
	}
	w.buf.Data = w.buf.Data[:2*len(left)]
	for i := range left {
		w.buf.Data[2*i] = w.sample(left[i])
		w.buf.Data[2*i+1] = w.sample(right[i])
	}
	if err := w.enc.Write(w.buf); err != nil {
		w.fail(err)
	}
	return w.err
}

// sample converts one float to the integer the encoder stores.
func (w *Writer) sample(x float32) int {
	if w.e == Float32 {
		return int(int32(math.Float32bits(x)))
	}
	full := math.Ldexp(1, w.e.Bits()-1)
	v := math.Round(float64(x) * full)
	switch {
	case v != v: // NaN
		v = 0
	case v > full-1:
		v = full - 1
	case v < -full:
		v = -full
	}
	return int(v)
}

// Commit finishes the file and moves it to its destination.
func (w *Writer) Commit() error {
	if w.err != nil {
		return w.err
	}
	if w.done {
		return fmt.Errorf("write %s: writer already closed", w.path)
	}
	w.done = true
	// Stereo frames are always an even number of bytes: no pad byte needed.
	if err := w.enc.Close(); err != nil {
		w.fail(err)
		return w.err
	}
	// CreateTemp makes the file private; an output file is an ordinary one.
	if err := w.tmp.Chmod(0o644); err != nil {
		w.fail(err)
		return w.err
	}
	if err := w.tmp.Close(); err != nil {
		w.fail(err)
		return w.err
	}
	if err := os.Rename(w.tmp.Name(), w.path); err != nil {
		w.fail(err)
		return w.err
	}
	return nil
}

// Abort discards everything written; the destination is left untouched.
// It is safe to call after Commit (then it does nothing).
func (w *Writer) Abort() {
	if w.done && w.err == nil {
		return
	}
	w.done = true
	if w.err == nil {
		w.fail(errors.New("aborted"))
	}
}

// fail records the first error and removes the temporary file.
func (w *Writer) fail(err error) {
	if w.err == nil {
		w.err = fmt.Errorf("write %s: %w", w.path, err)
	}
	w.tmp.Close()
	os.Remove(w.tmp.Name())
}

// WriteFile writes a whole Audio as a stereo file at path.
func WriteFile(path string, a *Audio, e Encoding) error {
	w, err := Create(path, a.SampleRate, e)
	if err != nil {
		return err
	}
	if err := w.Write(a.Left, a.Right); err != nil {
		return err
	}
	return w.Commit()
}
