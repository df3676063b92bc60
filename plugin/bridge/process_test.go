package bridge

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// The two-process test re-runs this test binary as the "editor": TestMain
// sees childEnv and plays that role instead of running the tests.
const childEnv = "RILL_BRIDGE_TEST_EDITOR"

// childEdits is how many edits the child sends; more than the queue holds,
// so the child must cope with a full queue.
const childEdits = 20 * EditQueueCapacity

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		if err := runChildEditor(); err != nil {
			fmt.Fprintln(os.Stderr, "child editor:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runChildEditor attaches to fd 3, sends childEdits edits as gestures and,
// between pushes, checks that every consistent meters snapshot it reads is
// one the plugin wrote: all words carry the same counter, never decreasing.
func runChildEditor() error {
	r, err := Attach(3)
	if err != nil {
		return err
	}
	defer r.Close()
	r.SetEditor(os.Getpid(), EditorRunning)
	last := float32(-1)
	checkMeters := func() error {
		var m Meters
		if !r.ReadMeters(&m) {
			return nil
		}
		k := m.Feedback
		words := []float32{m.InPeak[0], m.InPeak[1], m.OutRMS[1], m.Heads[3], m.LoadPeak}
		for _, w := range words {
			if w != k {
				return fmt.Errorf("torn meters snapshot: %+v", m)
			}
		}
		if k < last {
			return fmt.Errorf("meters went back from %v to %v", last, k)
		}
		last = k
		return nil
	}
	for i := range childEdits {
		kind := EditKind(i%3 + 1)
		for !r.PushEdit(Edit{Param: uint32(i), Kind: kind, Value: float64(i) / 4}) {
			if err := checkMeters(); err != nil {
				return err
			}
			runtime.Gosched()
		}
		r.BeatEditor()
		if err := checkMeters(); err != nil {
			return err
		}
	}
	r.SetEditor(os.Getpid(), EditorExited)
	return nil
}

// TestTwoProcesses runs a real editor process against this one: the
// parent writes meters as fast as it can and drains edits, the child
// pushes edits and reads meters. Run under -race it also checks this side's
// accesses.
func TestTwoProcesses(t *testing.T) {
	p := newRegion(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	// Hand the child a duplicate: an *os.File closes its descriptor when
	// collected, and the region's own must stay open.
	fd, err := unix.Dup(p.FD())
	if err != nil {
		t.Fatal(err)
	}
	f := os.NewFile(uintptr(fd), "region")
	defer f.Close()
	cmd.ExtraFiles = []*os.File{f}
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	next := 0
	var m Meters
	for k := float32(0); next < childEdits; k++ {
		m.InPeak = [Channels]float32{k, k}
		m.OutRMS[1], m.Heads[3], m.LoadPeak, m.Feedback = k, k, k, k
		p.WriteMeters(&m)
		for {
			e, ok := p.PopEdit()
			if !ok {
				break
			}
			want := Edit{Param: uint32(next), Kind: EditKind(next%3 + 1), Value: float64(next) / 4}
			if e != want {
				t.Fatalf("edit %d = %+v, want %+v", next, e, want)
			}
			next++
		}
		select {
		case err := <-done:
			if next < childEdits {
				t.Fatalf("child exited after %d of %d edits: %v", next, childEdits, err)
			}
			done <- err
		default:
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("child editor failed: %v", err)
	}
	if pid, s := p.Editor(); pid != cmd.Process.Pid || s != EditorExited {
		t.Errorf("editor state = pid %d state %d, want pid %d exited", pid, s, cmd.Process.Pid)
	}
	if p.EditorBeat() != childEdits {
		t.Errorf("editor beats = %d, want %d", p.EditorBeat(), childEdits)
	}
}
