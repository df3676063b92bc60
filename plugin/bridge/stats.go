package bridge

import (
	"fmt"
	"unicode/utf8"
	"unsafe"

	"rill/buffers"
)

// SetStatsNames names the region's statistics slots, in order, and
// publishes how many there are. Call it at setup, before starting an editor
// (typically with BufferRegistry.Names()); names longer than StatsNameBytes
// are cut at a character boundary. [main-thread]
func (r *Region) SetStatsNames(names []string) error {
	if len(names) > MaxStats {
		return fmt.Errorf("%w: %d names, at most %d", ErrTooManyStats, len(names), MaxStats)
	}
	r.put32(offStatsCount, 0)
	for i, name := range names {
		var buf [StatsNameBytes]byte
		n := len(name)
		if n > StatsNameBytes {
			n = StatsNameBytes
			for n > 0 && !utf8.RuneStart(name[n]) {
				n--
			}
		}
		copy(buf[:], name[:n])
		for w := 0; w < StatsNameBytes/4; w++ {
			r.put32(r.statsSlot(i)+4*w, *(*uint32)(unsafe.Pointer(&buf[4*w])))
		}
		r.Stats(i).Reset()
	}
	r.put32(offStatsCount, uint32(len(names)))
	return nil
}

func (r *Region) statsSlot(i int) int { return offStats + i*statsSlotBytes }

// StatsCount returns the number of named statistics slots.
func (r *Region) StatsCount() int { return int(min(r.get32(offStatsCount), MaxStats)) }

// StatsName returns the name of slot i (0 ≤ i < StatsCount). It allocates:
// the editor calls it, the audio thread never does. [editor]
func (r *Region) StatsName(i int) string {
	var buf [StatsNameBytes]byte
	for w := 0; w < StatsNameBytes/4; w++ {
		*(*uint32)(unsafe.Pointer(&buf[4*w])) = r.get32(r.statsSlot(i) + 4*w)
	}
	n := 0
	for n < len(buf) && buf[n] != 0 {
		n++
	}
	return string(buf[:n])
}

// Stats returns the counters of slot i (0 ≤ i < MaxStats). The plugin
// publishes a buffer's snapshot into it once per block
// (AtomicStats.Publish); the editor takes Snapshots. [thread-safe]
func (r *Region) Stats(i int) *buffers.AtomicStats {
	return (*buffers.AtomicStats)(unsafe.Add(r.base, r.statsSlot(i)+offStatsValue))
}
