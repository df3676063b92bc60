package buffers

import (
	"errors"
	"fmt"
	"slices"
	"sync"
)

// StatsSource is anything that reports BufferStats: every buffer of this
// package, and StatsFunc(s.Snapshot) for an AtomicStats.
type StatsSource interface {
	Stats() BufferStats
}

// StatsFunc adapts a function to StatsSource. StatsFunc(a.Snapshot) makes an
// AtomicStats a source that is safe to read from any goroutine.
type StatsFunc func() BufferStats

// Stats calls f.
func (f StatsFunc) Stats() BufferStats { return f() }

// Errors returned by BufferRegistry.Register.
var (
	ErrEmptyName     = errors.New("buffers: empty buffer name")
	ErrDuplicateName = errors.New("buffers: buffer name already registered")
)

// BufferRegistry names the buffers of a plugin so that tools and the editor
// can list them and read their stats: the port of the BufferRegistry of
// rill-core 0.5.0-beta (replaced by a tape-only ResourceRegistry in 0.5.0).
// It only holds StatsSources; it does not own, hand out or move buffers.
//
// Register at set-up, never on the audio thread: it allocates and locks. The
// registry itself is safe for concurrent use, but Stats calls the source's
// Stats method on the caller's goroutine. A single-threaded buffer's Stats
// may only be read on the thread that uses the buffer; to read stats from
// another thread, have the audio thread Publish them into an AtomicStats once
// per block and register StatsFunc(atomicStats.Snapshot).
type BufferRegistry struct {
	mu      sync.RWMutex
	sources map[string]StatsSource
}

// NewBufferRegistry returns an empty registry.
func NewBufferRegistry() *BufferRegistry {
	return &BufferRegistry{sources: make(map[string]StatsSource)}
}

// Register adds src under name. It returns an error matching ErrEmptyName
// for an empty name, ErrDuplicateName for a name already registered (the
// crate replaced it silently), and an error for a nil src.
func (r *BufferRegistry) Register(name string, src StatsSource) error {
	if name == "" {
		return ErrEmptyName
	}
	if src == nil {
		return fmt.Errorf("buffers: register %q: nil stats source", name)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.sources[name]; ok {
		return fmt.Errorf("buffers: register %q: %w", name, ErrDuplicateName)
	}
	if r.sources == nil { // the zero BufferRegistry is usable too
		r.sources = make(map[string]StatsSource)
	}
	r.sources[name] = src
	return nil
}

// Len returns the number of registered names.
func (r *BufferRegistry) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.sources)
}

// Names returns the registered names in sorted order, in a new slice.
func (r *BufferRegistry) Names() []string {
	r.mu.RLock()
	names := make([]string, 0, len(r.sources))
	for name := range r.sources {
		names = append(names, name)
	}
	r.mu.RUnlock()
	slices.Sort(names)
	return names
}

// Stats returns the stats of the source registered under name, and false if
// there is none.
func (r *BufferRegistry) Stats(name string) (BufferStats, bool) {
	r.mu.RLock()
	src, ok := r.sources[name]
	r.mu.RUnlock()
	if !ok {
		return BufferStats{}, false
	}
	return src.Stats(), true
}
