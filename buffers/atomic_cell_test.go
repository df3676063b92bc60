package buffers

import (
	"math"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"
)

// Ported from rill-core's AtomicCell tests.

func TestAtomicCellBasic(t *testing.T) {
	c := NewAtomicCell[int32](42)
	if got := c.Load(); got != 42 {
		t.Errorf("Load = %d, want 42", got)
	}
	c.Store(100)
	if got := c.Load(); got != 100 {
		t.Errorf("Load after Store(100) = %d, want 100", got)
	}
}

func TestAtomicCellZeroValue(t *testing.T) {
	var i AtomicCell[int32]
	var f AtomicCell[float64]
	var b AtomicCell[bool]
	if i.Load() != 0 || f.Load() != 0 || math.Signbit(f.Load()) || b.Load() {
		t.Errorf("zero cells load %v, %v, %v; want 0, +0, false", i.Load(), f.Load(), b.Load())
	}
}

func TestAtomicCellClone(t *testing.T) {
	// The crate's Clone builds a new cell from Load; in Go that is spelled
	// NewAtomicCell(c.Load()) (copying a cell is flagged by go vet).
	c := NewAtomicCell(42.0)
	d := NewAtomicCell(c.Load())
	c.Store(1)
	if d.Load() != 42 {
		t.Errorf("clone Load = %v, want 42 (independent of the original)", d.Load())
	}
}

type gain float32 // a named type, as parameters may use

type mode uint8

// roundTrip stores and loads each value and compares the bits.
func roundTrip[T AtomicValue](t *testing.T, name string, vals ...T) {
	t.Helper()
	var c AtomicCell[T]
	for _, v := range vals {
		c.Store(v)
		got := c.Load()
		if cellBits(got) != cellBits(v) {
			t.Errorf("%s: Store(%v) then Load = %v", name, v, got)
		}
		if got != v && v == v { // v != v only for NaN
			t.Errorf("%s: Load = %v, want %v", name, got, v)
		}
	}
}

func TestAtomicCellRoundTrip(t *testing.T) {
	nan32 := math.Float32frombits(0x7fc0_1234) // a NaN with a payload
	nan64 := math.Float64frombits(0x7ff8_0000_dead_beef)
	roundTrip(t, "float32", 0, float32(math.Copysign(0, -1)), 1.5, -3, math.MaxFloat32, math.SmallestNonzeroFloat32,
		float32(math.Inf(1)), float32(math.Inf(-1)), nan32)
	roundTrip(t, "float64", 0, math.Copysign(0, -1), 0.1, -1e300, math.MaxFloat64, math.SmallestNonzeroFloat64,
		math.Inf(1), math.Inf(-1), nan64)
	roundTrip(t, "bool", true, false, true)
	roundTrip(t, "int", 0, -1, math.MinInt, math.MaxInt)
	roundTrip[int8](t, "int8", 0, -1, math.MinInt8, math.MaxInt8)
	roundTrip[int16](t, "int16", -1, math.MinInt16, math.MaxInt16)
	roundTrip[int32](t, "int32", -1, math.MinInt32, math.MaxInt32)
	roundTrip[int64](t, "int64", -1, math.MinInt64, math.MaxInt64)
	roundTrip[uint](t, "uint", 0, math.MaxUint)
	roundTrip[uint8](t, "uint8", 0, 7, math.MaxUint8)
	roundTrip[uint16](t, "uint16", 0, math.MaxUint16)
	roundTrip[uint32](t, "uint32", 0, math.MaxUint32)
	roundTrip[uint64](t, "uint64", 0, math.MaxUint64)
	roundTrip[uintptr](t, "uintptr", 0, ^uintptr(0))
	roundTrip[gain](t, "named float32", -0.5, 2)
	roundTrip[mode](t, "named uint8", 3, 255)

	// Bits are kept exactly: a NaN's payload survives.
	c := NewAtomicCell(nan32)
	if math.Float32bits(c.Load()) != 0x7fc0_1234 {
		t.Errorf("NaN payload lost: %#x", math.Float32bits(c.Load()))
	}
}

