// Package control binds the dsp parameter table to a bridge region for the
// editor: it reads each parameter's current value by id, turns knob drags,
// clicks and typed text into edits with gestures, and maps values to the
// 0..1 travel of a knob. It has no GUI code, so it is tested without a
// window.
package control

import (
	"errors"
	"fmt"
	"math"

	"rill/dsp"
	"rill/plugin/bridge"
)

// holdFrames is how many frames a control keeps showing the value the user
// set after letting go, unless the plugin confirms it sooner: the plugin
// applies edits on its next block, which may come a few frames later (or,
// while the host is stopped, at its next flush).
const holdFrames = 20

// ErrUnknownParam is returned for an id that is not in the dsp table.
var ErrUnknownParam = errors.New("control: unknown parameter")

// ErrMissingParam is returned for a parameter the plugin's region does not
// carry (a plugin from another build); the control shows it disabled.
var ErrMissingParam = errors.New("control: parameter not in the plugin")

// Param is one parameter as the editor sees it.
type Param struct {
	Def    *dsp.Param // the single definition: name, unit, range, text
	region int        // position in the region, -1 when the plugin lacks it

	dragging bool    // a gesture is open
	local    float64 // the value the user set, shown while held
	hold     int     // frames left to show local after the gesture
}

// Available reports whether the plugin carries the parameter.
func (p *Param) Available() bool { return p.region >= 0 }

// Dragging reports whether a gesture on the parameter is open.
func (p *Param) Dragging() bool { return p.dragging }

// Controller is the editor's view of one plugin's parameters. It is used
// by the GUI goroutine only.
type Controller struct {
	r       *bridge.Region
	params  []Param             // dsp display order
	byID    map[dsp.ParamID]int // id → index into params
	pending []bridge.Edit       // edits that found the queue full, oldest first
	groups  map[string][]dsp.ParamID
}

// maxPending bounds the edits kept while the queue is full: value edits of
// a long drag are coalesced, so this only fills if the plugin stopped
// draining altogether.
const maxPending = 1024

// New returns a controller for the parameters of the dsp table, found in r
// by id.
func New(r *bridge.Region) *Controller {
	table := dsp.Params()
	c := &Controller{
		r:      r,
		params: make([]Param, len(table)),
		byID:   make(map[dsp.ParamID]int, len(table)),
		groups: make(map[string][]dsp.ParamID),
	}
	for i := range table {
		p := &table[i]
		idx, ok := r.ParamIndex(uint32(p.ID))
		if !ok {
			idx = -1
		}
		c.params[i] = Param{Def: p, region: idx, local: p.Default}
		c.byID[p.ID] = i
		c.groups[p.Group] = append(c.groups[p.Group], p.ID)
	}
	return c
}

// Region returns the region the controller reads and writes.
func (c *Controller) Region() *bridge.Region { return c.r }

// Params returns every parameter, in the dsp table's display order.
func (c *Controller) Params() []Param { return c.params }

// Group returns the ids of the parameters of one group, in display order.
func (c *Controller) Group(name string) []dsp.ParamID { return c.groups[name] }

// Param returns the parameter with the given id, or nil.
func (c *Controller) Param(id dsp.ParamID) *Param {
	i, ok := c.byID[id]
	if !ok {
		return nil
	}
	return &c.params[i]
}

// Value returns the value to show for id: what the user is setting during
// a gesture and shortly after, otherwise the plugin's current value.
func (c *Controller) Value(id dsp.ParamID) float64 {
	p := c.Param(id)
	if p == nil {
		return math.NaN()
	}
	if p.dragging || p.hold > 0 || !p.Available() {
		return p.local
	}
	return p.Def.Clamp(c.r.Param(p.region).Load())
}

// Text returns the value text for id, from the dsp table.
func (c *Controller) Text(id dsp.ParamID) string {
	p := c.Param(id)
	if p == nil {
		return ""
	}
	return p.Def.Format(c.Value(id))
}

