package dsp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"slices"
)

// Values holds one plain value per parameter, indexed by ParamIndex.
type Values [NumParams]float64

// DefaultValues returns every parameter at its default.
func DefaultValues() Values {
	var v Values
	for i := range params {
		v[i] = params[i].Default
	}
	return v
}

// Get returns the value of the parameter with the given id, or NaN for an
// unknown id.
func (v *Values) Get(id ParamID) float64 {
	i, ok := ParamIndex(id)
	if !ok {
		return math.NaN()
	}
	return v[i]
}

// Set stores the clamped value of the parameter with the given id; it
// reports false for an unknown id.
func (v *Values) Set(id ParamID, x float64) bool {
	i, ok := ParamIndex(id)
	if !ok {
		return false
	}
	v[i] = params[i].Clamp(x)
	return true
}

// State layout, version 1 (all little endian):
//
//	magic   "RLTP"
//	version uint16 (1)
//	count   uint16
//	count × { id uint32, value float64 bits }, ascending id
//	crc32   IEEE of everything before it
const (
	stateMagic     = "RLTP"
	stateVersion   = 1
	stateHeader    = 8
	stateEntry     = 12
	stateMaxCount  = 1024
	stateCRCLength = 4
)

// The errors DecodeState returns, wrapped with detail; test them with
// errors.Is.
var (
	ErrStateShort    = errors.New("dsp: state too short")
	ErrStateMagic    = errors.New("dsp: state is not a rill tape state")
	ErrStateVersion  = errors.New("dsp: unsupported state version")
	ErrStateCorrupt  = errors.New("dsp: corrupt state")
	ErrStateChecksum = errors.New("dsp: state checksum mismatch")
)

// stateOrder lists parameter indices by ascending id, so the bytes do not
// depend on display order.
var stateOrder = func() []int {
	o := make([]int, NumParams)
	for i := range o {
		o[i] = i
	}
	slices.SortFunc(o, func(a, b int) int { return int(params[a].ID) - int(params[b].ID) })
	return o
}()

// StateSize is the length of the bytes EncodeState returns.
const StateSize = stateHeader + NumParams*stateEntry + stateCRCLength

// EncodeState returns the versioned bytes of v: equal values give equal
// bytes. Values are clamped into range first.
func EncodeState(v *Values) []byte {
	return AppendState(make([]byte, 0, StateSize), v)
}

// AppendState appends the bytes EncodeState returns to dst; it does not
// allocate when dst has StateSize bytes of spare capacity.
func AppendState(dst []byte, v *Values) []byte {
	start := len(dst)
	dst = append(dst, stateMagic...)
	dst = binary.LittleEndian.AppendUint16(dst, stateVersion)
	dst = binary.LittleEndian.AppendUint16(dst, uint16(NumParams))
	for _, i := range stateOrder {
		x := params[i].Clamp(v[i])
		if x == 0 {
			x = 0 // no negative zero: equal values, equal bytes
		}
		dst = binary.LittleEndian.AppendUint32(dst, uint32(params[i].ID))
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(x))
	}
	return binary.LittleEndian.AppendUint32(dst, crc32.ChecksumIEEE(dst[start:]))
}

// DecodeState parses bytes made by EncodeState (this or an older version).
// Unknown ids are ignored, missing parameters keep their default, values are
// clamped into range. Anything malformed returns an error wrapping one of
// the ErrState errors; it never panics.
func DecodeState(b []byte) (Values, error) {
	v := DefaultValues()
	if len(b) < stateHeader+stateCRCLength {
		return v, fmt.Errorf("%w: %d bytes", ErrStateShort, len(b))
	}
	if string(b[:4]) != stateMagic {
		return v, ErrStateMagic
	}
	if ver := binary.LittleEndian.Uint16(b[4:]); ver != stateVersion {
		return v, fmt.Errorf("%w: %d", ErrStateVersion, ver)
	}
	count := int(binary.LittleEndian.Uint16(b[6:]))
	if count > stateMaxCount {
		return v, fmt.Errorf("%w: %d entries", ErrStateCorrupt, count)
	}
	if want := stateHeader + count*stateEntry + stateCRCLength; len(b) != want {
		return v, fmt.Errorf("%w: %d bytes for %d entries, want %d", ErrStateCorrupt, len(b), count, want)
	}
	body := b[:len(b)-stateCRCLength]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(b[len(body):]) {
		return v, ErrStateChecksum
	}
	var seen [NumParams]bool
	for k := range count {
		e := body[stateHeader+k*stateEntry:]
		id := ParamID(binary.LittleEndian.Uint32(e))
		x := math.Float64frombits(binary.LittleEndian.Uint64(e[4:]))
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return DefaultValues(), fmt.Errorf("%w: id %d is not finite", ErrStateCorrupt, id)
		}
		i, ok := ParamIndex(id)
		if !ok {
			continue // a parameter of a newer version
		}
		if seen[i] {
			return DefaultValues(), fmt.Errorf("%w: id %d twice", ErrStateCorrupt, id)
		}
		seen[i] = true
		v[i] = params[i].Clamp(x)
	}
	return v, nil
}
