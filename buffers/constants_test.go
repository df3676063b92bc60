package buffers

import "testing"

// TestConstants ports rill-core's test_constants, including its compile-time
// ordering checks, which here are array lengths that would go negative.
func TestConstants(t *testing.T) {
	if CacheLineSize != 64 || DefaultBufferSize != 1024 || MaxBufferSize != 65536 || MinBufferSize != 16 {
		t.Errorf("constants %d %d %d %d, want 64 1024 65536 16", CacheLineSize, DefaultBufferSize, MaxBufferSize, MinBufferSize)
	}
	var (
		_ [MaxBufferSize - MinBufferSize - 1]struct{}   // Max > Min
		_ [DefaultBufferSize - MinBufferSize]struct{}   // Min <= Default
		_ [MaxBufferSize - DefaultBufferSize]struct{}   // Default <= Max
		_ [1 - CacheLineSize&(CacheLineSize-1)]struct{} // CacheLineSize is a power of two
		_ [1 - MaxBufferSize&(MaxBufferSize-1)]struct{} // so is MaxBufferSize
	)
}
