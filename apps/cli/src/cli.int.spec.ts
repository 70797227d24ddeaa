import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deploymentFixture, integrationTest as test, waitFor } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const demoSnapshot = join(root, 'libs/k8s-client/demo/demo-cluster.json');
// A scratch working and home directory: no .env, no ~/.kube/config the test did not put there.
const scratch = mkdtempSync(join(tmpdir(), 'k8s-mcp-cli-int-'));

beforeAll(() => {
  // The CLI is tested as users run it: the built entry point in a child process. The lock keeps
  // parallel test files (serve-http.int.spec.ts, the HTTP server's) from building the same outputs at once.
  execFileSync('flock', [join(tmpdir(), 'k8s-mcp-http-server-build.lock'), 'npx', 'tsc', '-b', 'apps/cli/tsconfig.app.json'], { cwd: root, stdio: 'inherit' });
}, 180_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], {
      cwd: scratch,
      env: { PATH: process.env['PATH'] ?? '', HOME: scratch, K8S_AUDIT_ENABLED: 'false', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('k8s-mcp CLI against the real control plane', () => {
  test('anomalies names a crash-looping Deployment; --fail-on critical exits 1, and 0 on a healthy namespace', async ({ controlPlane, namespace, admin }) => {
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'crashy', failure: 'crashloop', replicas: 2 }) });
    await waitFor(
      async () => {
        const pods = (await admin.core.listNamespacedPod({ namespace })).items;
        return pods.length === 2 && pods.every((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff');
      },
      { description: '2 crashy pods in CrashLoopBackOff', timeoutMs: 90_000 },
    );
    const kubeconfig = ['--kubeconfig', controlPlane.adminKubeconfig];
    const [table, json, gate] = await Promise.all([
      cli(['anomalies', '-n', namespace, ...kubeconfig]),
      cli(['anomalies', '--namespace', namespace, '--format', 'json', ...kubeconfig]),
      cli(['anomalies', '-n', namespace, '--fail-on', 'critical', ...kubeconfig]),
    ]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^CRITICAL +Deployment ${namespace}/crashy \\(x2\\) +CrashLoopBackOff `, 'm'));
    const findings = (JSON.parse(json.stdout) as { findings: { severity: string; reason: string; object: { kind: string; namespace: string; name: string } }[] }).findings;
    expect(findings).toContainEqual(
      expect.objectContaining({ severity: 'critical', reason: 'CrashLoopBackOff', object: { kind: 'Deployment', namespace, name: 'crashy' } }),
    );
    expect(findings.every((f) => f.object.namespace === namespace)).toBe(true);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain(`Deployment ${namespace}/crashy`);
    expect(gate.stderr).toMatch(/k8s-mcp: --fail-on critical: \d+ finding\(s\) at critical\n$/);
    // Not a TTY: no progress lines, no start-up chatter.
    expect(gate.stderr).not.toContain('initial sync');

    // A second namespace holding only healthy objects passes the same gate.
    const calm = `${namespace}-calm`;
    await admin.core.createNamespace({ body: { metadata: { name: calm, labels: { 'k8s-mcp.io/test': 'true' } } } });
    try {
      await admin.core.createNamespacedConfigMap({ namespace: calm, body: { metadata: { name: 'settings' }, data: { a: 'b' } } });
      const quiet = await cli(['anomalies', '-n', calm, '--fail-on', 'critical', '--k8s-allowed-namespaces', calm, ...kubeconfig]);
      expect(quiet.code, quiet.stdout + quiet.stderr).toBe(0);
      expect(quiet.stdout).toMatch(/^\d+ finding\(s\): 0 critical/);
    } finally {
      await admin.core.deleteNamespace({ name: calm }).catch(() => undefined);
    }
  });

  test('summary, relations, describe and health read the live cluster', async ({ controlPlane, namespace, admin }) => {
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'web', replicas: 1 }) });
    await admin.core.createNamespacedService({ namespace, body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } } });
    await waitFor(async () => (await admin.core.listNamespacedPod({ namespace })).items.some((p) => p.status?.phase === 'Running'), {
      description: 'web pod Running',
      timeoutMs: 60_000,
    });
    const kubeconfig = ['--kubeconfig', controlPlane.adminKubeconfig];
    const [summary, relations, describe, health] = await Promise.all([
      cli(['summary', '-n', namespace, '--format', 'json', ...kubeconfig]),
      cli(['relations', 'Service/web', '-n', namespace, '--query', 'dependencies', ...kubeconfig]),
      cli(['describe', 'deploy', 'web', '-n', namespace, ...kubeconfig]),
      cli(['health', '--format', 'json', ...kubeconfig]),
    ]);
    expect(summary.code, summary.stderr).toBe(0);
    expect(JSON.parse(summary.stdout)).toMatchObject({ summary: 'namespace', namespace });
    expect(summary.stdout).toContain('web');
    expect(relations.code, relations.stderr).toBe(0);
    expect(relations.stdout).toContain(`# dependencies of Service ${namespace}/web (ClusterIP)`);
    expect(relations.stdout).toMatch(new RegExp(`--selects--> Pod ${namespace}/web-`));
    expect(describe.code, describe.stderr).toBe(0);
    expect(describe.stdout).toMatch(new RegExp(`^Deployment ${namespace}/web \\(source: watch cache`));
    expect(health.code, health.stderr).toBe(0);
    // 24 built-in kinds and the 7 diagnosis kinds the admin may list (RBAC, webhooks, APIServices;
    // the test plane serves no Gateway API).
    expect(JSON.parse(health.stdout)).toMatchObject({ healthy: true, mode: 'live', sync: { synced: 31 }, graph: { status: 'ok' } });
  });

  test('snapshot records the cluster without Secret values, and summary reads it back', async ({ controlPlane, namespace, admin }) => {
    const secretValue = 'hunter2-do-not-leak';
    await admin.core.createNamespacedSecret({ namespace, body: { metadata: { name: 'creds' }, stringData: { password: secretValue } } });
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'crashy', failure: 'crashloop', replicas: 1 }) });
    await waitFor(async () => (await admin.core.listNamespacedPod({ namespace })).items[0]?.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff', {
      description: 'crashy pod in CrashLoopBackOff',
      timeoutMs: 90_000,
    });
    const file = join(scratch, `${namespace}.json`);
    const recorded = await cli(['snapshot', file, '--kubeconfig', controlPlane.adminKubeconfig]);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toBe('');
    expect(recorded.stderr).toMatch(new RegExp(`^k8s-mcp: recorded \\d+ objects of 24 kinds from kubeconfig .* to ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\n$`));
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(secretValue);
    expect(text).not.toContain(Buffer.from(secretValue).toString('base64'));
    const list = JSON.parse(text) as { kind: string; metadata: { annotations: Record<string, string> }; items: { kind: string; metadata: { name: string; namespace?: string; managedFields?: unknown }; data?: Record<string, string> }[] };
    expect(list.kind).toBe('List');
    expect(list.metadata.annotations['k8s-mcp.io/recorded-by']).toBe('k8s-mcp snapshot');
    expect(list.items.find((i) => i.kind === 'Secret' && i.metadata.name === 'creds' && i.metadata.namespace === namespace)?.data).toEqual({ password: '<redacted>' });
    expect(list.items.some((i) => i.kind === 'Pod' && i.metadata.namespace === namespace)).toBe(true);
    expect(list.items.some((i) => i.metadata.managedFields !== undefined)).toBe(false);

    const [summary, anomalies, secret] = await Promise.all([
      cli(['summary', '--snapshot', file, '-n', namespace]),
      cli(['anomalies', '--snapshot', file, '-n', namespace, '--fail-on', 'critical']),
      cli(['describe', `Secret/${namespace}/creds`, '--snapshot', file, '--format', 'json']),
    ]);
    expect(summary.code, summary.stderr).toBe(0);
    expect(summary.stdout).toMatch(new RegExp(`^# Namespace ${namespace}\n`));
    expect(summary.stdout).toContain('CrashLoopBackOff');
    expect(anomalies.code).toBe(1);
    expect(anomalies.stdout).toContain(`Deployment ${namespace}/crashy`);
    expect(JSON.parse(secret.stdout)).toMatchObject({ kind: 'Secret', data: { password: '<redacted>' } });
  });

  test('an unreachable cluster exits 1 with the reason; usage mistakes exit 2', async () => {
    const kubeconfig = join(scratch, 'unreachable.kubeconfig');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: gone, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]',
        'users: [{name: u, user: {token: not-a-real-token}}]',
        'contexts: [{name: gone, context: {cluster: gone, user: u}}]',
        'current-context: gone',
        '',
      ].join('\n'),
    );
    const [unreachable, unknownCommand, badValue] = await Promise.all([
      cli(['summary', '--kubeconfig', kubeconfig]),
      cli(['sumary']),
      cli(['health', '--k8s-max-resources', 'lots', '--demo']),
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toBe('');
    expect(unreachable.stderr).toMatch(/^k8s-mcp: cannot use the configured cluster \(kubeconfig .*unreachable\.kubeconfig.*\): /);
    expect(unreachable.stderr).not.toContain('not-a-real-token');
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toBe('k8s-mcp: unknown command "sumary"; run k8s-mcp --help to list the commands\n');
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain('K8S_MAX_RESOURCES="lots" (from flag --k8s-max-resources)');
  });

  test('logs through the structured logger: JSON lines off a terminal, K8S_MCP_DEBUG and LOG_LEVEL honoured, results alone on stdout', async ({ controlPlane }) => {
    const kubeconfig = ['--kubeconfig', controlPlane.adminKubeconfig];
    const [debug, silent] = await Promise.all([
      cli(['health', '--format', 'json', ...kubeconfig], { K8S_MCP_DEBUG: 'true' }),
      cli(['health', '--format', 'json', ...kubeconfig], { LOG_LEVEL: 'ERROR' }),
    ]);
    expect(debug.code, debug.stderr).toBe(0);
    const records = debug.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string; time: string; msg: string });
    expect(records.filter((r) => r.level === 'debug').map((r) => r.msg)).toEqual(expect.arrayContaining([expect.stringMatching(/^sync: /)]));
    for (const r of records) expect(r.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.parse(debug.stdout)).toMatchObject({ mode: 'live' });
    expect(silent.code, silent.stderr).toBe(0);
    expect(silent.stderr).toBe('');
  });
});

