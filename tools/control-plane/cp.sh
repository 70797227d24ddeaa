#!/usr/bin/env bash
# The k8s-mcp test control plane: etcd, kube-apiserver, kube-controller-manager, kube-scheduler
# and kwok, all on 127.0.0.1, built from Go modules (build.sh).
#
#   cp.sh start              build if needed, start everything, wait until ready (idempotent)
#   cp.sh stop               stop everything (idempotent)
#   cp.sh status             print what runs; exit 1 when not ready
#   cp.sh env                print the shell variables tests use (CP_KUBECONFIG, ...)
#   cp.sh restart apiserver  stop and start one component (apiserver|etcd|controller-manager|scheduler|kwok)
#   cp.sh stop-component X   stop one component and leave it down
#
# State (certs, tokens, kubeconfigs, logs, etcd data) lives in $K8S_MCP_CP_DIR
# (default ~/.cache/k8s-mcp/cp). A fresh start wipes etcd's data; a start while the plane
# runs changes nothing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
cache="${K8S_MCP_CACHE:-$HOME/.cache/k8s-mcp}"
state="${K8S_MCP_CP_DIR:-$cache/cp}"
bin_k8s="$cache/k8s-$K8S_VERSION"
bin_etcd="$cache/etcd-$ETCD_VERSION"
bin_kwok="$cache/kwok-$KWOK_VERSION"

# K8S_MCP_CP_PORT_OFFSET shifts every default port, so a second plane (own K8S_MCP_CP_DIR) can
# run beside the first, e.g. for tests that kill the apiserver.
off="${K8S_MCP_CP_PORT_OFFSET:-0}"
ETCD_PORT="${K8S_MCP_CP_ETCD_PORT:-$(( 23790 + off ))}"
ETCD_PEER_PORT="${K8S_MCP_CP_ETCD_PEER_PORT:-$(( 23800 + off ))}"
APISERVER_PORT="${K8S_MCP_CP_APISERVER_PORT:-$(( 26443 + off ))}"
CM_PORT="${K8S_MCP_CP_CM_PORT:-$(( 20257 + off ))}"
SCHED_PORT="${K8S_MCP_CP_SCHEDULER_PORT:-$(( 20259 + off ))}"
KWOK_PORT="${K8S_MCP_CP_KWOK_PORT:-$(( 20250 + off ))}"
NODES="${K8S_MCP_CP_NODES:-3}"
RESTRICTED_NS="k8s-mcp-restricted"

