package buffers

// Buffer is the interface every block-shaped buffer shares, the port of
// rill-core's Buffer trait. Slice exposes the raw storage in physical order
// (not logical order for rings); CopyFrom copies into the storage from index
// 0 and returns how many elements it copied.
//
// A Buffer is single-threaded unless its own doc comment says otherwise.
type Buffer[T Scalar] interface {
	// Capacity is the most elements the buffer can hold.
	Capacity() int
	// Len is the current element count; what counts as an element is
	// documented per type.
	Len() int
	// IsEmpty reports Len() == 0.
	IsEmpty() bool
	// IsFull reports Len() == Capacity().
	IsFull() bool
	// Slice returns the raw storage.
	Slice() []T
	// Fill writes v into the whole storage.
	Fill(v T)
	// CopyFrom copies min(len(src), len(storage)) elements into the storage
	// from index 0 and returns that count. No cursor moves.
	CopyFrom(src []T) int
	// Clear empties the buffer; storage is zero-filled.
	Clear()
	// Stats returns a snapshot of the buffer's counters.
	Stats() BufferStats
	// ResetStats zeroes the counters.
	ResetStats()
}
