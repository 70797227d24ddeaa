// Benchmark of @k8s-mcp/graph (not a test), on synthetic realistic clusters (synthetic-cluster.mjs):
//   - build time and heap growth (after GC) of a graph of 10k and 50k objects, against the
//     graph's own estimate (stats().approxBytes, used for GRAPH_MEMORY_LIMIT);
//   - cost per change event at 1k and 50k objects (pod status update, pod relabel, pod
//     create+delete, Service update): incremental updates should not grow with the cluster;
//   - latency of impact(id, { maxDepth: 3 }) on 50k objects.
//
//   npm run bench:graph
//   npm run bench:graph -- --sizes 10000,50000,100000
//
// Uses the built dist/ of the workspace libs (the npm script builds them first). Each
// measurement runs in a fresh `node --expose-gc` process so heaps do not mix.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createKnowledgeGraph } from '@k8s-mcp/graph';
import { createRandom, makePod, syntheticCluster } from './synthetic-cluster.mjs';

const SELF = fileURLToPath(import.meta.url);
const out = (line) => process.stdout.write(`${line}\n`);
const gc = () => {
  if (!globalThis.gc) throw new Error('graph-bench: run with node --expose-gc');
  for (let i = 0; i < 3; i += 1) globalThis.gc();
};
const build = (objects) => {
  const graph = createKnowledgeGraph({ memoryLimitBytes: 8 * 1024 ** 3 });
  for (const { kind, object } of objects) graph.upsert(kind, object);
  return graph;
};
const idOf = (o) => `${o.kind}/${o.object.metadata.namespace ?? '_cluster'}/${o.object.metadata.name}`;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

// --- child modes -----------------------------------------------------------------------------
function measureBuild(n) {
  const objects = syntheticCluster(n);
  gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const graph = build(objects);
  const c = process.cpuUsage(c0);
  const buildMs = performance.now() - t0;
  const buildCpuMs = (c.user + c.system) / 1000;
  gc();
  const heapBytes = process.memoryUsage().heapUsed - before;
  const s = graph.stats();
  return { n, buildMs, buildCpuMs, heapBytes, approxBytes: s.approxBytes, nodes: s.nodes, edges: s.edges, missing: s.missing };
}

// One graph of each size in the same process, so they share the heap (GC and cache effects)
// and the machine's load; rounds alternate between sizes and each size keeps its best round.
// What remains between sizes is work that grows with the graph.
function updateScenarios(n, seed) {
  const objects = syntheticCluster(n, seed);
  const graph = build(objects);
  const r = createRandom(seed + 100);
  const pods = objects.filter((o) => o.kind === 'Pod');
  const services = objects.filter((o) => o.kind === 'Service');
  const nodes = objects.filter((o) => o.kind === 'Node').map((o) => o.object.metadata.name);
  const byId = new Map(objects.map((o) => [idOf(o), o]));
  let rv = 10_000_000;
  let churn = 0;
  // A new version of an entry's object, which becomes the entry's current object (as in a cache).
  const bump = (entry, patch) => {
    const object = entry.object;
    entry.object = { ...object, ...patch, metadata: { ...object.metadata, resourceVersion: String(++rv), ...(patch.metadata ?? {}) } };
    return entry.object;
  };
  return {
    podStatus: () => {
      const p = r.pick(pods);
      const status = { ...p.object.status, containerStatuses: [{ ...p.object.status.containerStatuses[0], restartCount: r.int(10) }] };
      graph.upsert('Pod', bump(p, { status }));
    },
    podRelabel: () => {
      const p = r.pick(pods);
      graph.upsert('Pod', bump(p, { metadata: { labels: { ...p.object.metadata.labels, version: `v${r.int(3)}` } } }));
    },
    // One add and one delete: two events.
    podChurn: () => {
      const p = r.pick(pods);
      const { namespace, labels, ownerReferences } = p.object.metadata;
      const fresh = makePod(r, namespace, labels.app, `${labels.app}-churn-${(churn += 1)}`, ownerReferences, nodes, {});
      graph.applyChange({ type: 'added', kind: 'Pod', object: fresh.object });
      graph.applyChange({ type: 'deleted', kind: 'Pod', object: fresh.object });
    },
    serviceUpdate: () => graph.upsert('Service', bump(r.pick(services), {})),
    // Unchanged resourceVersion: a TTL refresh only.
    resync: () => {
      const p = r.pick(objects);
      graph.upsert(p.kind, p.object);
    },
    // Baseline: the cheapest O(1) step on the same data, a Map lookup of a random object's id.
    mapLookup: () => {
      if (!byId.has(idOf(r.pick(objects)))) throw new Error('graph-bench: baseline lookup failed');
    },
  };
}

const EVENTS_PER_ROUND = { podStatus: 2000, podRelabel: 2000, podChurn: 1000, serviceUpdate: 1000, resync: 2000, mapLookup: 2000 };
const EVENTS_PER_CALL = { podChurn: 2 };

