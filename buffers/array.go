package buffers

// ArrayFromFn returns a new slice of n elements whose element i is f(i),
// calling f in index order: the crate's array_from_fn, with the const-generic
// length as an argument. A negative n counts as 0. It allocates, so it
// belongs in set-up code.
func ArrayFromFn[T any](n int, f func(i int) T) []T {
	s := make([]T, max(n, 0))
	for i := range s {
		s[i] = f(i)
	}
	return s
}
