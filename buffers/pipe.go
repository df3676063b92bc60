package buffers

// PipeBuffer is a one-slot "latest block" mailbox between two nodes of the
// signal graph: the producer writes whole blocks, the consumer reads the most
// recent one. It is the port of rill-core's PipeBuffer<T, N>, with the block
// length N given at construction.
//
// Read is non-destructive (the block stays for the next Read), TryRead is
// destructive. The crate's read_blocking is deliberately absent: on the one
// thread that owns a PipeBuffer nothing can write while a read spins, so it
// could only hang forever (the crate's does, counting an underflow per spin).
//
// Quirk 5 of the crate is fixed (pinned by TestPipeBufferQuirk5):
//   - Reset also zeroes the sequence counters, so a reset pipe is caught up.
//   - Each written block counts at most one read in Stats and in ReadSeq,
//     however many times Read returns it, so IsCaughtUp and SuccessRate mean
//     what they say.
//   - Overwrites counts the blocks replaced before any read delivered them,
//     and each one is also counted as an overflow.
//
// Read and TryRead on an empty pipe count an underflow (the crate's read does
// not). The fill level is 1 while a block is pending and 0 otherwise.
//
// A PipeBuffer is single-threaded (use SPSCQueue across threads).
// Construction allocates; after that no method allocates, locks or blocks.
// Errors for misuse (a block of the wrong length) carry the offending length
// and may allocate; correct calls never do.
type PipeBuffer[T Float] struct {
	data      []T
	valid     bool // a block is pending
	delivered bool // the pending block was already returned by Read or TryRead
	writeSeq  uint64
	readSeq   uint64
	overwrite uint64
	c         counters
}

var _ Buffer[float32] = (*PipeBuffer[float32])(nil)

// NewPipeBuffer returns an empty pipe for blocks of blockLen samples. It
// returns an InvalidSize error unless 1 <= blockLen <= MaxBufferSize.
func NewPipeBuffer[T Float](blockLen int) (*PipeBuffer[T], error) {
	if err := checkBlockLen(blockLen); err != nil {
		return nil, err
	}
	return &PipeBuffer[T]{data: make([]T, blockLen)}, nil
}

// BlockLen returns the length of the blocks the pipe carries.
func (p *PipeBuffer[T]) BlockLen() int { return len(p.data) }

// Write stores a copy of block as the pending block, replacing any previous
// one. A replaced block that no read delivered counts as an overflow (the
// write itself succeeds and returns nil). It returns an InvalidSize error,
// and stores nothing, when len(block) != BlockLen().
func (p *PipeBuffer[T]) Write(block []T) error {
	if len(block) != len(p.data) {
		return InvalidSize(len(block))
	}
	if p.valid && !p.delivered {
		p.overwrite++
		p.c.overflows++
	}
	copy(p.data, block)
	p.valid = true
	p.delivered = false
	p.writeSeq++
	p.c.writes++
	p.c.setFill(1)
	return nil
}

// Read copies the pending block into dst and leaves it pending, so a later
// Read returns it again. It returns ErrEmpty (counting an underflow) when no
// block is pending, and an InvalidSize error when len(dst) != BlockLen().
func (p *PipeBuffer[T]) Read(dst []T) error {
	if len(dst) != len(p.data) {
		return InvalidSize(len(dst))
	}
	if !p.valid {
		p.c.underflows++
		return BufferError{Kind: KindEmpty}
	}
	copy(dst, p.data)
	p.deliver()
	return nil
}

// TryRead copies the pending block into dst and removes it. It returns
// ErrEmpty (counting an underflow) when no block is pending, and an
// InvalidSize error when len(dst) != BlockLen().
func (p *PipeBuffer[T]) TryRead(dst []T) error {
	if err := p.Read(dst); err != nil {
		return err
	}
	p.valid = false
	p.c.setFill(0)
	return nil
}

// deliver counts the first delivery of the pending block.
func (p *PipeBuffer[T]) deliver() {
	if !p.delivered {
		p.delivered = true
		p.readSeq = p.writeSeq
		p.c.reads++
	}
}

// HasData reports whether a block is pending.
func (p *PipeBuffer[T]) HasData() bool { return p.valid }

// WriteSeq returns the number of blocks written since construction or Reset.
func (p *PipeBuffer[T]) WriteSeq() uint64 { return p.writeSeq }

// ReadSeq returns the sequence number (WriteSeq at the time) of the last
// block a read delivered, 0 if none.
func (p *PipeBuffer[T]) ReadSeq() uint64 { return p.readSeq }

// IsCaughtUp reports whether the consumer has seen the latest block written.
func (p *PipeBuffer[T]) IsCaughtUp() bool { return p.readSeq == p.writeSeq }

// Overwrites returns the number of blocks replaced before any read delivered
// them since construction or Reset.
func (p *PipeBuffer[T]) Overwrites() uint64 { return p.overwrite }

// Reset drops the pending block and zeroes the sequence counters and the
// stats. The storage keeps its contents.
func (p *PipeBuffer[T]) Reset() {
	p.valid, p.delivered = false, false
	p.writeSeq, p.readSeq, p.overwrite = 0, 0, 0
	p.c.setFill(0)
	p.c.reset()
}

// Capacity returns the block length.
func (p *PipeBuffer[T]) Capacity() int { return len(p.data) }

// Len returns the number of samples pending: BlockLen() while a block is
// pending and 0 otherwise. (The crate counts 1 block; counting samples keeps
// IsFull equal to Len() == Capacity().)
func (p *PipeBuffer[T]) Len() int {
	if p.valid {
		return len(p.data)
	}
	return 0
}

// IsEmpty reports whether no block is pending.
func (p *PipeBuffer[T]) IsEmpty() bool { return !p.valid }

// IsFull reports whether a block is pending.
func (p *PipeBuffer[T]) IsFull() bool { return p.valid }

// Slice returns the raw block storage. Writing through it does not change
// whether a block is pending.
func (p *PipeBuffer[T]) Slice() []T { return p.data }

// Fill writes v into the raw storage without changing whether a block is
// pending and without counting a write.
func (p *PipeBuffer[T]) Fill(v T) {
	fillValue(p.data, v)
}

// CopyFrom copies min(len(src), BlockLen()) samples into the raw storage
// from index 0 without changing whether a block is pending; it returns the
// count. Use Write to send a block.
func (p *PipeBuffer[T]) CopyFrom(src []T) int { return copy(p.data, src) }

// Clear zero-fills the storage and resets the pipe as Reset does.
func (p *PipeBuffer[T]) Clear() {
	clear(p.data)
	p.Reset()
}

// Stats returns the pipe's counters.
func (p *PipeBuffer[T]) Stats() BufferStats { return p.c.snapshot() }

// ResetStats zeroes the counters; the fill level stays.
func (p *PipeBuffer[T]) ResetStats() { p.c.reset() }
