package wav

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Errors every reading failure wraps; test them with errors.Is.
var (
	// ErrNotWAV means the bytes are not a RIFF/WAVE file, or its chunks are malformed.
	ErrNotWAV = errors.New("not a WAV file")
	// ErrTruncated means the file ends before the audio data it declares.
	ErrTruncated = errors.New("truncated WAV file")
	// ErrUnsupported means a valid WAV file in an encoding or layout this package does not read.
	ErrUnsupported = errors.New("unsupported WAV format")
)

// Encoding is how samples are stored in a file.
type Encoding int

// The encodings this package reads and writes.
const (
	PCM16   Encoding = iota + 1 // 16-bit signed integer
	PCM24                       // 24-bit signed integer
	PCM32                       // 32-bit signed integer
	Float32                     // 32-bit IEEE 754 float
)

// String returns the short name ParseEncoding accepts.
func (e Encoding) String() string {
	switch e {
	case PCM16:
		return "s16"
	case PCM24:
		return "s24"
	case PCM32:
		return "s32"
	case Float32:
		return "f32"
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

// Bits returns the bits per sample of the encoding.
func (e Encoding) Bits() int {
	switch e {
	case PCM16:
		return 16
	case PCM24:
		return 24
	case PCM32, Float32:
		return 32
	}
	return 0
}

// ParseEncoding maps "s16", "s24", "s32" or "f32" (also "16", "24", "32",
// "float") to an Encoding.
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "s16", "16", "pcm16":
		return PCM16, nil
	case "s24", "24", "pcm24":
		return PCM24, nil
	case "s32", "32", "pcm32":
		return PCM32, nil
	case "f32", "float", "float32":
		return Float32, nil
	}
	return 0, fmt.Errorf("unknown sample format %q (want s16, s24, s32 or f32)", s)
}

// WAVE format tags.
const (
	tagPCM        = 1
	tagFloat      = 3
	tagExtensible = 0xFFFE
)

// Bounds a sane file stays within.
const (
	maxFmtChunk  = 1024
	maxRate      = 768000
	maxChannels  = 2
	riffHeader   = 12
	chunkHeader  = 8
	fmtBaseBytes = 16
)

// layout is what the chunk walk learned about a file.
type layout struct {
	tag        uint16 // effective tag: extensible resolved to its sub-format
	channels   int
	rate       int
	blockAlign int
	bits       int
	dataOffset int64
	dataSize   int64
}

// frames returns the number of whole frames in the data chunk.
func (l *layout) frames() int { return int(l.dataSize / int64(l.blockAlign)) }

// encoding maps the layout to an Encoding, or an ErrUnsupported error.
func (l *layout) encoding() (Encoding, error) {
	switch {
	case l.tag == tagPCM && l.bits == 16:
		return PCM16, nil
	case l.tag == tagPCM && l.bits == 24:
		return PCM24, nil
	case l.tag == tagPCM && l.bits == 32:
		return PCM32, nil
	case l.tag == tagFloat && l.bits == 32:
		return Float32, nil
	case l.tag == tagPCM:
		return 0, fmt.Errorf("%w: %d-bit integer samples (want 16, 24 or 32)", ErrUnsupported, l.bits)
	case l.tag == tagFloat:
		return 0, fmt.Errorf("%w: %d-bit float samples (want 32)", ErrUnsupported, l.bits)
	}
	return 0, fmt.Errorf("%w: format tag %#04x (want PCM or IEEE float)", ErrUnsupported, l.tag)
}

