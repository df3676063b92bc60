#!/usr/bin/env bash
# Runs every test of Rill Tape: the README's test command, and what CI runs.
#   scripts/test.sh            everything
#   scripts/test.sh --quick    Go checks and unit tests only (no bundle, no C hosts)
# Steps: system packages, gofmt, go vet, staticcheck, go test (with -race where the
# package allows), the bundle build, then every scripts/checks/*.sh (the C
# conformance suite, end-to-end host and editor checks).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

quick=false
[ "${1:-}" = "--quick" ] && quick=true

step "system packages"
scripts/deps.sh
need go

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go'; git ls-files --others --exclude-standard '*.go'))
[ -z "$unformatted" ] || die "gofmt would change: $unformatted"

# Packages that link giu: compiled once without -race (a cold giu build costs
# minutes per build mode) and run under Xvfb.
gui_pattern='/ui($|/)|/cmd/rill-editor$'
all_pkgs=$(go list ./...)
rt_pkgs=$(echo "$all_pkgs" | grep -Ev "$gui_pattern" || true)
gui_pkgs=$(echo "$all_pkgs" | grep -E "$gui_pattern" || true)

step "go vet"
go vet ./...

step "staticcheck $STATICCHECK_VERSION"
go run "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION" ./...

step "go test -race (non-GUI packages)"
# shellcheck disable=SC2086
go test -race -count=1 $rt_pkgs

if [ -n "$gui_pkgs" ]; then
	step "go test (GUI packages, under Xvfb)"
	# shellcheck disable=SC2086
	xvfb-run -a -s "-screen 0 1280x800x24 -noreset" go test -count=1 $gui_pkgs
fi

$quick && { echo; echo "quick: Go checks passed"; exit 0; }

if [ -x scripts/build.sh ]; then
	step "build the bundle (no install)"
	scripts/build.sh --no-install --no-demo
fi

passed=0 failed=0
for check in scripts/checks/*.sh; do
	[ -e "$check" ] || continue
	step "check: $check"
	if bash "$check"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $check"; fi
done
echo
echo "checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
