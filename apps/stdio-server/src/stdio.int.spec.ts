import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { integrationTest as test } from '@k8s-mcp/testing';
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
    const { client, stderr } = await connect({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, K8S_NAMESPACE: namespace });
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toContain('k8s-get-pods');
    const result = await client.callTool({ name: 'k8s-list-resources', arguments: { kind: 'configmaps' } });
    expect((result.content as { text: string }[])[0]?.text).toContain('via-stdio');
    await client.close();
    expect(stderr.join('')).toMatch(/serving MCP on stdio; cluster: kubeconfig/);
  });

  test('serves the bundled demo cluster when no cluster is configured', async () => {
    const { client, stderr } = await connect({ KUBECONFIG_PATH: '/nonexistent/kubeconfig', HOME: '/nonexistent' });
    const result = await client.callTool({ name: 'k8s-get-pods', arguments: { all_namespaces: true } });
    expect((result.content as { text: string }[])[0]?.text).toMatch(/offline snapshot/);
    await client.close();
    expect(stderr.join('')).toMatch(/demo cluster/);
  });
});