// scan walks the RIFF chunks of a file of the given size and returns its
// layout. It reads at most a few kilobytes beyond chunk headers, whatever the
// sizes the file claims.
func scan(r io.ReadSeeker, size int64) (*layout, error) {
	var head [riffHeader]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, fmt.Errorf("%w: shorter than a RIFF header", ErrNotWAV)
	}
	if string(head[0:4]) != "RIFF" || string(head[8:12]) != "WAVE" {
		return nil, fmt.Errorf("%w: no RIFF/WAVE signature", ErrNotWAV)
	}
	var l layout
	haveFmt, haveData := false, false
	pos := int64(riffHeader)
	for !(haveFmt && haveData) {
		var ch [chunkHeader]byte
		if _, err := io.ReadFull(r, ch[:]); err != nil {
			switch {
			case !haveFmt:
				return nil, fmt.Errorf("%w: no fmt chunk", ErrNotWAV)
			default:
				return nil, fmt.Errorf("%w: no data chunk", ErrNotWAV)
			}
		}
		pos += chunkHeader
		id := string(ch[0:4])
		n := int64(binary.LittleEndian.Uint32(ch[4:8]))
		switch id {
		case "fmt ":
			if haveFmt {
				return nil, fmt.Errorf("%w: two fmt chunks", ErrNotWAV)
			}
			if n < fmtBaseBytes || n > maxFmtChunk {
				return nil, fmt.Errorf("%w: fmt chunk of %d bytes", ErrNotWAV, n)
			}
			buf := make([]byte, n)
			if _, err := io.ReadFull(r, buf); err != nil {
				return nil, fmt.Errorf("%w: fmt chunk cut short", ErrTruncated)
			}
			if err := l.parseFmt(buf); err != nil {
				return nil, err
			}
			haveFmt = true
		case "data":
			if haveData {
				return nil, fmt.Errorf("%w: two data chunks", ErrNotWAV)
			}
			if pos+n > size {
				return nil, fmt.Errorf("%w: data chunk declares %d bytes, the file holds %d", ErrTruncated, n, size-pos)
			}
			l.dataOffset, l.dataSize = pos, n
			haveData = true
		default:
			if pos+n > size {
				return nil, fmt.Errorf("%w: %q chunk declares %d bytes, the file holds %d", ErrTruncated, id, n, size-pos)
			}
		}
		if id != "fmt " {
			// Skip the body (and the pad byte of an odd-sized chunk).
			next := pos + n + n%2
			if next > size {
				next = size
			}
			if _, err := r.Seek(next, io.SeekStart); err != nil {
				return nil, fmt.Errorf("wav: seek: %w", err)
			}
			pos = next
			continue
		}
		pos += n
		if n%2 == 1 {
			if _, err := r.Seek(1, io.SeekCurrent); err != nil {
				return nil, fmt.Errorf("wav: seek: %w", err)
			}
			pos++
		}
	}
	if l.dataSize%int64(l.blockAlign) != 0 {
		return nil, fmt.Errorf("%w: data chunk of %d bytes ends inside a %d-byte frame", ErrTruncated, l.dataSize, l.blockAlign)
	}
	return &l, nil
}

// parseFmt decodes a fmt chunk body into l and validates it.
func (l *layout) parseFmt(b []byte) error {
	tag := binary.LittleEndian.Uint16(b[0:2])
	l.channels = int(binary.LittleEndian.Uint16(b[2:4]))
	l.rate = int(binary.LittleEndian.Uint32(b[4:8]))
	l.blockAlign = int(binary.LittleEndian.Uint16(b[12:14]))
	l.bits = int(binary.LittleEndian.Uint16(b[14:16]))
	if tag == tagExtensible {
		// cbSize(2) validBits(2) channelMask(4) then a GUID whose first two
		// bytes are the real format tag.
		if len(b) < 40 {
			return fmt.Errorf("%w: extensible fmt chunk of %d bytes", ErrNotWAV, len(b))
		}
		tag = binary.LittleEndian.Uint16(b[24:26])
	}
	l.tag = tag
	if l.channels == 0 {
		return fmt.Errorf("%w: zero channels", ErrNotWAV)
	}
	if l.rate == 0 {
		return fmt.Errorf("%w: sample rate 0", ErrNotWAV)
	}
	if _, err := l.encoding(); err != nil {
		return err
	}
	if l.channels > maxChannels {
		return fmt.Errorf("%w: %d channels (want mono or stereo)", ErrUnsupported, l.channels)
	}
	if l.rate > maxRate {
		return fmt.Errorf("%w: sample rate %d Hz (at most %d)", ErrUnsupported, l.rate, maxRate)
	}
	if l.blockAlign != l.channels*l.bits/8 {
		return fmt.Errorf("%w: block align %d for %d channels of %d bits", ErrNotWAV, l.blockAlign, l.channels, l.bits)
	}
	return nil
}
