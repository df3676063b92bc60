//go:build !linux

package engine

import "errors"

// raisePriority is not implemented off Linux.
func raisePriority() error { return errors.New("real-time priority: not supported on this system") }
