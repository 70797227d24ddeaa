import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@k8s-mcp/config';
import { integrationTest as test } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect } from 'vitest';
import { type Runtime, startRuntime } from './start-runtime.js';

const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-live-access-'));
const config = (env: Record<string, string>) => loadConfig({ argv: [], env: { K8S_AUDIT_LOG: join(dir, 'audit.log'), ...env }, readFile: (p) => readFileSync(p, 'utf8'), cwd: dir, homedir: dir, envFile: false });

async function caller(runtime: Runtime) {
  const server = runtime.createMcpServer({ transport: 'memory', caller: 'spec' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'spec', version: '0' });
  await Promise.all([server.connect(a), client.connect(b)]);
  return async (name: string, args: Record<string, unknown> = {}) => {
    const result = await client.callTool({ name, arguments: args });
    return { text: (result.content as { text: string }[])[0]?.text ?? '', isError: result.isError === true };
  };
}

describe('live-only tool access', () => {
  test('a live runtime gives the tools Helm releases, the kubeconfig view and exec; the demo does not', async ({ controlPlane, namespace }) => {
    const live = await startRuntime({ config: config({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, K8S_NAMESPACE: namespace }), server: { name: 'k8s-mcp', version: 'test' }, log: () => undefined });
    try {
      expect(typeof live.toolContext.helmReleases).toBe('function');
      expect(typeof live.toolContext.execInPod).toBe('function');
      const call = await caller(live);
      const view = await call('k8s-view-config');
      expect(view.text).toMatch(/Current context: k8s-mcp-test-admin; its namespace: default; tools default to namespace t-/);
      expect(view.text).not.toContain(/token: (\S+)/.exec(readFileSync(controlPlane.adminKubeconfig, 'utf8'))?.[1]);
      const helm = await call('k8s-list-helm-releases', { namespace });
      expect(helm.isError).toBe(false);
      expect(helm.text).toContain('(no Helm releases)');
    } finally {
      await live.close();
    }

    const demo = await startRuntime({ config: config({ KUBECONFIG_PATH: join(dir, 'missing'), K8S_MCP_DEMO: 'true' }), server: { name: 'k8s-mcp', version: 'test' }, log: () => undefined });
    try {
      expect(demo.toolContext.helmReleases).toBeUndefined();
      const call = await caller(demo);
      expect((await call('k8s-view-config')).text).toMatch(/^This server reads an offline snapshot/);
      expect((await call('k8s-list-helm-releases')).text).toMatch(/^Error \(NOT_AVAILABLE\)/);
    } finally {
      await demo.close();
    }
  });
});
