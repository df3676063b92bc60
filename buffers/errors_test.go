package buffers

import (
	"errors"
	"fmt"
	"testing"
)

// TestBufferErrorDisplay ports rill-core's test_buffer_error_display. Our
// messages are the crate's in Go's lower-case style: "buffer is empty" where
// the crate prints "Buffer is empty".
func TestBufferErrorDisplay(t *testing.T) {
	tests := []struct {
		err  BufferError
		want string
	}{
		{ErrEmpty, "buffer is empty"},
		{ErrFull, "buffer is full"},
		{InvalidIndex(5), "invalid index: 5"},
		{ErrDisconnected, "buffer is disconnected"},
		{ErrWouldBlock, "operation would block"},
		{ErrOverflow, "buffer overflow"},
		{ErrUnderflow, "buffer underflow"},
		{InvalidSize(-3), "invalid buffer size: -3"},
		{BufferError{Kind: 200}, "unknown buffer error 200"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBufferErrorIs(t *testing.T) {
	wrapped := fmt.Errorf("tape: %w", InvalidSize(0))
	if !errors.Is(wrapped, ErrInvalidSize) {
		t.Error("a wrapped InvalidSize(0) does not match ErrInvalidSize")
	}
	if errors.Is(wrapped, ErrInvalidIndex) || errors.Is(ErrEmpty, ErrFull) {
		t.Error("errors of different kinds match")
	}
	seven, eight, sevenAgain := InvalidIndex(7), InvalidIndex(8), InvalidIndex(7)
	if !errors.Is(seven, ErrInvalidIndex) || !errors.Is(seven, eight) || seven == eight || seven != sevenAgain {
		t.Error("Is must ignore N; == must compare it")
	}
	var be BufferError
	if !errors.As(wrapped, &be) || be.N != 0 || be.Kind != KindInvalidSize {
		t.Errorf("errors.As = %+v", be)
	}
	if errors.Is(ErrEmpty, errors.New("buffer is empty")) {
		t.Error("a BufferError matched a foreign error with the same text")
	}
}

//go:noinline
func returnLiteralError() error { return BufferError{Kind: KindEmpty} }

//go:noinline
func returnRuntimeIndex(i int) error { return InvalidIndex(i) }

// TestBufferErrorAllocs pins what BufferError's doc comment says: a literal
// of constants boxes for free, a run-time N costs an allocation.
func TestBufferErrorAllocs(t *testing.T) {
	var err error
	if a := testing.AllocsPerRun(100, func() { err = returnLiteralError() }); a != 0 {
		t.Errorf("returning a literal BufferError allocates %v times", a)
	}
	if a := testing.AllocsPerRun(100, func() { err = returnRuntimeIndex(5) }); a != 1 {
		t.Errorf("returning InvalidIndex(i) allocates %v times; update the doc comment", a)
	}
	_ = err
}
