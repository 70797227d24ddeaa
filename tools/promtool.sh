#!/usr/bin/env bash
# Makes `promtool` available without committing binaries, idempotently, in this order:
#   1. $PROMTOOL, or a promtool already on PATH;
#   2. one cached earlier under $K8S_MCP_CACHE (default ~/.cache/k8s-mcp)/promtool-<version>/;
#   3. extracted from Debian's `prometheus` package (apt-get download + dpkg-deb -x; the
#      service is never installed; `apt-get update` first when the package is unknown);
#   4. built from Go modules at $PROMTOOL_GO_VERSION (go install, else a wrapper module,
#      because go install refuses modules whose go.mod has replace/exclude directives).
# Usage: tools/promtool.sh            prints promtool's absolute path on stdout
#        tools/promtool.sh ARGS...    runs promtool ARGS (e.g. `check metrics < file`)
# Progress goes to stderr; exit 1 when every way failed.
set -euo pipefail
cache="${K8S_MCP_CACHE:-$HOME/.cache/k8s-mcp}"
go_version="${PROMTOOL_GO_VERSION:-v0.304.2}" # Prometheus 3.4.2 (v0.316.0 needed pseudo-versions the module proxy refused)

log() { printf '[promtool %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
works() { [[ -n "$1" && -x "$1" ]] && "$1" --version >/dev/null 2>&1; }

run_or_print() {
  if [[ $# -gt 1 ]]; then
    local bin="$1"; shift
    exec "$bin" "$@"
  fi
  printf '%s\n' "$1"
  exit 0
}

from_path() {
  if works "${PROMTOOL:-}"; then echo "$PROMTOOL"; return 0; fi
  local found; found="$(command -v promtool 2>/dev/null || true)"
  if works "$found"; then echo "$found"; return 0; fi
  local cached
  for cached in "$cache"/promtool-*/promtool; do
    if works "$cached"; then echo "$cached"; return 0; fi
  done
  return 1
}

candidate() { apt-cache policy prometheus 2>/dev/null | sed -n 's/^ *Candidate: *//p' | grep -v '(none)' || true; }

from_debian() {
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || { log "no apt-get/dpkg-deb: not a Debian system"; return 1; }
  local version; version="$(candidate)"
  if [[ -z "$version" ]]; then
    log "prometheus unknown to apt; running apt-get update"
    if [[ $(id -u) == 0 ]]; then apt-get update -qq >&2 || true
    elif command -v sudo >/dev/null; then sudo -n apt-get update -qq >&2 || true
    fi
    version="$(candidate)"
  fi
  [[ -n "$version" ]] || { log "apt has no prometheus package"; return 1; }
  local dir="$cache/promtool-${version//[^A-Za-z0-9.+-]/_}"
  if works "$dir/promtool"; then echo "$dir/promtool"; return 0; fi
  local work; work="$(mktemp -d)"; chmod 755 "$work" # lets apt's _apt user write the .deb
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  log "downloading Debian prometheus $version (not installed; only promtool is kept)"
  (cd "$work" && apt-get download "prometheus=$version" >&2) || { log "apt-get download failed"; return 1; }
  dpkg-deb -x "$work"/prometheus_*.deb "$work/root" || { log "dpkg-deb -x failed"; return 1; }
  [[ -x "$work/root/usr/bin/promtool" ]] || { log "the package holds no usr/bin/promtool"; return 1; }
  mkdir -p "$dir"
  cp "$work/root/usr/bin/promtool" "$dir/promtool.tmp" && mv "$dir/promtool.tmp" "$dir/promtool"
  works "$dir/promtool" || { log "the extracted promtool does not run"; return 1; }
  echo "$dir/promtool"
}

from_go() {
  command -v go >/dev/null || { log "no Go toolchain"; return 1; }
  local dir="$cache/promtool-go-$go_version"
  if works "$dir/promtool"; then echo "$dir/promtool"; return 0; fi
  mkdir -p "$dir"
  export CGO_ENABLED=0 GOWORK=off GOFLAGS=-buildvcs=false
  log "go install github.com/prometheus/prometheus/cmd/promtool@$go_version"
  if GOBIN="$dir" go install -trimpath -ldflags "-s -w" "github.com/prometheus/prometheus/cmd/promtool@$go_version" >&2 2>"$dir/install.log"; then
    works "$dir/promtool" && { echo "$dir/promtool"; return 0; }
  fi
  log "go install failed ($(tail -n 1 "$dir/install.log")); building through a wrapper module"
  local work="$cache/src/promtool-wrapper-$go_version"
  rm -rf "$work"; mkdir -p "$work"
  (
    cd "$work"
    printf 'module k8smcp.local/promtool\n\ngo 1.26\n' > go.mod
    printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/prometheus/prometheus/cmd/promtool"\n' > tools.go
    go get "github.com/prometheus/prometheus@$go_version" >&2
    go mod tidy -e >&2
    log "compiling promtool (cold: several minutes)"
    go build -trimpath -ldflags "-s -w" -o "$dir/promtool" github.com/prometheus/prometheus/cmd/promtool >&2
  ) || { log "wrapper build failed"; return 1; }
  works "$dir/promtool" || return 1
  echo "$dir/promtool"
}

for way in from_path from_debian from_go; do
  if [[ $way == from_go && -n "${PROMTOOL_SKIP_GO:-}" ]]; then continue; fi
  if [[ $way == from_debian && -n "${PROMTOOL_SKIP_DEBIAN:-}" ]]; then continue; fi
  if bin="$($way)" && [[ -n "$bin" ]]; then run_or_print "$bin" "$@"; fi
done
log "promtool unavailable: no promtool on PATH, no Debian prometheus package, no Go build; install promtool and set PROMTOOL"
exit 1
