import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@k8s-mcp/config';
import { startRuntime } from '@k8s-mcp/runtime';
import { integrationTest as test } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, describe, expect } from 'vitest';
import { type CliIo, run } from './run.js';

const scratch = mkdtempSync(join(tmpdir(), 'k8s-mcp-snapshot-clock-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const DAY = 86_400_000;

/** Runs the CLI in-process with its clock at `now`. */
async function cli(argv: readonly string[], now: number): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env: { K8S_AUDIT_ENABLED: 'false' },
    readFile: (path) => readFileSync(path, 'utf8'),
    writeFile: (path, text) => writeFileSync(path, text, 'utf8'),
    cwd: scratch,
    homedir: scratch,
    version: 'test',
    now: () => now,
  };
  const code = await run(argv, io);
  return { code, out, err };
}

describe('offline snapshots are evaluated at their recording time', () => {
  test('a snapshot read 30 days later shows the ages and CronJob findings it had when recorded, and says so', async ({ controlPlane, namespace, admin }) => {
    // Fine when recorded: created just now, so no scheduled run has been missed yet.
    await admin.batch.createNamespacedCronJob({
      namespace,
      body: {
        metadata: { name: 'nightly' },
        spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'registry.example.com/backup:1' }] } } } } },
      },
    });
    const file = join(scratch, 'cluster.json');
    const recording = await cli(['snapshot', file, '--kubeconfig', controlPlane.adminKubeconfig, '--k8s-allowed-namespaces', namespace], Date.now());
    expect(recording.code, recording.err).toBe(0);
    const recordedAt = (JSON.parse(readFileSync(file, 'utf8')) as { metadata: { annotations: Record<string, string> } }).metadata.annotations['k8s-mcp.io/recorded-at'] as string;
    expect(recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const later = Date.parse(recordedAt) + 30 * DAY;
    const evaluated = `evaluated at ${new Date(Date.parse(recordedAt)).toISOString()} (snapshot time)`;

    // The CLI: summaries, anomalies and describe, at the snapshot's time.
    const summary = await cli(['summary', '--snapshot', file, '--type', 'anomalies', '-n', namespace, '--max-size-kb', '64'], later);
    expect(summary.code, summary.err).toBe(0);
    expect(summary.out).toContain(evaluated);
    expect(summary.out).not.toContain('NoRecentSuccess');
    const anomalies = await cli(['anomalies', '--snapshot', file, '-n', namespace, '--format', 'json'], later);
    const findings = (JSON.parse(anomalies.out) as { findings: { reason: string; object: { name: string } }[] }).findings;
    expect(findings.filter((f) => f.object.name === 'nightly').map((f) => f.reason)).not.toContain('NoRecentSuccess');
    const described = await cli(['describe', 'cronjob', 'nightly', '-n', namespace, '--snapshot', file], later);
    expect(described.out).toContain(evaluated);
    expect(described.out).toMatch(/^Created: \d+[sm] ago$/m);
    // Re-recording a snapshot keeps its time: the objects did not get any newer.
    const copy = join(scratch, 'copy.json');
    expect((await cli(['snapshot', copy, '--snapshot', file], later)).code).toBe(0);
    expect(JSON.parse(readFileSync(copy, 'utf8')).metadata.annotations['k8s-mcp.io/recorded-at']).toBe(recordedAt);

    // The MCP tools of a runtime whose wall clock is 30 days on.
    const runtime = await startRuntime({
      config: loadConfig({ argv: [], env: { K8S_MCP_SNAPSHOT: file, K8S_NAMESPACE: namespace, K8S_AUDIT_ENABLED: 'false' }, readFile: (p) => readFileSync(p, 'utf8'), cwd: scratch, homedir: scratch, envFile: false }),
      server: { name: 'k8s-mcp', version: 'test' },
      log: () => undefined,
      now: () => later,
    });
    try {
      const server = runtime.createMcpServer({ transport: 'memory', caller: 'spec' });
      const [a, b] = InMemoryTransport.createLinkedPair();
      const client = new Client({ name: 'spec', version: '0' });
      await Promise.all([server.connect(a), client.connect(b)]);
      const call = async (name: string, args: Record<string, unknown>) => ((await client.callTool({ name, arguments: args })).content as { text: string }[])[0]?.text ?? '';
      const listed = await call('k8s-list-resources', { kind: 'cronjobs' });
      expect(listed).toContain(evaluated);
      expect(listed).toMatch(/\snightly\s+\d+[sm]$/m);
      const anomaliesSummary = await call('k8s-cluster-summary', { summary_type: 'anomalies', namespace, format: 'markdown' });
      expect(anomaliesSummary).toContain(evaluated);
      expect(anomaliesSummary).not.toContain('NoRecentSuccess');
      const json = JSON.parse(await call('k8s-cluster-summary', { summary_type: 'overview', format: 'json', max_size_kb: 64 })) as Record<string, unknown>;
      expect(json).toMatchObject({ generatedAt: new Date(Date.parse(recordedAt)).toISOString(), clock: 'snapshot time' });
    } finally {
      await runtime.close();
    }
  }, 180_000);
});
