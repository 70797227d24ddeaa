// Load benchmark of the HTTP server (not a test): 50 Streamable HTTP clients on /mcp and 50
// legacy SSE clients on /sse, all connected first, then each calling cache-served read tools
// back to back (no think time) for 60 s. Reports per transport and in total the calls,
// throughput, p50/p99/max latency and errors (which must be 0: the exit code is 1 otherwise),
// the server's RSS before and after the window and its CPU time, and writes the numbers to
// tools/bench/results/load.json.
//
//   npm run bench:load
//   npm run bench:load -- --seconds 60 --clients 50 [--keep]
//
// The server is the built apps/http-server/dist/main.js (the npm script builds it), a child
// process against a private control plane (load-cluster.mjs; stopped at the end unless --keep)
// whose workload is served from the informer cache; a call not answered from the watch cache
// counts as an error. The clients share this one Node process and the machine with the server:
// latencies include client-side queueing, and the CPU figures show which side was busy. On a
// machine busy with other work the p99 measures CPU starvation more than the server, hence the
// calls per 10 s, the clients' event-loop delay and the load average in the report.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { cp, EXPECTED_PODS, NAMESPACES, NODES, PLANE_ENV, populate, startPlane } from './load-cluster.mjs';

const MAIN = fileURLToPath(new URL('../../apps/http-server/dist/main.js', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/load.json', import.meta.url));
const out = (line) => process.stdout.write(`${line}\n`);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const SECONDS = option('--seconds', 60);
const CLIENTS = option('--clients', 50);
const KEEP = args.includes('--keep');

/** The read tools the clients cycle through; `pod` is one running pod `{ ns, name }`. */
const MIX = [
  ['k8s-get-pods', ({ ns }) => ({ namespace: ns, limit: 50 })],
  ['k8s-get-resource', ({ ns, name }) => ({ kind: 'Pod', name, namespace: ns })],
  ['k8s-describe-pod', ({ ns, name }) => ({ name, namespace: ns })],
  ['k8s-get-events', ({ ns }) => ({ namespace: ns, limit: 20 })],
  ['k8s-get-deployments', ({ ns }) => ({ namespace: ns })],
  ['k8s-get-services', () => ({ all_namespaces: true })],
  ['k8s-list-resources', ({ ns }) => ({ kind: 'configmaps', namespace: ns, label_selector: 'app.kubernetes.io/part-of=load-bench' })],
  ['k8s-cluster-summary', () => ({ summary_type: 'overview' })],
];

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });

/** VmRSS and VmHWM (peak) of `pid`, in MB. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

/** User + system CPU seconds `pid` has used. */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ (100 on Linux)
}

/** Starts the server on a free port against `kubeconfig`; resolves once /health says it is ready (synced). */
async function startServer(kubeconfig, work) {
  const port = await freePort();
  const logFile = join(work, 'server.log');
  // A minimal environment and a scratch working directory: no K8S_* variable or .env of the
  // developer's shell changes what is measured. Monitoring stays at its default (on).
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    KUBECONFIG_PATH: kubeconfig,
    K8S_MCP_HOST: '127.0.0.1',
    K8S_MCP_PORT: String(port),
    K8S_AUDIT_LOG: join(work, 'audit.log'),
    // Every client holds one session (K8S_MCP_MAX_SESSIONS defaults to 100).
    K8S_MCP_MAX_SESSIONS: String(Math.max(100, 2 * CLIENTS + 10)),
  };
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [MAIN], { cwd: work, env, stdio: ['ignore', log, log] });
  let exited;
  child.once('exit', (code, signal) => (exited = `exited ${code ?? signal}`));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(`load-bench: server ${exited}:\n${readFileSync(logFile, 'utf8')}`);
    const health = await fetch(`${url}/health`)
      .then((r) => (r.ok ? r.json() : undefined))
      .catch(() => undefined);
    // A server that listens during its initial sync says `status: starting`, `ready: false`.
    if (health?.status === 'ok' && health.ready !== false) return { child, url, health, logFile };
    if (Date.now() > deadline) throw new Error(`load-bench: server not ready after 120 s (${JSON.stringify(health)}):\n${readFileSync(logFile, 'utf8')}`);
    await pause(250);
  }
}

async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  if ((await Promise.race([exited.then(() => true), pause(15_000)])) !== true) child.kill('SIGKILL');
}

async function connect(url, transport) {
  const client = new Client({ name: `load-bench-${transport}`, version: '1.0.0' });
  await client.connect(transport === 'mcp' ? new StreamableHTTPClientTransport(new URL(`${url}/mcp`)) : new SSEClientTransport(new URL(`${url}/sse`)));
  return client;
}

/** Why `result` counts as an error, or undefined when it does not. */
function failure(result) {
  const text = (result.content ?? []).map((c) => c.text ?? '').join('\n');
  if (result.isError) return `isError: ${text.slice(0, 200)}`;
  // Every tool of the mix names its source (the summary only in its structured content).
  const cached = text.includes('source: watch cache') || result.structuredContent?.source === 'watch cache';
  if (!cached) return `not served from the watch cache: ${text.slice(0, 120)}`;
  return undefined;
}

