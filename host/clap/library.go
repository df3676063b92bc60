package clap

/*
#cgo CFLAGS: -I${SRCDIR}/../../shim/include -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror
#cgo LDFLAGS: -ldl
#include <stdlib.h>
#include "host.h"
*/
import "C"

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"unsafe"
)

// Errors Open and New wrap; test them with errors.Is.
var (
	// ErrNotCLAP means the file is not a loadable CLAP module (not a shared
	// library of this platform, or no clap_entry, or no plugin factory).
	ErrNotCLAP = errors.New("not a CLAP plugin")
	// ErrWrongArch means the file is a shared library built for another CPU architecture.
	ErrWrongArch = errors.New("plugin built for another architecture")
	// ErrPluginInit means the module or the plugin refused to initialise.
	ErrPluginInit = errors.New("plugin failed to initialise")
	// ErrUnknownPlugin means the module has no plugin with the asked id.
	ErrUnknownPlugin = errors.New("no such plugin in module")
)

// Descriptor is a plugin's description as its factory gives it.
type Descriptor struct {
	ID          string
	Name        string
	Vendor      string
	URL         string
	ManualURL   string
	SupportURL  string
	Version     string
	Description string
	Features    []string
	CLAPVersion [3]uint32
}

// Library is an opened .clap module.
type Library struct {
	path  string
	lib   *C.rh_lib
	descs []Descriptor
	live  int
}

// elfMachines maps GOARCH to the ELF class and e_machine a module must have.
var elfMachines = map[string]struct {
	class   byte
	machine uint16
}{
	"amd64":   {2, 62},
	"arm64":   {2, 183},
	"386":     {1, 3},
	"arm":     {1, 40},
	"riscv64": {2, 243},
	"ppc64le": {2, 21},
	"s390x":   {2, 22},
}

// checkELF reports a clear error when path is not a shared library of this
// platform, before dlopen's terse message gets a chance.
func checkELF(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return fmt.Errorf("%w: %s is a directory", ErrNotCLAP, path)
	}
	var h [20]byte
	n, _ := io.ReadFull(f, h[:])
	return elfProblem(h[:n], path)
}

// elfProblem checks the first 20 bytes of a file: an ELF shared library for
// this machine gives nil.
func elfProblem(h []byte, path string) error {
	if len(h) < 20 || string(h[:4]) != "\x7fELF" {
		return fmt.Errorf("%w: %s is not an ELF shared library", ErrNotCLAP, path)
	}
	want, ok := elfMachines[runtime.GOARCH]
	if !ok {
		return nil
	}
	order := binary.ByteOrder(binary.LittleEndian)
	if h[5] == 2 {
		order = binary.BigEndian
	}
	machine := order.Uint16(h[18:20])
	if h[4] != want.class || machine != want.machine {
		return fmt.Errorf("%w: %s is %s, this host is %s", ErrWrongArch, path, elfArch(h[4], machine), runtime.GOARCH)
	}
	if typ := order.Uint16(h[16:18]); typ != 3 { // ET_DYN
		return fmt.Errorf("%w: %s is an ELF file but not a shared library", ErrNotCLAP, path)
	}
	return nil
}

// elfArch names an ELF class and machine for messages.
func elfArch(class byte, machine uint16) string {
	for arch, m := range elfMachines {
		if m.class == class && m.machine == machine {
			return arch
		}
	}
	bits := 32
	if class == 2 {
		bits = 64
	}
	return fmt.Sprintf("%d-bit ELF machine %d", bits, machine)
}

// Open loads the .clap module at path and reads its descriptors.
// [main-thread]
func Open(path string) (*Library, error) {
	if err := checkELF(path); err != nil {
		return nil, fmt.Errorf("open plugin: %w", err)
	}
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	lib := (*C.rh_lib)(C.calloc(1, C.size_t(unsafe.Sizeof(C.rh_lib{}))))
	var msg [512]C.char
	switch rc := C.rh_lib_open(cpath, lib, &msg[0], C.int(len(msg))); rc {
	case C.RH_OK:
	case C.RH_ERR_INIT:
		C.free(unsafe.Pointer(lib))
		return nil, fmt.Errorf("open plugin %s: %w: %s", path, ErrPluginInit, C.GoString(&msg[0]))
	default:
		C.free(unsafe.Pointer(lib))
		return nil, fmt.Errorf("open plugin %s: %w: %s", path, ErrNotCLAP, C.GoString(&msg[0]))
	}
	l := &Library{path: path, lib: lib}
	n := int(C.rh_lib_count(lib))
	for i := 0; i < n; i++ {
		d := C.rh_lib_descriptor(lib, C.uint32_t(i))
		if d == nil || d.id == nil || d.name == nil {
			continue
		}
		l.descs = append(l.descs, descriptor(d))
	}
	return l, nil
}

// descriptor copies a C descriptor.
func descriptor(d *C.clap_plugin_descriptor_t) Descriptor {
	str := func(s *C.char) string {
		if s == nil {
			return ""
		}
		return C.GoString(s)
	}
	out := Descriptor{
		ID: str(d.id), Name: str(d.name), Vendor: str(d.vendor), URL: str(d.url),
		ManualURL: str(d.manual_url), SupportURL: str(d.support_url), Version: str(d.version),
		Description: str(d.description),
		CLAPVersion: [3]uint32{uint32(d.clap_version.major), uint32(d.clap_version.minor), uint32(d.clap_version.revision)},
	}
	if d.features != nil {
		for p := d.features; *p != nil; p = (**C.char)(unsafe.Add(unsafe.Pointer(p), unsafe.Sizeof(*p))) {
			out.Features = append(out.Features, C.GoString(*p))
			if len(out.Features) > 256 {
				break
			}
		}
	}
	return out
}

// Path returns the module's file path.
func (l *Library) Path() string { return l.path }

// Descriptors returns the plugins the module offers, in factory order.
func (l *Library) Descriptors() []Descriptor { return l.descs }

// Close calls clap_entry.deinit and unloads the module. Every plugin created
// from it must be destroyed first.
// [main-thread]
func (l *Library) Close() error {
	if l.lib == nil {
		return nil
	}
	if l.live > 0 {
		return fmt.Errorf("close plugin %s: %d instances still alive", l.path, l.live)
	}
	C.rh_lib_close(l.lib)
	C.free(unsafe.Pointer(l.lib))
	l.lib = nil
	return nil
}
