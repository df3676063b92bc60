package bridge

import (
	"errors"
	"fmt"
)

// Errors Attach returns for a region it will not read. Test them with
// errors.Is; a version mismatch is also a *VersionError.
var (
	// ErrNotRegion means the memory does not start with Magic: it is not a
	// Rill Tape region at all.
	ErrNotRegion = errors.New("bridge: not a rill tape region (bad magic)")
	// ErrVersion means the region was laid out by another LayoutVersion.
	ErrVersion = errors.New("bridge: region layout version mismatch")
	// ErrCorrupt means the header contradicts itself or the file's size.
	ErrCorrupt = errors.New("bridge: corrupt region header")
	// ErrTooManyParams means Create was given more than MaxParams ids.
	ErrTooManyParams = errors.New("bridge: too many parameters")
	// ErrTooManyStats means SetStatsNames was given more than MaxStats names.
	ErrTooManyStats = errors.New("bridge: too many statistics")
)

// VersionError reports a region whose layout version differs from the one
// this build understands. It matches ErrVersion under errors.Is.
type VersionError struct {
	Region uint32 // version written in the region by its creator
	Reader uint32 // version this package reads (LayoutVersion)
}

// Error describes the mismatch.
func (e *VersionError) Error() string {
	return fmt.Sprintf("bridge: region layout version %d, this build reads version %d (plugin and editor come from different builds)",
		e.Region, e.Reader)
}

// Is reports whether target is ErrVersion.
func (e *VersionError) Is(target error) bool { return target == ErrVersion }
