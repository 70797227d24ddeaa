// Benchmark of @k8s-mcp/sync (not a test): on a private control plane, creates kwok fake nodes
// and N bare pods, then measures the initial sync time and the RSS (after GC) of a fresh process
// that syncs every built-in kind, and of one that syncs pods only, against `kubectl get pods -A
// -o json` on the same cluster.
//
//   npm run bench:sync                      # 1000 and 10000 pods
//   npm run bench:sync -- --pods 1000,10000,50000 [--keep]
//
// Uses the built dist/ of the workspace libs (the npm script builds them first). The plane runs
// in ~/.cache/k8s-mcp/cp-bench with ports shifted by 2000, and is stopped at the end unless --keep.
import { spawn, spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { BUILTIN_KINDS, createKubeTransport, createNamespacePolicy } from '@k8s-mcp/k8s-client';
import { createSyncManager } from '@k8s-mcp/sync';

const SELF = fileURLToPath(import.meta.url);
const CP = fileURLToPath(new URL('../control-plane/cp.sh', import.meta.url));
const out = (line) => process.stdout.write(`${line}\n`);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

function transportFor(kubeconfig) {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  return createKubeTransport(kc);
}

// --- child mode: one measurement in a fresh process, printed as JSON -----------------------
/** The paginated pod list alone (parse only, nothing kept): the API server's share of a sync. */
async function rawList(kubeconfig) {
  const transport = transportFor(kubeconfig);
  const t0 = performance.now();
  let items = 0;
  let pages = 0;
  let token;
  do {
    const page = await transport.json({ path: '/api/v1/pods', query: { limit: 500, continue: token }, timeoutMs: 120_000 });
    items += page.items.length;
    pages += 1;
    token = page.metadata?.continue || undefined;
  } while (token);
  transport.close();
  return { ms: performance.now() - t0, items, pages };
}

async function measure(kubeconfig, scope) {
  const gc = globalThis.gc;
  if (!gc) throw new Error('sync-bench: run with node --expose-gc');
  gc();
  const base = process.memoryUsage();
  const transport = transportFor(kubeconfig);
  const kinds = scope === 'pods' ? BUILTIN_KINDS.filter((k) => k.kind === 'Pod') : BUILTIN_KINDS;
  const sync = createSyncManager({ transport, kinds, policy: createNamespacePolicy({ allowed: [], forbidden: [] }) });
  const t0 = performance.now();
  sync.start();
  await sync.ready();
  const syncMs = performance.now() - t0;
  gc();
  await pause(200);
  gc();
  const after = process.memoryUsage();
  const stats = sync.cache.stats();
  const notSynced = sync.status().filter((s) => s.state !== 'synced').map((s) => `${s.kind}:${s.state}`);
  await sync.stop();
  transport.close();
  out(
    JSON.stringify({
      syncMs,
      rssBaseMb: base.rss / 2 ** 20,
      rssMb: after.rss / 2 ** 20,
      heapBaseMb: base.heapUsed / 2 ** 20,
      heapMb: after.heapUsed / 2 ** 20,
      objects: stats.reduce((a, s) => a + s.objects, 0),
      pods: stats.find((s) => s.kind.kind === 'Pod')?.objects ?? 0,
      cacheMb: stats.reduce((a, s) => a + s.bytes, 0) / 2 ** 20,
      notSynced,
    }),
  );
}

// --- parent mode -----------------------------------------------------------------------------
const PLANE_ENV = {
  ...process.env,
  K8S_MCP_CP_DIR: join(homedir(), '.cache', 'k8s-mcp', 'cp-bench'),
  K8S_MCP_CP_PORT_OFFSET: '2000',
  K8S_MCP_CP_NODES: '2',
};

function cp(args) {
  const r = spawnSync('bash', [CP, ...args], { env: PLANE_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`sync-bench: cp.sh ${args.join(' ')} exited ${r.status}`);
  return r.stdout;
}

/** Runs `fn` over `items` with at most `limit` in flight; returns the number of failures. */
async function pool(items, limit, fn) {
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      for (let attempt = 0; ; attempt++) {
        try {
          await fn(item);
          break;
        } catch (error) {
          if (error?.code === 'CONFLICT' || attempt >= 5) {
            if (error?.code !== 'CONFLICT') failures += 1;
            break;
          }
          await pause(200 * (attempt + 1));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return failures;
}

const NAMESPACES = 10;
const PODS_PER_NODE = 250;

const nodeManifest = (i) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: `bench-node-${i}`,
    annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
    labels: { type: 'kwok', 'kubernetes.io/hostname': `bench-node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` },
  },
  status: {
    allocatable: { cpu: '64', memory: '256Gi', pods: String(PODS_PER_NODE + 10) },
    capacity: { cpu: '64', memory: '256Gi', pods: String(PODS_PER_NODE + 10) },
  },
});

const podManifest = (i) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `bench-${i}`, labels: { app: `app-${i % 50}`, tier: i % 2 ? 'web' : 'worker' } },
  spec: {
    containers: [
      {
        name: 'app',
        image: `registry.example/app-${i % 50}:1.${i % 7}`,
        ports: [{ containerPort: 8080, name: 'http' }],
        env: [{ name: 'LOG_LEVEL', value: 'info' }],
        resources: { requests: { cpu: '10m', memory: '16Mi' } },
      },
    ],
  },
});


