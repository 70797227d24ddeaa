import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@k8s-mcp/config';
import { applyScenario, controlPlaneOrThrow, deleteScenarios, type KubectlTarget, loadScenarios, plantEvents, scoreSummary } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from './start-runtime.js';

// The diagnosis benchmark's scenarios (tools/diagnosis, ported from public troubleshooting
// benchmarks) as a regression guard on behaviour: each is applied to the real control plane and
// the server's own summary tool must name its root cause. Speed is measured by
// `npm run bench:diagnosis`, never here.
const scenarios = loadScenarios(fileURLToPath(new URL('../../../tools/diagnosis/scenarios', import.meta.url)));
/** Seconds the controllers and kwok's failure stages get to settle. */
const SETTLE_MS = 45_000;

let runtime: Runtime;
let call: (args: Record<string, unknown>) => Promise<string>;
let target: KubectlTarget;

beforeAll(async () => {
  const controlPlane = controlPlaneOrThrow();
  target = { kubectl: controlPlane.kubectl, kubeconfig: controlPlane.adminKubeconfig };
  deleteScenarios(scenarios, target);
  for (const s of scenarios) await applyScenario(s, target);
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  for (const s of scenarios) plantEvents(s, target);
  const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-diagnosis-'));
  const config = loadConfig({
    argv: [],
    env: { KUBECONFIG_PATH: controlPlane.adminKubeconfig, K8S_ALLOWED_NAMESPACES: scenarios.map((s) => s.namespace).join(','), K8S_AUDIT_ENABLED: 'false' },
    readFile: (p) => readFileSync(p, 'utf8'),
    cwd: dir,
    homedir: dir,
    envFile: false,
  });
  runtime = await startRuntime({ config, server: { name: 'k8s-mcp', version: 'test' }, log: () => undefined });
  const server = runtime.createMcpServer({ transport: 'memory', caller: 'spec' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'spec', version: '0' });
  await Promise.all([server.connect(a), client.connect(b)]);
  call = async (args) => ((await client.callTool({ name: 'k8s-cluster-summary', arguments: args })).content as { text: string }[])[0]?.text ?? '';
}, SETTLE_MS + 150_000);

afterAll(async () => {
  await runtime?.close();
  if (target) deleteScenarios(scenarios, target);
});

describe('diagnosis scenarios ported from public benchmarks', () => {
  it('has the scenarios the benchmark reports on, each naming its source', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(24);
    for (const s of scenarios) expect(s.source).not.toBe('unknown');
  });

  it.each(scenarios.map((s) => [s.id, s] as const))('%s: a 4 KB summary of its namespace names the root cause', async (_id, scenario) => {
    const text = await call({ summary_type: 'anomalies', namespace: scenario.namespace, max_size_kb: 4 });
    const score = scoreSummary(text, scenario);
    expect(score.found, `expected a finding on ${scenario.expect.objects.map((o) => `${o.kind}/${o.name}`).join(' or ')} matching /${scenario.expect.cause.source}/i in:\n${text}`).toBe(true);
  });

  it('one 10 KB summary of the whole cluster names at least 20 of every 24 root causes', async () => {
    const text = await call({ summary_type: 'anomalies', max_size_kb: 10 });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(10 * 1024);
    const missed = scenarios.filter((s) => !scoreSummary(text, s).found).map((s) => s.id);
    expect(scenarios.length - missed.length, `missed: ${missed.join(', ')}`).toBeGreaterThanOrEqual(Math.ceil((scenarios.length * 20) / 24));
  });
});
