package main

// The editor's window is giu's GLFW window. giu hides the handle, but the
// GLFW linked in (cimgui-go's static copy) is real, so on the first frame,
// with giu's context current, these calls reach it: they find the X11
// window, reparent it into a host's window, and show or hide it.

/*
#cgo LDFLAGS: -lX11
#include <errno.h>
#include <X11/Xlib.h>

typedef struct GLFWwindow GLFWwindow;
GLFWwindow *glfwGetCurrentContext(void);
Window glfwGetX11Window(GLFWwindow *window);
Display *glfwGetX11Display(void);
void glfwShowWindow(GLFWwindow *window);
void glfwHideWindow(GLFWwindow *window);

static int rill_x_error;

static int rill_on_x_error(Display *d, XErrorEvent *e) {
	(void)d;
	rill_x_error = e->error_code;
	return 0;
}

// rill_hold_display opens a connection to the X server and keeps it, and
// returns 0 or the errno of the failure.
static int rill_hold_display(void) {
	errno = 0;
	Display *d = XOpenDisplay(NULL);
	if (!d) {
		return errno ? errno : -1;
	}
	return 0;
}

static unsigned long rill_current_window(void) {
	GLFWwindow *w = glfwGetCurrentContext();
	return w ? (unsigned long)glfwGetX11Window(w) : 0;
}

// rill_reparent moves the current GLFW window into parent at (0, 0) and
// maps it. It returns 0, or the X error code (BadWindow for a parent that
// does not exist) instead of letting Xlib's default handler kill us.
static int rill_reparent(unsigned long parent) {
	GLFWwindow *w = glfwGetCurrentContext();
	Display *d = glfwGetX11Display();
	if (!w || !d) {
		return -1;
	}
	Window child = glfwGetX11Window(w);
	XSync(d, False);
	rill_x_error = 0;
	XErrorHandler old = XSetErrorHandler(rill_on_x_error);
	XReparentWindow(d, child, (Window)parent, 0, 0);
	XMapWindow(d, child);
	XSync(d, False);
	XSetErrorHandler(old);
	return rill_x_error;
}

static void rill_set_visible(int visible) {
	GLFWwindow *w = glfwGetCurrentContext();
	if (!w) {
		return;
	}
	if (visible) {
		glfwShowWindow(w);
	} else {
		glfwHideWindow(w);
	}
}
*/
import "C"

import (
	"errors"
	"fmt"
	"syscall"
	"time"
)

// holdDisplay opens a connection to the X server and keeps it for the
// process's life, retrying for a while when the server refuses.
//
// An X server with no clients left resets (Xvfb does unless -noreset), and
// refuses or drops connections while it does: an editor that starts just as
// the previous one quit would then fail inside GLFW, which does not retry.
// Holding a connection from here until GLFW has its own keeps the server
// from resetting in between.
func holdDisplay() error {
	var err error
	for range 40 {
		code := C.rill_hold_display()
		if code == 0 {
			return nil
		}
		err = errors.New("unknown error")
		if code > 0 {
			err = syscall.Errno(code)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("rill-editor: cannot open the X display: %w", err)
}

// currentWindow returns the X11 id of giu's window (0 before it exists).
// Call it on the render thread.
func currentWindow() uint64 { return uint64(C.rill_current_window()) }

// reparent embeds giu's window into the X11 window parent. Call it on the
// render thread.
func reparent(parent uint64) error {
	if code := C.rill_reparent(C.ulong(parent)); code != 0 {
		return fmt.Errorf("rill-editor: reparent into window %#x: X error %d", parent, int(code))
	}
	return nil
}

// setVisible shows or hides giu's window. Call it on the render thread.
func setVisible(v bool) {
	if v {
		C.rill_set_visible(1)
	} else {
		C.rill_set_visible(0)
	}
}