// Frame does the once-per-frame work: resends edits that found the queue
// full, and ends the hold of values the plugin has confirmed or that timed
// out. Call it at the start of each frame.
func (c *Controller) Frame() {
	for len(c.pending) > 0 && c.r.PushEdit(c.pending[0]) {
		c.pending = c.pending[1:]
	}
	if len(c.pending) == 0 {
		c.pending = nil
	}
	for i := range c.params {
		p := &c.params[i]
		if p.dragging || p.hold == 0 {
			continue
		}
		p.hold--
		if p.Available() && p.Def.Clamp(c.r.Param(p.region).Load()) == p.local {
			p.hold = 0
		}
	}
}

func (c *Controller) send(e bridge.Edit) {
	if len(c.pending) == 0 && c.r.PushEdit(e) {
		return
	}
	// Queue full: keep it for the next frame, replacing an unsent value
	// edit of the same parameter so a long drag cannot pile up.
	if e.Kind == bridge.EditValue && len(c.pending) > 0 {
		last := &c.pending[len(c.pending)-1]
		if last.Kind == bridge.EditValue && last.Param == e.Param {
			last.Value = e.Value
			return
		}
	}
	if len(c.pending) < maxPending {
		c.pending = append(c.pending, e)
	}
}

func (c *Controller) lookup(id dsp.ParamID) (*Param, error) {
	p := c.Param(id)
	if p == nil {
		return nil, fmt.Errorf("%w: id %d", ErrUnknownParam, id)
	}
	if !p.Available() {
		return nil, fmt.Errorf("%w: %s", ErrMissingParam, p.Def.Name)
	}
	return p, nil
}

// Begin opens a gesture on id (the user grabbed the control).
func (c *Controller) Begin(id dsp.ParamID) error {
	p, err := c.lookup(id)
	if err != nil {
		return err
	}
	if p.dragging {
		return nil
	}
	p.local = c.Value(id)
	p.dragging = true
	c.send(bridge.Edit{Param: uint32(id), Kind: bridge.EditBegin})
	return nil
}

// Set sends a new value for id inside the open gesture (clamped by the dsp
// table); it opens one first if needed. A value equal to the last one sent
// sends nothing.
func (c *Controller) Set(id dsp.ParamID, v float64) error {
	p, err := c.lookup(id)
	if err != nil {
		return err
	}
	if !p.dragging {
		if err := c.Begin(id); err != nil {
			return err
		}
	}
	v = p.Def.Clamp(v)
	if v == p.local {
		return nil
	}
	p.local = v
	c.send(bridge.Edit{Param: uint32(id), Kind: bridge.EditValue, Value: v})
	return nil
}

// End closes the gesture on id (the user let go).
func (c *Controller) End(id dsp.ParamID) error {
	p, err := c.lookup(id)
	if err != nil {
		return err
	}
	if !p.dragging {
		return nil
	}
	p.dragging = false
	p.hold = holdFrames
	c.send(bridge.Edit{Param: uint32(id), Kind: bridge.EditEnd})
	return nil
}

// Change sets id to v as one complete gesture (a click, a menu choice).
func (c *Controller) Change(id dsp.ParamID, v float64) error {
	if err := c.Begin(id); err != nil {
		return err
	}
	p := c.Param(id)
	// Sent even when equal to the shown value: the user asked for it.
	p.local = p.Def.Clamp(v)
	c.send(bridge.Edit{Param: uint32(id), Kind: bridge.EditValue, Value: p.local})
	return c.End(id)
}

// Reset sets id back to its default, as one gesture.
func (c *Controller) Reset(id dsp.ParamID) error {
	p := c.Param(id)
	if p == nil {
		return fmt.Errorf("%w: id %d", ErrUnknownParam, id)
	}
	return c.Change(id, p.Def.Default)
}

// SetText parses typed text with the dsp table and sets id to it, as one
// gesture. A parse error changes nothing and is returned.
func (c *Controller) SetText(id dsp.ParamID, text string) error {
	p := c.Param(id)
	if p == nil {
		return fmt.Errorf("%w: id %d", ErrUnknownParam, id)
	}
	v, err := p.Def.Parse(text)
	if err != nil {
		return err
	}
	return c.Change(id, v)
}

// PendingEdits returns how many edits wait for room in the queue.
func (c *Controller) PendingEdits() int { return len(c.pending) }
