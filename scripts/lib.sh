# Shared helpers for the scripts in this folder. Source it; do not run it.

# step prints a visible header for one stage of a script.
step() { printf '\n==> %s\n' "$*"; }

# die prints an error and exits non-zero.
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# need fails with a clear message when a command is missing. Go is the one tool
# deps.sh does not install (Debian 12's golang is too old): it asks for Go 1.26.
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	case "$1" in
	go) die "go is not on PATH: install Go 1.26 or newer (the official tarball into /usr/local/go) and add /usr/local/go/bin to PATH" ;;
	*) die "$1 is not installed (run scripts/deps.sh)" ;;
	esac
}

# as_root runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Go settings every script shares: the module proxy alone (direct fetches cannot
# reach the network here) and the pinned staticcheck release.
export GOPROXY="${GOPROXY:-https://proxy.golang.org}"
export GOFLAGS="${GOFLAGS:-}"
STATICCHECK_VERSION=v0.8.2
