#!/usr/bin/env bash
# Builds the test control plane from Go modules at pinned versions: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kubectl and kwok. Idempotent: a component whose
# binary is already cached for its version is skipped. Never writes into the repo.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
cache="${K8S_MCP_CACHE:-$HOME/.cache/k8s-mcp}"
export CGO_ENABLED=0 GOWORK=off GOTOOLCHAIN=local GOFLAGS=-buildvcs=false

log() { printf '[build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

k8s_dir="$cache/k8s-$K8S_VERSION"
etcd_dir="$cache/etcd-$ETCD_VERSION"
kwok_dir="$cache/kwok-$KWOK_VERSION"
mkdir -p "$k8s_dir" "$etcd_dir" "$kwok_dir"
start=$(date +%s)

build_k8s() {
  local bins=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
  local missing=0
  for b in "${bins[@]}"; do [[ -x "$k8s_dir/$b" ]] || missing=1; done
  if [[ $missing == 0 ]]; then log "kubernetes $K8S_VERSION: cached in $k8s_dir"; return; fi
  local staging_ver="v0.${K8S_VERSION#v1.}"
  local work="$cache/src/k8s-wrapper-$K8S_VERSION"
  rm -rf "$work"; mkdir -p "$work"; cd "$work"
  log "kubernetes $K8S_VERSION: resolving staging modules (staging at $staging_ver)"
  local gomod
  gomod=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')
  # Every `k8s.io/X => ./staging/...` replace in upstream's go.mod becomes `k8s.io/X => k8s.io/X vSTAGING`.
  local staging
  staging=$(grep -E '^\s*k8s\.io/[^ ]+ => \./staging/' "$gomod" | awk '{print $1}' | sort -u)
  [[ -n "$staging" ]] || { log "no staging modules found in $gomod"; exit 1; }
  log "kubernetes: $(echo "$staging" | wc -l) staging modules"
  {
    echo "module k8smcp.local/controlplane"
    echo
    echo "go 1.26"
    echo
    echo "godebug default=go1.24"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    for m in $staging; do echo "	$m => $m $staging_ver"; done
    echo ")"
  } > go.mod
  cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  log "kubernetes: go mod tidy (downloads modules)"
  go mod tidy -e >/dev/null 2>"$work/tidy.log" || { cat "$work/tidy.log" >&2; exit 1; }
  local minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  local commit=0000000000000000000000000000000000000000
  local date; date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  local ld=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ld+=" -X $pkg.gitCommit=$commit -X $pkg.gitTreeState=clean -X $pkg.buildDate=$date"
  done
  log "kubernetes: compiling ${bins[*]} (cold: ~20-30 min on 2 cores)"
  go build -tags selinux,notest -trimpath -ldflags "-s -w $ld" -o "$k8s_dir/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
  log "kubernetes: done"
}

build_etcd() {
  if [[ -x "$etcd_dir/etcd" ]]; then log "etcd $ETCD_VERSION: cached"; return; fi
  local work="$cache/src/etcd-wrapper-$ETCD_VERSION"
  rm -rf "$work"; mkdir -p "$work"; cd "$work"
  printf 'module k8smcp.local/etcd\n\ngo 1.26\n' > go.mod
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' > tools.go
  log "etcd $ETCD_VERSION: fetching"
  go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >/dev/null 2>&1
  go mod tidy -e >/dev/null 2>&1 || true
  log "etcd: compiling"
  go build -trimpath -ldflags "-s -w" -o "$etcd_dir/etcd" go.etcd.io/etcd/server/v3
  log "etcd: done"
}

build_kwok() {
  if [[ -x "$kwok_dir/kwok" ]]; then log "kwok $KWOK_VERSION: cached"; return; fi
  log "kwok $KWOK_VERSION: go install"
  GOBIN="$kwok_dir" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  # Stages ship inside the module zip; copy the ones we use beside the binary.
  local moddir; moddir="$(go env GOMODCACHE)/sigs.k8s.io/kwok@$KWOK_VERSION"
  rm -rf "$kwok_dir/stage"; cp -r "$moddir/kustomize/stage" "$kwok_dir/stage"; chmod -R u+w "$kwok_dir/stage"
  log "kwok: done"
}

build_etcd
build_kwok
build_k8s
log "all built in $(( $(date +%s) - start ))s; binaries under $cache"
