// Benchmark of @k8s-mcp/summary (not a test), on generated cluster states (no cluster needed):
// for 10k and 50k pods with about 1% of the workloads broken, how long detection and summaries
// take (with a knowledge graph built beforehand, as the server keeps one live; and without a
// graph), how long building that graph from the state takes, how big the outputs are, and how
// many of the planted problems a 10 KB anomalies summary names.
//
//   npm run bench:summary
//   npm run bench:summary -- --pods 10000,50000,100000 [--broken 0.01] [--runs 3] [--dump FILE_PREFIX]
//
// Uses the built dist/ of the workspace libs (the npm script builds them first).
import { writeFileSync } from 'node:fs';
import { detectAnomalies, graphFromState, stateFromObjects, summarizeCluster } from '@k8s-mcp/summary';

const out = (line) => process.stdout.write(`${line}\n`);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const SIZES = arg('pods', '10000,50000').split(',').map(Number);
const BROKEN = Number(arg('broken', '0.01'));
const RUNS = Number(arg('runs', '3'));
const NOW = Date.parse('2025-06-01T12:00:00Z');
const ago = (minutes) => new Date(NOW - minutes * 60_000).toISOString();

/** mulberry32: the same seed gives the same cluster. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const running = () => ({
  phase: 'Running',
  conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True', lastTransitionTime: ago(600) }],
  containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'registry.example/app:1.0', state: { running: { startedAt: ago(600) } } }],
});
const BROKEN_STATUS = {
  crashloop: () => ({
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: ago(30) }],
    containerStatuses: [{ name: 'app', ready: false, restartCount: 12, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: ago(2) } } }],
  }),
  imagepull: () => ({
    phase: 'Pending',
    conditions: [{ type: 'Ready', status: 'False' }],
    containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'registry.example/app:9.9-typo', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } } }],
  }),
  unschedulable: () => ({
    phase: 'Pending',
    conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/200 nodes are available: 200 Insufficient memory.' }],
  }),
};

/**
 * Namespaces of ~250 pods; Deployments of 2-10 replicas with a ReplicaSet, a Service, a
 * ConfigMap and a Secret each; nodes of ~50 pods; Normal events. About `broken` of the
 * Deployments get one planted problem: crash loop, image pull, unschedulable, missing Secret,
 * or a Service selector typo.
 */
