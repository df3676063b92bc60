package ui

import (
	"image/color"

	"github.com/AllenDang/cimgui-go/imgui"
	g "github.com/AllenDang/giu"
	"github.com/AllenDang/go-findfont"
)

// Window size of the editor, in pixels. The plugin reports it to the host
// (clap.gui get_size); the editor does not resize.
const (
	Width  = 900
	Height = 580
)

// The palette: a dark panel with warm tape-amber accents.
var (
	colBackground = rgb(0x17, 0x19, 0x1d)
	colPanel      = rgb(0x21, 0x24, 0x29)
	colPanelEdge  = rgb(0x30, 0x34, 0x3b)
	colText       = rgb(0xdc, 0xdf, 0xe4)
	colTextDim    = rgb(0x8b, 0x91, 0x9a)
	colAccent     = rgb(0xe8, 0xa3, 0x3d)
	colAccentDim  = rgb(0x6b, 0x4e, 0x22)
	colTrack      = rgb(0x38, 0x3d, 0x45)
	colKnob       = rgb(0x2c, 0x30, 0x36)
	colKnobEdge   = rgb(0x4a, 0x50, 0x59)
	colWriteHead  = rgb(0xe5, 0x48, 0x4d)
	colReadHead   = rgb(0x4f, 0xd1, 0x8b)
	colMeterLow   = rgb(0x4f, 0xd1, 0x8b)
	colMeterMid   = rgb(0xe8, 0xc5, 0x3d)
	colMeterHigh  = rgb(0xe5, 0x48, 0x4d)
	colTapeL      = rgb(0xd9, 0x9a, 0x4e)
	colTapeR      = rgb(0xb0, 0x7a, 0x3c)
	colError      = rgb(0xff, 0x6b, 0x6b)
)

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{R: r, G: g, B: b, A: 0xff} }

// u32 packs a colour the way imgui's draw lists want it.
func u32(c color.RGBA) uint32 {
	return uint32(c.A)<<24 | uint32(c.B)<<16 | uint32(c.G)<<8 | uint32(c.R)
}

// alpha returns c with its opacity scaled by a (0..1).
func alpha(c color.RGBA, a float32) color.RGBA {
	c.A = uint8(float32(c.A) * min(max(a, 0), 1))
	return c
}

// Theme returns the editor's giu style: its colours and spacing.
func Theme() *g.StyleSetter {
	v4 := func(c color.RGBA) imgui.Vec4 {
		return imgui.Vec4{X: float32(c.R) / 255, Y: float32(c.G) / 255, Z: float32(c.B) / 255, W: float32(c.A) / 255}
	}
	return g.Style().
		SetStyle(g.StyleVarWindowPadding, 0, 0).
		SetStyleFloat(g.StyleVarWindowRounding, 0).
		SetStyleFloat(g.StyleVarWindowBorderSize, 0).
		SetStyleFloat(g.StyleVarFrameRounding, 3).
		SetStyleFloat(g.StyleVarPopupRounding, 4).
		SetStyle(g.StyleVarFramePadding, 6, 3).
		SetColorVec4(g.StyleColorText, v4(colText)).
		SetColorVec4(g.StyleColorTextDisabled, v4(colTextDim)).
		SetColorVec4(g.StyleColorWindowBg, v4(colBackground)).
		SetColorVec4(g.StyleColorChildBg, v4(colPanel)).
		SetColorVec4(g.StyleColorPopupBg, v4(rgb(0x2a, 0x2e, 0x34))).
		SetColorVec4(g.StyleColorBorder, v4(colPanelEdge)).
		SetColorVec4(g.StyleColorFrameBg, v4(colKnob)).
		SetColorVec4(g.StyleColorFrameBgHovered, v4(colTrack)).
		SetColorVec4(g.StyleColorFrameBgActive, v4(colTrack)).
		SetColorVec4(g.StyleColorButton, v4(colKnob)).
		SetColorVec4(g.StyleColorButtonHovered, v4(colTrack)).
		SetColorVec4(g.StyleColorButtonActive, v4(colAccentDim)).
		SetColorVec4(g.StyleColorHeader, v4(colAccentDim)).
		SetColorVec4(g.StyleColorHeaderHovered, v4(colTrack)).
		SetColorVec4(g.StyleColorHeaderActive, v4(colAccentDim)).
		SetColorVec4(g.StyleColorTableHeaderBg, v4(colKnob)).
		SetColorVec4(g.StyleColorTableBorderStrong, v4(colPanelEdge)).
		SetColorVec4(g.StyleColorTableBorderLight, v4(colPanelEdge)).
		SetColorVec4(g.StyleColorTableRowBg, v4(colPanel)).
		SetColorVec4(g.StyleColorTableRowBgAlt, v4(rgb(0x25, 0x28, 0x2e))).
		SetColorVec4(g.StyleColorScrollbarBg, v4(colPanel)).
		SetColorVec4(g.StyleColorScrollbarGrab, v4(colTrack)).
		SetColorVec4(g.StyleColorTextSelectedBg, v4(colAccentDim)).
		SetColorVec4(g.StyleColorCheckMark, v4(colAccent))
}

// Fonts holds the editor's two text sizes.
type Fonts struct {
	Title *g.FontInfo // the product name, nil when no system font was found
	Small *g.FontInfo // value texts and table cells
}

// LoadFonts makes DejaVu Sans the default font when the system has it
// (imgui's built-in bitmap font otherwise) and adds the title and small
// sizes. Call it after creating the master window, before Run.
func LoadFonts() Fonts {
	var f Fonts
	if _, err := findfont.Find("DejaVuSans.ttf"); err == nil {
		g.Context.FontAtlas.SetDefaultFont("DejaVuSans.ttf", 14)
		f.Small = g.Context.FontAtlas.AddFont("DejaVuSans.ttf", 12)
	}
	if _, err := findfont.Find("DejaVuSans-Bold.ttf"); err == nil {
		f.Title = g.Context.FontAtlas.AddFont("DejaVuSans-Bold.ttf", 20)
	}
	return f
}
