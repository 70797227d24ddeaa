import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { deploymentFixture, integrationTest as test, waitFor } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { beforeAll, describe, expect } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

beforeAll(() => {
  // The interop test runs the real built entry point, as a desktop client would.
  execFileSync('npx', ['tsc', '-b', 'apps/stdio-server/tsconfig.app.json'], { cwd: root, stdio: 'inherit' });
}, 120_000);

async function connect(env: Record<string, string>) {
  const stderr: string[] = [];
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [main],
    env: { PATH: process.env['PATH'] ?? '', K8S_AUDIT_ENABLED: 'false', ...env },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (c: Buffer) => stderr.push(c.toString()));
  const client = new Client({ name: 'stdio-interop', version: '0' });
  await client.connect(transport);
  return { client, stderr };
}

describe('stdio server (built entry point, TS SDK client)', () => {
  test('serves the real control plane over stdio and logs only to stderr', async ({ controlPlane, namespace, admin }) => {
    await admin.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'via-stdio' } } });
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'stdio-app', replicas: 1 }) });
    await waitFor(async () => (await admin.apps.listNamespacedReplicaSet({ namespace })).items.length === 1, { description: 'the ReplicaSet of stdio-app' });
    const { client, stderr } = await connect({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, K8S_NAMESPACE: namespace });
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toContain('k8s-get-pods');
    // Read at once, while the initial sync is (most likely) still running: served from the API.
    const result = await client.callTool({ name: 'k8s-list-resources', arguments: { kind: 'configmaps' } });
    expect((result.content as { text: string }[])[0]?.text).toContain('via-stdio');
    // The graph and summary tools wait for the sync, so their answers are complete.
    const text = async (name: string, args: Record<string, unknown>) => ((await client.callTool({ name, arguments: args })).content as { text: string }[])[0]?.text ?? '';
    expect(await text('k8s-relation-query', { query_type: 'dependents', resource_type: 'deploy', resource_name: 'stdio-app' })).toMatch(/ReplicaSet .*stdio-app-/);
    expect(await text('k8s-cluster-summary', { summary_type: 'namespace', namespace })).toMatch(/stdio-app/);
    await client.close();
    const log = stderr.join('');
    expect(log).toMatch(/serving MCP on stdio; cluster: kubeconfig/);
    // The transport was connected (banner) before the initial sync was done: clients need not wait for it.
    expect(log).toMatch(/serving MCP on stdio[\s\S]*initial sync done in [\d.]+s: (\d+)\/\1 kinds synced/);
  });

  test('serves the bundled demo cluster when no cluster is configured', async () => {
    const { client, stderr } = await connect({ KUBECONFIG_PATH: '/nonexistent/kubeconfig', HOME: '/nonexistent' });
    const result = await client.callTool({ name: 'k8s-get-pods', arguments: { all_namespaces: true } });
    expect((result.content as { text: string }[])[0]?.text).toMatch(/offline snapshot/);
    await client.close();
    expect(stderr.join('')).toMatch(/demo cluster/);
  });
});
