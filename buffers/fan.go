package buffers

// maxFanPorts bounds the number of consumers of a FanOutBuffer and of
// producers of a FanInBuffer.
const maxFanPorts = 1024

// FanOutBuffer broadcasts blocks from one producer to a fixed number of
// consumers: the port of rill-core's FanOutBuffer<T, N, CONSUMERS>, with the
// block length and the consumer count given at construction.
//
// Consumers are numbered 0..Consumers()-1. Each consumer reads each block at
// most once and always gets the newest one: a slow consumer skips the blocks
// it missed. A write that replaces a block some consumer has not read counts
// one overflow.
//
// Quirk 9 of the crate is fixed (pinned by TestFanOutBufferQuirk9): Reset
// also zeroes the version counter. The fill level is 1 while a block is held
// and 0 after Reset or Clear.
//
// A FanOutBuffer is single-threaded. Construction allocates; after that no
// method allocates, locks or blocks. Errors for misuse (wrong block length,
// bad consumer id) carry the offending number and may allocate; correct calls
// never do.
type FanOutBuffer[T Float] struct {
	data         []T
	version      uint64   // number of blocks written since construction or Reset
	readVersions []uint64 // per consumer: the version it last read
	valid        bool
	c            counters
}

var _ Buffer[float32] = (*FanOutBuffer[float32])(nil)

// NewFanOutBuffer returns an empty buffer for blocks of blockLen samples and
// the given number of consumers. It returns an InvalidSize error unless
// 1 <= blockLen <= MaxBufferSize and 1 <= consumers <= 1024.
func NewFanOutBuffer[T Float](blockLen, consumers int) (*FanOutBuffer[T], error) {
	if err := checkBlockLen(blockLen); err != nil {
		return nil, err
	}
	if consumers < 1 || consumers > maxFanPorts {
		return nil, InvalidSize(consumers)
	}
	return &FanOutBuffer[T]{data: make([]T, blockLen), readVersions: make([]uint64, consumers)}, nil
}

// BlockLen returns the length of the blocks the buffer carries.
func (f *FanOutBuffer[T]) BlockLen() int { return len(f.data) }

// Consumers returns the number of consumers.
func (f *FanOutBuffer[T]) Consumers() int { return len(f.readVersions) }

// Version returns the number of blocks written since construction or Reset.
func (f *FanOutBuffer[T]) Version() uint64 { return f.version }

// Write stores a copy of block as the current block for every consumer. It
// returns an InvalidSize error, and stores nothing, when len(block) !=
// BlockLen().
func (f *FanOutBuffer[T]) Write(block []T) error {
	if len(block) != len(f.data) {
		return InvalidSize(len(block))
	}
	if f.valid {
		for _, v := range f.readVersions {
			if v != f.version {
				f.c.overflows++
				break
			}
		}
	}
	copy(f.data, block)
	f.version++
	f.valid = true
	f.c.writes++
	f.c.setFill(1)
	return nil
}

// TryRead copies the current block into dst for consumer id, unless that
// consumer has already read it. It returns ErrEmpty (counting an underflow)
// when there is no block this consumer has not read, an InvalidIndex error
// for a bad id and an InvalidSize error when len(dst) != BlockLen().
func (f *FanOutBuffer[T]) TryRead(id int, dst []T) error {
	if uint(id) >= uint(len(f.readVersions)) {
		return InvalidIndex(id)
	}
	if len(dst) != len(f.data) {
		return InvalidSize(len(dst))
	}
	if !f.valid || f.readVersions[id] == f.version {
		f.c.underflows++
		return BufferError{Kind: KindEmpty}
	}
	copy(dst, f.data)
	f.readVersions[id] = f.version
	f.c.reads++
	return nil
}

// HasData reports whether a block is held (written since construction,
// Reset or Clear), whether or not every consumer has read it.
func (f *FanOutBuffer[T]) HasData() bool { return f.valid }

// HasNewData reports whether consumer id has a block it has not read; false
// for a bad id.
func (f *FanOutBuffer[T]) HasNewData(id int) bool {
	return uint(id) < uint(len(f.readVersions)) && f.valid && f.readVersions[id] != f.version
}

// LastReadVersion returns the version consumer id last read (0 if none) and
// true, or 0 and false for a bad id.
func (f *FanOutBuffer[T]) LastReadVersion(id int) (uint64, bool) {
	if uint(id) >= uint(len(f.readVersions)) {
		return 0, false
	}
	return f.readVersions[id], true
}

