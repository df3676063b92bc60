#!/usr/bin/env bash
# End-to-end checks of the editor (rill-editor), under Xvfb:
#   1. the demo window renders: a screenshot with many colours, kept as an artifact;
#   2. embedding: the editor reparents itself into another process's X11 window and
#      renders there;
#   3. a region from another build is refused with its exit code, not misread;
#   4. the plugin's clap.gui through a CLAP host (cmd/rill-editor/hostcheck): open/close the
#      floating editor 100 times and the embedded one 20 times without leaking processes,
#      descriptors or mappings, two instances with editors at once, kill -9 of the editor
#      reported as closed while processing goes on, an edit through the shared memory
#      changing the next block and reaching the host as a gesture, host automation reaching
#      the editor's memory within the block.
# Prints one PASS/FAIL line per check; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh

# One X server for the whole script.
if [ -z "${DISPLAY:-}" ]; then
	need xvfb-run
	# -noreset: Xvfb otherwise resets whenever its last client leaves, refusing
	# connections meanwhile, which editors started back to back would hit.
	exec xvfb-run -a -s "-screen 0 1280x800x24 -noreset" bash "$0" "$@"
fi
need import
need xwininfo
need xev

out="$PWD/build/out/editor-check"
art="$PWD/dist/test-artifacts"
mkdir -p "$out" "$art"
editor="$PWD/dist/linux-x86_64/RillTape/rill-editor"
if [ ! -x "$editor" ]; then
	editor="$out/rill-editor"
	go build -o "$editor" ./cmd/rill-editor 2>"$out/build.log" || { cat "$out/build.log"; die "cannot build rill-editor"; }
fi
fail=0
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

pass() { echo "PASS $*"; }
failed() { echo "FAIL $*"; fail=1; }

# window_of NAME: waits for a top-level window titled NAME and prints its id.
window_of() {
	for _ in $(seq 1 300); do
		id=$(xwininfo -name "$1" 2>/dev/null | awk '/Window id:/{print $4}')
		[ -n "$id" ] && { echo "$id"; return 0; }
		sleep 0.1
	done
	return 1
}

# colours PNG: number of distinct colours in a picture.
colours() { identify -format '%k' "$1"; }

echo "-- demo window"
"$editor" --demo >"$out/demo.log" 2>&1 &
pids+=($!)
demo=$!
if id=$(window_of "Rill Tape"); then
	sleep 2 # let the demo phrase fill meters and tape
	shot="$art/editor-demo.png"
	import -window "$id" "$shot"
	n=$(colours "$shot")
	size=$(identify -format '%wx%h' "$shot")
	if [ "$size" = "900x580" ] && [ "$n" -ge 200 ]; then
		pass "editor-demo-renders ($size, $n colours; screenshot $shot)"
	else
		failed "editor-demo-renders: $size, $n colours (screenshot $shot)"
	fi
else
	failed "editor-demo-renders: no window appeared"; cat "$out/demo.log"
fi
kill "$demo" 2>/dev/null || true
wait "$demo" 2>/dev/null || true

echo "-- embedding into another process's window"
# xev makes a plain X11 window in a separate process; keyboard events only, so
# it does not redirect its children's mapping.
xev -event keyboard -name rill-parent -geometry 900x580 >/dev/null &
pids+=($!)
if parent=$(window_of rill-parent); then
	"$editor" --demo --parent "$parent" >"$out/embed.log" 2>&1 &
	pids+=($!)
	embedded=$!
	child=""
	for _ in $(seq 1 300); do
		child=$(xwininfo -children -id "$parent" | awk '/"Rill Tape"/{print $1}')
		[ -n "$child" ] && xwininfo -id "$child" | grep -q IsViewable && break
		child=""
		sleep 0.1
	done
	if [ -n "$child" ]; then
		sleep 1
		shot="$art/editor-embedded.png"
		import -window root -crop 900x580+0+0 "$shot"
		n=$(colours "$shot")
		if [ "$n" -ge 200 ]; then
			pass "editor-embeds (window $child is a viewable child of $parent; $n colours; $shot)"
		else
			failed "editor-embeds: child $child of $parent shows only $n colours ($shot)"
		fi
	else
		failed "editor-embeds: no viewable Rill Tape child in $parent"; cat "$out/embed.log"
	fi
	kill "$embedded" 2>/dev/null || true
	wait "$embedded" 2>/dev/null || true
else
	failed "editor-embeds: xev made no window"
fi

echo "-- a parent window that does not exist"
code=0
"$editor" --demo --parent 0x7fffffff >"$out/badparent.log" 2>&1 || code=$?
if [ "$code" -eq 4 ]; then
	pass "editor-bad-parent-exit-4"
else
	failed "editor-bad-parent-exit-4: exit $code"; cat "$out/badparent.log"
fi

echo "-- a region from another build"
region="$out/region"
# The frozen header prefix: the magic "RILLTAPE", then layout version 99.
{ printf 'RILLTAPE\x63\x00\x00\x00'; head -c 4084 /dev/zero; } >"$region"
code=0
"$editor" --shm "$region" >"$out/version.log" 2>&1 || code=$?
if [ "$code" -eq 3 ] && grep -q version "$out/version.log"; then
	pass "editor-refuses-other-layout-version ($(head -c 120 "$out/version.log"))"
else
	failed "editor-refuses-other-layout-version: exit $code: $(cat "$out/version.log")"
fi

echo "-- the plugin's editor through a CLAP host"
clap="$PWD/dist/linux-x86_64/RillTape/RillTape.clap"
if [ ! -f "$clap" ] || [ ! -x "$(dirname "$clap")/rill-editor" ]; then
	failed "editor-host-checks: the bundle ($clap with rill-editor beside it) is missing (scripts/build.sh)"
else
	go build -o "$out/hostcheck" ./cmd/rill-editor/hostcheck
	if ! "$out/hostcheck" --plugin "$clap"; then
		fail=1
	fi
fi

[ "$fail" -eq 0 ]
