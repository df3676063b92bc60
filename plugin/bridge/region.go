package bridge

import (
	"fmt"
	"os"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"

	"rill/buffers"
)

// Region is one plugin instance's shared memory, mapped into this process.
// The creating side (the plugin) and the attaching side (the editor) use the
// same type; each method's comment says which side calls it.
//
// Methods are safe for concurrent use across goroutines and processes in the
// way the comments describe (one writer per field). After Close no method
// may be called.
type Region struct {
	mem   []byte
	base  unsafe.Pointer
	fd    int
	queue *buffers.SPSCQueue[Edit]
}

// Create makes a new region in an anonymous memory file (memfd, close-on-exec)
// for a plugin whose parameters have the given ids, in display order.
// Parameter values start at 0; the plugin stores the real ones before it
// starts an editor. [main-thread]
func Create(paramIDs []uint32) (*Region, error) {
	if len(paramIDs) > MaxParams {
		return nil, fmt.Errorf("%w: %d ids, at most %d", ErrTooManyParams, len(paramIDs), MaxParams)
	}
	fd, err := unix.MemfdCreate("rill-tape-bridge", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("bridge: memfd_create: %w", err)
	}
	return createOn(fd, paramIDs)
}

// CreateFile makes a new region in a file at path (for example under
// /dev/shm), replacing any file there. The editor's demo mode and tools use
// it; plugins use Create. [main-thread]
func CreateFile(path string, paramIDs []uint32) (*Region, error) {
	if len(paramIDs) > MaxParams {
		return nil, fmt.Errorf("%w: %d ids, at most %d", ErrTooManyParams, len(paramIDs), MaxParams)
	}
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("bridge: create %s: %w", path, err)
	}
	return createOn(fd, paramIDs)
}

func createOn(fd int, paramIDs []uint32) (*Region, error) {
	if err := unix.Ftruncate(fd, int64(Size)); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("bridge: size region: %w", err)
	}
	r, err := mapRegion(fd, Size)
	if err != nil {
		return nil, err
	}
	r.put32(offVersion, LayoutVersion)
	r.put32(offSize, uint32(Size))
	r.put32(offOwnerPID, uint32(os.Getpid()))
	r.put32(offParamCount, uint32(len(paramIDs)))
	r.put32(offTapeCols, TapeColumns)
	r.put32(offQueueCap, EditQueueCapacity)
	r.put32(offMaxStats, MaxStats)
	for i, id := range paramIDs {
		r.put32(offParamIDs+4*i, id)
	}
	if r.queue, err = buffers.NewSPSCQueueIn[Edit](r.mem[offQueue:], EditQueueCapacity, true); err != nil {
		r.Close()
		return nil, fmt.Errorf("bridge: lay out edit queue: %w", err)
	}
	// The magic goes last: a reader that sees it sees a complete header.
	(*atomic.Uint64)(unsafe.Add(r.base, offMagic)).Store(Magic)
	return r, nil
}

// Attach maps the region behind fd, which it takes over (Close closes it),
// after checking the header: a region of another layout version gives a
// *VersionError (errors.Is ErrVersion), anything else that is not a region of
// this layout gives ErrNotRegion or ErrCorrupt. On error fd is closed.
// [editor]
func Attach(fd int) (*Region, error) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("bridge: stat region: %w", err)
	}
	if st.Size < 64 || st.Size > 1<<30 {
		unix.Close(fd)
		return nil, fmt.Errorf("%w: %d bytes", ErrNotRegion, st.Size)
	}
	r, err := mapRegion(fd, int(st.Size))
	if err != nil {
		return nil, err
	}
	if err := r.check(int(st.Size)); err != nil {
		r.Close()
		return nil, err
	}
	if r.queue, err = buffers.NewSPSCQueueIn[Edit](r.mem[offQueue:], EditQueueCapacity, false); err != nil {
		r.Close()
		return nil, fmt.Errorf("%w: edit queue: %w", ErrCorrupt, err)
	}
	(*atomic.Uint32)(unsafe.Add(r.base, offEditorVersion)).Store(LayoutVersion)
	return r, nil
}

// AttachFile opens the file at path (a region made by CreateFile, or
// /proc/<pid>/fd/<n> of a plugin's memfd) and attaches to it. [editor]
func AttachFile(path string) (*Region, error) {
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("bridge: open %s: %w", path, err)
	}
	return Attach(fd)
}

// check validates the header against the mapped size. The frozen prefix is
// read first so a region of another version is reported as such and nothing
// past the prefix is trusted.
func (r *Region) check(fileSize int) error {
	if (*atomic.Uint64)(unsafe.Add(r.base, offMagic)).Load() != Magic {
		return ErrNotRegion
	}
	if v := r.get32(offVersion); v != LayoutVersion {
		(*atomic.Uint32)(unsafe.Add(r.base, offEditorVersion)).Store(LayoutVersion)
		return &VersionError{Region: v, Reader: LayoutVersion}
	}
	switch {
	case int(r.get32(offSize)) != Size || fileSize != Size:
		return fmt.Errorf("%w: size field %d, file %d bytes, layout %d", ErrCorrupt, r.get32(offSize), fileSize, Size)
	case r.get32(offParamCount) > MaxParams:
		return fmt.Errorf("%w: %d parameters", ErrCorrupt, r.get32(offParamCount))
	case r.get32(offTapeCols) != TapeColumns || r.get32(offQueueCap) != EditQueueCapacity || r.get32(offMaxStats) != MaxStats:
		return fmt.Errorf("%w: capacities differ from the layout", ErrCorrupt)
	}
	return nil
}

func mapRegion(fd, size int) (*Region, error) {
	mem, err := unix.Mmap(fd, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("bridge: map region: %w", err)
	}
	return &Region{mem: mem, base: unsafe.Pointer(&mem[0]), fd: fd}, nil
}

// Close unmaps the region and closes its descriptor. The memory stays alive
// while another process maps it. [main-thread / editor]
func (r *Region) Close() error {
	if r.mem == nil {
		return nil
	}
	err := unix.Munmap(r.mem)
	if cerr := unix.Close(r.fd); err == nil {
		err = cerr
	}
	r.mem, r.base, r.queue = nil, nil, nil
	if err != nil {
		return fmt.Errorf("bridge: close region: %w", err)
	}
	return nil
}

// FD returns the region's file descriptor, to hand to an editor process
// (close-on-exec is set: pass it with dup2 or exec.Cmd.ExtraFiles).
func (r *Region) FD() int { return r.fd }

// OwnerPID returns the pid of the process that created the region.
func (r *Region) OwnerPID() int { return int(r.get32(offOwnerPID)) }

// EditorVersion returns the LayoutVersion of the last editor that attached
// or refused to attach, 0 if none did. A plugin that finds a value other
// than LayoutVersion knows its editor comes from another build.
func (r *Region) EditorVersion() uint32 {
	return (*atomic.Uint32)(unsafe.Add(r.base, offEditorVersion)).Load()
}

func (r *Region) u32(off int) *atomic.Uint32 { return (*atomic.Uint32)(unsafe.Add(r.base, off)) }
func (r *Region) u64(off int) *atomic.Uint64 { return (*atomic.Uint64)(unsafe.Add(r.base, off)) }
func (r *Region) get32(off int) uint32       { return r.u32(off).Load() }
func (r *Region) put32(off int, v uint32)    { r.u32(off).Store(v) }
