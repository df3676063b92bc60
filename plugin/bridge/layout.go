package bridge

import (
	"unsafe"

	"rill/buffers"
)

// LayoutVersion is the version of the region layout this package reads and
// writes. Any change to an offset, a size or the meaning of a field bumps it;
// Attach refuses a region of another version.
const LayoutVersion uint32 = 1

// Magic is the first word of every region: "RILLTAPE" read as a
// little-endian integer.
const Magic uint64 = 0x4550_4154_4c4c_4952

// Fixed capacities of a region. They are part of the layout: changing one
// changes LayoutVersion.
const (
	// MaxParams is the largest number of parameters a region carries.
	MaxParams = 64
	// MaxStats is the largest number of named buffer statistics.
	MaxStats = 16
	// StatsNameBytes is the longest buffer name, in bytes; longer names are
	// cut at a character boundary.
	StatsNameBytes = 32
	// Channels is the number of audio channels the meters describe.
	Channels = 2
	// MaxHeads is the largest number of read heads the meters place.
	MaxHeads = 4
	// TapeColumns is the number of min/max columns of the tape view.
	TapeColumns = 512
	// EditQueueCapacity is the number of edits the queue holds before the
	// editor must wait for the plugin to drain it.
	EditQueueCapacity = 256
)

// Offsets of the fields in a region. The first 24 bytes are frozen across
// every layout version, so that any editor can read the magic and the
// version of any region and report a mismatch instead of misreading it.
const (
	offMagic         = 0  // uint64, Magic
	offVersion       = 8  // uint32, LayoutVersion of the creator
	offSize          = 12 // uint32, total bytes of the region
	offOwnerPID      = 16 // uint32, pid of the creating (plugin) process
	offEditorVersion = 20 // uint32, LayoutVersion of the last editor that attached (atomic)

	offParamCount = 24 // uint32
	offTapeCols   = 28 // uint32, TapeColumns
	offQueueCap   = 32 // uint32, EditQueueCapacity
	offMaxStats   = 36 // uint32, MaxStats

	// The plugin's control line.
	offPluginBeat = 64 + 0  // uint64, bumped by the plugin's main-thread timer
	offBlocks     = 64 + 8  // uint64, audio blocks processed
	offVisible    = 64 + 16 // uint32, 1 while the host wants the editor shown
	offCloseReq   = 64 + 20 // uint32, 1 when the plugin asks the editor to quit
	offStatsCount = 64 + 24 // uint32, named stats published

	// The editor's control line.
	offEditorPID   = 128 + 0  // uint32
	offEditorState = 128 + 4  // uint32, an EditorState
	offEditorBeat  = 128 + 8  // uint64, frames drawn
	offEditorXID   = 128 + 16 // uint64, the editor's X11 window, 0 if none

	offParamIDs     = 192                          // MaxParams × uint32
	offParamValues  = offParamIDs + MaxParams*4    // MaxParams × AtomicCell[float64]
	offMeters       = offParamValues + MaxParams*8 // sequence word + meterWords words
	metersBytes     = 256                          // room for the meters block
	offStats        = offMeters + metersBytes      // MaxStats × statsSlotBytes
	statsSlotBytes  = 128                          // name words, then AtomicStats
	offStatsValue   = 64                           // AtomicStats within a slot
	offTape         = offStats + MaxStats*statsSlotBytes
	offTapeWriteCol = offTape + 0  // uint32, column the plugin writes next
	offTapePerCol   = offTape + 4  // uint32, samples per column
	offTapeData     = offTape + 64 // TapeColumns × 4 words (min L, max L, min R, max R)
	offQueue        = offTapeData + TapeColumns*4*4
)

// pageSize rounds the region to whole pages.
const pageSize = 4096

// Size is the number of bytes of every region of this layout version.
var Size = regionSize()

func regionSize() int {
	n := offQueue + buffers.SPSCQueueBytes[Edit](EditQueueCapacity)
	return (n + pageSize - 1) / pageSize * pageSize
}

// Compile-time checks that the shared types have the sizes the layout
// assumes.
var (
	_ [unsafe.Sizeof(buffers.AtomicCell[float64]{}) - 8]byte
	_ [8 - unsafe.Sizeof(buffers.AtomicCell[float64]{})]byte
	_ [unsafe.Sizeof(buffers.AtomicStats{}) - (statsSlotBytes - offStatsValue)]byte
	_ [(statsSlotBytes - offStatsValue) - unsafe.Sizeof(buffers.AtomicStats{})]byte
	_ [metersBytes - 4 - unsafe.Sizeof(Meters{})]byte
	_ [unsafe.Sizeof(Meters{}) - meterWords*4]byte
	_ [meterWords*4 - unsafe.Sizeof(Meters{})]byte
)
