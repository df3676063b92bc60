package bridge

import (
	"unsafe"

	"rill/buffers"
)

// ParamCount returns the number of parameters in the region.
func (r *Region) ParamCount() int { return int(r.get32(offParamCount)) }

// ParamID returns the id of the parameter at position i (0 ≤ i <
// ParamCount), as given to Create.
func (r *Region) ParamID(i int) uint32 { return r.get32(offParamIDs + 4*i) }

// Param returns the cell holding the current value of the parameter at
// position i (0 ≤ i < ParamCount). The plugin stores every change into it
// (host automation, flush, state loads, editor edits); the editor loads it
// each frame. [thread-safe]
func (r *Region) Param(i int) *buffers.AtomicCell[float64] {
	return (*buffers.AtomicCell[float64])(unsafe.Add(r.base, offParamValues+8*i))
}

// ParamIndex returns the position of the parameter with the given id, or
// false. It scans the id table: call it once per id at setup, not per block.
func (r *Region) ParamIndex(id uint32) (int, bool) {
	for i, n := 0, r.ParamCount(); i < n; i++ {
		if r.ParamID(i) == id {
			return i, true
		}
	}
	return 0, false
}