function generate(pods, broken, seed) {
  const rnd = random(seed);
  const objects = { Namespace: [], Node: [], Pod: [], Deployment: [], ReplicaSet: [], Service: [], ConfigMap: [], Secret: [], ServiceAccount: [], Event: [] };
  const planted = [];
  const nodes = Math.ceil(pods / 50);
  for (let i = 0; i < nodes; i++) {
    objects.Node.push({ metadata: { name: `node-${i}` }, spec: {}, status: { allocatable: { cpu: '32', memory: '128Gi' }, conditions: [{ type: 'Ready', status: 'True' }] } });
  }
  const namespaces = Math.ceil(pods / 250);
  for (let n = 0; n < namespaces; n++) {
    objects.Namespace.push({ metadata: { name: `team-${n}` }, status: { phase: 'Active' } });
    objects.ServiceAccount.push({ metadata: { name: 'default', namespace: `team-${n}` } });
  }
  const modes = ['crashloop', 'imagepull', 'unschedulable', 'missing-secret', 'selector-typo'];
  let count = 0;
  for (let d = 0; count < pods; d++) {
    const ns = `team-${d % namespaces}`;
    const name = `app-${d}`;
    const replicas = 2 + Math.floor(rnd() * 9);
    const mode = rnd() < broken ? modes[d % modes.length] : undefined;
    const labels = { app: name };
    const secret = mode === 'missing-secret' ? `${name}-creds-v2` : `${name}-creds`;
    const podSpec = {
      serviceAccountName: 'default',
      containers: [{ name: 'app', image: 'registry.example/app:1.0', resources: { requests: { cpu: '100m', memory: '256Mi' } }, envFrom: [{ configMapRef: { name: `${name}-config` } }, { secretRef: { name: secret } }] }],
    };
    const ready = mode && mode !== 'missing-secret' && mode !== 'selector-typo' ? 0 : replicas;
    objects.Deployment.push({
      metadata: { name, namespace: ns, generation: 1, uid: `d-${d}` },
      spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } },
      status: { observedGeneration: 1, replicas, readyReplicas: ready, availableReplicas: ready, updatedReplicas: replicas, conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastUpdateTime: ago(600) }] },
    });
    const rs = `${name}-7d9c`;
    objects.ReplicaSet.push({ metadata: { name: rs, namespace: ns, uid: `rs-${d}`, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: `d-${d}`, controller: true }] }, spec: { replicas }, status: { replicas, readyReplicas: ready } });
    for (let i = 0; i < replicas; i++) {
      const status = mode && BROKEN_STATUS[mode] ? BROKEN_STATUS[mode]() : running();
      objects.Pod.push({
        metadata: { name: `${rs}-${i}`, namespace: ns, labels, creationTimestamp: ago(600), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: `rs-${d}`, controller: true }] },
        spec: { ...podSpec, ...(status.phase === 'Running' ? { nodeName: `node-${(count + i) % nodes}` } : {}) },
        status,
      });
    }
    objects.Service.push({ metadata: { name, namespace: ns }, spec: { selector: mode === 'selector-typo' ? { app: `${name}x` } : labels, ports: [{ name: 'http', port: 80 }] } });
    objects.ConfigMap.push({ metadata: { name: `${name}-config`, namespace: ns }, data: { LOG_LEVEL: 'info' } });
    objects.Secret.push({ metadata: { name: `${name}-creds`, namespace: ns }, type: 'Opaque', dataKeys: ['password'] });
    objects.Event.push({ metadata: { name: `${name}.1`, namespace: ns }, type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${rs}`, count: 1, lastTimestamp: ago(600), involvedObject: { kind: 'Deployment', namespace: ns, name } });
    if (mode) planted.push({ mode, name: mode === 'missing-secret' ? secret : name });
    count += replicas;
  }
  return { objects, planted, pods: count };
}

const bytesOf = (text) => Buffer.byteLength(text, 'utf8');
function time(fn) {
  let best = Infinity;
  let result;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: Math.round(best), result };
}

out(`summary benchmark: best of ${RUNS} runs, ${Math.round(BROKEN * 100 * 10) / 10}% of workloads broken, Node ${process.version}`);
for (const size of SIZES) {
  const { objects, planted, pods } = generate(size, BROKEN, size);
  const state = stateFromObjects(objects);
  const objectCount = Object.values(objects).reduce((n, list) => n + list.length, 0);
  out(`\n== ${pods} pods, ${objectCount} objects, ${planted.length} planted problems ==`);
  const graphBuild = time(() => graphFromState(state));
  const graph = graphBuild.result;
  out(`build knowledge graph from the state:      ${graphBuild.ms} ms`);
  const detect = time(() => detectAnomalies(state, { now: NOW, graph }));
  out(`detectAnomalies (graph given):             ${detect.ms} ms, ${detect.result.length} findings`);
  const detectNoGraph = time(() => detectAnomalies(state, { now: NOW, useGraph: false }));
  out(`detectAnomalies (no graph):                ${detectNoGraph.ms} ms, ${detectNoGraph.result.length} findings`);
  for (const [type, format] of [['anomalies', 'markdown'], ['anomalies', 'json'], ['overview', 'markdown'], ['nodes', 'markdown']]) {
    const s = time(() => summarizeCluster(state, { now: NOW, graph, type, format, maxSizeKb: 10 }));
    const r = s.result;
    if (r.bytes > 10 * 1024 || bytesOf(r.text) !== r.bytes) throw new Error(`summary-bench: ${type} ${format} exceeded 10 KB (${r.bytes} bytes)`);
    out(`summarizeCluster ${type.padEnd(9)} ${format.padEnd(8)} 10 KB: ${String(s.ms).padStart(5)} ms, ${r.bytes} bytes, ${r.findings} findings, ${r.omittedItems} items omitted`);
  }
  const anomalies = summarizeCluster(state, { now: NOW, graph, type: 'anomalies', maxSizeKb: 10 }).text;
  if (arg('dump', '')) writeFileSync(`${arg('dump', '')}-${size}.md`, anomalies);
  // A name counts when it stands alone (app-1 must not match app-10).
  const mentions = (name) => new RegExp(`(^|[^\\w-])${name}([^\\w-]|$)`, 'm').test(anomalies);
  const named = planted.filter((p) => mentions(p.name));
  const byMode = {};
  for (const p of planted) {
    byMode[p.mode] ??= { planted: 0, named: 0 };
    byMode[p.mode].planted += 1;
    if (mentions(p.name)) byMode[p.mode].named += 1;
  }
  out(`planted problems named in the 10 KB anomalies summary: ${named.length}/${planted.length} (${Object.entries(byMode).map(([m, c]) => `${m} ${c.named}/${c.planted}`).join(', ')})`);
  const full = summarizeCluster(state, { now: NOW, graph, type: 'anomalies', maxSizeKb: 1024 });
  out(`the same summary unbounded would be ${full.bytes} bytes`);
}
