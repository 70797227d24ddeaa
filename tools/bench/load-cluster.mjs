// The cluster of the load benchmark (load-bench.mjs): a private control plane (cp.sh) in
// ~/.cache/k8s-mcp/cp-load with ports shifted by 4000, so the shared test plane and the sync
// benchmark's plane (cp-bench) are never touched, populated with a modest, realistic workload.
import { spawnSync } from 'node:child_process';
import { pause, privatePlane } from './bench-plane.mjs';

const PLANE = privatePlane({ name: 'cp-load', offset: 4000 });
/** Environment of every cp.sh call: the private plane's state directory, ports and node count. */
export const PLANE_ENV = PLANE.env;
/** Runs `cp.sh <args>` on the private plane; returns its stdout. */
export const cp = PLANE.cp;
/** Starts the private plane (idempotent) and returns its `cp.sh env` variables (CP_KUBECONFIG, CP_KUBECTL, ...). */
export const startPlane = PLANE.start;

// The workload: NAMESPACES namespaces, each with DEPLOYMENTS Deployments of REPLICAS pods (a
// Service and a ConfigMap each), plus one crash-looping Deployment so that events and status
// updates keep flowing through the watches while the clients read.
export const NAMESPACES = 4;
const DEPLOYMENTS = 6;
const REPLICAS = 12;
const CRASHLOOP_REPLICAS = 2;
/** Pods the workload runs once settled. */
export const EXPECTED_PODS = NAMESPACES * (DEPLOYMENTS * REPLICAS + CRASHLOOP_REPLICAS);
/** Extra kwok nodes beside cp.sh's K8S_MCP_CP_NODES (110 pods each), so every pod fits. */
const EXTRA_NODES = 2;
/** Nodes of the cluster. */
export const NODES = Number(PLANE_ENV.K8S_MCP_CP_NODES) + EXTRA_NODES;

const node = (i) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: `load-node-${i}`,
    annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
    labels: { type: 'kwok', 'kubernetes.io/hostname': `load-node-${i}`, 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': `zone-${i % 3}` },
  },
  status: {
    allocatable: { cpu: '32', memory: '128Gi', pods: '200' },
    capacity: { cpu: '32', memory: '128Gi', pods: '200' },
  },
});

const deployment = (ns, name, replicas, extraLabels = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns, labels: { app: name, 'app.kubernetes.io/part-of': 'load-bench' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name, tier: name.endsWith('0') ? 'frontend' : 'backend', ...extraLabels } },
      spec: {
        containers: [
          {
            name: 'app',
            image: `registry.example/${name}:1.4.2`,
            ports: [{ containerPort: 8080, name: 'http' }],
            env: [{ name: 'LOG_LEVEL', value: 'info' }],
            envFrom: [{ configMapRef: { name: `${name}-config` } }],
            resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
          },
        ],
      },
    },
  },
});

const service = (ns, name) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns, labels: { app: name } },
  spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
});

const configMap = (ns, name) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: `${name}-config`, namespace: ns, labels: { app: name, 'app.kubernetes.io/part-of': 'load-bench' } },
  data: { FEATURE_FLAGS: 'search,checkout', UPSTREAM_URL: `http://${name}.${ns}.svc:80` },
});

/** Every object of the workload, as one kubectl List (apply is idempotent, so a kept plane is reused). */
function manifest() {
  const items = Array.from({ length: EXTRA_NODES }, (_, i) => node(i));
  for (let n = 0; n < NAMESPACES; n++) {
    const ns = `load-${n}`;
    items.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (let d = 0; d < DEPLOYMENTS; d++) {
      const name = `svc-${d}`;
      items.push(configMap(ns, name), service(ns, name), deployment(ns, name, REPLICAS));
    }
    items.push(configMap(ns, 'flaky'), service(ns, 'flaky'), deployment(ns, 'flaky', CRASHLOOP_REPLICAS, { 'k8s-mcp.io/failure': 'crashloop' }));
  }
  return { apiVersion: 'v1', kind: 'List', items };
}

/** Applies the workload and waits until all its pods run; returns the pod names per namespace. */
export async function populate(env, out) {
  const kubectl = (args, input) => {
    const r = spawnSync(env.CP_KUBECTL, ['--kubeconfig', env.CP_KUBECONFIG, ...args], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`load-bench: kubectl ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r.stdout;
  };
  const t0 = performance.now();
  // Namespaces first: the List's namespaced objects are refused until theirs exists.
  const all = manifest();
  kubectl(['apply', '-f', '-'], JSON.stringify({ ...all, items: all.items.filter((o) => o.kind === 'Namespace' || o.kind === 'Node') }));
  kubectl(['apply', '-f', '-'], JSON.stringify(all));
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const pods = JSON.parse(kubectl(['get', 'pods', '-A', '-l', 'app', '-o', 'json'])).items.filter((p) => p.metadata.namespace.startsWith('load-'));
    const running = pods.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
    if (running.length >= EXPECTED_PODS) {
      out(`  ${running.length} pods Running in ${NAMESPACES} namespaces after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const byNamespace = {};
      for (const p of running) if (!p.metadata.labels['k8s-mcp.io/failure']) (byNamespace[p.metadata.namespace] ??= []).push(p.metadata.name);
      return byNamespace;
    }
    if (Date.now() > deadline) throw new Error(`load-bench: only ${running.length} of ${EXPECTED_PODS} pods Running after 5 min`);
    await pause(2_000);
  }
}
