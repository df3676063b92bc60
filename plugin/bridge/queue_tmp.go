package bridge

// Temporary edit ring until buffers.SPSCQueue (NewSPSCQueueIn) lands; same
// shape so the switch is one file.

import (
	"sync/atomic"
	"unsafe"
)

const editQueueBytes = 128 + EditQueueCapacity*16

type editQueue struct {
	head *atomic.Uint64 // next slot to pop (consumer)
	tail *atomic.Uint64 // next slot to push (producer)
	data unsafe.Pointer
}

func newEditQueueIn(p unsafe.Pointer, init bool) *editQueue {
	q := &editQueue{
		head: (*atomic.Uint64)(p),
		tail: (*atomic.Uint64)(unsafe.Add(p, 64)),
		data: unsafe.Add(p, 128),
	}
	if init {
		q.head.Store(0)
		q.tail.Store(0)
	}
	return q
}

func (q *editQueue) slot(i uint64) *Edit {
	return (*Edit)(unsafe.Add(q.data, (i%EditQueueCapacity)*16))
}

func (q *editQueue) Push(e Edit) bool {
	t := q.tail.Load()
	if t-q.head.Load() >= EditQueueCapacity {
		return false
	}
	s := q.slot(t)
	atomic.StoreUint32(&s.Param, e.Param)
	atomic.StoreUint32((*uint32)(&s.Kind), uint32(e.Kind))
	atomic.StoreUint64((*uint64)(unsafe.Pointer(&s.Value)), *(*uint64)(unsafe.Pointer(&e.Value)))
	q.tail.Store(t + 1)
	return true
}

func (q *editQueue) Pop() (Edit, bool) {
	h := q.head.Load()
	if h == q.tail.Load() {
		return Edit{}, false
	}
	s := q.slot(h)
	var e Edit
	e.Param = atomic.LoadUint32(&s.Param)
	e.Kind = EditKind(atomic.LoadUint32((*uint32)(&s.Kind)))
	*(*uint64)(unsafe.Pointer(&e.Value)) = atomic.LoadUint64((*uint64)(unsafe.Pointer(&s.Value)))
	q.head.Store(h + 1)
	return e, true
}

func (q *editQueue) Len() int { return int(q.tail.Load() - q.head.Load()) }
