// Package bridge lays out the shared memory through which a Rill Tape plugin
// instance and its editor process talk.
//
// The plugin creates one Region per instance (an anonymous memfd, or a file
// for tools and tests) and hands its descriptor to the editor, which attaches
// to it. Both sides use this package, so the layout cannot drift; a fixed
// header (magic, layout version, size, owner pid) lets an editor from another
// build refuse a region it would misread.
//
// What the region holds, and who writes it:
//
//   - parameters: one AtomicCell[float64] per parameter, by id (plugin writes,
//     editor reads);
//   - meters: levels, feedback, head positions, wow/flutter phase and CPU load,
//     published once per block under a sequence lock (plugin writes, editor
//     reads a consistent snapshot or retries; the writer never waits);
//   - statistics: one named AtomicStats per plugin buffer (plugin writes);
//   - the tape view: min/max columns of recent tape contents (plugin writes);
//   - the edit queue: a lock-free SPSC queue of parameter edits and gestures
//     (editor pushes, plugin pops on its audio thread);
//   - control words: heartbeats both ways, show/close requests, the editor's
//     pid and X11 window.
//
// Neither side ever waits for the other. Every method the audio thread calls
// is lock-free, allocation-free and makes no system call.
package bridge
