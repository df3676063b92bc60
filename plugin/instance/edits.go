package instance

// EditKind says what an editor edit does.
type EditKind uint32

// The edit kinds.
const (
	EditBegin EditKind = 1 // the user grabbed a control: gesture begin
	EditValue EditKind = 2 // a new plain value
	EditEnd   EditKind = 3 // the user let go: gesture end
)

// Edit is one parameter change made in the editor, on its way to the audio thread
// and, as CLAP output events, to the host. It holds no pointers (it may travel
// through shared memory).
type Edit struct {
	Kind    EditKind
	ParamID uint32
	Value   float64
}

// QueueEdit hands an editor edit to the audio thread; it reports false when the
// queue is full. Only one goroutine may call it (the edit queue has one producer).
// The caller should ask the host to flush when the instance is not processing.
// [main-thread]
func (i *Instance) QueueEdit(e Edit) bool { return i.edits.Push(e) }

// drainEdits applies queued edits: values reach the engine and the shared values,
// and every edit becomes an output event at offset 0, as long as b.Out has room
// (the rest wait for the next call). [audio-thread or inactive]
func (i *Instance) drainEdits(b *Block) {
	for b.OutCount < len(b.Out) {
		e, ok := i.edits.Pop()
		if !ok {
			return
		}
		out := HostEvent{ParamID: e.ParamID, Value: e.Value}
		switch e.Kind {
		case EditBegin:
			out.Kind = EventGestureBegin
		case EditEnd:
			out.Kind = EventGestureEnd
		case EditValue:
			ev := HostEvent{Kind: EventParamValue, ParamID: e.ParamID, Value: e.Value}
			id, v, ok := i.applyParamEvent(&ev)
			if !ok {
				continue
			}
			i.engine.SetValue(id, v)
			out.Kind = EventParamValue
			out.Value, _ = i.Value(e.ParamID)
		default:
			continue
		}
		b.Out[b.OutCount] = out
		b.OutCount++
	}
}
