#!/usr/bin/env bash
# Records the bundled demo cluster (libs/k8s-client/demo/demo-cluster.json) from the running
# test control plane: applies tools/demo/scenario/*.yaml (three namespaces, ~55 pods and the
# planted problems of docs/demo-cluster.md), waits until every planted problem has settled,
# dumps every synced kind with the built kubectl and cleans the dump (clean-dump.mjs).
#
# Usage: tools/demo/record-demo-cluster.sh [--keep] [output.json]
#   --keep   leave the demo namespaces and cluster-scoped demo objects in place afterwards
#            (the two extra nodes are always deleted, so other tests are not affected).
#
# Needs a running control plane (tools/control-plane/cp.sh start) and node.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCENARIO="$ROOT/tools/demo/scenario"
KEEP=0
OUT="$ROOT/libs/k8s-client/demo/demo-cluster.json"
for arg in "$@"; do
  case "$arg" in
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    -*) echo "record-demo-cluster: unknown option $arg" >&2; exit 2 ;;
    *) OUT=$arg ;;
  esac
done

NAMESPACES=(shop data monitoring)
DEMO_LABEL=k8s-mcp.io/demo=true
MAX_BYTES=1572864 # ~1.5 MB
# Every kind the sync layer follows (BUILTIN_KINDS in libs/k8s-client/src/resource-kind.ts).
KINDS=namespaces,nodes,pods,services,endpointslices.discovery.k8s.io,deployments.apps,replicasets.apps,statefulsets.apps,daemonsets.apps,jobs.batch,cronjobs.batch,configmaps,secrets,serviceaccounts,persistentvolumeclaims,persistentvolumes,storageclasses.storage.k8s.io,ingresses.networking.k8s.io,ingressclasses.networking.k8s.io,horizontalpodautoscalers.v2.autoscaling,poddisruptionbudgets.policy,networkpolicies.networking.k8s.io,events,resourcequotas

log() { echo "record-demo-cluster: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

bash "$ROOT/tools/control-plane/cp.sh" status >/dev/null 2>&1 \
  || die "the control plane is not running; start it with tools/control-plane/cp.sh start"
CP_ENV=$(bash "$ROOT/tools/control-plane/cp.sh" env)
CP_KUBECONFIG=$(sed -n 's/^CP_KUBECONFIG=//p' <<<"$CP_ENV")
CP_KUBECTL=$(sed -n 's/^CP_KUBECTL=//p' <<<"$CP_ENV")
[[ -x "$CP_KUBECTL" && -r "$CP_KUBECONFIG" ]] || die "cp.sh env gave no usable CP_KUBECTL/CP_KUBECONFIG"

k() { "$CP_KUBECTL" --kubeconfig "$CP_KUBECONFIG" "$@"; }

# wait_until <description> <timeout seconds> <command...>: polls every 2 s.
wait_until() {
  local what=$1 timeout=$2
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "timed out after ${timeout}s waiting for: $what"
    sleep 2
  done
  log "ok: $what"
}

# jq_true <jq filter> <kubectl get args...>: the filter over the JSON answer is true.
jq_true() {
  local filter=$1
  shift
  k get "$@" -o json | node -e '
    const filter = process.argv[1];
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const data = JSON.parse(s);
      process.exit(new Function("d", `return (${filter});`)(data) ? 0 : 1);
    });' "$filter"
}

delete_demo() {
  k delete namespace "${NAMESPACES[@]}" --ignore-not-found --wait=true --timeout=180s >/dev/null
  k delete persistentvolumes,storageclasses.storage.k8s.io,ingressclasses.networking.k8s.io \
    -l "$DEMO_LABEL" --ignore-not-found --wait=true --timeout=60s >/dev/null
}

delete_nodes() {
  k delete nodes -l "$DEMO_LABEL" --ignore-not-found --wait=true --timeout=60s >/dev/null || true
}

finish() {
  local status=$?
  # The NotReady and memory-pressure nodes must not outlive the recording (other tests share the
  # plane); they are deleted only now, after the dump.
  delete_nodes
  if ((KEEP == 0)); then
    log "deleting the demo namespaces (use --keep to inspect them)"
    delete_demo || true
  fi
  exit "$status"
}

log "removing any previous demo objects"
delete_nodes
delete_demo
trap finish EXIT

log "creating nodes, storage and ingress classes"
k apply -f "$SCENARIO/00-cluster.yaml" >/dev/null
wait_until "node pool-b-0 under MemoryPressure" 60 jq_true \
  'd.status.conditions.some((c) => c.type === "MemoryPressure" && c.status === "True")' node pool-b-0
wait_until "node pool-b-1 NotReady" 60 jq_true \
  'd.status.conditions.some((c) => c.type === "Ready" && c.status === "False")' node pool-b-1

log "creating namespaces"
k apply -f "$SCENARIO/10-namespaces.yaml" >/dev/null
for ns in "${NAMESPACES[@]}"; do
  wait_until "ServiceAccount default in $ns" 60 k -n "$ns" get serviceaccount default
done

log "creating claims for the static volumes"
k apply -f "$SCENARIO/15-claims.yaml" >/dev/null
for claim in data/data-postgres-0 data/data-postgres-1 data/data-postgres-2 data/redis-data \
  monitoring/prometheus-data monitoring/grafana-data; do
  wait_until "PVC $claim Bound" 60 jq_true 'd.status.phase === "Bound"' -n "${claim%%/*}" pvc "${claim#*/}"
done