/** One call; returns its latency in ms, and the error message when it failed. */
async function call(client, [tool, params], pod) {
  const t0 = performance.now();
  try {
    const result = await client.callTool({ name: tool, arguments: params(pod) });
    return { ms: performance.now() - t0, error: failure(result) };
  } catch (error) {
    // fetch's own message ("fetch failed") hides the socket error in `cause`.
    const cause = error?.cause ? ` (${error.cause.code ?? ''} ${error.cause.message ?? error.cause})` : '';
    return { ms: performance.now() - t0, error: `${error?.code ?? ''} ${error?.message ?? error}${cause}`.trim() };
  }
}

const nearestRank = (sorted, p) => (sorted.length ? sorted[Math.max(0, Math.ceil(sorted.length * p) - 1)] : NaN);
function stats(samples, seconds) {
  const sorted = Float64Array.from(samples.map((s) => s.ms)).sort();
  const errors = samples.filter((s) => s.error).length;
  const r2 = (x) => Math.round(x * 100) / 100;
  return {
    calls: samples.length,
    throughput: r2(samples.length / seconds),
    p50Ms: r2(nearestRank(sorted, 0.5)),
    p99Ms: r2(nearestRank(sorted, 0.99)),
    maxMs: r2(sorted[sorted.length - 1] ?? NaN),
    errors,
  };
}

