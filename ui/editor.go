package ui

import (
	"fmt"

	"github.com/AllenDang/cimgui-go/imgui"
	g "github.com/AllenDang/giu"

	"rill/dsp"
	"rill/plugin/bridge"
	"rill/ui/control"
	"rill/ui/readout"
)

// statusFrames is how long a message stays in the header (about 3 s).
const statusFrames = 90

// idleFrames is how many frames without a new audio block make the header
// say the host is not processing.
const idleFrames = 15

// Editor is the editor window's state between frames. Build one with New
// and call Frame from giu's loop.
type Editor struct {
	c     *control.Controller
	r     *bridge.Region
	fonts Fonts

	drag  knobDrag
	entry entryState

	meters     bridge.Meters
	levels     readout.Levels
	lastBlocks uint64
	stillFor   int // frames since the block count last moved

	status      string
	statusLeft  int
	Description string // what the window is attached to, shown in the header ("demo", "plugin pid 123")
}

// New returns an editor for the plugin behind c.
func New(c *control.Controller, fonts Fonts) *Editor {
	registerGlyphs()
	return &Editor{c: c, r: c.Region(), fonts: fonts, stillFor: idleFrames}
}

// registerGlyphs adds every character the dsp table's texts may show to
// giu's font atlas, which only rasterises characters it has seen.
func registerGlyphs() {
	atlas := g.Context.FontAtlas
	atlas.RegisterString("−∞µ°·×…–—±%")
	for _, p := range dsp.Params() {
		atlas.RegisterString(p.Name + p.Unit + p.Description + p.Group)
		for _, l := range p.Labels {
			atlas.RegisterString(l)
		}
		atlas.RegisterString(p.Format(p.Min) + p.Format(p.Max) + p.Format(p.Default))
	}
}

// report shows err in the header, if there is one.
func (e *Editor) report(err error) {
	if err != nil {
		e.status, e.statusLeft = err.Error(), statusFrames
	}
}

// Frame reads the plugin's state and builds one frame of the window.
func (e *Editor) Frame() {
	e.c.Frame()
	e.r.ReadMeters(&e.meters)
	e.levels.Update(&e.meters)
	if b := e.r.Blocks(); b != e.lastBlocks {
		e.lastBlocks, e.stillFor = b, 0
	} else if e.stillFor < idleFrames {
		e.stillFor++
	}
	if e.statusLeft > 0 {
		e.statusLeft--
	}
	g.SingleWindow().Layout(g.Custom(e.draw))
}

// The layout: panels at fixed places in the fixed-size window.
func (e *Editor) draw() {
	o := imgui.WindowPos()
	at := func(x, y float32) (float32, float32) { return o.X + x, o.Y + y }

	e.header(at(0, 0))

	x, y := at(10, 52)
	e.panel(x, y, 350, 124, "DELAY")
	synced := e.c.Value(dsp.IDSync) >= 0.5
	e.knobDim(dsp.IDTime, x+6, y+22, synced)
	e.knob(dsp.IDFeedback, x+84, y+22)
	e.toggle(dsp.IDSync, x+168, y+44, 72, 24)
	e.choiceDim(dsp.IDDivision, x+248, y+26, 92, !synced)
	e.choice(dsp.IDTimeMode, x+168, y+74, 172)

	x, y = at(370, 52)
	e.panel(x, y, 520, 124, "TAPE")
	for i, id := range []dsp.ParamID{dsp.IDWowDepth, dsp.IDWowRate, dsp.IDFlutterDepth, dsp.IDFlutterRate, dsp.IDDrive, dsp.IDAge} {
		e.knob(id, x+9+float32(i)*85, y+22)
	}

	x, y = at(10, 184)
	e.panel(x, y, 180, 124, "FILTER")
	e.knob(dsp.IDLowCut, x+10, y+22)
	e.knob(dsp.IDHighCut, x+94, y+22)

	x, y = at(200, 184)
	e.panel(x, y, 260, 124, "STEREO")
	e.choice(dsp.IDStereoMode, x+10, y+36, 92)
	e.knob(dsp.IDWidth, x+106, y+22)
	e.knob(dsp.IDOffset, x+180, y+22)

	x, y = at(470, 184)
	e.panel(x, y, 170, 124, "DYNAMICS")
	e.knob(dsp.IDDuck, x+6, y+22)
	e.toggle(dsp.IDFreeze, x+88, y+58, 72, 26)

	x, y = at(650, 184)
	e.panel(x, y, 240, 124, "OUTPUT")
	e.knob(dsp.IDInput, x+6, y+22)
	e.knob(dsp.IDMix, x+82, y+22)
	e.knob(dsp.IDOutput, x+158, y+22)

	x, y = at(10, 316)
	e.panel(x, y, 700, 140, "TAPE LOOP")
	e.tapeView(x+10, y+22, 680, 92)

	x, y = at(720, 316)
	e.panel(x, y, 170, 140, "LEVELS")
	e.levelMeters(x+12, y+24, 100)

	x, y = at(10, 464)
	e.panel(x, y, 880, 108, "BUFFERS")
	e.statsTable(x+8, y+22, 864, 80)

	e.drawEntry()
}

