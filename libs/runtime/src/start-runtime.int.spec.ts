import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@k8s-mcp/config';
import type { AuditRecord } from '@k8s-mcp/mcp-server';
import { deploymentFixture, integrationTest as test, waitFor } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect } from 'vitest';
import { type Runtime, startRuntime } from './start-runtime.js';

const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-runtime-'));
const config = (env: Record<string, string>) =>
  loadConfig({ argv: [], env: { K8S_AUDIT_LOG: join(dir, 'audit.log'), ...env }, readFile: (p) => readFileSync(p, 'utf8'), cwd: dir, homedir: dir, envFile: false });

async function client(runtime: Runtime) {
  const server = runtime.createMcpServer({ transport: 'memory', caller: 'spec' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const c = new Client({ name: 'spec', version: '0' });
  await Promise.all([server.connect(a), c.connect(b)]);
  return async (name: string, args: Record<string, unknown> = {}) => ((await c.callTool({ name, arguments: args })).content as { text: string }[])[0]?.text ?? '';
}

describe('startRuntime', () => {
  test('serves a live cluster from the watch cache, keeps the graph current, and audits calls', async ({ controlPlane, admin, namespace }) => {
    const audit: AuditRecord[] = [];
    const runtime = await startRuntime({
      config: config({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, K8S_NAMESPACE: namespace, K8S_FORBIDDEN_NAMESPACES: `${namespace}-hidden` }),
      server: { name: 'k8s-mcp', version: 'test' },
      log: () => undefined,
      audit: { write: (r) => audit.push(r) },
    });
    try {
      expect(runtime.mode).toBe('live');
      expect(runtime.isReady()).toBe(true); // waitForSync defaults to true
      expect(runtime.clusterDescription).toContain(controlPlane.adminKubeconfig);
      expect(runtime.clusterDescription).not.toMatch(/token/i);
      await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'web', replicas: 2 }) });
      await waitFor(() => runtime.sync?.cache.list('Pod', { namespace }).filter((p) => (p as { status?: { phase?: string } }).status?.phase === 'Running').length === 2, { description: 'pods synced' });
      const call = await client(runtime);
      const pods = await call('k8s-get-pods');
      expect(pods).toMatch(/source: watch cache/);
      expect(pods.match(/web-[a-z0-9]+-[a-z0-9]+\s+1\/1\s+Running/g)).toHaveLength(2);
      await waitFor(() => runtime.graph?.node(`Deployment/${namespace}/web`), { description: 'deployment in the graph' });
      const rs = runtime.graph?.inEdges(`Deployment/${namespace}/web`).find((e) => e.source.startsWith('ReplicaSet/'));
      expect(rs?.type).toBeDefined();
      expect(audit.some((r) => r.tool === 'k8s-get-pods' && r.outcome === 'ok' && r.caller === 'spec')).toBe(true);

      // The intelligent tools on the live cluster, and the policy on their paths.
      const hidden = `${namespace}-hidden`;
      await admin.core.createNamespace({ body: { metadata: { name: hidden } } });
      try {
        await admin.apps.createNamespacedDeployment({ namespace: hidden, body: deploymentFixture({ name: 'hidden-app', replicas: 1, failure: 'crashloop' }) });
        const relations = await call('k8s-relation-query', { query_type: 'dependents', resource_type: 'deploy', resource_name: 'web' });
        expect(relations).toMatch(/ReplicaSet .*web-/);
        const summary = await call('k8s-cluster-summary', { summary_type: 'namespace', namespace });
        expect(summary).toMatch(/web/);
        expect(await call('k8s-relation-query', { resource_type: 'deploy', resource_name: 'hidden-app', namespace: hidden })).toMatch(/NAMESPACE_FORBIDDEN/);
        expect(await call('k8s-cluster-summary', { summary_type: 'namespace', namespace: hidden })).toMatch(/NAMESPACE_FORBIDDEN|forbidden/i);
        await waitFor(() => runtime.sync?.cache.count('Deployment') ?? 0, { description: 'deployments synced' });
        const anomalies = await call('k8s-cluster-summary', { summary_type: 'anomalies', format: 'json' });
        expect(anomalies).not.toContain(hidden);
        expect(anomalies).not.toContain('hidden-app');
      } finally {
        await admin.core.deleteNamespace({ name: hidden }).catch(() => undefined);
      }
    } finally {
      await runtime.close();
    }
  });

  test('with waitForSync false, returns before the initial sync, reads from the API meanwhile, and graph and summary tools wait', async ({ controlPlane, admin, namespace }) => {
    await admin.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'before-start' } } });
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'early', replicas: 1 }) });
    await waitFor(async () => (await admin.apps.listNamespacedReplicaSet({ namespace })).items.length === 1, { description: 'the ReplicaSet of early' });
    const progress: string[] = [];
    const runtime = await startRuntime({
      config: config({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, K8S_NAMESPACE: namespace, K8S_AUDIT_ENABLED: 'false' }),
      server: { name: 'k8s-mcp', version: 'test' },
      log: () => undefined,
      onProgress: (m) => progress.push(m),
      waitForSync: false,
    });
    try {
      // Nothing has been listed yet: the runtime is not ready, and reads of any kind go to the API.
      expect(runtime.isReady()).toBe(false);
      expect(progress).toEqual(['initial sync: listing every kind']);
      const configMaps = await runtime.cluster.resolveKind('ConfigMap');
      expect(runtime.toolContext.freshness?.(configMaps)).toMatchObject({ source: 'live' });
      const call = await client(runtime);
      const [listed, relations, summary] = await Promise.all([
        call('k8s-list-resources', { kind: 'configmaps' }),
        call('k8s-relation-query', { query_type: 'dependents', resource_type: 'deploy', resource_name: 'early' }),
        call('k8s-cluster-summary', { summary_type: 'namespace', namespace }),
      ]);
      expect(listed).toContain('before-start');
      expect(listed).toMatch(/source: (live API|watch cache)/);
      // The relation and the summary waited for the sync: complete answers, and the runtime is ready.
      expect(relations).toMatch(/ReplicaSet .*early-/);
      expect(summary).toMatch(/early/);
      expect(runtime.isReady()).toBe(true);
      expect(progress[1]).toMatch(/^initial sync done in \d+\.\ds: (\d+)\/\1 kinds synced$/);
      expect(runtime.toolContext.freshness?.(configMaps)).toMatchObject({ source: 'cache' });
      expect(runtime.graph?.node(`Deployment/${namespace}/early`)).toBeDefined();
    } finally {
      await runtime.close();
    }
  });

  test('closes cleanly during the initial sync', async ({ controlPlane, namespace }) => {
    const runtime = await startRuntime({
      config: config({ KUBECONFIG_PATH: controlPlane.adminKubeconfig, K8S_NAMESPACE: namespace, K8S_AUDIT_ENABLED: 'false' }),
      server: { name: 'k8s-mcp', version: 'test' },
      log: () => undefined,
      waitForSync: false,
    });
    expect(runtime.isReady()).toBe(false);
    await runtime.close();
    // Waiting tools are released, but the runtime never claims a sync it did not finish.
    await runtime.ready;
    expect(runtime.isReady()).toBe(false);
    expect(runtime.graph?.stats().nodes).toBe(0);
  });

  test('falls back to the bundled demo cluster only when no cluster is configured', async () => {
    // Nothing configured: no KUBECONFIG_PATH, and no ~/.kube/config in this home directory.
    const runtime = await startRuntime({ config: config({}), server: { name: 'k8s-mcp', version: 'test' }, log: () => undefined });
    try {
      expect(runtime.mode).toBe('demo');
      expect(runtime.clusterDescription).toMatch(/demo cluster/);
      const call = await client(runtime);
      expect(await call('k8s-get-pods', { all_namespaces: true })).toMatch(/CrashLoopBackOff/);
      expect(await call('k8s-get-pods', { all_namespaces: true })).toMatch(/source: offline snapshot/);
      expect(runtime.graph?.stats().nodes).toBeGreaterThan(100);
      expect(runtime.isReady()).toBe(true);
    } finally {
      await runtime.close();
    }
  });

  test('refuses a configured but broken cluster instead of falling back', async ({ controlPlane }) => {
    const broken = join(dir, 'broken-kubeconfig');
    writeFileSync(broken, 'apiVersion: v1\nkind: Config\nclusters: [oops\n');
    await expect(startRuntime({ config: config({ KUBECONFIG_PATH: broken }), server: { name: 'k8s-mcp', version: 'test' }, log: () => undefined })).rejects.toMatchObject({ code: 'CLUSTER_CONFIG_INVALID' });

    const unreachable = join(dir, 'unreachable-kubeconfig');
    writeFileSync(unreachable, readFileSync(controlPlane.adminKubeconfig, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1'));
    for (const waitForSync of [true, false]) {
      await expect(startRuntime({ config: config({ KUBECONFIG_PATH: unreachable }), server: { name: 'k8s-mcp', version: 'test' }, log: () => undefined, waitForSync })).rejects.toMatchObject({
        code: 'CLUSTER_UNREACHABLE',
        message: expect.stringMatching(/cannot use the configured cluster.*127\.0\.0\.1:1/),
      });
    }
  });
});
