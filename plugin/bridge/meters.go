package bridge

import (
	"sync/atomic"
	"unsafe"
)

// Meters is what the plugin measures each block for the editor to show.
// Levels are linear amplitudes (1 = full scale). It holds only 4-byte
// fields so the region can carry it as atomic words.
type Meters struct {
	InPeak  [Channels]float32 // input peak of the last block
	InRMS   [Channels]float32 // input RMS of the last block
	OutPeak [Channels]float32 // output peak of the last block
	OutRMS  [Channels]float32 // output RMS of the last block

	Feedback float32 // peak level written onto the tape in the last block

	WriteHead float32           // write head position, as a fraction of the tape (0..1)
	HeadCount uint32            // read heads in use, at most MaxHeads
	Heads     [MaxHeads]float32 // read head positions, fractions of the tape (0..1)
	DelayMs   float32           // current delay of the main head, ms

	WowPhase     float32 // wow LFO phase, 0..1
	FlutterPhase float32 // flutter LFO phase, 0..1

	Flags      uint32  // MeterFrozen, MeterBypassed
	SampleRate float32 // Hz

	Load     float32 // CPU load of the last block: processing time / block duration
	LoadAvg  float32 // CPU load averaged over about a second
	LoadPeak float32 // highest block load over the last seconds, decaying
}

// Bits of Meters.Flags.
const (
	MeterFrozen   uint32 = 1 << iota // freeze is engaged: the tape loops, nothing new is written
	MeterBypassed                    // bypass has faded to dry
)

// meterWords is the size of Meters in 4-byte words.
const meterWords = 23

// The meters block is a sequence word followed by the Meters words. The
// sequence is odd while the plugin writes; a reader that sees it odd, or
// changed across its read, retries.
func (r *Region) meterSeq() *atomic.Uint32 { return r.u32(offMeters) }

func (r *Region) meterWord(i int) *atomic.Uint32 { return r.u32(offMeters + 4 + 4*i) }

// WriteMeters publishes m. Only one goroutine (the audio thread) may write.
// It never waits: it is a handful of atomic stores. [audio-thread]
func (r *Region) WriteMeters(m *Meters) {
	words := (*[meterWords]uint32)(unsafe.Pointer(m))
	seq := r.meterSeq()
	s := seq.Load()
	seq.Store(s + 1) // odd: a write is in progress
	for i, w := range words {
		r.meterWord(i).Store(w)
	}
	seq.Store(s + 2)
}

// ReadMeters copies the latest published meters into m and reports whether
// the copy is consistent (taken between two writes). It retries a few times
// while the plugin is writing and gives up rather than spin: a false result
// leaves m with a possibly mixed copy that is still safe to draw. [editor]
func (r *Region) ReadMeters(m *Meters) bool {
	words := (*[meterWords]uint32)(unsafe.Pointer(m))
	seq := r.meterSeq()
	for range 16 {
		s := seq.Load()
		if s&1 != 0 {
			continue
		}
		for i := range words {
			words[i] = r.meterWord(i).Load()
		}
		if seq.Load() == s {
			return true
		}
	}
	return false
}