log() { printf '[cp %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

components=(etcd apiserver controller-manager scheduler kwok)

pid_of() { cat "$state/run/$1.pid" 2>/dev/null || true; }
alive() { local p; p=$(pid_of "$1"); [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null; }

admin_token() { cut -d, -f1 < <(grep ',admin,' "$state/pki/tokens.csv"); }

api() { # api PATH -> curl against the apiserver as admin
  curl -sS --max-time 5 --cacert "$state/pki/ca.crt" -H "Authorization: Bearer $(admin_token)" \
    "https://127.0.0.1:$APISERVER_PORT$1"
}

kubectl_admin() { "$bin_k8s/kubectl" --kubeconfig "$state/admin.kubeconfig" "$@"; }

ready() { [[ -f "$state/pki/tokens.csv" ]] && [[ "$(api /readyz 2>/dev/null)" == "ok" ]]; }

gen_pki() {
  [[ -f "$state/pki/tokens.csv" ]] && return
  log "generating certificates and tokens in $state/pki"
  mkdir -p "$state/pki"; cd "$state/pki"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=k8s-mcp-test-ca" \
    -keyout ca.key -out ca.crt 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout serving.key -out serving.csr 2>/dev/null
  printf 'subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1\n' > san.ext
  openssl x509 -req -in serving.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
    -extfile san.ext -out serving.crt 2>/dev/null
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  local t; t() { openssl rand -hex 24; }
  # token,user,uid,"groups"
  {
    echo "$(t),admin,admin-uid,\"system:masters\""
    echo "$(t),restricted,restricted-uid,\"k8s-mcp:restricted\""
    echo "$(t),nobody,nobody-uid,\"k8s-mcp:nobody\""
    echo "$(t),system:kube-controller-manager,kcm-uid,\"system:masters\""
    echo "$(t),system:kube-scheduler,sched-uid,\"system:masters\""
    echo "$(t),kwok,kwok-uid,\"system:masters\""
  } > tokens.csv
  chmod 600 ./*.key tokens.csv
  cd - >/dev/null
}

write_kubeconfig() { # write_kubeconfig FILE USER
  local token; token=$(grep ",$2," "$state/pki/tokens.csv" | cut -d, -f1)
  cat > "$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: k8s-mcp-test
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority: $state/pki/ca.crt
users:
- name: $2
  user:
    token: $token
contexts:
- name: k8s-mcp-test-$2
  context: {cluster: k8s-mcp-test, user: $2, namespace: default}
current-context: k8s-mcp-test-$2
EOF
  chmod 600 "$1"
}

spawn() { # spawn NAME CMD... : start a detached process with its own log and pid file
  local name=$1; shift
  mkdir -p "$state/run" "$state/logs"
  setsid "$@" >>"$state/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$state/run/$name.pid"
}

wait_for() { # wait_for WHAT SECONDS CMD...
  local what=$1 secs=$2; shift 2
  local end=$(( $(date +%s) + secs ))
  until "$@" >/dev/null 2>&1; do
    (( $(date +%s) < end )) || die "$what not ready after ${secs}s (logs: $state/logs/)"
    sleep 0.3
  done
}

start_etcd() {
  alive etcd && return
  log "starting etcd on 127.0.0.1:$ETCD_PORT"
  spawn etcd "$bin_etcd/etcd" --name k8s-mcp --data-dir "$state/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "k8s-mcp=http://127.0.0.1:$ETCD_PEER_PORT" \
    --unsafe-no-fsync --quota-backend-bytes 8589934592 --log-level warn
  wait_for etcd 30 curl -sf "http://127.0.0.1:$ETCD_PORT/health"
}

start_apiserver() {
  alive apiserver && return
  log "starting kube-apiserver on https://127.0.0.1:$APISERVER_PORT"
  spawn apiserver "$bin_k8s/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
    --tls-cert-file "$state/pki/serving.crt" --tls-private-key-file "$state/pki/serving.key" \
    --client-ca-file "$state/pki/ca.crt" --token-auth-file "$state/pki/tokens.csv" \
    --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$state/pki/sa.pub" --service-account-signing-key-file "$state/pki/sa.key" \
    --service-cluster-ip-range 10.96.0.0/12 --allow-privileged=true \
    --endpoint-reconciler-type none --kubelet-preferred-address-types InternalIP,Hostname \
    --profiling=false --max-requests-inflight 2000 --max-mutating-requests-inflight 1000 \
    --event-ttl 2h
  wait_for kube-apiserver 90 ready
}

start_controller_manager() {
  alive controller-manager && return
  log "starting kube-controller-manager"
  spawn controller-manager "$bin_k8s/kube-controller-manager" \
    --kubeconfig "$state/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$state/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$state/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$CM_PORT" --leader-elect=false \
    --service-account-private-key-file "$state/pki/sa.key" --root-ca-file "$state/pki/ca.crt" \
    --concurrent-deployment-syncs 10 --concurrent-replicaset-syncs 10 --kube-api-qps 500 --kube-api-burst 1000
}

start_scheduler() {
  alive scheduler && return
  log "starting kube-scheduler"
  spawn scheduler "$bin_k8s/kube-scheduler" \
    --kubeconfig "$state/scheduler.kubeconfig" \
    --authentication-kubeconfig "$state/scheduler.kubeconfig" \
    --authorization-kubeconfig "$state/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$SCHED_PORT" --leader-elect=false \
    --kube-api-qps 500 --kube-api-burst 1000
}

start_kwok() {
  alive kwok && return
  log "starting kwok (fake kubelet on 127.0.0.1:$KWOK_PORT)"
  mkdir -p "$state/kwok-logs" "$state/kwok-exec"
  write_pod_logs "$state/kwok-logs"
  echo "hello from the k8s-mcp exec sandbox" > "$state/kwok-exec/greeting.txt"
  {
    cat "$here/kwok/upstream-stages.yaml"; echo "---"
    cat "$here/kwok/failure-stages.yaml"; echo "---"
    diagnosis_logs
    sed "s#@LOGDIR@#$state/kwok-logs#g" "$here/kwok/logs.yaml"; echo "---"
    sed "s#@EXECDIR@#$state/kwok-exec#g" "$here/kwok/exec.yaml"
  } > "$state/kwok.yaml"
  # A clean environment: kwok runs exec'd commands (kwok/exec.yaml) with its own environment.
  spawn kwok env -i PATH="$PATH" HOME="$HOME" "$bin_kwok/kwok" --config "$state/kwok.yaml" \
    --kubeconfig "$state/kwok.kubeconfig" \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --node-ip 127.0.0.1 --node-port "$KWOK_PORT" --cidr 10.0.0.0/16 \
    --server-address "127.0.0.1:$KWOK_PORT" \
    --tls-cert-file "$state/pki/serving.crt" --tls-private-key-file "$state/pki/serving.key" \
    --node-lease-duration-seconds 40
}

# The diagnosis scenarios' own container logs (tools/diagnosis), ahead of the catch-all
# ClusterLogs. Needs the repo's node_modules; without them the scenarios get the common log.
diagnosis_logs() {
  local repo="$here/../.."
  [[ -d "$repo/node_modules/js-yaml" && -d "$repo/tools/diagnosis/scenarios" ]] && command -v node >/dev/null || return 0
  node "$repo/tools/diagnosis/kwok-logs.mjs" "$repo/tools/diagnosis/scenarios" "$state/kwok-logs/diagnosis" \
    || log "warning: diagnosis scenario logs not written (tools/diagnosis/kwok-logs.mjs failed)"
}

write_pod_logs() { # CRI format, as kwok's fake kubelet serves it
  local d=$1 ts="2026-01-01T00:00:0"
  cat > "$d/app.log" <<EOF
${ts}0.000000000Z stdout F starting server version=1.4.2
${ts}1.000000000Z stdout F listening on :8080
${ts}2.000000000Z stdout F GET /healthz 200 1ms
${ts}3.000000000Z stderr F WARN slow request path=/api/orders duration=1.2s
${ts}4.000000000Z stderr F ERROR upstream call failed host=db port=5432: connection refused
${ts}5.000000000Z stdout F GET /api/orders 200 14ms
EOF
  cat > "$d/app-previous.log" <<EOF
${ts}0.000000000Z stdout F starting server version=1.4.2
${ts}1.000000000Z stderr F panic: runtime error: invalid memory address or nil pointer dereference
${ts}1.100000000Z stderr F goroutine 1 [running]: main.main() /app/main.go:42
EOF
}

bootstrap_objects() {
  log "bootstrapping RBAC, namespaces and $NODES fake nodes"
  wait_for "default ServiceAccount" 60 kubectl_admin get serviceaccount default -n default
  kubectl_admin apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Namespace
metadata: {name: $RESTRICTED_NS}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: k8s-mcp-restricted-edit, namespace: $RESTRICTED_NS}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: restricted}
EOF
  local i
  for (( i = 0; i < NODES; i++ )); do
    kubectl_admin apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations: {kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0"}
  labels:
    type: kwok
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    topology.kubernetes.io/zone: zone-$(( i % 3 ))
status:
  allocatable: {cpu: "16", memory: 64Gi, pods: "110"}
  capacity: {cpu: "16", memory: 64Gi, pods: "110"}
  nodeInfo: {architecture: amd64, kubeletVersion: fake, kubeProxyVersion: fake, operatingSystem: linux}
EOF
  done
  wait_for "kwok nodes Ready" 60 bash -c \
    "[[ \$('$bin_k8s/kubectl' --kubeconfig '$state/admin.kubeconfig' get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status}{\"\n\"}{end}' | grep -c True) -ge $NODES ]]"
}

write_env() {
  cat > "$state/env" <<EOF
CP_DIR=$state
CP_SERVER=https://127.0.0.1:$APISERVER_PORT
CP_CA_FILE=$state/pki/ca.crt
CP_KUBECONFIG=$state/admin.kubeconfig
CP_RESTRICTED_KUBECONFIG=$state/restricted.kubeconfig
CP_NOBODY_KUBECONFIG=$state/nobody.kubeconfig
CP_RESTRICTED_NAMESPACE=$RESTRICTED_NS
CP_ETCD_URL=http://127.0.0.1:$ETCD_PORT
CP_KUBECTL=$bin_k8s/kubectl
CP_K8S_VERSION=$K8S_VERSION
EOF
}

stop_component() {
  local p; p=$(pid_of "$1")
  if [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null; then
    kill "$p" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
    log "stopped $1"
  fi
  rm -f "$state/run/$1.pid"
}

cmd_start() {
  if ready && alive controller-manager && alive scheduler && alive kwok; then
    log "already running ($state)"; write_env; return
  fi
  "$here/build.sh"
  local t0; t0=$(date +%s)
  # A partial plane from an earlier run is restarted from scratch so tests see a clean cluster.
  for c in "${components[@]}"; do stop_component "$c"; done
  rm -rf "$state/etcd" "$state/logs"
  gen_pki
  write_kubeconfig "$state/admin.kubeconfig" admin
  write_kubeconfig "$state/restricted.kubeconfig" restricted
  write_kubeconfig "$state/nobody.kubeconfig" nobody
  write_kubeconfig "$state/controller-manager.kubeconfig" system:kube-controller-manager
  write_kubeconfig "$state/scheduler.kubeconfig" system:kube-scheduler
  write_kubeconfig "$state/kwok.kubeconfig" kwok
  start_etcd
  start_apiserver
  start_controller_manager
  start_scheduler
  start_kwok
  bootstrap_objects
  write_env
  log "control plane ready in $(( $(date +%s) - t0 ))s; admin kubeconfig: $state/admin.kubeconfig"
}

cmd_stop() {
  local i
  for (( i = ${#components[@]} - 1; i >= 0; i-- )); do stop_component "${components[$i]}"; done
  log "control plane stopped"
}

cmd_status() {
  local c ok=0
  for c in "${components[@]}"; do
    if alive "$c"; then echo "$c: running (pid $(pid_of "$c"))"; else echo "$c: stopped"; ok=1; fi
  done
  if ready; then echo "apiserver: ready"; else echo "apiserver: not ready"; ok=1; fi
  return $ok
}

cmd_restart() {
  local c=${1:?component}
  stop_component "$c"
  case "$c" in
    etcd) start_etcd ;;
    apiserver) start_apiserver ;;
    controller-manager) start_controller_manager ;;
    scheduler) start_scheduler ;;
    kwok) start_kwok ;;
    *) die "unknown component '$c' (expected one of: ${components[*]})" ;;
  esac
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) [[ -f "$state/env" ]] || die "not started: run $0 start"; cat "$state/env" ;;
  restart) cmd_restart "${2:-}" ;;
  stop-component) stop_component "${2:?component}" ;;
  build) "$here/build.sh" ;;
  *) echo "usage: $0 start|stop|status|env|build|restart COMPONENT|stop-component COMPONENT" >&2; exit 2 ;;
esac