/** Names of every pod, and how many are Running. */
async function podCensus(transport) {
  const names = new Set();
  let running = 0;
  let token;
  do {
    const page = await transport.json({ path: '/api/v1/pods', query: { limit: 5000, continue: token }, timeoutMs: 120_000 });
    for (const p of page.items) {
      names.add(p.metadata.name);
      if (p.status?.phase === 'Running') running += 1;
    }
    token = page.metadata?.continue || undefined;
  } while (token);
  return { names, running };
}


/**
 * Brings the cluster to `pods` Running bench pods, creating only the missing ones, so a kept
 * plane (--keep) is reused. Under heavy load kwok may miss node heartbeats and the node
 * controller then evicts pods: missing ones are created again until all are Running.
 */
async function populate(transport, pods) {
  const nodes = Math.max(2, Math.ceil(pods / PODS_PER_NODE));
  const t0 = performance.now();
  await pool(Array.from({ length: nodes }, (_, i) => i), 16, (i) =>
    transport.json({ method: 'POST', path: '/api/v1/nodes', body: nodeManifest(i) }),
  );
  const deadline = Date.now() + 30 * 60_000;
  let created = 0;
  for (;;) {
    // A busy API server may drop a long list; just count again.
    const census = await podCensus(transport).catch(() => undefined);
    if (census) {
      const missing = [];
      for (let i = 0; i < pods; i++) if (!census.names.has(`bench-${i}`)) missing.push(i);
      if (missing.length === 0 && census.running >= census.names.size) break;
      if (missing.length > 0) {
        const failures = await pool(missing, 48, (i) =>
          transport.json({ method: 'POST', path: `/api/v1/namespaces/bench-${i % NAMESPACES}/pods`, body: podManifest(i) }),
        );
        created += missing.length - failures;
        out(`  created ${missing.length - failures} pods (${failures} failures) at ${((performance.now() - t0) / 1000).toFixed(0)} s`);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`sync-bench: only ${census.running} of ${census.names.size} pods Running`);
    }
    await pause(5_000);
  }
  out(`  ${nodes} nodes; ${created} pods created; all ${pods} Running after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function child(kubeconfig, scope) {
  const r = spawnSync(process.execPath, ['--expose-gc', SELF, '--measure', kubeconfig, scope], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`sync-bench: measurement (${scope}) exited ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function kubectlPods(kubectl, kubeconfig) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const proc = spawn(kubectl, ['--kubeconfig', kubeconfig, 'get', 'pods', '-A', '-o', 'json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let bytes = 0;
    proc.stdout.on('data', (c) => (bytes += c.length));
    proc.on('error', reject);
    proc.on('close', (code) =>
      code === 0 ? resolve({ ms: performance.now() - t0, mb: bytes / 2 ** 20 }) : reject(new Error(`kubectl exited ${code}`)),
    );
  });
}

async function main() {
  const args = process.argv.slice(2);
  const sizesArg = args[args.indexOf('--pods') + 1];
  const sizes = (args.includes('--pods') ? sizesArg : '1000,10000').split(',').map(Number);
  const keep = args.includes('--keep');
  out(`sync-bench: starting a private control plane (${PLANE_ENV.K8S_MCP_CP_DIR})`);
  cp(['start']);
  const env = Object.fromEntries(cp(['env']).trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const kubeconfig = env.CP_KUBECONFIG;
  const transport = transportFor(kubeconfig);
  const rows = [];
  try {
    for (let i = 0; i < NAMESPACES; i++) {
      await transport.json({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: `bench-${i}` } } }).catch(() => undefined);
    }
    for (let i = 0; i < NAMESPACES; i++) {
      while (!(await transport.json({ path: `/api/v1/namespaces/bench-${i}/serviceaccounts/default` }).catch(() => undefined))) await pause(250);
    }
    for (const pods of sizes) {
      out(`\n== ${pods} pods`);
      await populate(transport, pods);
      await pause(5_000); // let kwok and the controllers settle
      const all = child(kubeconfig, 'all');
      const podsOnly = child(kubeconfig, 'pods');
      const raw = await rawList(kubeconfig);
      // The first run also fills kubectl's discovery cache; the second is the fair comparison.
      const kubectlCold = await kubectlPods(env.CP_KUBECTL, kubeconfig);
      const kubectl = await kubectlPods(env.CP_KUBECTL, kubeconfig);
      const row = { pods, all, podsOnly, raw, kubectlCold, kubectl };
      rows.push(row);
      out(JSON.stringify(row));
    }
  } finally {
    transport.close();
    if (!keep) cp(['stop']);
  }
  out('\n| pods | sync all kinds | RSS base → synced | heap base → synced | objects | cache est. | sync pods only | RSS | raw paged pod list | kubectl get pods -A -o json (cold / warm) | its output |');
  out('|---|---|---|---|---|---|---|---|---|---|---|');
  const mb = (x) => x.toFixed(0);
  const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
  for (const { pods, all, podsOnly, raw, kubectlCold, kubectl } of rows) {
    out(
      `| ${pods} | ${sec(all.syncMs)} | ${mb(all.rssBaseMb)} → ${mb(all.rssMb)} MB | ${mb(all.heapBaseMb)} → ${mb(all.heapMb)} MB | ${all.objects} | ${all.cacheMb.toFixed(1)} MB | ` +
        `${sec(podsOnly.syncMs)} | ${mb(podsOnly.rssMb)} MB | ${sec(raw.ms)} | ${sec(kubectlCold.ms)} / ${sec(kubectl.ms)} | ${kubectl.mb.toFixed(1)} MB |`,
    );
    if (all.notSynced.length) out(`  (not synced: ${all.notSynced.join(', ')})`);
  }
}

if (process.argv[2] === '--measure') await measure(process.argv[3], process.argv[4]);
else await main();