func TestAtomicCellSwapCAS(t *testing.T) {
	c := NewAtomicCell[int16](-7)
	if old := c.Swap(9); old != -7 || c.Load() != 9 {
		t.Errorf("Swap(9) = %d, then Load %d; want -7, 9", old, c.Load())
	}
	tests := []struct {
		name          string
		start, old, v float64
		swapped       bool
	}{
		{"equal value swaps", 1.5, 1.5, 2, true},
		{"different value fails", 1.5, 1.25, 2, false},
		{"-0 does not match +0", math.Copysign(0, -1), 0, 2, false},
		{"+0 does not match -0", 0, math.Copysign(0, -1), 2, false},
		{"same NaN bits match", math.NaN(), math.NaN(), 2, true},
		{"other NaN payload fails", math.NaN(), math.Float64frombits(0x7ff8_0000_0000_0002), 2, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := NewAtomicCell(tc.start)
			if got := c.CompareAndSwap(tc.old, tc.v); got != tc.swapped {
				t.Errorf("CompareAndSwap = %v, want %v", got, tc.swapped)
			}
			want := tc.start
			if tc.swapped {
				want = tc.v
			}
			if cellBits(c.Load()) != cellBits(want) {
				t.Errorf("Load = %v, want %v", c.Load(), want)
			}
		})
	}
	b := NewAtomicCell(false)
	if !b.CompareAndSwap(false, true) || b.CompareAndSwap(false, true) || !b.Load() {
		t.Error("bool CompareAndSwap: want true, then false, holding true")
	}
	i8 := NewAtomicCell[int8](-1)
	if i8.CompareAndSwap(127, 0) || !i8.CompareAndSwap(-1, -128) || i8.Load() != -128 {
		t.Errorf("int8 CompareAndSwap: Load %d, want -128", i8.Load())
	}
}

// hasPointers reports whether values of t hold a Go pointer.
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.UnsafePointer, reflect.Map, reflect.Slice, reflect.String,
		reflect.Chan, reflect.Func, reflect.Interface:
		return true
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}

func TestAtomicCellLayout(t *testing.T) {
	// One word, no pointers: it may live in shared memory.
	for _, typ := range []reflect.Type{
		reflect.TypeFor[AtomicCell[bool]](), reflect.TypeFor[AtomicCell[int8]](),
		reflect.TypeFor[AtomicCell[float32]](), reflect.TypeFor[AtomicCell[float64]](),
	} {
		if typ.Size() != 8 || typ.Align() != 8 || hasPointers(typ) {
			t.Errorf("%v: size %d align %d pointers %v; want 8, 8, false", typ, typ.Size(), typ.Align(), hasPointers(typ))
		}
	}
	// A cell placed over raw memory reads what was stored there.
	mem := make([]uint64, 2)
	c := (*AtomicCell[float32])(unsafe.Pointer(&mem[1]))
	c.Store(0.25)
	if mem[1] != uint64(math.Float32bits(0.25)) {
		t.Errorf("raw word = %#x, want the float32 bits zero-extended", mem[1])
	}
}

func TestAtomicCellNoAllocs(t *testing.T) {
	f := NewAtomicCell[float32](0)
	d := NewAtomicCell(0.0)
	b := NewAtomicCell(false)
	i := NewAtomicCell[int64](0)
	x := float32(0)
	ops := map[string]func(){
		"Load":           func() { _ = f.Load() + float32(d.Load()); _ = b.Load(); _ = i.Load() },
		"Store":          func() { x++; f.Store(x); d.Store(float64(x)); b.Store(x > 3); i.Store(int64(x)) },
		"Swap":           func() { x++; _ = f.Swap(x); _ = d.Swap(1); _ = b.Swap(true); _ = i.Swap(3) },
		"CompareAndSwap": func() { _ = f.CompareAndSwap(x, x+1); _ = d.CompareAndSwap(1, 2); _ = i.CompareAndSwap(3, 4) },
	}
	for name, op := range ops {
		if a := testing.AllocsPerRun(1000, op); a != 0 {
			t.Errorf("%s allocates %v times per run", name, a)
		}
	}
}

// TestAtomicCellRace runs a producer storing increasing values while a
// consumer loads them; run under -race. The consumer must only ever see
// values the producer stored, never going backwards.
func TestAtomicCellRace(t *testing.T) {
	const n = 200_000
	var c AtomicCell[float64]
	var done atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; i <= n; i++ {
			c.Store(float64(i) + 0.5)
		}
		done.Store(true)
	}()
	last, seen := 0.0, 0
	for {
		finished := done.Load()
		v := c.Load()
		if v != 0 && (v != math.Trunc(v)+0.5 || v > n+0.5) {
			t.Fatalf("loaded %v, which was never stored", v)
		}
		if v < last {
			t.Fatalf("loaded %v after %v: went backwards", v, last)
		}
		if v != last {
			seen++
		}
		last = v
		if finished {
			break
		}
	}
	wg.Wait()
	if last != n+0.5 {
		t.Errorf("last value %v, want %v", last, n+0.5)
	}
	t.Logf("consumer saw %d distinct values", seen)

	// Two goroutines incrementing through CompareAndSwap lose no update.
	var counter AtomicCell[uint32]
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range n {
				for {
					old := counter.Load()
					if counter.CompareAndSwap(old, old+1) {
						break
					}
				}
			}
		}()
	}
	wg.Wait()
	if counter.Load() != 2*n {
		t.Errorf("counter = %d, want %d", counter.Load(), 2*n)
	}
}
