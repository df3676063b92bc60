package instance

import (
	"errors"
	"sync"
	"sync/atomic"
)

// MaxInstances is how many plugin instances one process may hold at once.
const MaxInstances = 1024

// Handle names an instance across the C boundary. Zero and negative values are never
// valid; a handle of a destroyed instance stays invalid (the slot's generation moves on).
type Handle int32

// ErrTableFull is returned by Table.Add when MaxInstances instances are alive.
var ErrTableFull = errors.New("instance: table full")

const slotBits = 10 // MaxInstances == 1 << slotBits

// slot is one entry of a Table: the instance and the handle it was given.
type slot struct {
	handle Handle
	inst   *Instance
}

// Table maps handles to instances. Add and Remove lock (they run on main threads,
// rarely); Get is lock-free and allocation-free, so the audio thread may call it.
type Table struct {
	mu    sync.Mutex
	gen   uint32
	slots [MaxInstances]atomic.Pointer[slot]
}

// Add stores inst and returns its new handle. [thread-safe]
func (t *Table) Add(inst *Instance) (Handle, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := range t.slots {
		if t.slots[i].Load() != nil {
			continue
		}
		t.gen++
		if t.gen >= 1<<(31-slotBits) {
			t.gen = 1
		}
		h := Handle(int32(t.gen)<<slotBits | int32(i))
		t.slots[i].Store(&slot{handle: h, inst: inst})
		return h, nil
	}
	return 0, ErrTableFull
}

// Get returns the instance for h, or nil for an unknown or stale handle. [thread-safe]
func (t *Table) Get(h Handle) *Instance {
	if h <= 0 {
		return nil
	}
	s := t.slots[int(h)&(MaxInstances-1)].Load()
	if s == nil || s.handle != h {
		return nil
	}
	return s.inst
}

// Remove forgets h and returns its instance, or nil when h is unknown. [thread-safe]
func (t *Table) Remove(h Handle) *Instance {
	if h <= 0 {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	p := &t.slots[int(h)&(MaxInstances-1)]
	s := p.Load()
	if s == nil || s.handle != h {
		return nil
	}
	p.Store(nil)
	return s.inst
}

// Len returns how many instances are alive. [thread-safe]
func (t *Table) Len() int {
	n := 0
	for i := range t.slots {
		if t.slots[i].Load() != nil {
			n++
		}
	}
	return n
}
