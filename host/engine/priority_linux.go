package engine

import "golang.org/x/sys/unix"

// realtimePriority is the SCHED_FIFO priority of the play audio thread: low
// among real-time threads (JACK and PipeWire use 20 and above for the
// device), above every normal thread.
const realtimePriority = 10

// raisePriority asks for real-time scheduling for the calling OS thread, as
// DAWs do for their audio threads. Without the privilege (no root, no
// RLIMIT_RTPRIO) it fails and the thread keeps normal scheduling.
// [audio-thread], called once before processing starts.
func raisePriority() error {
	return unix.SchedSetAttr(0, &unix.SchedAttr{
		Size:     unix.SizeofSchedAttr,
		Policy:   unix.SCHED_FIFO,
		Priority: realtimePriority,
	}, 0)
}