describe('k8s-mcp CLI against the demo snapshot', () => {
  test('summary fits 10 KB, relations and graph --format mermaid work', async () => {
    const [summary, relations, mermaid, env] = await Promise.all([
      cli(['summary', '--snapshot', demoSnapshot]),
      cli(['relations', 'Ingress/shop/storefront', '--snapshot', demoSnapshot, '--query', 'dependencies', '--depth', '2']),
      cli(['graph', 'Service/shop/checkout', '--snapshot', demoSnapshot, '--format', 'mermaid']),
      cli(['summary', '--type', 'nodes', '--format', 'json'], { K8S_MCP_DEMO: 'true' }),
    ]);
    expect(summary.code, summary.stderr).toBe(0);
    expect(summary.stdout).toMatch(/^# Cluster overview\n/);
    expect(Buffer.byteLength(summary.stdout.replace(/\n$/, ''))).toBeLessThanOrEqual(10 * 1024);
    expect(summary.stdout).toContain('MissingSecret');
    expect(relations.code, relations.stderr).toBe(0);
    expect(relations.stdout).toContain('# dependencies of Ingress shop/storefront');
    expect(relations.stdout).toMatch(/^ {2}- --routes-to :\w+ via rule--> Service shop\/checkout \(ClusterIP\)$/m);
    expect(mermaid.code, mermaid.stderr).toBe(0);
    expect(mermaid.stdout).toMatch(/^flowchart LR\n {2}n0\["Service shop\/checkout<br\/>ClusterIP"\]\n/);
    expect(mermaid.stdout).toMatch(/^ {2}n0 -->\|"selects"\| n\d+$/m);
    expect(env.code, env.stderr).toBe(0);
    expect(JSON.parse(env.stdout)).toMatchObject({ summary: 'nodes' });
  });

  test('serve stdio speaks MCP to the TS SDK client, with only protocol on stdout', async () => {
    const stderr: string[] = [];
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [main, 'serve', 'stdio', '--snapshot', demoSnapshot],
      cwd: scratch,
      env: { PATH: process.env['PATH'] ?? '', HOME: scratch, K8S_AUDIT_ENABLED: 'false' },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const client = new Client({ name: 'cli-interop', version: '0' });
    await client.connect(transport);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('k8s-describe');
    const result = await client.callTool({ name: 'k8s-describe', arguments: { kind: 'Deployment', name: 'checkout', namespace: 'shop' } });
    expect((result.content as { text: string }[])[0]?.text).toMatch(/^Deployment shop\/checkout \(source: offline snapshot/);
    await client.close();
    expect(stderr.join('')).toMatch(/serving MCP on stdio; cluster: offline snapshot .*demo-cluster\.json/);
  });
});