// CPU µs (user + system, the GC the events cause included) per event, best of 7 rounds per size.
function measureUpdates(sizes) {
  const scenarios = sizes.map((n, i) => updateScenarios(n, i + 1));
  for (const s of scenarios) for (const run of Object.values(s)) for (let i = 0; i < 500; i += 1) run(); // JIT warm-up
  const result = sizes.map((n) => ({ n }));
  for (const [name, count] of Object.entries(EVENTS_PER_ROUND)) {
    const best = sizes.map(() => Infinity);
    for (let round = 0; round < 7; round += 1) {
      scenarios.forEach((s, i) => {
        const c0 = process.cpuUsage();
        for (let k = 0; k < count; k += 1) s[name]();
        const c = process.cpuUsage(c0);
        best[i] = Math.min(best[i], (c.user + c.system) / (count * (EVENTS_PER_CALL[name] ?? 1)));
      });
    }
    best.forEach((b, i) => (result[i][name] = b));
  }
  return result;
}

function measureImpact(n) {
  const objects = syntheticCluster(n);
  const graph = build(objects);
  const r = createRandom(11);
  const ids = (kind) => graph.nodes({ kind }).map((x) => x.id);
  const result = { n };
  for (const kind of ['ConfigMap', 'Secret', 'Node', 'Deployment', 'PersistentVolume']) {
    const candidates = ids(kind);
    const samples = [];
    let nodesShown = 0;
    for (let i = 0; i < 300; i += 1) {
      const id = r.pick(candidates);
      const t0 = performance.now();
      const tree = graph.impact(id, { maxDepth: 3 });
      samples.push(performance.now() - t0);
      nodesShown += tree.nodeCount + tree.omitted;
    }
    samples.sort((a, b) => a - b);
    result[kind] = { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95), max: samples.at(-1), avgNodes: nodesShown / samples.length };
  }
  return result;
}

// --- parent: run each measurement in a fresh process and print tables ------------------------
function child(mode, n) {
  const run = spawnSync(process.execPath, ['--expose-gc', SELF, '--child', mode, String(n)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`graph-bench: ${mode} ${n} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

const f = (x, d = 1) => x.toFixed(d);
const mb = (bytes) => f(bytes / 1048576);

function main() {
  const args = process.argv.slice(2);
  const childAt = args.indexOf('--child');
  if (childAt >= 0) {
    const mode = args[childAt + 1];
    const arg = args[childAt + 2];
    const fn = { build: () => measureBuild(Number(arg)), updates: () => measureUpdates(arg.split(',').map(Number)), impact: () => measureImpact(Number(arg)) }[mode];
    process.stdout.write(JSON.stringify(fn()));
    return;
  }
  const sizesAt = args.indexOf('--sizes');
  const sizes = sizesAt >= 0 ? args[sizesAt + 1].split(',').map(Number) : [10_000, 50_000];
  const largest = Math.max(...sizes);

  out(`graph-bench on node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}`);
  out('\nBuild (upsert every object into an empty graph)');
  out('objects   nodes    edges  missing  wall ms  CPU ms  CPU µs/object  heap MB  estimate MB  heap bytes/node');
  for (const n of sizes) {
    const b = child('build', n);
    out(
      `${String(n).padStart(7)} ${String(b.nodes).padStart(7)} ${String(b.edges).padStart(8)} ${String(b.missing).padStart(8)} ` +
        `${f(b.buildMs, 0).padStart(8)} ${f(b.buildCpuMs, 0).padStart(7)} ${f((b.buildCpuMs * 1000) / n).padStart(14)} ${mb(b.heapBytes).padStart(8)} ${mb(b.approxBytes).padStart(12)} ${f(b.heapBytes / b.nodes, 0).padStart(16)}`,
    );
  }

  out('\nCPU µs per change event (should stay flat as the graph grows): all sizes in one process and heap, interleaved rounds, best of 7');
  out('objects  pod status  pod relabel  pod add/delete  service update  unchanged resync  baseline Map.get');
  for (const u of child('updates', [...new Set([1000, ...sizes])].join(','))) {
    out(
      `${String(u.n).padStart(7)} ${f(u.podStatus).padStart(11)} ${f(u.podRelabel).padStart(12)} ${f(u.podChurn).padStart(15)} ${f(u.serviceUpdate).padStart(15)} ${f(u.resync).padStart(17)} ${f(u.mapLookup, 2).padStart(17)}`,
    );
  }

  out(`\nimpact(id, { maxDepth: 3 }) on ${largest} objects, 300 random starts per kind, wall ms`);
  out('kind                 p50     p95     max  nodes reached');
  const im = child('impact', largest);
  for (const kind of ['ConfigMap', 'Secret', 'Node', 'Deployment', 'PersistentVolume']) {
    const k = im[kind];
    out(`${kind.padEnd(17)} ${f(k.p50, 3).padStart(7)} ${f(k.p95, 3).padStart(7)} ${f(k.max, 3).padStart(7)} ${f(k.avgNodes).padStart(14)}`);
  }
}

main();
