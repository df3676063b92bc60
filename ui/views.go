package ui

import (
	"fmt"
	"math"

	"github.com/AllenDang/cimgui-go/imgui"
	g "github.com/AllenDang/giu"

	"rill/plugin/bridge"
	"rill/ui/readout"
)

// levelMeters draws the input, output and feedback bars, h pixels tall.
func (e *Editor) levelMeters(x, y, h float32) {
	dl := imgui.WindowDrawList()
	const barW, gap = 14, 4
	labels := []struct {
		text  string
		first int
		n     int
	}{{"IN", readout.InL, 2}, {"OUT", readout.OutL, 2}, {"FB", readout.Feedback, 1}}
	bx := x
	for _, group := range labels {
		w := float32(group.n)*barW + float32(group.n-1)*gap
		for k := range group.n {
			i := group.first + k
			x0 := bx + float32(k)*(barW+gap)
			e.bar(dl, x0, y, barW, h, i)
		}
		textCentered(dl, bx+w/2, y+h+2, u32(colTextDim), group.text)
		bx += w + 10
	}
	// The scale.
	if g.PushFont(e.fonts.Small) {
		defer g.PopFont()
	}
	for _, db := range []float64{0, -12, -24, -48} {
		ty := y + h - readout.MeterY(db)*h
		dl.AddTextVec2(vec(bx-2, ty-6), u32(colTextDim), fmt.Sprintf("%.0f", db))
	}
}

func (e *Editor) bar(dl *imgui.DrawList, x, y, w, h float32, i int) {
	dl.AddRectFilledV(vec(x, y), vec(x+w, y+h), u32(colTrack), 2, 0)
	top := y + h - readout.MeterY(e.levels.Peak[i])*h
	// Colour bands: green below -12 dB, yellow to -3 dB, red above.
	bands := []struct {
		from, to float64
		col      uint32
	}{{readout.FloorDB, -12, u32(colMeterLow)}, {-12, -3, u32(colMeterMid)}, {-3, readout.TopDB, u32(colMeterHigh)}}
	for _, b := range bands {
		y0 := y + h - readout.MeterY(b.to)*h
		y1 := y + h - readout.MeterY(b.from)*h
		y0 = max(y0, top)
		if y0 < y1 {
			dl.AddRectFilled(vec(x, y0), vec(x+w, y1), b.col)
		}
	}
	if r := e.levels.RMS[i]; r > readout.FloorDB {
		ry := y + h - readout.MeterY(r)*h
		dl.AddRectFilled(vec(x+w/2-1, ry), vec(x+w/2+1, y+h), u32(alpha(colBackground, 0.6)))
	}
	if hd := e.levels.Hold[i]; hd > readout.FloorDB {
		hy := y + h - readout.MeterY(hd)*h
		dl.AddLineV(vec(x, hy), vec(x+w, hy), u32(colText), 2)
	}
	// 0 dBFS mark.
	zy := y + h - readout.MeterY(0)*h
	dl.AddLineV(vec(x-2, zy), vec(x+w+2, zy), u32(colKnobEdge), 1)
}

// tapeView draws the tape loop: min/max columns of what is on the tape
// (left channel above, right below), the stretch between the read heads
// and the write head, and the heads themselves.
func (e *Editor) tapeView(x, y, w, h float32) {
	dl := imgui.WindowDrawList()
	dl.AddRectFilledV(vec(x, y), vec(x+w, y+h), u32(rgb(0x13, 0x15, 0x18)), 3, 0)
	dl.PushClipRect(vec(x, y), vec(x+w, y+h))
	defer dl.PopClipRect()

	m := &e.meters
	half := h / 2
	midL, midR := y+half/2, y+half+half/2
	dl.AddLineV(vec(x, y+half), vec(x+w, y+half), u32(colPanelEdge), 1)

	n := bridge.TapeColumns
	colW := w / float32(n)
	wc := e.r.TapeWriteColumn()
	// The part of the tape between each read head and the write head holds
	// the echoes still to come.
	if m.HeadCount > 0 && e.r.TapeSamplesPerColumn() > 0 {
		writeX := x + float32(m.WriteHead)*w
		for i := range min(int(m.HeadCount), bridge.MaxHeads) {
			readX := x + m.Heads[i]*w
			band := u32(alpha(colReadHead, 0.07))
			if readX <= writeX {
				dl.AddRectFilled(vec(readX, y), vec(writeX, y+h), band)
			} else { // wraps around the end of the strip
				dl.AddRectFilled(vec(readX, y), vec(x+w, y+h), band)
				dl.AddRectFilled(vec(x, y), vec(writeX, y+h), band)
			}
		}
	}
	amp := half/2 - 2
	for i := range n {
		c := e.r.TapeColumn(i)
		age := float32((wc-1-i+2*n)%n) / float32(n) // 0 just written, near 1 oldest
		a := 1 - 0.65*age
		cx := x + (float32(i)+0.5)*colW
		lo, hi := clampUnit(c.Min[0]), clampUnit(c.Max[0])
		dl.AddLineV(vec(cx, midL-hi*amp-0.5), vec(cx, midL-lo*amp+0.5), u32(alpha(colTapeL, a)), max(colW, 1))
		lo, hi = clampUnit(c.Min[1]), clampUnit(c.Max[1])
		dl.AddLineV(vec(cx, midR-hi*amp-0.5), vec(cx, midR-lo*amp+0.5), u32(alpha(colTapeR, a)), max(colW, 1))
	}
	for i := range min(int(m.HeadCount), bridge.MaxHeads) {
		hx := x + m.Heads[i]*w
		dl.AddLineV(vec(hx, y), vec(hx, y+h), u32(colReadHead), 2)
	}
	wx := x + m.WriteHead*w
	dl.AddLineV(vec(wx, y), vec(wx, y+h), u32(colWriteHead), 2)
	dl.AddTriangleFilled(vec(wx-5, y), vec(wx+5, y), vec(wx, y+7), u32(colWriteHead))

	// Legend and modulation phases below the strip.
	ly := y + h + 4
	if g.PushFont(e.fonts.Small) {
		defer g.PopFont()
	}
	dl.AddLineV(vec(x, ly+6), vec(x+12, ly+6), u32(colWriteHead), 2)
	dl.AddTextVec2(vec(x+16, ly), u32(colTextDim), "write head")
	dl.AddLineV(vec(x+96, ly+6), vec(x+108, ly+6), u32(colReadHead), 2)
	dl.AddTextVec2(vec(x+112, ly), u32(colTextDim), "read heads")
	dl.AddTextVec2(vec(x+200, ly), u32(colTextDim), "L above, R below")
	phase(dl, x+w-150, ly+6, "wow", m.WowPhase)
	phase(dl, x+w-70, ly+6, "flutter", m.FlutterPhase)
	if m.Flags&bridge.MeterFrozen != 0 {
		dl.AddTextVec2(vec(x+w/2, ly), u32(colAccent), "FROZEN")
	}
}

