// The diagnosis benchmark (npm run bench:diagnosis): broken-cluster scenarios ported from public
// benchmarks (tools/diagnosis/scenarios, each naming its source), applied each in its own
// namespace to a private kwok control plane, then asked about as an agent would: one 4 KB
// anomaly summary per namespace ("what is wrong in namespace X?") and one 10 KB summary of the
// whole cluster. A scenario counts as diagnosed when one finding names the expected object and
// carries the expected root-cause words (libs/testing/src/diagnosis/score-diagnosis.ts).
//
//   node tools/bench/diagnosis-bench.mjs [--server PATH_TO_STDIO_MAIN_JS] [--label NAME] [--keep] [--no-write] [--no-peers]
//
// --server measures another build of the stdio server (e.g. an older commit's, for a
// before/after score); results go to tools/bench/results/diagnosis[-LABEL].{json,md}. Unless
// --no-peers, the pinned peer servers answer the same namespace questions with their blind
// calls (tools/bench/diagnosis-peers.mjs).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { out, pause, privatePlane } from './bench-plane.mjs';
import { connectServer, timedCall } from './peer-client.mjs';
import { measurePeers } from './diagnosis-peers.mjs';
// Plain scripts cannot import @k8s-mcp/testing's index (it loads vitest), so the built files.
import { applyScenario, deleteScenarios, plantEvents } from '../../libs/testing/dist/diagnosis/apply-scenario.js';
import { loadScenarios } from '../../libs/testing/dist/diagnosis/diagnosis-scenario.js';
import { scoreSummary } from '../../libs/testing/dist/diagnosis/score-diagnosis.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const serverPath = arg('--server') ?? join(ROOT, 'apps/stdio-server/dist/main.js');
const label = arg('--label') ?? (arg('--server') ? 'other' : 'current');
const keep = process.argv.includes('--keep');
const write = !process.argv.includes('--no-write');
const withPeers = !process.argv.includes('--no-peers');
/** Seconds the controllers and kwok stages get to settle (crash loops restart every 3-7 s). */
const SETTLE_S = 45;
const NAMESPACE_KB = 4;
const CLUSTER_KB = 10;

const scenarios = loadScenarios(join(ROOT, 'tools/diagnosis/scenarios'));
const plane = privatePlane({ name: 'cp-diag', offset: 5000, nodes: 3 });
const env = plane.start();
// kwok reads the scenarios' logs (ClusterLogs) from its config at start: restart it to pick up edits.
plane.cp(['restart', 'kwok']);
const target = { kubectl: env.CP_KUBECTL, kubeconfig: env.CP_KUBECONFIG };

out(`diagnosis: ${scenarios.length} scenarios; clearing earlier runs`);
deleteScenarios(scenarios, target);
for (let i = 0; i < 120; i++) {
  const left = spawnSync(target.kubectl, ['--kubeconfig', target.kubeconfig, 'get', 'ns', '-l', 'k8s-mcp.io/diagnosis-scenario', '-o', 'name'], { encoding: 'utf8' }).stdout.trim();
  if (!left) break;
  await pause(1000);
}
const applyErrors = [];
for (const s of scenarios) {
  try {
    await applyScenario(s, target);
  } catch (error) {
    applyErrors.push(`${s.id}: ${error.message}`);
    out(`diagnosis: ${error.message}`);
  }
}
out(`diagnosis: applied; settling ${SETTLE_S} s`);
await pause(SETTLE_S * 1000);
for (const s of scenarios) plantEvents(s, target);
await pause(5000);

