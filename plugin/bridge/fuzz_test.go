package bridge

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzAttach feeds Attach arbitrary region files: it must refuse them with
// one of its errors or accept a header that is fully valid, never panic or
// read out of bounds.
func FuzzAttach(f *testing.F) {
	good := make([]byte, Size)
	put32(good, offVersion, LayoutVersion)
	put32(good, offSize, uint32(Size))
	put32(good, offParamCount, 3)
	put32(good, offTapeCols, TapeColumns)
	put32(good, offQueueCap, EditQueueCapacity)
	put32(good, offMaxStats, MaxStats)
	for i := range 8 {
		good[i] = byte(Magic >> (8 * i))
	}
	f.Add(good[:64], uint32(Size))
	f.Add(good[:24], uint32(24))
	f.Add(make([]byte, 64), uint32(Size))
	f.Fuzz(func(t *testing.T, header []byte, size uint32) {
		size %= uint32(2 * Size)
		b := make([]byte, size)
		copy(b, header)
		path := filepath.Join(t.TempDir(), "region")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := AttachFile(path)
		if err != nil {
			if !errors.Is(err, ErrNotRegion) && !errors.Is(err, ErrVersion) && !errors.Is(err, ErrCorrupt) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		defer r.Close()
		if r.ParamCount() > MaxParams || int(size) != Size {
			t.Fatalf("accepted a bad header: %d params, %d bytes", r.ParamCount(), size)
		}
		for i := range r.ParamCount() {
			_ = r.Param(i).Load()
		}
		_, _ = r.PopEdit()
		var m Meters
		r.ReadMeters(&m)
		for i := range r.StatsCount() {
			_ = r.StatsName(i)
		}
	})
}
