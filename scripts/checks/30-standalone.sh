#!/usr/bin/env bash
# End-to-end checks of the standalone host (cmd/rill-standalone) against the built bundle:
#   1. the e2e tests (go test -tags e2e): demo and click-track renders through the real .clap
#      (echo positions and decay against time/feedback, no NaN, tail length, bit-identical
#      re-render), play through oto into the ALSA file device compared with the offline render,
#      Ctrl-C, the editor (embedded and floating, under Xvfb), and every error path of the CLI;
#   2. the README's render command from a clean output folder.
# Fails (does not skip) when dist/linux-x86_64/RillTape/RillTape.clap is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh

bundle="$PWD/dist/linux-x86_64/RillTape/RillTape.clap"
[ -f "$bundle" ] || die "missing $bundle: run scripts/build.sh --no-install --no-demo first"
need xvfb-run
fail=0
log="$PWD/build/out/standalone-e2e.log"
mkdir -p "$(dirname "$log")"

echo "-- standalone e2e tests"
if xvfb-run -a -s "-screen 0 1280x800x24" go test -tags e2e -count=1 -v ./cmd/rill-standalone/ >"$log" 2>&1; then
	grep -E '^(--- |    --- )' "$log" | sed 's/^ *--- /  /'
	echo "PASS standalone-e2e"
else
	grep -E '^(--- |    --- |\s+e2e_test.go)' "$log" || tail -n 40 "$log"
	echo "FAIL standalone-e2e (full log: $log)"
	fail=1
fi

echo "-- render --demo on a fresh output folder"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if RILL_CLAP="$bundle" go run ./cmd/rill-standalone render --demo --out "$out/demo.wav" -q && [ -s "$out/demo.wav" ]; then
	echo "PASS standalone-render-demo ($(stat -c %s "$out/demo.wav") bytes)"
else
	echo "FAIL standalone-render-demo"
	fail=1
fi
exit "$fail"
