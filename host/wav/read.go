package wav

import (
	"fmt"
	"io"
	"math"
	"os"

	"github.com/go-audio/audio"
	gowav "github.com/go-audio/wav"
)

// Audio is a decoded file: stereo float samples in [-1, 1) for integer
// sources, with mono files up-mixed to identical channels.
type Audio struct {
	SampleRate int      // frames per second
	Channels   int      // channels in the source file (1 or 2); Left and Right are always filled
	Encoding   Encoding // how the source file stored its samples
	Left       []float32
	Right      []float32
}

// Frames returns the number of sample frames.
func (a *Audio) Frames() int { return len(a.Left) }

// ReadFile decodes the WAV file at path.
func ReadFile(path string) (*Audio, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("read %s: %w: is a directory", path, ErrNotWAV)
	}
	a, err := Read(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return a, nil
}

// Read decodes a WAV file of size bytes from r.
func Read(r io.ReadSeeker, size int64) (*Audio, error) {
	l, err := scan(r, size)
	if err != nil {
		return nil, err
	}
	enc, err := l.encoding()
	if err != nil {
		return nil, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("wav: seek: %w", err)
	}
	d := gowav.NewDecoder(r)
	if err := d.FwdToPCM(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotWAV, err)
	}
	if err := d.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotWAV, err)
	}
	// The chunk walk is the authority on where the data is; the decoder must agree.
	if at, err := r.Seek(0, io.SeekCurrent); err != nil || at != l.dataOffset {
		return nil, fmt.Errorf("%w: data chunk position disagrees with the decoder", ErrNotWAV)
	}
	frames := l.frames()
	a := &Audio{
		SampleRate: l.rate,
		Channels:   l.channels,
		Encoding:   enc,
		Left:       make([]float32, frames),
		Right:      make([]float32, frames),
	}
	const chunkFrames = 4096
	buf := &audio.IntBuffer{Data: make([]int, chunkFrames*l.channels)}
	scale := float32(1)
	if enc != Float32 {
		scale = float32(1 / math.Ldexp(1, enc.Bits()-1))
	}
	at := 0
	for at < frames {
		want := min(chunkFrames, frames-at) * l.channels
		buf.Data = buf.Data[:want]
		n, err := d.PCMBuffer(buf)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrTruncated, err)
		}
		if n < want {
			return nil, fmt.Errorf("%w: samples end after frame %d of %d", ErrTruncated, at+n/l.channels, frames)
		}
		for i := 0; i < want/l.channels; i++ {
			var left, right float32
			if enc == Float32 {
				left = math.Float32frombits(uint32(int32(buf.Data[i*l.channels])))
			} else {
				left = float32(buf.Data[i*l.channels]) * scale
			}
			right = left
			if l.channels == 2 {
				if enc == Float32 {
					right = math.Float32frombits(uint32(int32(buf.Data[i*2+1])))
				} else {
					right = float32(buf.Data[i*2+1]) * scale
				}
			}
			a.Left[at+i], a.Right[at+i] = left, right
		}
		at += want / l.channels
	}
	return a, nil
}
