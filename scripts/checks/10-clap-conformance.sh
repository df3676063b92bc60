#!/usr/bin/env bash
# The CLAP conformance suite (shim/test/validate.c) against the built bundle.
#   1. builds clap-validate and the fixture plugin (shim/test/fixtures/fixture.c);
#   2. proves the suite bites: the fixture passes every check when built right, and each
#      deliberate bug (RILL_FIXTURE_BUG=...) makes its check FAIL;
#   3. runs every check on dist/linux-x86_64/RillTape/RillTape.clap (fails when it is missing),
#      under Xvfb when there is no DISPLAY, so the gui checks open the real editor.
# Prints one line per check; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh

out="$PWD/build/out/clap-test"
bundle="$PWD/dist/linux-x86_64/RillTape/RillTape.clap"
shim/test/build.sh "$out"
validate="$out/clap-validate"
fail=0

echo "-- expectation: the fixture plugin passes every check"
if "$validate" "$out/fixture.clap" --fuzz-seconds 2 >"$out/fixture.log" 2>&1; then
	echo "PASS expect-fixture-clean ($(tail -n 1 "$out/fixture.log"))"
else
	echo "FAIL expect-fixture-clean: the validator failed a correct plugin:"
	grep '^FAIL' "$out/fixture.log" || tail -n 20 "$out/fixture.log"
	fail=1
fi

# The fixture has no clap.gui: the gui checks must say so with a NOTE line, never a silent PASS.
for check in gui-open-close gui-embedded gui-editor-killed; do
	line=$(grep -E "^(PASS|FAIL|NOTE) $check" "$out/fixture.log" || true)
	if [[ $line == "NOTE $check: no clap.gui extension" ]]; then
		echo "PASS expect-fixture-note-$check ($line)"
	else
		echo "FAIL expect-fixture-note-$check: wanted \"NOTE $check: no clap.gui extension\" (got: ${line:-nothing})"
		fail=1
	fi
done

echo "-- expectation: each deliberate bug fails its check"
# bug name : the check that must FAIL
expect=(
	nan:process-out-of-place-random
	oob:process-out-of-place-random
	input:process-out-of-place-random
	thread:process-out-of-place-random
	sleep:process-silence-status
	desc:descriptor-matches-instance
	garbage-id:create-bad-plugin-id-null
	factory:factory-unknown-id-null
	state-empty:state-empty-load-false
	alloc-state:state-short-reads-writes
	text:param-text-all-or-none
	cookie:param-null-and-plugin-cookies
	denormal:process-denormal-input-speed
	defaults:param-defaults-after-init
	flush:param-flush-vs-events
	space:param-wrong-space-ignored
	mod:param-modulation
	shared:instances-16-threads
	tail:tail-covers-decay
	const:input-constant-mask-same-output
	underrun:process-out-of-place-random
	evwrite:param-50-random-sets
	blockwise:param-events-sample-accurate-split
	nowake:process-silence-status
)
for pair in "${expect[@]}"; do
	bug=${pair%%:*} check=${pair#*:}
	line=$(RILL_FIXTURE_BUG=$bug "$validate" "$out/fixture.clap" --only "$check" 2>/dev/null | grep -E "^(PASS|FAIL) $check" || true)
	if [[ $line == "FAIL $check:"* ]]; then
		echo "PASS expect-bug-$bug (${line#FAIL })"
	else
		echo "FAIL expect-bug-$bug: $check did not fail with RILL_FIXTURE_BUG=$bug (got: ${line:-nothing})"
		fail=1
	fi
done

# a hang must be reported as a FAIL (the check's process is killed), not stall the suite
line=$(RILL_FIXTURE_BUG=hang "$validate" "$out/fixture.clap" --only block-sizes-1-16384 --timeout 3 2>/dev/null | grep -E '^(PASS|FAIL) block-sizes' || true)
if [[ $line == "FAIL block-sizes-1-16384: timed out"* ]]; then
	echo "PASS expect-bug-hang (${line#FAIL })"
else
	echo "FAIL expect-bug-hang: a hanging process call was not reported as a timeout (got: ${line:-nothing})"
	fail=1
fi

echo "-- the Rill Tape bundle: $bundle"
if [ ! -f "$bundle" ]; then
	echo "FAIL clap-conformance: $bundle is missing (run scripts/build.sh --no-install --no-demo)"
	exit 1
fi
# What a DAW's loader sees: only libc-family dependencies, only clap_entry exported.
needed=$(readelf -d "$bundle" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | tr '\n' ' ' | sed 's/ $//')
extra=$(echo "$needed" | tr ' ' '\n' | grep -Ev '^$|^(libc|libm|libpthread|libdl|librt|ld-linux-x86-64)\.so' || true)
if [ -z "$extra" ]; then
	echo "PASS bundle-needs-only-libc ($needed)"
else
	echo "FAIL bundle-needs-only-libc: also needs $extra"
	fail=1
fi
exports=$(nm -D --defined-only "$bundle" | awk 'NF >= 3 {print $3}' | sort -u | tr '\n' ' ')
if [ "$exports" = "clap_entry " ]; then
	echo "PASS bundle-exports-only-clap-entry"
else
	echo "FAIL bundle-exports-only-clap-entry: exports $(echo "$exports" | wc -w) symbols: $(echo "$exports" | cut -c1-200)"
	fail=1
fi
# Every parameter takes part, wow and flutter included: Rill's output does not depend on the
# host's block size (dsp runs its control-rate state on a fixed sample grid).
# The gui checks open the editor 100 + 20 + 1 times: they need an X server.
if [ -n "${DISPLAY:-}" ]; then
	if ! "$validate" "$bundle"; then fail=1; fi
else
	need xvfb-run
	# -noreset: Xvfb otherwise resets whenever its last client leaves, refusing connections
	# meanwhile, which editors started back to back would hit.
	if ! xvfb-run -a -s "-screen 0 1280x800x24 -noreset" "$validate" "$bundle"; then fail=1; fi
fi
exit $fail
