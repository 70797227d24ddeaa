// k8s-mcp's own costs on the bench cluster, measured in this fresh process and printed as one
// JSON line: initial sync of every kind, knowledge-graph build from the synced cache, then the
// latency from a watch event to the graph under a churn of `rate` pod updates per second.
//
//   node tools/bench/ours-internals.mjs <kubeconfig> [rate=100] [seconds=20]
import { createKnowledgeGraph } from '@k8s-mcp/graph';
import { createNamespacePolicy } from '@k8s-mcp/k8s-client';
import { feedGraphFromSync } from '@k8s-mcp/runtime';
import { createSyncManager } from '@k8s-mcp/sync';
import { NAMESPACES, pause, transportFor } from './bench-plane.mjs';

const [kubeconfig, rateArg = '100', secondsArg = '20'] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const MARK = 'bench.k8s-mcp.io/sent-at';

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

const transport = transportFor(kubeconfig);
const policy = createNamespacePolicy({ allowed: [], forbidden: [] });
const sync = createSyncManager({ transport, policy });
const t0 = performance.now();
sync.start();
await sync.ready();
const syncMs = performance.now() - t0;

const graph = createKnowledgeGraph({ isNamespaceVisible: (ns) => policy.isAllowed(ns) });
const t1 = performance.now();
const unsubscribe = feedGraphFromSync(graph, sync);
const graphMs = performance.now() - t1;
const graphStats = graph.stats();

// Listeners run in subscription order, so this one sees a change after the graph applied it.
// Only the first event carrying a given mark counts: kwok's later status updates of the same
// pod carry the old mark too.
const latencies = [];
const seen = new Set();
const unsubscribeProbe = sync.subscribe((change) => {
  const mark = change.object.metadata?.annotations?.[MARK];
  const key = `${change.object.metadata?.name}@${mark}`;
  if (change.kind.kind !== 'Pod' || !mark || seen.has(key)) return;
  seen.add(key);
  latencies.push(Date.now() - Number(mark));
});

// The churn: merge patches of bench pods' annotations, `rate` per second, spread evenly.
const total = Math.round(rate * seconds);
const podKind = sync.cache.kinds().find((k) => k.kind === 'Pod');
const benchPods = podKind ? sync.cache.list(podKind).filter((p) => p.metadata.namespace?.startsWith('bench-')).length : 0;
const podCount = Math.min(total, benchPods);
let sent = 0;
let failed = 0;
const inflight = [];
const start = performance.now();
for (let i = 0; i < total; i++) {
  const due = start + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await pause(wait);
  const pod = i % Math.max(1, podCount);
  inflight.push(
    transport
      .json({
        method: 'PATCH',
        path: `/api/v1/namespaces/bench-${pod % NAMESPACES}/pods/bench-${pod}`,
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { [MARK]: String(Date.now()) } } },
      })
      .then(
        () => void (sent += 1),
        () => void (failed += 1),
      ),
  );
}
await Promise.all(inflight);
const achievedRate = total / ((performance.now() - start) / 1000);
const deadline = Date.now() + 15_000;
while (latencies.length < sent && Date.now() < deadline) await pause(100);
unsubscribeProbe();
unsubscribe();
await sync.stop();
transport.close();

const sorted = [...latencies].sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({
    syncMs,
    objects: sync.cache.stats().reduce((a, s) => a + s.objects, 0),
    graphMs,
    graphNodes: graphStats.nodes,
    graphEdges: graphStats.edges,
    churn: { rate, achievedRate, sent, failed, observed: latencies.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1) ?? NaN },
  })}\n`,
);
process.exit(0);
