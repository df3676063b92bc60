#!/usr/bin/env bash
# Installs the Debian packages Rill Tape needs to build, test and run.
# Idempotent: skips what is present. Runs apt-get as root, through sudo otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

packages=(
	gcc pkg-config                       # cgo, the C shim and the C test hosts
	libasound2-dev                       # oto (ALSA) in the standalone host
	libgl1-mesa-dev libx11-dev           # giu (editor) and go-gl/glfw (host window)
	libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
	xvfb xauth x11-utils imagemagick     # headless GUI tests and screenshots
	xdotool                              # the editor test drives its knobs with the mouse
	sox                                  # sound checks in tests
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#packages[@]} packages present"
	exit 0
fi
echo "deps: installing ${missing[*]}"
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
need go