func clampUnit(x float32) float32 {
	if !(x > -1) {
		return -1
	}
	return min(x, 1)
}

// phase draws a small dial whose dot turns with an LFO phase (0..1).
func phase(dl *imgui.DrawList, x, y float32, label string, p float32) {
	dl.AddCircleV(vec(x, y), 6, u32(colKnobEdge), 16, 1)
	a := 2 * math.Pi * float64(p)
	dl.AddCircleFilledV(vec(x+6*float32(math.Sin(a)), y-6*float32(math.Cos(a))), 2.5, u32(colAccent), 8)
	dl.AddTextVec2(vec(x+10, y-6), u32(colTextDim), label)
}

// statsTable lists each named buffer's counters.
func (e *Editor) statsTable(x, y, w, h float32) {
	n := e.r.StatsCount()
	if n == 0 {
		imgui.WindowDrawList().AddTextVec2(vec(x+4, y+4), u32(colTextDim), "The plugin publishes no buffer statistics.")
		return
	}
	rows := make([]*g.TableRowWidget, 0, n)
	for i := range n {
		s := e.r.Stats(i).Snapshot()
		under, over := g.Label(readout.Count(s.Underflows)), g.Label(readout.Count(s.Overflows))
		rows = append(rows, g.TableRow(
			g.Label(e.r.StatsName(i)),
			g.Label(readout.Count(s.Writes)),
			g.Label(readout.Count(s.Reads)),
			warn(under, s.Underflows),
			warn(over, s.Overflows),
			fillBar(s.FillLevel),
			g.Label(fmt.Sprintf("%.0f %%", 100*s.PeakFill)),
		))
	}
	imgui.SetCursorScreenPos(vec(x, y))
	g.Table().Size(w, h).
		Flags(g.TableFlagsRowBg|g.TableFlagsBordersInnerV|g.TableFlagsScrollY|g.TableFlagsSizingStretchProp).
		Columns(
			g.TableColumn("Buffer").InnerWidthOrWeight(2.2),
			g.TableColumn("Writes"), g.TableColumn("Reads"),
			g.TableColumn("Underflows"), g.TableColumn("Overflows"),
			g.TableColumn("Fill").InnerWidthOrWeight(1.4), g.TableColumn("Peak fill"),
		).Rows(rows...).Build()
}

// warn colours a counter red when it is not zero.
func warn(l *g.LabelWidget, v uint64) g.Widget {
	if v == 0 {
		return l
	}
	return g.Style().SetColor(g.StyleColorText, colError).To(l)
}

// fillBar draws a fill level as a small bar with its percentage.
func fillBar(f float32) g.Widget {
	return g.Custom(func() {
		p := imgui.CursorScreenPos()
		dl := imgui.WindowDrawList()
		f = min(max(f, 0), 1)
		dl.AddRectFilledV(vec(p.X, p.Y+4), vec(p.X+50, p.Y+12), u32(colTrack), 2, 0)
		dl.AddRectFilledV(vec(p.X, p.Y+4), vec(p.X+50*f, p.Y+12), u32(colAccent), 2, 0)
		imgui.SetCursorScreenPos(vec(p.X+56, p.Y))
		imgui.TextUnformatted(fmt.Sprintf("%.0f %%", 100*f))
	})
}
