package buffers

const (
	// CacheLineSize is the size in bytes of a cache line on x86-64 and most
	// arm64 cores; types shared across threads pad their hot fields to it.
	CacheLineSize = 64
	// DefaultBufferSize is the default block length for most uses.
	DefaultBufferSize = 1024
	// MaxBufferSize is the longest block (2^16 samples) a block buffer accepts.
	// TapeLoop and DelayLine are not bounded by it.
	MaxBufferSize = 65536
	// MinBufferSize is the shortest block length most algorithms accept.
	MinBufferSize = 16
)
