// Benchmark (not a test) of k8s-mcp side by side with the peer MCP servers, in one run on one
// cluster: a private kwok control plane with N bare pods over ten namespaces (1% of them failing
// through kwok failure stages) plus the demo scenario's namespace `shop` and its planted problems.
// For each server: start-up (to the first tools/list, and to the first correct answer), p50/p99
// latency and response bytes of four everyday questions, steady RSS, and the bytes it needs to
// name every planted problem of `shop` ("what is wrong in namespace shop?") and the cluster's
// failing pods. For k8s-mcp also: initial sync, graph build, summary time, and watch-event-to-
// graph latency under 100 pod updates/s. Writes tools/bench/results/peers.{json,md}.
//
//   npm run bench:peers                       # 1000 and 10000 pods, 30 timed calls per question
//   npm run bench:peers -- --pods 1000 --iterations 50 [--keep] [--only k8s-mcp]
//
// Peers are installed once (pinned versions) into ~/.cache/k8s-mcp/peers; mcp-server-kubernetes
// runs the kubectl built with the control plane. Uses the built dist/ of the workspace.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchFailure, cp, out, pause, populate, startPlane, transportFor } from './bench-plane.mjs';
import { installPeers } from './peer-install.mjs';
import { connectServer, readRssMb, timedCall } from './peer-client.mjs';
import { renderMarkdown } from './peer-report.mjs';
import { benchServers, namedProblems, PEER_VERSIONS, PLANTED, QUESTION_NAMESPACE } from './peer-servers.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const SIZES = arg('pods', '1000,10000').split(',').map(Number);
const ITERATIONS = Number(arg('iterations', '30'));
const ONLY = arg('only', '');
const KEEP = process.argv.includes('--keep');
const FAILURE_EVERY = 100;
const OP_BUDGET_MS = 120_000; // a slow server gets fewer samples rather than stalling the run
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const SCENARIO = (file) => fileURLToPath(new URL(`../demo/scenario/${file}`, import.meta.url));
const TARGET = { namespace: 'bench-0', name: 'bench-10' }; // healthy (1 in 100 fails: i % 100 == 99)

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