// Reset drops the current block and zeroes the version, every consumer's
// read version and the stats. The storage keeps its contents.
func (f *FanOutBuffer[T]) Reset() {
	f.valid = false
	f.version = 0
	clear(f.readVersions)
	f.c.setFill(0)
	f.c.reset()
}

// Capacity returns the block length.
func (f *FanOutBuffer[T]) Capacity() int { return len(f.data) }

// Len returns BlockLen() while a block is held and 0 otherwise.
func (f *FanOutBuffer[T]) Len() int {
	if f.valid {
		return len(f.data)
	}
	return 0
}

// IsEmpty reports whether no block is held.
func (f *FanOutBuffer[T]) IsEmpty() bool { return !f.valid }

// IsFull reports whether a block is held.
func (f *FanOutBuffer[T]) IsFull() bool { return f.valid }

// Slice returns the raw block storage.
func (f *FanOutBuffer[T]) Slice() []T { return f.data }

// Fill writes v into the raw storage without publishing a block.
func (f *FanOutBuffer[T]) Fill(v T) {
	fillValue(f.data, v)
}

// CopyFrom copies min(len(src), BlockLen()) samples into the raw storage
// without publishing a block, and returns the count. Use Write to publish.
func (f *FanOutBuffer[T]) CopyFrom(src []T) int { return copy(f.data, src) }

// Clear zero-fills the storage and resets the buffer as Reset does.
func (f *FanOutBuffer[T]) Clear() {
	clear(f.data)
	f.Reset()
}

// Stats returns the buffer's counters.
func (f *FanOutBuffer[T]) Stats() BufferStats { return f.c.snapshot() }

// ResetStats zeroes the counters; the fill level stays.
func (f *FanOutBuffer[T]) ResetStats() { f.c.reset() }

// FanInBuffer mixes blocks from a fixed number of producers into one block
// for one consumer: the port of rill-core's FanInBuffer<T, N, PRODUCERS>,
// with the block length and the producer count given at construction.
//
// Producers are numbered 0..Producers()-1. TryRead returns the plain sum (no
// averaging, no gain) of the blocks that are pending, one per producer, and
// consumes them. A producer that did not write since the last read adds
// nothing.
//
// Quirk 3 of the crate is fixed (pinned by TestFanInBufferQuirk3): the crate
// compares one shared read counter with each producer's write count, so a
// producer that wrote k times is re-mixed into k reads and a producer that
// falls behind is starved. Here each producer has its own pending flag: its
// block is mixed exactly once. A producer that writes twice before a read
// contributes only its latest block, and the replaced block counts as an
// overflow.
//
// Len is BlockLen() times the number of producers with a pending block;
// Capacity is BlockLen() times Producers(); the fill level is their ratio.
//
// A FanInBuffer is single-threaded. Construction allocates; after that no
// method allocates, locks or blocks. Errors for misuse (wrong block length,
// bad producer id) carry the offending number and may allocate; correct
// calls never do.
type FanInBuffer[T Float] struct {
	data     []T // producer p's block is data[p*n : (p+1)*n]
	n        int
	pending  []bool
	writes   []uint64 // per producer, since construction, Reset or ClearProducer
	active   int      // number of pending producers
	mixes    uint64
	invProds float32
	c        counters
}

var _ Buffer[float32] = (*FanInBuffer[float32])(nil)

// NewFanInBuffer returns an empty buffer for blocks of blockLen samples from
// the given number of producers. It returns an InvalidSize error unless
// 1 <= blockLen <= MaxBufferSize and 1 <= producers <= 1024.
func NewFanInBuffer[T Float](blockLen, producers int) (*FanInBuffer[T], error) {
	if err := checkBlockLen(blockLen); err != nil {
		return nil, err
	}
	if producers < 1 || producers > maxFanPorts {
		return nil, InvalidSize(producers)
	}
	return &FanInBuffer[T]{
		data:     make([]T, blockLen*producers),
		n:        blockLen,
		pending:  make([]bool, producers),
		writes:   make([]uint64, producers),
		invProds: 1 / float32(producers),
	}, nil
}

// BlockLen returns the length of the blocks the buffer carries.
func (f *FanInBuffer[T]) BlockLen() int { return f.n }

// Producers returns the number of producers.
func (f *FanInBuffer[T]) Producers() int { return len(f.pending) }

