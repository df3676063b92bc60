#!/usr/bin/env bash
# Builds Rill Tape's CLAP bundle and installs it: the README's main-job command.
#   scripts/build.sh                 deps, bundle, install into ~/.clap, demo render
#   scripts/build.sh --no-install    leave ~/.clap alone
#   scripts/build.sh --no-demo       skip rendering dist/demo.wav
#   scripts/build.sh --debug         also check the audio thread through the host's
#                                    thread-check extension (logs misuse; not real-time safe)
# Output: dist/linux-x86_64/RillTape/RillTape.clap (+ rill-editor when cmd/rill-editor
# exists). The .clap is the Go plugin (plugin/, -buildmode=c-archive) linked with the C
# shim (shim/) so that it exports only clap_entry, is marked nodelete (a Go runtime
# cannot be unloaded) and needs only the C library.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

install=true demo=true debug=()
for arg in "$@"; do
	case "$arg" in
	--no-install) install=false ;;
	--no-demo) demo=false ;;
	--debug) debug=(-DRILL_DEBUG) ;;
	-h | --help) sed -n '2,11p' "$0"; exit 0 ;;
	*) die "unknown option $arg (see scripts/build.sh --help)" ;;
	esac
done

step "system packages"
scripts/deps.sh
need go
need cc
need nm
need readelf

arch="linux-$(uname -m)"
bundle="dist/$arch/RillTape"
clap="$bundle/RillTape.clap"
out=build/out
version=$(git describe --always --dirty --tags 2>/dev/null || echo "0.0.0-unknown")
cflags=(-std=c11 -D_GNU_SOURCE -O2 -fPIC -fvisibility=hidden -Wall -Wextra -Werror -Ishim/include -Ishim)

step "CLAP ABI layout checks (shim/abi_check.c)"
cc "${cflags[@]}" -fsyntax-only shim/abi_check.c

step "Go plugin archive (version $version)"
mkdir -p "$out"
# The archive's Go runtime carries one scheduler patch for real-time host threads
# (scripts/go-runtime-overlay.sh); without it the audio thread stalls for milliseconds.
overlay=$(scripts/go-runtime-overlay.sh "$out")
if [ -n "$overlay" ]; then echo "Go runtime patch: applied ($overlay)"; else echo "Go runtime patch: NOT applied (stock runtime)"; fi
CGO_ENABLED=1 go build ${overlay:+-overlay "$overlay"} -buildmode=c-archive -o "$out/librillplugin.a" ./plugin
# The shim's prototypes of the Go exports must match what cgo generated.
cc "${cflags[@]}" -fsyntax-only -include "$out/librillplugin.h" shim/rill_go.h

step "link $clap"
mkdir -p "$bundle"
shim_sources=()
for f in shim/*.c; do
	[ "$f" = shim/abi_check.c ] || shim_sources+=("$f") # checks only, no code
done
cc "${cflags[@]}" "${debug[@]}" -shared -DRILL_VERSION="\"$version\"" -o "$clap.tmp" \
	"${shim_sources[@]}" "$out/librillplugin.a" \
	-Wl,--version-script=build/clap.map -Wl,-z,nodelete -Wl,--no-undefined -Wl,-O1 \
	-lpthread -lm -ldl
mv -f "$clap.tmp" "$clap"

step "bundle checks"
exports=$(nm -D --defined-only "$clap" | awk '{print $3}')
[ "$exports" = "clap_entry" ] || die "$clap exports more than clap_entry: $(echo $exports)"
echo "exports: clap_entry only"
readelf -d "$clap" | grep -q 'Flags:.*NODELETE' || die "$clap is not linked -z nodelete"
echo "nodelete: yes"
needed=$(readelf -d "$clap" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
for lib in $needed; do
	case "$lib" in
	libc.so.6 | libm.so.6 | libpthread.so.0 | libdl.so.2) ;;
	*) die "$clap needs $lib (only libc, libm, libpthread, libdl are allowed)" ;;
	esac
done
echo "needs: $(echo $needed)"

if compgen -G "cmd/rill-editor/*.go" >/dev/null; then
	step "editor (cmd/rill-editor)"
	go build -o "$bundle/rill-editor" ./cmd/rill-editor
fi

if $install; then
	step "install into ~/.clap"
	dest="$HOME/.clap"
	mkdir -p "$dest"
	tmp=$(mktemp -d "$dest/.RillTape.new.XXXXXX")
	cp -a "$bundle/." "$tmp/"
	chmod 755 "$tmp"
	# Swap the folder in with renames, so a scanning host never sees a half-copied bundle.
	if [ -e "$dest/RillTape" ]; then
		old=$(mktemp -u "$dest/.RillTape.old.XXXXXX")
		mv "$dest/RillTape" "$old"
		mv "$tmp" "$dest/RillTape"
		rm -rf "$old"
	else
		mv "$tmp" "$dest/RillTape"
	fi
	echo "installed $dest/RillTape"
fi

if $demo && compgen -G "cmd/rill-standalone/*.go" >/dev/null; then
	step "demo render (dist/demo.wav)"
	go run ./cmd/rill-standalone render --demo --out dist/demo.wav --plugin "$clap"
fi

echo
echo "built $clap ($version)"
