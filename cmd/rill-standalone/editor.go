package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/go-gl/glfw/v3.3/glfw"

	"rill/host/clap"
)

// editor is the plugin's editor during play: embedded in a GLFW window this
// host owns (as a DAW hosts it), or floating in the plugin's own window.
type editor struct {
	pl       *clap.Plugin
	win      *glfw.Window // nil when floating
	floating bool
	closed   bool
}

// openEditor creates the plugin's editor. [main-thread]
func openEditor(pl *clap.Plugin, floating bool) (*editor, error) {
	if !pl.HasGUI() {
		return nil, errors.New("the plugin has no editor (no clap.gui extension)")
	}
	if !floating && !pl.GUISupported(false) {
		if !pl.GUISupported(true) {
			return nil, errors.New("the plugin's editor does not run on X11")
		}
		fmt.Fprintln(os.Stderr, "editor: the plugin cannot embed on X11; using its floating window")
		floating = true
	}
	if floating && !pl.GUISupported(true) {
		return nil, errors.New("the plugin has no floating X11 editor (try --editor=embedded)")
	}
	e := &editor{pl: pl, floating: floating}
	if floating {
		if err := pl.GUICreate(true); err != nil {
			return nil, err
		}
		pl.GUISuggestTitle("Rill Tape")
		if err := pl.GUIShow(); err != nil {
			pl.GUIDestroy()
			return nil, err
		}
		return e, nil
	}
	if err := glfw.Init(); err != nil {
		return nil, fmt.Errorf("cannot open a window (is there an X11 display?): %w", err)
	}
	if err := pl.GUICreate(false); err != nil {
		glfw.Terminate()
		return nil, err
	}
	// The CLAP order for an embedded editor: create, set_scale, get_size,
	// set_parent, show. This window is unscaled (X11 scaling is the plugin's).
	pl.GUISetScale(1)
	w, h, ok := pl.GUISize()
	if !ok || w <= 0 || h <= 0 {
		w, h = 800, 480
	}
	glfw.WindowHint(glfw.ClientAPI, glfw.NoAPI) // the plugin draws; this window only hosts it
	resizable := glfw.False
	if pl.GUICanResize() {
		resizable = glfw.True
	}
	glfw.WindowHint(glfw.Resizable, resizable)
	win, err := glfw.CreateWindow(w, h, "Rill Tape", nil, nil)
	if err != nil {
		pl.GUIDestroy()
		glfw.Terminate()
		return nil, fmt.Errorf("cannot open a window: %w", err)
	}
	e.win = win
	if err := pl.GUISetParentX11(uintptr(win.GetX11Window())); err != nil {
		e.close()
		return nil, err
	}
	if err := pl.GUIShow(); err != nil {
		e.close()
		return nil, err
	}
	win.SetSizeCallback(func(_ *glfw.Window, width, height int) {
		if !pl.GUICanResize() {
			return
		}
		aw, ah, ok := pl.GUIAdjustSize(width, height)
		if ok && (aw != width || ah != height) {
			win.SetSize(aw, ah)
			return
		}
		pl.GUISetSize(width, height)
	})
	return e, nil
}

// handle applies the plugin's gui requests and reports whether the editor
// has been closed (by the user or the plugin). [main-thread]
func (e *editor) handle(req clap.Requests) bool {
	if e.closed {
		return false
	}
	if req.Has(clap.GUIClosed) {
		e.closed = true
		return true
	}
	if e.win == nil {
		return false
	}
	if req.Has(clap.GUIResize) {
		if w, h := e.pl.GUIRequestedSize(); w > 0 && h > 0 {
			e.win.SetSize(w, h)
			e.pl.GUISetSize(w, h)
		}
	}
	if req.Has(clap.GUIShow) {
		e.win.Show()
		e.pl.GUIShow()
	}
	if req.Has(clap.GUIHide) {
		e.win.Hide()
		e.pl.GUIHide()
	}
	if e.win.ShouldClose() {
		e.closed = true
		return true
	}
	return false
}

// wait sleeps up to d while handling window events. [main-thread]
func (e *editor) wait(d time.Duration) {
	if e.win == nil {
		time.Sleep(d)
		return
	}
	glfw.WaitEventsTimeout(d.Seconds())
}

// close hides and destroys the editor, then its window. [main-thread]
func (e *editor) close() {
	e.pl.GUIHide()
	e.pl.GUIDestroy()
	if e.win != nil {
		e.win.Destroy()
		e.win = nil
		glfw.Terminate()
	}
}