async function main() {
  out(`load-bench: ${CLIENTS} clients on /mcp + ${CLIENTS} on /sse for ${SECONDS} s; private control plane in ${PLANE_ENV.K8S_MCP_CP_DIR}`);
  const env = startPlane();
  const work = mkdtempSync(join(os.tmpdir(), 'k8s-mcp-load-'));
  const clients = [];
  let server;
  try {
    const podsByNs = await populate(env, out);
    const pods = Object.entries(podsByNs).flatMap(([ns, names]) => names.map((name) => ({ ns, name })));
    server = await startServer(env.CP_KUBECONFIG, work);
    const idle = memory(server.child.pid);
    out(`  server pid ${server.child.pid} on ${server.url}: health ${JSON.stringify(server.health)}; RSS idle ${idle.rssMb.toFixed(1)} MB`);

    // Connect everyone first, a few at a time; every client lists the tools as an agent would.
    const t0 = performance.now();
    const plan = Array.from({ length: 2 * CLIENTS }, (_, i) => (i % 2 ? 'sse' : 'mcp'));
    for (let i = 0; i < plan.length; i += 10) {
      const batch = await Promise.all(plan.slice(i, i + 10).map((t) => connect(server.url, t).then((client) => ({ client, transport: t }))));
      clients.push(...batch);
    }
    const offered = new Set((await Promise.all(clients.map(({ client }) => client.listTools()))).flatMap((r) => r.tools.map((t) => t.name)));
    const missing = MIX.map(([tool]) => tool).filter((tool) => !offered.has(tool));
    if (missing.length) throw new Error(`load-bench: the server offers no ${missing.join(', ')} (it has: ${[...offered].join(', ')})`);
    // Listing the tools compiles every output schema in each client: seconds of CPU on a busy
    // machine, during which the clients' pool cannot expire its idle sockets while the server
    // closes them (5 s). Waiting lets both sides drop them, so no call is sent on a dead socket.
    await pause(6_000);
    // One call of every tool per client before the window, one at a time per client as in the
    // window: warms the server and checks each answer.
    const warm = (
      await Promise.all(
        clients.map(async ({ client }, c) => {
          const results = [];
          for (const m of MIX) results.push({ tool: m[0], ...(await call(client, m, pods[c % pods.length])) });
          return results;
        }),
      )
    ).flat();
    const warmErrors = warm.filter((r) => r.error);
    // A tool answering wrongly means a broken setup, not load: stop. Transport errors are counted.
    const wrong = warmErrors.find((r) => /^isError|^not served/.test(r.error));
    if (wrong) throw new Error(`load-bench: warm-up call of ${wrong.tool} failed: ${wrong.error}`);
    for (const r of warmErrors) out(`  warm-up error: ${r.tool}: ${r.error}`);
    out(`  ${clients.length} clients connected, tools listed and ${warm.length} warm-up calls done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const before = memory(server.child.pid);
    const cpuBefore = { server: cpuSeconds(server.child.pid), bench: process.cpuUsage() };
    const samples = { mcp: [], sse: [] };
    const perTool = Object.fromEntries(MIX.map(([tool]) => [tool, []]));
    const errorKinds = new Map();
    // Calls completed per 10 s slice, and this process's event-loop delay: a dip or a stalled
    // client loop shows when something else on the machine took the CPU.
    const slices = new Array(Math.ceil(SECONDS / 10) + 1).fill(0);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const start = performance.now();
    const end = start + SECONDS * 1000;
    await Promise.all(
      clients.map(async ({ client, transport }, c) => {
        for (let i = c; performance.now() < end; i++) {
          const m = MIX[i % MIX.length];
          const r = await call(client, m, pods[(c * 7 + i) % pods.length]);
          samples[transport].push(r);
          slices[Math.floor((performance.now() - start) / 10_000)] += 1;
          perTool[m[0]].push(r);
          if (r.error) errorKinds.set(`${m[0]}: ${r.error}`, (errorKinds.get(`${m[0]}: ${r.error}`) ?? 0) + 1);
        }
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    loopDelay.disable();
    const after = memory(server.child.pid);
    const serverCpu = cpuSeconds(server.child.pid) - cpuBefore.server;
    const benchCpu = process.cpuUsage(cpuBefore.bench);

    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
      setup: {
        clientsPerTransport: CLIENTS,
        seconds: SECONDS,
        elapsedSeconds: Math.round(elapsed * 100) / 100,
        cluster: { namespaces: NAMESPACES, pods: EXPECTED_PODS, nodes: NODES },
        tools: MIX.map(([tool]) => tool),
      },
      mcp: stats(samples.mcp, elapsed),
      sse: stats(samples.sse, elapsed),
      total: stats([...samples.mcp, ...samples.sse], elapsed),
      perTool: Object.fromEntries(Object.entries(perTool).map(([tool, s]) => [tool, stats(s, elapsed)])),
      server: {
        rssIdleMb: Math.round(idle.rssMb),
        rssBeforeMb: Math.round(before.rssMb),
        rssAfterMb: Math.round(after.rssMb),
        peakRssMb: Math.round(after.peakRssMb),
        cpuSeconds: Math.round(serverCpu * 10) / 10,
        cpuPercentOfOneCore: Math.round((serverCpu / elapsed) * 100),
      },
      benchProcessCpuPercentOfOneCore: Math.round(((benchCpu.user + benchCpu.system) / 1e6 / elapsed) * 100),
      benchEventLoopDelayMs: { p99: Math.round(loopDelay.percentile(99) / 1e6), max: Math.round(loopDelay.max / 1e6) },
      callsPer10s: slices.filter((n, i) => n > 0 || i < SECONDS / 10),
      loadAverage1mAfter: Math.round(os.loadavg()[0] * 100) / 100,
      warmUpErrors: warmErrors.length,
      errorKinds: Object.fromEntries([...errorKinds].slice(0, 20)),
    };
    report(result);
    mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    out(`\nwritten to ${RESULTS}`);
    if (result.total.errors + result.warmUpErrors > 0) process.exitCode = 1;
  } finally {
    await Promise.all(clients.map(({ client }) => client.close().catch(() => undefined)));
    if (server) await stopServer(server.child);
    rmSync(work, { recursive: true, force: true });
    if (!KEEP) cp(['stop']);
  }
}

function report(r) {
  const { machine: m, setup: s } = r;
  out(`\nmachine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB, node ${m.node}, ${m.platform}`);
  out(`cluster: ${s.cluster.pods} pods in ${s.cluster.namespaces} namespaces on ${s.cluster.nodes} kwok nodes; window ${s.elapsedSeconds} s`);
  out('\n| transport | clients | calls | calls/s | p50 ms | p99 ms | max ms | errors |');
  out('|---|---|---|---|---|---|---|---|');
  const rows = [['/mcp (Streamable HTTP)', 'mcp', s.clientsPerTransport], ['/sse (legacy SSE)', 'sse', s.clientsPerTransport], ['total', 'total', 2 * s.clientsPerTransport]];
  for (const [label, key, clients] of rows) {
    const x = r[key];
    out(`| ${label} | ${clients} | ${x.calls} | ${x.throughput} | ${x.p50Ms} | ${x.p99Ms} | ${x.maxMs} | ${x.errors} |`);
  }
  out('\n| tool | calls | p50 ms | p99 ms | max ms | errors |');
  out('|---|---|---|---|---|---|');
  for (const [tool, x] of Object.entries(r.perTool)) out(`| ${tool} | ${x.calls} | ${x.p50Ms} | ${x.p99Ms} | ${x.maxMs} | ${x.errors} |`);
  const v = r.server;
  out(`\nserver RSS: idle ${v.rssIdleMb} MB, before the window (clients connected, warmed up) ${v.rssBeforeMb} MB, after ${v.rssAfterMb} MB, peak ${v.peakRssMb} MB`);
  out(`CPU during the window: server ${v.cpuSeconds} s (${v.cpuPercentOfOneCore}% of one core), clients (this process) ${r.benchProcessCpuPercentOfOneCore}% of one core`);
  out(`clients' event-loop delay p99 ${r.benchEventLoopDelayMs.p99} ms, max ${r.benchEventLoopDelayMs.max} ms; calls per 10 s: ${r.callsPer10s.join(', ')}; load average (1 min) after: ${r.loadAverage1mAfter}`);
  if (r.warmUpErrors) out(`warm-up errors (before the window): ${r.warmUpErrors}`);
  for (const [kind, n] of Object.entries(r.errorKinds)) out(`error ×${n}: ${kind}`);
}

await main();
