package bridge

import "math"

// EditKind says what an Edit does.
type EditKind uint32

// The edit kinds. A drag in the editor sends EditBegin, any number of
// EditValue, then EditEnd; a single change (typed value, reset) sends all
// three. The zero kind is invalid so zeroed memory is never an edit.
const (
	EditValue EditKind = 1 // set the parameter to Value
	EditBegin EditKind = 2 // the user grabbed the control (gesture begin)
	EditEnd   EditKind = 3 // the user let go (gesture end)
)

// Edit is one message from the editor to the plugin. It is pointer-free and
// 16 bytes, so it travels through shared memory.
type Edit struct {
	Param uint32   // parameter id
	Kind  EditKind // what to do
	Value float64  // new plain value, for EditValue
}

// Valid reports whether e has a known kind and, for a value edit, a finite
// value. The plugin drops invalid edits: the editor is another process and
// its memory is not trusted.
func (e Edit) Valid() bool {
	switch e.Kind {
	case EditBegin, EditEnd:
		return true
	case EditValue:
		return !math.IsNaN(e.Value) && !math.IsInf(e.Value, 0)
	}
	return false
}

// PushEdit queues an edit for the plugin and reports false when the queue
// is full. Only one goroutine of one process may push. [editor]
func (r *Region) PushEdit(e Edit) bool { return r.queue.Push(e) }

// PopEdit takes the oldest queued edit. Only one thread may pop: the audio
// thread in process, or the main thread in a flush (never both at once).
// [audio-thread]
func (r *Region) PopEdit() (Edit, bool) { return r.queue.Pop() }

// PendingEdits returns how many edits wait in the queue. [thread-safe]
func (r *Region) PendingEdits() int { return r.queue.Len() }

// EditDrops returns how many edits the editor could not queue because the
// queue was full. [thread-safe]
func (r *Region) EditDrops() uint64 { return r.queue.Drops() }

// PeekEdit returns the oldest queued edit without taking it, so the plugin
// can take it only once it has room for it. Only the popping thread may
// call it. [audio-thread]
func (r *Region) PeekEdit() (Edit, bool) { return r.queue.Peek() }
