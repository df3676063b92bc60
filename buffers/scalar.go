package buffers

// Scalar is the set of element types a Buffer may hold: floating-point
// numbers and signed integers, as in rill-core's Scalar trait.
type Scalar interface {
	~float32 | ~float64 | ~int8 | ~int16 | ~int32 | ~int64
}

// Float is the set of element types the signal buffers (pipes, fans, delay
// lines, rings and tapes) hold: they interpolate, so they need fractions.
type Float interface {
	~float32 | ~float64
}