const server = {
  id: `k8s-mcp (${label})`,
  transport: 'stdio',
  command: process.execPath,
  args: [serverPath],
  env: { KUBECONFIG_PATH: env.CP_KUBECONFIG, K8S_ALLOWED_NAMESPACES: scenarios.map((s) => s.namespace).join(','), K8S_AUDIT_ENABLED: 'false' },
};
const conn = await connectServer(server);
const results = [];
let perNamespaceBytes = 0;
let perNamespaceMs = 0;
for (const s of scenarios) {
  const call = await timedCall(conn.client, { name: 'k8s-cluster-summary', arguments: { summary_type: 'anomalies', namespace: s.namespace, max_size_kb: NAMESPACE_KB } });
  perNamespaceBytes += call.textBytes;
  perNamespaceMs += call.ms;
  results.push({ scenario: s, namespace: scoreSummary(call.text, s), namespaceText: call.text });
}
const wide = await timedCall(conn.client, { name: 'k8s-cluster-summary', arguments: { summary_type: 'anomalies', max_size_kb: CLUSTER_KB } });
await conn.close();
for (const r of results) r.cluster = scoreSummary(wide.text, r.scenario);

const found = (key) => results.filter((r) => r[key].found).length;
const total = scenarios.length;
out('');
out(`| scenario | source | per namespace (${NAMESPACE_KB} KB) | cluster-wide (${CLUSTER_KB} KB) |`);
out('|---|---|---|---|');
for (const r of results) {
  const mark = (x) => (x.found ? 'found' : x.named ? 'named, cause missing' : 'missed');
  out(`| ${r.scenario.id} | ${r.scenario.source} | ${mark(r.namespace)} | ${mark(r.cluster)} |`);
}
out('');
out(`diagnosis (${label}): per namespace ${found('namespace')}/${total} (${perNamespaceBytes} bytes in all, ${Math.round(perNamespaceMs / total)} ms per summary); cluster-wide ${found('cluster')}/${total} in ${wide.textBytes} bytes (${Math.round(wide.ms)} ms)`);
const peers = withPeers ? await measurePeers(scenarios, { kubeconfig: env.CP_KUBECONFIG, kubectl: env.CP_KUBECTL, log: out }) : [];
for (const p of peers) {
  const found = p.scenarios.filter((x) => x.found);
  out(
    `diagnosis (${p.server}): evidence in its blind calls for ${found.length}/${total} namespaces, ` +
      `${found.reduce((n, x) => n + x.bytes, 0)} bytes for those (k8s-mcp: ${results.filter((r) => p.scenarios.find((x) => x.id === r.scenario.id)?.found).reduce((n, r) => n + Buffer.byteLength(r.namespaceText), 0)} bytes for the same namespaces)`,
  );
}
if (applyErrors.length > 0) out(`diagnosis: ${applyErrors.length} scenarios could not be applied fully: ${applyErrors.join('; ')}`);

if (write) {
  const name = label === 'current' ? 'diagnosis' : `diagnosis-${label}`;
  const json = {
    label,
    server: serverPath,
    measuredAt: new Date().toISOString(),
    budgets: { namespaceKb: NAMESPACE_KB, clusterKb: CLUSTER_KB },
    perNamespace: { found: found('namespace'), total, bytes: perNamespaceBytes },
    clusterWide: { found: found('cluster'), total, bytes: wide.textBytes },
    scenarios: results.map((r) => ({
      id: r.scenario.id,
      source: r.scenario.source,
      expect: { objects: r.scenario.expect.objects.map((o) => `${o.kind}/${o.name}`), cause: r.scenario.expect.cause.source },
      perNamespace: { found: r.namespace.found, named: r.namespace.named, finding: r.namespace.evidence ?? null, summary: r.namespaceText },
      clusterWide: { found: r.cluster.found, named: r.cluster.named },
    })),
    peers: peers.map((p) => ({ server: p.server, found: p.scenarios.filter((x) => x.found).length, scenarios: p.scenarios })),
    applyErrors,
  };
  writeFileSync(join(ROOT, `tools/bench/results/${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(ROOT, `tools/bench/results/${name}-cluster-summary.md`), wide.text);
  out(`diagnosis: results in tools/bench/results/${name}.json`);
}
if (!keep) {
  deleteScenarios(scenarios, target);
  plane.cp(['stop']);
}
