package clap

/*
#include <stdlib.h>
#include "host.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// ErrNoGUI is returned by GUI calls on a plugin without the gui extension.
var ErrNoGUI = errors.New("plugin has no gui extension")

// GUISupported reports whether the plugin's editor runs on X11, embedded
// (floating=false) or in its own window.
// [main-thread]
func (pl *Plugin) GUISupported(floating bool) bool {
	if pl.gui == nil {
		return false
	}
	api := C.CString(C.CLAP_WINDOW_API_X11)
	defer C.free(unsafe.Pointer(api))
	return bool(C.rh_gui_supported(pl.gui, pl.p, api, C.bool(floating)))
}

// GUICreate creates the editor for X11, embedded or floating.
// [main-thread]
func (pl *Plugin) GUICreate(floating bool) error {
	if pl.gui == nil {
		return ErrNoGUI
	}
	if pl.guiOpen {
		return errors.New("gui: already created")
	}
	api := C.CString(C.CLAP_WINDOW_API_X11)
	defer C.free(unsafe.Pointer(api))
	ok := C.rh_gui_create(pl.host, pl.gui, pl.p, api, C.bool(floating))
	pl.service()
	if !ok {
		return fmt.Errorf("gui: create(x11, floating=%v) refused", floating)
	}
	pl.guiOpen = true
	return nil
}

// GUIDestroy destroys the editor.
// [main-thread]
func (pl *Plugin) GUIDestroy() {
	if pl.gui == nil || !pl.guiOpen {
		return
	}
	C.rh_gui_destroy(pl.gui, pl.p)
	pl.guiOpen = false
	pl.service()
}

// GUISetScale tells an embedded editor the window's scale factor.
// [main-thread]
func (pl *Plugin) GUISetScale(scale float64) bool {
	return pl.guiOpen && bool(C.rh_gui_set_scale(pl.gui, pl.p, C.double(scale)))
}

// GUISize returns the editor's size in pixels.
// [main-thread]
func (pl *Plugin) GUISize() (width, height int, ok bool) {
	if !pl.guiOpen {
		return 0, 0, false
	}
	var w, h C.uint32_t
	if !C.rh_gui_get_size(pl.gui, pl.p, &w, &h) {
		return 0, 0, false
	}
	return int(w), int(h), true
}

// GUICanResize reports whether the user may resize the embedded editor.
// [main-thread]
func (pl *Plugin) GUICanResize() bool {
	return pl.guiOpen && bool(C.rh_gui_can_resize(pl.gui, pl.p))
}

// GUIAdjustSize returns the nearest size the editor accepts.
// [main-thread]
func (pl *Plugin) GUIAdjustSize(width, height int) (int, int, bool) {
	if !pl.guiOpen {
		return width, height, false
	}
	w, h := C.uint32_t(width), C.uint32_t(height)
	if !C.rh_gui_adjust_size(pl.gui, pl.p, &w, &h) {
		return width, height, false
	}
	return int(w), int(h), true
}

// GUISetSize resizes the embedded editor.
// [main-thread]
func (pl *Plugin) GUISetSize(width, height int) bool {
	return pl.guiOpen && bool(C.rh_gui_set_size(pl.gui, pl.p, C.uint32_t(width), C.uint32_t(height)))
}

// GUISetParentX11 embeds the editor into the X11 window xid.
// [main-thread]
func (pl *Plugin) GUISetParentX11(xid uintptr) error {
	if !pl.guiOpen {
		return errors.New("gui: set_parent before create")
	}
	ok := C.rh_gui_set_parent_x11(pl.gui, pl.p, C.ulong(xid))
	pl.service()
	if !ok {
		return fmt.Errorf("gui: set_parent(x11 window %#x) refused", xid)
	}
	return nil
}

// GUISuggestTitle proposes a title for a floating editor's window.
// [main-thread]
func (pl *Plugin) GUISuggestTitle(title string) {
	if !pl.guiOpen {
		return
	}
	t := C.CString(title)
	defer C.free(unsafe.Pointer(t))
	C.rh_gui_suggest_title(pl.gui, pl.p, t)
}

// GUIShow shows the editor.
// [main-thread]
func (pl *Plugin) GUIShow() error {
	if !pl.guiOpen {
		return errors.New("gui: show before create")
	}
	ok := C.rh_gui_show(pl.gui, pl.p)
	pl.service()
	if !ok {
		return errors.New("gui: show refused")
	}
	return nil
}

// GUIHide hides the editor.
// [main-thread]
func (pl *Plugin) GUIHide() bool {
	if !pl.guiOpen {
		return false
	}
	ok := bool(C.rh_gui_hide(pl.gui, pl.p))
	pl.service()
	return ok
}
