package ui

import (
	"github.com/AllenDang/cimgui-go/imgui"

	"rill/dsp"
)

// entryHalfWidth is about half the typed-value popup's width.
const entryHalfWidth = 90

// entryState is the typed-value popup: open on one parameter at a time.
type entryState struct {
	id          dsp.ParamID
	text        string
	err         string
	open, focus bool
	x, y        float32
}

// openEntry opens the typed-value popup for id below (x, y).
func (e *Editor) openEntry(id dsp.ParamID, x, y float32) {
	e.entry = entryState{id: id, text: e.c.Text(id), open: true, focus: true, x: x, y: y}
}

// drawEntry draws the popup while it is open: Enter applies the text
// (parsed by the dsp table), Escape or a click outside cancels.
func (e *Editor) drawEntry() {
	if e.entry.open {
		imgui.OpenPopupStr("value entry")
		e.entry.open = false
	}
	// Centred under the knob, but kept inside the window.
	x := min(max(e.entry.x, entryHalfWidth), Width-entryHalfWidth)
	imgui.SetNextWindowPosV(vec(x, e.entry.y), imgui.CondAppearing, vec(0.5, 0))
	if !imgui.BeginPopup("value entry") {
		return
	}
	defer imgui.EndPopup()
	p := e.c.Param(e.entry.id)
	if p == nil {
		imgui.CloseCurrentPopup()
		return
	}
	imgui.TextUnformatted(p.Def.Name)
	if e.entry.focus {
		imgui.SetKeyboardFocusHere()
		e.entry.focus = false
	}
	imgui.SetNextItemWidth(150)
	flags := imgui.InputTextFlagsEnterReturnsTrue | imgui.InputTextFlagsAutoSelectAll
	if imgui.InputTextWithHint("##value", p.Def.Format(p.Def.Default), &e.entry.text, flags, nil) {
		if err := e.c.SetText(e.entry.id, e.entry.text); err != nil {
			e.entry.err = err.Error()
			e.entry.focus = true
		} else {
			imgui.CloseCurrentPopup()
		}
	}
	if e.entry.err != "" {
		imgui.PushStyleColorVec4(imgui.ColText, imgui.Vec4{X: 1, Y: 0.42, Z: 0.42, W: 1})
		imgui.PushTextWrapPosV(220)
		imgui.TextUnformatted(e.entry.err)
		imgui.PopTextWrapPos()
		imgui.PopStyleColor()
	}
	if imgui.IsKeyPressedBool(imgui.KeyEscape) {
		imgui.CloseCurrentPopup()
	}
}