log "creating workloads"
for file in "$SCENARIO"/20-*.yaml "$SCENARIO"/30-*.yaml "$SCENARIO"/40-*.yaml; do
  # The demo TLS Secrets hold placeholder certificates; the API server's warning about them is noise.
  k apply -f "$file" 2> >(grep -v 'x509: malformed certificate' >&2) >/dev/null
done

log "rolling frontend out to 1.9.0 (leaves an old ReplicaSet behind)"
k -n shop rollout status deployment/frontend --timeout=120s >/dev/null
k -n shop annotate deployment/frontend kubernetes.io/change-cause="deploy 1.9.0" --overwrite >/dev/null
k -n shop set image deployment/frontend web=registry.example.com/shop/frontend:1.9.0 >/dev/null
k -n shop rollout status deployment/frontend --timeout=120s >/dev/null

log "running the backup CronJob once by hand"
k -n data create job postgres-backup-manual-001 --from=cronjob/postgres-backup >/dev/null

log "waiting for the cluster to settle"
for d in frontend cart catalog inventory reviews email-worker backoffice; do
  k -n shop wait --for=condition=Available "deployment/$d" --timeout=120s >/dev/null
done
for d in redis event-router; do
  k -n data wait --for=condition=Available "deployment/$d" --timeout=120s >/dev/null
done
for d in prometheus grafana alertmanager kube-state-metrics blackbox-exporter otel-collector; do
  k -n monitoring wait --for=condition=Available "deployment/$d" --timeout=120s >/dev/null
done
log "ok: healthy Deployments available"
wait_until "StatefulSet postgres 3/3 ready" 120 jq_true 'd.status.readyReplicas === 3' -n data statefulset postgres
wait_until "DaemonSet node-exporter on all 5 nodes" 120 jq_true \
  'd.status.desiredNumberScheduled === 5 && d.status.currentNumberScheduled === 5' -n monitoring daemonset node-exporter
wait_until "checkout pods crash-looping with restartCount >= 3" 180 jq_true \
  'd.items.length === 3 && d.items.every((p) => (p.status.containerStatuses ?? []).some((c) => c.restartCount >= 3 && c.state.waiting?.reason === "CrashLoopBackOff"))' \
  -n shop pods -l app=checkout
wait_until "etl-worker OOMKilled with restartCount >= 3" 180 jq_true \
  'd.items.length === 1 && d.items.every((p) => (p.status.containerStatuses ?? []).some((c) => c.restartCount >= 3 && c.lastState.terminated?.reason === "OOMKilled"))' \
  -n data pods -l app=etl-worker
wait_until "payments pods in ImagePullBackOff" 120 jq_true \
  'd.items.length === 2 && d.items.every((p) => (p.status.containerStatuses ?? []).some((c) => /ImagePull/.test(c.state.waiting?.reason ?? "")))' \
  -n shop pods -l app=payments
wait_until "adhoc-export-20240611 Evicted" 120 jq_true 'd.status.phase === "Failed" && d.status.reason === "Evicted"' \
  -n data pod adhoc-export-20240611
wait_until "metabase running but not ready, with Unhealthy events" 120 jq_true \
  'd.items.some((e) => e.reason === "Unhealthy" && e.involvedObject.name.startsWith("metabase-"))' -n data events
wait_until "Job db-migrate-v42 failed with BackoffLimitExceeded" 180 jq_true \
  '(d.status.conditions ?? []).some((c) => c.type === "Failed" && c.status === "True" && c.reason === "BackoffLimitExceeded")' \
  -n data job db-migrate-v42
wait_until "Job postgres-backup-manual-001 complete" 120 jq_true \
  '(d.status.conditions ?? []).some((c) => c.type === "Complete" && c.status === "True")' -n data job postgres-backup-manual-001
wait_until "PVC reports-archive Pending with ProvisioningFailed" 120 jq_true \
  'd.items.some((e) => e.reason === "ProvisioningFailed" && e.involvedObject.name === "reports-archive")' -n data events
wait_until "report-builder pod unschedulable" 120 jq_true \
  'd.items.length === 1 && (d.items[0].status.conditions ?? []).some((c) => c.type === "PodScheduled" && c.status === "False")' \
  -n data pods -l app=report-builder
wait_until "HPA recommendations cannot find its target" 120 jq_true \
  '(d.status.conditions ?? []).some((c) => c.type === "AbleToScale" && c.status === "False")' -n shop hpa recommendations
wait_until "Service checkout has only not-ready endpoints" 60 jq_true \
  'd.items.length > 0 && d.items.every((s) => (s.endpoints ?? []).every((e) => e.conditions.ready === false))' \
  -n shop endpointslices -l kubernetes.io/service-name=checkout

log "dumping"
tmp=$(mktemp -d)
k get "$KINDS" -A -o json >"$tmp/raw.json"
mkdir -p "$(dirname "$OUT")"
node "$ROOT/tools/demo/clean-dump.mjs" "$tmp/raw.json" "$OUT" "$(IFS=,; echo "${NAMESPACES[*]}")" \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
rm -rf "$tmp"

bytes=$(wc -c <"$OUT")
pods=$(node -e 'const l = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(l.items.filter((i) => i.kind === "Pod").length)' "$OUT")
log "wrote $OUT: $bytes bytes, $pods pods"
((bytes <= MAX_BYTES)) || die "$OUT is $bytes bytes, over the ~1.5 MB budget"
((pods >= 50 && pods <= 100)) || die "$OUT holds $pods pods, outside 50-100"
