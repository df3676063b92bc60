#!/usr/bin/env bash
# A short run of the C timing host (shim/test/timing.c) on the built bundle: 5 s per run at
# 48 kHz, 64-frame blocks. Fails on load or process errors only, never on speed (the full 60 s
# numbers live in docs/PERFORMANCE.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh

out="$PWD/build/out/clap-test"
bundle="$PWD/dist/linux-x86_64/RillTape/RillTape.clap"
shim/test/build.sh "$out"
[ -f "$bundle" ] || { echo "FAIL clap-timing: $bundle is missing"; exit 1; }
if "$out/clap-timing" "$bundle" --seconds 5 --scans 5; then
	echo "PASS clap-timing"
else
	echo "FAIL clap-timing: the timing host failed (see above)"
	exit 1
fi