// Write stores a copy of block as producer pid's pending block. If that
// producer already had a pending block, it is replaced and counted as an
// overflow. It returns an InvalidIndex error for a bad pid and an
// InvalidSize error when len(block) != BlockLen(); then nothing is stored.
func (f *FanInBuffer[T]) Write(pid int, block []T) error {
	if uint(pid) >= uint(len(f.pending)) {
		return InvalidIndex(pid)
	}
	if len(block) != f.n {
		return InvalidSize(len(block))
	}
	copy(f.data[pid*f.n:(pid+1)*f.n], block)
	if f.pending[pid] {
		f.c.overflows++
	} else {
		f.pending[pid] = true
		f.active++
	}
	f.writes[pid]++
	f.c.writes++
	f.c.setFill(float32(f.active) * f.invProds)
	return nil
}

// TryRead writes into dst the sum of the pending blocks and consumes them. It
// returns ErrEmpty (counting an underflow, dst untouched) when no producer
// has a pending block, and an InvalidSize error when len(dst) != BlockLen().
func (f *FanInBuffer[T]) TryRead(dst []T) error {
	if len(dst) != f.n {
		return InvalidSize(len(dst))
	}
	if f.active == 0 {
		f.c.underflows++
		return BufferError{Kind: KindEmpty}
	}
	first := true
	for p, ok := range f.pending {
		if !ok {
			continue
		}
		src := f.data[p*f.n : (p+1)*f.n]
		if first {
			copy(dst, src)
			first = false
		} else {
			addInto(dst, src)
		}
		f.pending[p] = false
	}
	f.active = 0
	f.mixes++
	f.c.reads++
	f.c.setFill(0)
	return nil
}

// ProducerHasData reports whether producer pid has a pending block; false for
// a bad pid.
func (f *FanInBuffer[T]) ProducerHasData(pid int) bool {
	return uint(pid) < uint(len(f.pending)) && f.pending[pid]
}

// WriteSeq returns the number of blocks producer pid wrote since
// construction, Reset or ClearProducer, and false for a bad pid.
func (f *FanInBuffer[T]) WriteSeq(pid int) (uint64, bool) {
	if uint(pid) >= uint(len(f.pending)) {
		return 0, false
	}
	return f.writes[pid], true
}

// ReadSeq returns the number of successful TryRead calls since construction
// or Reset.
func (f *FanInBuffer[T]) ReadSeq() uint64 { return f.mixes }

// ClearProducer drops producer pid's pending block and zeroes its write
// count; stats are kept. It returns an InvalidIndex error for a bad pid.
func (f *FanInBuffer[T]) ClearProducer(pid int) error {
	if uint(pid) >= uint(len(f.pending)) {
		return InvalidIndex(pid)
	}
	if f.pending[pid] {
		f.pending[pid] = false
		f.active--
		f.c.setFill(float32(f.active) * f.invProds)
	}
	f.writes[pid] = 0
	return nil
}

// Reset drops every pending block and zeroes the counters and the stats.
// The storage keeps its contents.
func (f *FanInBuffer[T]) Reset() {
	clear(f.pending)
	clear(f.writes)
	f.active = 0
	f.mixes = 0
	f.c.setFill(0)
	f.c.reset()
}

// Capacity returns BlockLen() times Producers().
func (f *FanInBuffer[T]) Capacity() int { return len(f.data) }

// Len returns BlockLen() times the number of producers with a pending block.
func (f *FanInBuffer[T]) Len() int { return f.active * f.n }

// IsEmpty reports whether no producer has a pending block.
func (f *FanInBuffer[T]) IsEmpty() bool { return f.active == 0 }

// IsFull reports whether every producer has a pending block.
func (f *FanInBuffer[T]) IsFull() bool { return f.active == len(f.pending) }

// Slice returns the raw storage of all producers' blocks, producer p's at
// [p*BlockLen(), (p+1)*BlockLen()). (The crate exposes producer 0's only.)
func (f *FanInBuffer[T]) Slice() []T { return f.data }

// Fill writes v into every producer's raw storage without making any block
// pending.
func (f *FanInBuffer[T]) Fill(v T) {
	fillValue(f.data, v)
}

// CopyFrom copies min(len(src), Capacity()) samples into the raw storage
// from index 0 (producer 0's block first) without making any block pending,
// and returns the count. Use Write to send a block.
func (f *FanInBuffer[T]) CopyFrom(src []T) int { return copy(f.data, src) }

// Clear zero-fills the storage and resets the buffer as Reset does.
func (f *FanInBuffer[T]) Clear() {
	clear(f.data)
	f.Reset()
}

// Stats returns the buffer's counters.
func (f *FanInBuffer[T]) Stats() BufferStats { return f.c.snapshot() }

// ResetStats zeroes the counters; the fill level stays.
func (f *FanInBuffer[T]) ResetStats() { f.c.reset() }
