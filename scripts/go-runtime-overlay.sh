#!/usr/bin/env bash
# go-runtime-overlay.sh OUTDIR: writes OUTDIR/runtime-overlay.json, a `go build -overlay` file
# that builds the plugin archive with one change to the Go runtime (runtime/proc.go of the Go
# installed here, patched at build time), and prints its path; prints nothing (and a warning on
# stderr) when this Go's proc.go does not have the line the patch expects, so the build goes on
# with the stock runtime.
#
# The change: sysmon's "long-running goroutine" rule (retake: a P whose schedtick has not moved
# for 10 ms is preempted and taken) skips Ps owned by extra Ms, the Ms of threads created outside
# Go (a host's audio thread calling the plugin). Their goroutine gets its P through exitsyscall,
# never through execute, so schedtick never moves and sysmon took the audio thread's P on every
# tick; the thread then re-acquired a P through sched.lock on every block, and waited (or spun)
# whenever a normal-priority runtime thread holding that lock or the goroutine's scan bit was
# preempted: 1-100+ ms stalls of a real-time thread. The syscall rules still apply to those Ps
# (a thread that stays in C longer than 10 ms, or while other work waits for a P, loses it), and
# stop-the-world still takes them. See docs/PERFORMANCE.md, "audio-thread stalls".
set -euo pipefail
out=${1:?usage: go-runtime-overlay.sh OUTDIR}
goroot=$(go env GOROOT)
src="$goroot/src/runtime/proc.go"
dir="$out/_runtime-overlay" # "_": go list ./... skips it (it is not a package of this module)
mkdir -p "$dir"
anchor='		} else if pd.schedwhen+forcePreemptNS <= now {'
if [ "$(grep -cxF -- "$anchor" "$src" || true)" != 1 ]; then
	echo "warning: $(go version): runtime/proc.go lacks the retake line the runtime patch expects; building with the stock runtime (audio-thread stalls, see docs/PERFORMANCE.md)" >&2
	exit 0
fi
awk -v anchor="$anchor" '$0 == anchor { print "\t\t} else if pd.schedwhen+forcePreemptNS <= now && !sysmonSkipExtraM(pp) {"; next } { print }' "$src" >"$dir/proc.go"
cat >>"$dir/proc.go" <<'GO'

// sysmonSkipExtraM (added by rill's scripts/go-runtime-overlay.sh) reports whether pp is
// owned by an extra M: a thread created outside Go that calls into Go, such as a host's
// audio thread. Its goroutine gets its P in exitsyscall, never in execute, so schedtick
// never moves and the long-running rule in retake would take that P on every tick.
func sysmonSkipExtraM(pp *p) bool {
	mp := pp.m.ptr()
	return mp != nil && mp.isextra
}
GO
printf '{"Replace":{"%s":"%s"}}\n' "$src" "$(cd "$dir" && pwd)/proc.go" >"$out/runtime-overlay.json"
echo "$(cd "$out" && pwd)/runtime-overlay.json"