// panel draws a section's background and title.
func (e *Editor) panel(x, y, w, h float32, title string) {
	dl := imgui.WindowDrawList()
	dl.AddRectFilledV(vec(x, y), vec(x+w, y+h), u32(colPanel), 6, 0)
	dl.AddRectV(vec(x, y), vec(x+w, y+h), u32(colPanelEdge), 6, 0, 1)
	if g.PushFont(e.fonts.Small) {
		defer g.PopFont()
	}
	dl.AddTextVec2(vec(x+10, y+5), u32(colTextDim), title)
}

// header draws the product name, the connection state, the CPU load and
// the bypass switch.
func (e *Editor) header(x, y float32) {
	dl := imgui.WindowDrawList()
	dl.AddRectFilled(vec(x, y), vec(x+Width, y+44), u32(rgb(0x12, 0x14, 0x17)))
	dl.AddLineV(vec(x, y+44), vec(x+Width, y+44), u32(colAccentDim), 1)
	if g.PushFont(e.fonts.Title) {
		dl.AddTextVec2(vec(x+16, y+11), u32(colAccent), "RILL TAPE")
		g.PopFont()
	} else {
		dl.AddTextVec2(vec(x+16, y+14), u32(colAccent), "RILL TAPE")
	}
	dl.AddTextVec2(vec(x+140, y+16), u32(colTextDim), "tape delay")

	var state string
	switch {
	case e.statusLeft > 0:
		state = e.status
	case e.stillFor >= idleFrames:
		state = "host not processing"
	default:
		state = fmt.Sprintf("%.1f kHz · %.0f ms", e.meters.SampleRate/1000, e.meters.DelayMs)
		if e.meters.Flags&bridge.MeterFrozen != 0 {
			state += " · frozen"
		}
		if e.meters.Flags&bridge.MeterBypassed != 0 {
			state += " · bypassed"
		}
	}
	if e.Description != "" && e.statusLeft == 0 {
		state = e.Description + " · " + state
	}
	col := u32(colTextDim)
	if e.statusLeft > 0 {
		col = u32(colError)
	}
	dl.AddTextVec2(vec(x+250, y+16), col, state)

	// CPU load of the audio blocks.
	cx := x + 610
	dl.AddTextVec2(vec(cx, y+16), u32(colTextDim), "CPU")
	bx, bw := cx+34, float32(110)
	dl.AddRectFilledV(vec(bx, y+18), vec(bx+bw, y+28), u32(colTrack), 2, 0)
	load := min(max(e.meters.LoadAvg, 0), 1)
	dl.AddRectFilledV(vec(bx, y+18), vec(bx+bw*load, y+28), u32(colMeterLow), 2, 0)
	peak := min(max(e.meters.LoadPeak, 0), 1)
	dl.AddLineV(vec(bx+bw*peak, y+16), vec(bx+bw*peak, y+30), u32(colMeterMid), 2)
	dl.AddTextVec2(vec(bx+bw+6, y+16), u32(colText), fmt.Sprintf("%.1f %%", 100*e.meters.LoadAvg))

	e.toggle(dsp.IDBypass, x+Width-92, y+9, 80, 26)
}
