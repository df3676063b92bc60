package ui

import (
	"math"

	"github.com/AllenDang/cimgui-go/imgui"

	"rill/dsp"
	"rill/ui/control"
)

// Knob geometry and feel.
const (
	knobRadius  = 21
	knobCellW   = 76  // width of one knob's cell: name, knob, value
	knobCellH   = 96  // height of that cell
	sweepPixels = 200 // drag distance for the knob's full travel
	arcStart    = 0.75 * math.Pi
	arcSweep    = 1.5 * math.Pi
	wheelStep   = 0.02 // knob travel per wheel notch
)

// knobDrag is the state of the knob being dragged.
type knobDrag struct {
	id    dsp.ParamID
	start float64 // knob travel when the drag began
	acc   float64 // travel added since
}

func vec(x, y float32) imgui.Vec2 { return imgui.Vec2{X: x, Y: y} }

// textCentered draws text centred on x at top y.
func textCentered(dl *imgui.DrawList, x, y float32, col uint32, text string) {
	w := imgui.CalcTextSize(text).X
	dl.AddTextVec2(vec(x-w/2, y), col, text)
}

// tooltip shows text beside the mouse; text is shown as is (imgui's
// SetTooltip would treat a % as a format verb).
func tooltip(text string) {
	if imgui.BeginTooltip() {
		imgui.PushTextWrapPosV(320)
		imgui.TextUnformatted(text)
		imgui.PopTextWrapPos()
		imgui.EndTooltip()
	}
}

// knob draws the knob of a continuous or stepped parameter in the cell at
// (x, y) (screen coordinates) and handles its input: vertical drag (Shift
// for fine), wheel, double-click to reset, right-click or Ctrl+click to
// type a value.
func (e *Editor) knob(id dsp.ParamID, x, y float32) { e.knobDim(id, x, y, false) }

// knobDim is knob, drawn dimmed when the parameter has no effect right now
// (Time while Sync is on); it still works.
func (e *Editor) knobDim(id dsp.ParamID, x, y float32, dim bool) {
	p := e.c.Param(id)
	if p == nil {
		return
	}
	def := p.Def
	dl := imgui.WindowDrawList()
	io := imgui.CurrentIO()
	cx, cy := x+knobCellW/2, y+20+knobRadius

	imgui.PushIDInt(int32(id))
	imgui.SetCursorScreenPos(vec(cx-knobRadius-4, cy-knobRadius-4))
	imgui.InvisibleButton("knob", vec(2*knobRadius+8, 2*knobRadius+8))
	hovered, active := imgui.IsItemHovered(), imgui.IsItemActive()
	enabled := p.Available()

	switch {
	case !enabled:
	case hovered && imgui.IsMouseDoubleClicked(imgui.MouseButtonLeft):
		e.drag = knobDrag{}
		e.report(e.c.Reset(id))
	case imgui.IsItemActivated() && io.KeyCtrl(), hovered && imgui.IsMouseClickedBool(imgui.MouseButtonRight):
		e.openEntry(id, cx, cy+knobRadius)
	case imgui.IsItemActivated():
		e.drag = knobDrag{id: id, start: control.Normalized(def, e.c.Value(id))}
	case active && e.drag.id == id:
		dy := io.MouseDelta().Y
		if dy != 0 {
			step := float64(-dy) / sweepPixels
			if io.KeyShift() {
				step /= 10
			}
			// Clamp the travel so turning back responds at once.
			e.drag.acc = min(max(e.drag.start+e.drag.acc+step, 0), 1) - e.drag.start
			e.report(e.c.Set(id, control.Denormalized(def, e.drag.start+e.drag.acc)))
		}
	case hovered && io.MouseWheel() != 0:
		e.report(e.c.Change(id, e.wheel(def, e.c.Value(id), io.MouseWheel(), io.KeyShift())))
	}
	if imgui.IsItemDeactivated() && e.drag.id == id {
		e.drag = knobDrag{}
		if p.Dragging() {
			e.report(e.c.End(id))
		}
	}
	if hovered && !active {
		tooltip(def.Name + ": " + def.Description + "\n\nDrag (Shift: fine), wheel, double-click: default, right-click: type a value.")
	}
	imgui.PopID()

	// Drawing.
	v := e.c.Value(id)
	t := float32(control.Normalized(def, v))
	nameCol, valueCol := u32(colText), u32(colAccent)
	if !enabled || dim {
		nameCol, valueCol = u32(colTextDim), u32(alpha(colAccent, 0.45))
	}
	textCentered(dl, cx, y, nameCol, def.Name)
	c := vec(cx, cy)
	dl.PathArcToV(c, knobRadius, arcStart, arcStart+arcSweep, 32)
	dl.PathStrokeV(u32(colTrack), 0, 4)
	// A parameter whose range straddles zero fills from zero.
	from := float32(0)
	if def.Min < 0 && def.Max > 0 {
		from = float32(control.Normalized(def, 0))
	}
	lo, hi := min(from, t), max(from, t)
	if hi-lo > 0.002 && enabled {
		dl.PathArcToV(c, knobRadius, arcStart+lo*arcSweep, arcStart+hi*arcSweep, 32)
		dl.PathStrokeV(valueCol, 0, 4)
	}
	body := u32(colKnob)
	if hovered || active {
		body = u32(colTrack)
	}
	dl.AddCircleFilledV(c, knobRadius-6, body, 32)
	dl.AddCircleV(c, knobRadius-6, u32(colKnobEdge), 32, 1)
	a := float64(arcStart + t*arcSweep)
	px, py := float32(math.Cos(a)), float32(math.Sin(a))
	dl.AddLineV(vec(cx+px*5, cy+py*5), vec(cx+px*(knobRadius-8), cy+py*(knobRadius-8)), u32(colText), 2)
	textCentered(dl, cx, cy+knobRadius+6, valueCol, e.c.Text(id))
}

