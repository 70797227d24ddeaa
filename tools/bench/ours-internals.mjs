// k8s-mcp's own costs on the bench cluster, measured in this fresh process and printed as one
// JSON line: initial sync of every kind, knowledge-graph build from the synced cache, then the
// latency from a pod update to the graph under a churn of `rate` pod updates per second (sent by
// a child process), with the time the graph itself spends per watch event.
//
//   node tools/bench/ours-internals.mjs <kubeconfig> [rate=100] [seconds=20]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createKnowledgeGraph } from '@k8s-mcp/graph';
import { createNamespacePolicy } from '@k8s-mcp/k8s-client';
import { feedGraphFromSync } from '@k8s-mcp/runtime';
import { createSyncManager } from '@k8s-mcp/sync';
import { NAMESPACES, pause, transportFor } from './bench-plane.mjs';

const SELF = fileURLToPath(import.meta.url);
const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
const MARK = 'bench.k8s-mcp.io/sent-at';

/** Churn mode: merge-patches bench pods' annotations `rate` times a second, spread evenly; prints counts as JSON. */
async function sendChurn(kubeconfig, rate, seconds, benchPods) {
  const transport = transportFor(kubeconfig);
  const total = Math.round(rate * seconds);
  const podCount = Math.max(1, Math.min(total, benchPods));
  let sent = 0;
  let failed = 0;
  const answered = [];
  const inflight = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await pause(wait);
    const pod = i % podCount;
    const sentAt = performance.now();
    inflight.push(
      transport
        .json({
          method: 'PATCH',
          path: `/api/v1/namespaces/bench-${pod % NAMESPACES}/pods/bench-${pod}`,
          contentType: 'application/merge-patch+json',
          body: { metadata: { annotations: { [MARK]: String(Date.now()) } } },
        })
        .then(
          () => {
            sent += 1;
            answered.push(performance.now() - sentAt);
          },
          () => void (failed += 1),
        ),
    );
  }
  const achievedRate = total / ((performance.now() - start) / 1000);
  await Promise.all(inflight);
  transport.close();
  answered.sort((a, b) => a - b);
  process.stdout.write(`${JSON.stringify({ sent, failed, achievedRate, patchP50Ms: percentile(answered, 50), patchP99Ms: percentile(answered, 99) })}\n`);
}

if (process.argv[2] === '--churn') {
  const [kubeconfig, rate, seconds, benchPods] = process.argv.slice(3);
  await sendChurn(kubeconfig, Number(rate), Number(seconds), Number(benchPods));
  process.exit(0);
}

const [kubeconfig, rateArg = '100', secondsArg = '20'] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);


const transport = transportFor(kubeconfig);
const policy = createNamespacePolicy({ allowed: [], forbidden: [] });
const sync = createSyncManager({ transport, policy });
const t0 = performance.now();
sync.start();
await sync.ready();
const syncMs = performance.now() - t0;

const graph = createKnowledgeGraph({ isNamespaceVisible: (ns) => policy.isAllowed(ns) });
// Time spent applying watch events to the graph, to tell this process's cost from the API server's.
let applyMs = 0;
let applied = 0;
const applyChange = graph.applyChange.bind(graph);
graph.applyChange = (change) => {
  const t = performance.now();
  applyChange(change);
  applyMs += performance.now() - t;
  applied += 1;
};
const t1 = performance.now();
const unsubscribe = feedGraphFromSync(graph, sync);
const graphMs = performance.now() - t1;
const graphStats = graph.stats();

// Listeners run in subscription order, so this one sees a change after the graph applied it.
// Only the first event carrying a given mark counts: kwok's later status updates of the same
// pod carry the old mark too.
// Marks older than this run (left by an earlier run on a kept plane) do not count either.
const latencies = [];
const seen = new Set();
const churnStartedAt = Date.now();
const unsubscribeProbe = sync.subscribe((change) => {
  const mark = change.object.metadata?.annotations?.[MARK];
  const key = `${change.object.metadata?.name}@${mark}`;
  if (change.kind.kind !== 'Pod' || !mark || Number(mark) < churnStartedAt || seen.has(key)) return;
  seen.add(key);
  latencies.push(Date.now() - Number(mark));
});

// The churn comes from a separate process, so sending 100 requests a second does not compete
// with this process's event loop, which only receives and applies the watch events.
const podKind = sync.cache.kinds().find((k) => k.kind === 'Pod');
const benchPods = podKind ? sync.cache.list(podKind).filter((p) => p.metadata.namespace?.startsWith('bench-')).length : 0;
applyMs = 0;
applied = 0;
const elu = performance.eventLoopUtilization();
const churn = await new Promise((resolve, reject) => {
  const child = spawn(process.execPath, [SELF, '--churn', kubeconfig, String(rate), String(seconds), String(benchPods)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.on('error', reject);
  child.on('close', (code) => (code === 0 ? resolve(JSON.parse(output.trim())) : reject(new Error(`ours-internals: churn exited ${code}`))));
});
const { sent, failed, achievedRate, patchP50Ms, patchP99Ms } = churn;
const deadline = Date.now() + 15_000;
while (latencies.length < sent && Date.now() < deadline) await pause(100);
unsubscribeProbe();
const busy = performance.eventLoopUtilization(elu).utilization;
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
    churn: { rate, achievedRate, sent, failed, patchP50Ms, patchP99Ms, observed: latencies.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1) ?? NaN, graphApplyMsPerEvent: applyMs / Math.max(1, applied), events: applied, eventLoopBusy: busy },
  })}\n`,
);
process.exit(0);