/** Applies the demo's shop namespace and waits until its planted problems have shown. */
async function plantShop(env, transport) {
  const r = spawnSync(env.CP_KUBECTL, ['--kubeconfig', env.CP_KUBECONFIG, 'apply', '-f', SCENARIO('00-cluster.yaml'), '-f', SCENARIO('10-namespaces.yaml'), '-f', SCENARIO('20-shop.yaml')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`peer-bench: kubectl apply of the shop scenario exited ${r.status}`);
  const deadline = Date.now() + 240_000;
  for (;;) {
    const pods = await transport.json({ path: `/api/v1/namespaces/${QUESTION_NAMESPACE}/pods` });
    const waiting = (prefix) =>
      pods.items.filter((p) => p.metadata.name.startsWith(prefix)).flatMap((p) => (p.status?.containerStatuses ?? []).map((c) => c.state?.waiting?.reason ?? ''));
    const hpa = await transport.json({ path: `/apis/autoscaling/v2/namespaces/${QUESTION_NAMESPACE}/horizontalpodautoscalers/recommendations` }).catch(() => undefined);
    const ready =
      waiting('checkout-').some((r) => r === 'CrashLoopBackOff') &&
      waiting('payments-').some((r) => /ImagePull|ErrImage/.test(r)) &&
      (hpa?.status?.conditions ?? []).some((c) => c.reason === 'FailedGetScale');
    if (ready) return;
    if (Date.now() > deadline) {
      out('  warning: the shop scenario had not fully settled after 240 s; measuring anyway');
      return;
    }
    await pause(3_000);
  }
}

function internals(kubeconfig) {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('./ours-internals.mjs', import.meta.url)), kubeconfig, '100', '20'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`peer-bench: ours-internals exited ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** The cheapest set of candidate answers that names the most planted problems (exhaustive). */
function cheapestCover(answers) {
  const usable = answers.filter((a) => !a.isError);
  let best = { named: [], bytes: Infinity, calls: [] };
  for (let mask = 1; mask < 1 << usable.length; mask++) {
    const chosen = usable.filter((_, i) => mask & (1 << i));
    const named = new Set(chosen.flatMap((a) => a.named));
    const bytes = chosen.reduce((s, a) => s + a.textBytes, 0);
    if (named.size > best.named.length || (named.size === best.named.length && bytes < best.bytes)) {
      best = { named: [...named], bytes, calls: chosen.map((a) => a.label) };
    }
  }
  return best;
}

async function measureServer(server, pods) {
  const started = await connectServer(server);
  const { client } = started;
  const row = { server: server.id, ours: Boolean(server.ours), startup: {}, ops: {}, errors: [] };
  try {
    row.startup.toolsListMs = started.toolsListMs;
    // First correct answer: the pod list of bench-0 names pod bench-10. A server that cannot
    // list that namespace at all is still measured on the other questions.
    const t0 = started.spawnedAt;
    for (;;) {
      const r = await timedCall(client, server.ops.listPods(TARGET.namespace));
      if (!r.isError && r.text.includes(TARGET.name)) {
        row.startup.firstAnswerMs = performance.now() - t0;
        break;
      }
      if (performance.now() - t0 > 120_000) {
        row.errors.push(`no correct pod list within 120 s: ${r.text.slice(0, 200)}`);
        break;
      }
      await pause(100);
    }
    // k8s-mcp answers from the live API until its initial sync is done; the timed calls below
    // measure the steady state, so wait for cache-served answers (and record when they came).
    if (server.ops.cacheServed) {
      for (;;) {
        const r = await timedCall(client, server.ops.listPods(TARGET.namespace));
        if (server.ops.cacheServed(r.text)) break;
        if (performance.now() - t0 > 600_000) throw new Error(`${server.id}: not cache-served after 600 s: ${r.text.slice(0, 200)}`);
        await pause(100);
      }
      row.startup.cacheServedMs = performance.now() - t0;
    }
    await pause(2_000);
    row.rssReadyMb = readRssMb(started.pid);

    const ops = {
      'list pods (one namespace)': () => server.ops.listPods(TARGET.namespace),
      'get one pod': () => server.ops.getPod(TARGET),
      'Warning events (all namespaces)': () => server.ops.warningEvents(),
      'log tail (100 lines)': () => server.ops.logTail(TARGET),
      ...(server.ops.summary ? { 'anomaly summary (10 KB)': () => server.ops.summary } : {}),
    };
    for (const [name, make] of Object.entries(ops)) {
      for (let i = 0; i < 3; i++) await timedCall(client, make());
      const samples = [];
      let last;
      let errors = 0;
      const opStart = performance.now();
      for (let i = 0; i < ITERATIONS && performance.now() - opStart < OP_BUDGET_MS; i++) {
        last = await timedCall(client, make());
        samples.push(last.ms);
        if (last.isError) errors += 1;
      }
      const sorted = samples.sort((a, b) => a - b);
      row.ops[name] = {
        n: sorted.length,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        textBytes: last.textBytes,
        wireBytes: last.wireBytes,
        errors,
        ...(last.isError ? { lastError: last.text.slice(0, 300) } : {}),
      };
    }
    row.rssMb = readRssMb(started.pid);

    const answers = [];
    for (const c of server.ops.question) {
      const r = await timedCall(client, c);
      // A call naming one object presumes the answer is known; "blind" sets use none of them.
      const targeted = typeof c.arguments.name === 'string';
      answers.push({ label: `${c.name} ${JSON.stringify(c.arguments)}`, targeted, isError: r.isError, textBytes: r.textBytes, named: namedProblems(r.text) });
    }
    const describe = (cover) => ({ bytes: cover.bytes, named: cover.named.length, of: PLANTED.length, calls: cover.calls, missed: PLANTED.map((p) => p.id).filter((id) => !cover.named.includes(id)) });
    row.namespaceQuestion = {
      blind: describe(cheapestCover(answers.filter((a) => !a.targeted))),
      oracle: describe(cheapestCover(answers)),
      candidates: answers,
    };

    // The cluster-wide version (issue 5): how many of the failing bench pods the answer names.
    const failing = new Set();
    for (let i = 0; i < pods; i++) if (benchFailure(i, FAILURE_EVERY)) failing.add(`bench-${i}`);
    let bytes = 0;
    const named = new Set();
    const clusterErrors = [];
    for (const c of server.ops.clusterQuestion) {
      const r = await timedCall(client, c);
      bytes += r.textBytes;
      if (r.isError) clusterErrors.push(`${c.name}: ${r.text.slice(0, 200)}`);
      for (const m of r.text.matchAll(/\bbench-(\d+)\b/g)) if (failing.has(m[0])) named.add(m[0]);
    }
    row.clusterQuestion = { bytes, failingPodsNamed: named.size, failingPods: failing.size, calls: server.ops.clusterQuestion.map((c) => c.name), errors: clusterErrors };
  } catch (error) {
    row.errors.push(error instanceof Error ? error.message : String(error));
  } finally {
    await started.close();
  }
  return row;
}

function versions() {
  const env = readFileSync(fileURLToPath(new URL('../control-plane/versions.env', import.meta.url)), 'utf8');
  const pick = (key) => env.match(new RegExp(`^${key}=(.*)$`, 'm'))?.[1]?.replace(/['"]/g, '');
  return { kubernetes: pick('K8S_VERSION'), etcd: pick('ETCD_VERSION'), kwok: pick('KWOK_VERSION'), node: process.version, ...PEER_VERSIONS };
}

async function main() {
  const peersDir = installPeers({ log: out });
  const env = startPlane();
  const transport = transportFor(env.CP_KUBECONFIG);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30) },
    versions: versions(),
    iterations: ITERATIONS,
    sizes: [],
  };
  try {
    for (const pods of SIZES) {
      out(`\n== ${pods} pods`);
      await populate(transport, pods, { failureEvery: FAILURE_EVERY });
      await plantShop(env, transport);
      await pause(5_000);
      const size = { pods, ours: internals(env.CP_KUBECONFIG), servers: [] };
      out(`  k8s-mcp internals: ${JSON.stringify(size.ours)}`);
      const servers = benchServers({ kubeconfig: env.CP_KUBECONFIG, kubectl: env.CP_KUBECTL, peersDir, httpPort: 28766 });
      for (const server of servers) {
        if (ONLY && !server.id.startsWith(ONLY)) continue;
        out(`  measuring ${server.id}`);
        const row = await measureServer(server, pods);
        out(`  ${JSON.stringify(row)}`);
        size.servers.push(row);
      }
      result.sizes.push(size);
    }
  } finally {
    transport.close();
    if (!KEEP) cp(['stop']);
  }
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}peers.json`, `${JSON.stringify(result, null, 2)}\n`);
  const markdown = renderMarkdown(result);
  writeFileSync(`${RESULTS}peers.md`, markdown);
  out(`\n${markdown}`);
}

await main();