// wheel returns the value after turning the mouse wheel over a knob:
// one step per notch for discrete kinds, a share of the travel otherwise.
func (e *Editor) wheel(def *dsp.Param, v float64, notches float32, fine bool) float64 {
	if def.IsDiscrete() {
		return v + float64(notches)
	}
	step := wheelStep * float64(notches)
	if fine {
		step /= 10
	}
	return control.Denormalized(def, control.Normalized(def, v)+step)
}

// toggle draws an on/off switch for a toggle parameter as a lit button of
// size w×h at (x, y). A click flips it as one gesture.
func (e *Editor) toggle(id dsp.ParamID, x, y, w, h float32) {
	p := e.c.Param(id)
	if p == nil {
		return
	}
	on := e.c.Value(id) >= 0.5
	imgui.PushIDInt(int32(id))
	imgui.SetCursorScreenPos(vec(x, y))
	if imgui.InvisibleButton("toggle", vec(w, h)) && p.Available() {
		next := 1.0
		if on {
			next = 0
		}
		e.report(e.c.Change(id, next))
	}
	hovered := imgui.IsItemHovered()
	if hovered {
		tooltip(p.Def.Name + ": " + p.Def.Description)
	}
	imgui.PopID()
	dl := imgui.WindowDrawList()
	fill, edge, text := u32(colKnob), u32(colKnobEdge), u32(colText)
	if on {
		fill, edge, text = u32(colAccentDim), u32(colAccent), u32(colAccent)
	} else if hovered {
		fill = u32(colTrack)
	}
	dl.AddRectFilledV(vec(x, y), vec(x+w, y+h), fill, 4, 0)
	dl.AddRectV(vec(x, y), vec(x+w, y+h), edge, 4, 0, 1)
	// The lamp.
	lamp := u32(colTrack)
	if on {
		lamp = u32(colAccent)
	}
	dl.AddCircleFilledV(vec(x+11, y+h/2), 4, lamp, 12)
	textCentered(dl, x+w/2+6, y+(h-imgui.CalcTextSize("A").Y)/2, text, p.Def.Name)
}

// choice draws a labelled menu of an enum parameter's labels, width w, at
// (x, y): the name above, the menu below.
func (e *Editor) choice(id dsp.ParamID, x, y, w float32) { e.choiceDim(id, x, y, w, false) }

// choiceDim is choice, with the name dimmed when the parameter has no
// effect right now (Division while Sync is off).
func (e *Editor) choiceDim(id dsp.ParamID, x, y, w float32, dim bool) {
	p := e.c.Param(id)
	if p == nil {
		return
	}
	dl := imgui.WindowDrawList()
	nameCol := u32(colText)
	if dim {
		nameCol = u32(colTextDim)
	}
	dl.AddTextVec2(vec(x, y), nameCol, p.Def.Name)
	imgui.PushIDInt(int32(id))
	imgui.SetCursorScreenPos(vec(x, y+18))
	imgui.SetNextItemWidth(w)
	cur := int(e.c.Value(id) - p.Def.Min)
	preview := ""
	if cur >= 0 && cur < len(p.Def.Labels) {
		preview = p.Def.Labels[cur]
	}
	if !p.Available() {
		imgui.BeginDisabled()
	}
	if imgui.BeginComboV("##menu", preview, imgui.ComboFlagsHeightLarge) {
		for i, label := range p.Def.Labels {
			if imgui.SelectableBoolV(label, i == cur, 0, vec(0, 0)) && i != cur {
				e.report(e.c.Change(id, p.Def.Min+float64(i)))
			}
			if i == cur {
				imgui.SetItemDefaultFocus()
			}
		}
		imgui.EndCombo()
	}
	if !p.Available() {
		imgui.EndDisabled()
	}
	if imgui.IsItemHovered() {
		tooltip(p.Def.Name + ": " + p.Def.Description)
	}
	imgui.PopID()
}
