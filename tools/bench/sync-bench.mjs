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
import { fileURLToPath } from 'node:url';
import { BUILTIN_KINDS, createNamespacePolicy } from '@k8s-mcp/k8s-client';
import { createSyncManager } from '@k8s-mcp/sync';
import { cp, out, pause, populate, startPlane, transportFor } from './bench-plane.mjs';

const SELF = fileURLToPath(import.meta.url);

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
  const env = startPlane();
  const kubeconfig = env.CP_KUBECONFIG;
  const transport = transportFor(kubeconfig);
  const rows = [];
  try {
    for (const pods of sizes) {
      out(`\n== ${pods} pods`);
      await populate(transport, pods, { failureEvery: 100 });
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
