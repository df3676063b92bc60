#!/usr/bin/env bash
# Builds Rill's C conformance suite, timing host and fixture plugin with the C compiler alone
# (no make needed on a fresh machine). clap-validate links libX11 (libx11-dev) for its gui checks.
#   shim/test/build.sh [OUT]     default OUT: build/out/clap-test
# Outputs: OUT/clap-validate, OUT/clap-timing, OUT/fixture.clap
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../../build/out/clap-test}"
mkdir -p "$out"
cc=${CC:-cc}
flags=(-O2 -g -std=gnu11 -Wall -Wextra -Werror -pthread -I"$here/../include" -I"$here")
"$cc" "${flags[@]}" -o "$out/clap-validate" "$here/validate.c" "$here/host.c" -ldl -lm -lX11
"$cc" "${flags[@]}" -o "$out/clap-timing" "$here/timing.c" "$here/host.c" -ldl -lm
"$cc" "${flags[@]}" -fPIC -shared -fvisibility=hidden -o "$out/fixture.clap" "$here/fixtures/fixture.c" -lm
