#!/usr/bin/env bash
# End-to-end checks of the built bundle (after scripts/build.sh): exports, nodelete,
# needed libraries, a scan the way a DAW scans (dlopen RTLD_NOW|RTLD_LOCAL + init +
# factory + descriptor) under 20 ms, and a smoke run through shim/scan with the Go
# allocation counters. Prints one pass/fail line per check; exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh

clap="dist/linux-$(uname -m)/RillTape/RillTape.clap"
failed=0
pass() { echo "pass: $*"; }
fail() { echo "FAIL: $*"; failed=1; }

[ -f "$clap" ] || { fail "$clap missing (run scripts/build.sh first)"; exit 1; }

exports=$(nm -D --defined-only "$clap" | awk '{print $3}')
[ "$exports" = clap_entry ] && pass "exports only clap_entry" || fail "exports: $(echo $exports)"

readelf -d "$clap" | grep -q 'Flags:.*NODELETE' && pass "linked -z nodelete" || fail "not nodelete"

needed=$(readelf -d "$clap" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
bad=$(echo "$needed" | tr ' ' '\n' | grep -Ev '^(libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|)$' || true)
[ -z "$bad" ] && pass "needs only: $needed" || fail "needs $bad"

scan=$(mktemp -d)
trap 'rm -rf "$scan"' EXIT
if cc -std=c11 -O2 -Wall -Wextra -Werror -Ishim/include -o "$scan/scan" shim/scan/scan.c -ldl -lm; then
	pass "scan host compiles"
else
	fail "scan host does not compile"
	exit 1
fi

# Best of five cold-ish scans (each in a new process, like a DAW's scanner).
best=
for _ in 1 2 3 4 5; do
	out=$("$scan/scan" "$clap") || { fail "scan: $out"; break; }
	ms=$(echo "$out" | sed -n 's/^scan: \([0-9.]*\) ms.*/\1/p')
	if [ -z "$best" ] || awk "BEGIN{exit !($ms < $best)}"; then best=$ms; fi
done
if [ -n "$best" ] && awk "BEGIN{exit !($best < 20)}"; then
	pass "scan in $best ms (< 20 ms)"
else
	fail "scan took ${best:-?} ms (want < 20 ms)"
fi
echo "$out" | grep -q '^id: audio.rill.tape-delay$' && pass "descriptor id audio.rill.tape-delay" || fail "descriptor id"
echo "$out" | grep -q '^features: audio-effect delay stereo$' && pass "features audio-effect delay stereo" || fail "features"

if smoke=$("$scan/scan" "$clap" --smoke 2>&1); then
	pass "smoke: $(echo "$smoke" | sed -n 's/^smoke: //p')"
else
	fail "smoke: $(echo "$smoke" | grep FAIL | tr '\n' ' ')"
fi
exit $failed
