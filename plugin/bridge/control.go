package bridge

// EditorState is the editor's lifecycle as it reports it in the region.
type EditorState uint32

// The editor states.
const (
	EditorNone     EditorState = iota // no editor attached yet
	EditorStarting                    // attached, window not up
	EditorRunning                     // window up, drawing frames
	EditorExited                      // quit on its own (window closed or asked to)
)

// BeatPlugin advances the plugin's heartbeat; the plugin's main-thread
// timer calls it. [main-thread]
func (r *Region) BeatPlugin() { r.u64(offPluginBeat).Add(1) }

// PluginBeat returns the plugin's heartbeat count. [editor]
func (r *Region) PluginBeat() uint64 { return r.u64(offPluginBeat).Load() }

// CountBlock records one processed audio block. [audio-thread]
func (r *Region) CountBlock() { r.u64(offBlocks).Add(1) }

// Blocks returns the number of audio blocks processed. [editor]
func (r *Region) Blocks() uint64 { return r.u64(offBlocks).Load() }

// SetVisible records whether the host wants the editor shown. [main-thread]
func (r *Region) SetVisible(v bool) { r.put32(offVisible, b2u(v)) }

// Visible reports whether the host wants the editor shown. [editor]
func (r *Region) Visible() bool { return r.get32(offVisible) != 0 }

// RequestClose asks the editor to quit; it does on its next frame.
// ClearClose withdraws the request before a new editor starts.
// [main-thread]
func (r *Region) RequestClose() { r.put32(offCloseReq, 1) }

// ClearClose withdraws a close request. [main-thread]
func (r *Region) ClearClose() { r.put32(offCloseReq, 0) }

// CloseRequested reports whether the plugin asked the editor to quit.
// [editor]
func (r *Region) CloseRequested() bool { return r.get32(offCloseReq) != 0 }

// SetEditor records the editor's pid and state. [editor]
func (r *Region) SetEditor(pid int, s EditorState) {
	r.put32(offEditorPID, uint32(pid))
	r.put32(offEditorState, uint32(s))
}

// Editor returns the pid and state the editor last recorded. [main-thread]
func (r *Region) Editor() (pid int, s EditorState) {
	return int(r.get32(offEditorPID)), EditorState(r.get32(offEditorState))
}

// BeatEditor advances the editor's heartbeat, once per frame. [editor]
func (r *Region) BeatEditor() { r.u64(offEditorBeat).Add(1) }

// EditorBeat returns the editor's heartbeat count. [main-thread]
func (r *Region) EditorBeat() uint64 { return r.u64(offEditorBeat).Load() }

// SetEditorWindow records the editor's X11 window id. [editor]
func (r *Region) SetEditorWindow(xid uint64) { r.u64(offEditorXID).Store(xid) }

// EditorWindow returns the editor's X11 window id, 0 before it has one.
// [main-thread]
func (r *Region) EditorWindow() uint64 { return r.u64(offEditorXID).Load() }

func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}
