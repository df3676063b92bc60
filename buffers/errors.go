package buffers

import "strconv"

// ErrorKind says which of the buffer failures a BufferError reports.
type ErrorKind uint8

// The kinds of BufferError, mirroring rill-core's BufferError variants.
const (
	KindEmpty        ErrorKind = iota + 1 // a read found no data
	KindFull                              // a write found no space
	KindInvalidIndex                      // an index was out of range
	KindDisconnected                      // the other end is gone
	KindWouldBlock                        // a non-blocking operation would block
	KindOverflow                          // data was lost because the buffer was full
	KindUnderflow                         // data was asked for and none was there
	KindInvalidSize                       // a size was out of range
)

// BufferError is the error value of this package. It is comparable: two
// errors match under errors.Is when their kinds match; == also compares N.
//
// Returning one as an error costs no allocation when it is a composite
// literal of constants (return BufferError{Kind: KindEmpty}): the compiler
// boxes it statically. Boxing a variable (return ErrEmpty) or a run-time N
// (InvalidIndex(i)) allocates 16 bytes, so audio-path code returns literals
// and keeps run-time Ns for misuse and set-up errors (TestBufferErrorAllocs).
type BufferError struct {
	Kind ErrorKind
	// N is the offending index or size for KindInvalidIndex and
	// KindInvalidSize, and zero otherwise.
	N int
}

// BufferResult is what rill-core calls Result<T, BufferError>; in Go a
// function returns (T, error) and the error, when not nil, is a BufferError.
// The name is kept as documentation only.

// Sentinel errors for errors.Is. ErrInvalidIndex and ErrInvalidSize match
// errors of that kind whatever their N.
var (
	ErrEmpty        = BufferError{Kind: KindEmpty}
	ErrFull         = BufferError{Kind: KindFull}
	ErrInvalidIndex = BufferError{Kind: KindInvalidIndex}
	ErrDisconnected = BufferError{Kind: KindDisconnected}
	ErrWouldBlock   = BufferError{Kind: KindWouldBlock}
	ErrOverflow     = BufferError{Kind: KindOverflow}
	ErrUnderflow    = BufferError{Kind: KindUnderflow}
	ErrInvalidSize  = BufferError{Kind: KindInvalidSize}
)

// InvalidIndex returns the error for the out-of-range index i.
func InvalidIndex(i int) BufferError { return BufferError{Kind: KindInvalidIndex, N: i} }

// InvalidSize returns the error for the out-of-range size n.
func InvalidSize(n int) BufferError { return BufferError{Kind: KindInvalidSize, N: n} }

// Error returns the message in the lower-case style of Go errors.
func (e BufferError) Error() string {
	switch e.Kind {
	case KindEmpty:
		return "buffer is empty"
	case KindFull:
		return "buffer is full"
	case KindInvalidIndex:
		return "invalid index: " + strconv.Itoa(e.N)
	case KindDisconnected:
		return "buffer is disconnected"
	case KindWouldBlock:
		return "operation would block"
	case KindOverflow:
		return "buffer overflow"
	case KindUnderflow:
		return "buffer underflow"
	case KindInvalidSize:
		return "invalid buffer size: " + strconv.Itoa(e.N)
	}
	return "unknown buffer error " + strconv.Itoa(int(e.Kind))
}

// Is reports whether target is a BufferError of the same kind, so that
// errors.Is(err, ErrInvalidSize) holds for any size.
func (e BufferError) Is(target error) bool {
	t, ok := target.(BufferError)
	return ok && t.Kind == e.Kind
}
