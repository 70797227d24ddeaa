import { createDiscovery, createLiveCluster, createNamespacePolicy, resolveClusterAccess } from '@k8s-mcp/k8s-client';
import { deploymentFixture, integrationTest as test, podFixture, waitFor, type ControlPlaneInfo } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect } from 'vitest';
import { createMcpServer } from '../create-mcp-server.js';
import type { ToolMode } from '../tool-gating.js';

const PLANTED = 'PLANTED-SECRET-VALUE-9f3b';
const READ_ONLY: ToolMode = { allowWrites: false, allowDestructive: false };

async function connect(cp: ControlPlaneInfo, namespace: string, mode: ToolMode, forbidden: string[] = []) {
  const access = resolveClusterAccess({ kubeconfigPaths: [cp.adminKubeconfig], defaultNamespace: namespace });
  const policy = createNamespacePolicy({ allowed: [], forbidden });
  const cluster = createLiveCluster({ transport: access.transport, discovery: createDiscovery(access.transport), policy, maxResources: 100 });
  const server = createMcpServer({
    name: 'k8s-mcp',
    version: 'test',
    call: { transport: 'memory' },
    kubernetes: { context: { reader: cluster, writer: cluster, defaultNamespace: namespace, maxResources: 100, now: Date.now }, mode },
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'int', version: '0' });
  await Promise.all([server.connect(a), client.connect(b)]);
  const outputs: string[] = [];
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const result = await client.callTool({ name, arguments: args });
    const text = (result.content as { text: string }[])[0]?.text ?? '';
    outputs.push(text, JSON.stringify(result.structuredContent ?? {}));
    return { text, isError: result.isError === true, structured: result.structuredContent as Record<string, unknown> | undefined };
  };
  return { client, call, outputs };
}

describe('Kubernetes tools on the real control plane', () => {
  test('read tools answer from the live API, never leak Secret values, and refuse forbidden namespaces', async ({ admin, controlPlane, namespace }) => {
    const forbiddenNs = `${namespace}-forbidden`;
    await admin.core.createNamespace({ body: { metadata: { name: forbiddenNs } } });
    try {
      await admin.core.createNamespacedSecret({ namespace, body: { metadata: { name: 'db-creds' }, stringData: { password: PLANTED } } });
      await admin.core.createNamespacedConfigMap({ namespace: forbiddenNs, body: { metadata: { name: 'hidden-config' }, data: { a: 'b' } } });
      await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'web', replicas: 2 }) });
      await admin.core.createNamespacedService({ namespace, body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } } });
      await admin.core.createNamespacedPod({ namespace, body: podFixture('crasher', 'crashloop') });
      await waitFor(async () => (await admin.core.listNamespacedPod({ namespace, labelSelector: 'app=web' })).items.filter((p) => p.status?.phase === 'Running').length === 2, { description: 'web pods running' });
      await waitFor(async () => (await admin.core.readNamespacedPod({ name: 'crasher', namespace })).status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff', { description: 'crasher crash-looping' });

      const { client, call, outputs } = await connect(controlPlane, namespace, READ_ONLY, [forbiddenNs]);
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('k8s-get-pods');
      expect(names).not.toContain('k8s-delete');
      expect(names).not.toContain('k8s-scale-deployment');

      const pods = await call('k8s-get-pods', {});
      expect(pods.text).toMatch(/crasher\s+0\/1\s+CrashLoopBackOff/);
      expect(pods.structured?.['returned']).toBe(3);
      expect((await call('k8s-get-services', { namespace })).text).toMatch(/web\s+ClusterIP/);
      expect((await call('k8s-get-deployments', {})).text).toMatch(/web\s+2\/2/);
      expect((await call('k8s-get-nodes')).text).toMatch(/kwok-node-0\s+Ready/);
      const namespaces = await call('k8s-list-namespaces');
      expect(namespaces.text).toContain(namespace);
      expect(namespaces.text).not.toContain(forbiddenNs);
      expect((await call('k8s-get-events', { type: 'Warning' })).text).toMatch(/BackOff/);
      const logs = await call('k8s-get-logs', { name: 'crasher', previous: 'true' });
      expect(logs.text).toMatch(/^<untrusted-data kind="logs"[\s\S]*panic: runtime error/);
      expect((await call('k8s-describe-pod', { name: 'crasher' })).text).toMatch(/last terminated Error exit 1/);
      expect((await call('k8s-describe', { kind: 'deploy', name: 'web' })).text).toMatch(/Deployment .*\/web/);
      const secret = await call('k8s-get-resource', { kind: 'secret', name: 'db-creds' });
      expect(secret.text).toContain('password');
      expect((await call('k8s-list-resources', { kind: 'configmaps', all_namespaces: true, format: 'names' })).text).not.toContain('hidden-config');
      expect((await call('k8s-list-resources', { kind: 'secrets', format: 'json' })).text).toContain('db-creds');

      // Error paths name what was wrong.
      expect((await call('k8s-get-logs', { name: 'no-such-pod' })).text).toMatch(/Error \(NOT_FOUND\)/);
      expect((await call('k8s-describe', { kind: 'Deploymnet', name: 'web' })).text).toMatch(/Error \(UNKNOWN_KIND\)/);
      expect((await call('k8s-get-pods', { limit: 'lots' })).text).toMatch(/Error \(INVALID_ARGUMENT\).*"limit"/);

      // A forbidden namespace cannot be reached through any tool.
      for (const [tool, args] of [
        ['k8s-get-pods', { namespace: forbiddenNs }],
        ['k8s-get-events', { namespace: forbiddenNs }],
        ['k8s-get-resource', { kind: 'configmap', name: 'hidden-config', namespace: forbiddenNs }],
        ['k8s-describe', { kind: 'configmap', name: 'hidden-config', namespace: forbiddenNs }],
        ['k8s-list-resources', { kind: 'configmaps', namespace: forbiddenNs }],
        ['k8s-get-logs', { name: 'x', namespace: forbiddenNs }],
      ] as const) {
        const r = await call(tool, args);
        expect(r.isError, tool).toBe(true);
        expect(r.text, tool).toMatch(/NAMESPACE_FORBIDDEN/);
      }

      const everything = outputs.join('\n');
      expect(everything).not.toContain(PLANTED);
      expect(everything).not.toContain(Buffer.from(PLANTED).toString('base64'));
      expect(everything).not.toContain('hidden-config');
      await client.close();
    } finally {
      await admin.core.deleteNamespace({ name: forbiddenNs }).catch(() => undefined);
    }
  });

  test('write tools are gated at list and call time and work when enabled', async ({ admin, controlPlane, namespace }) => {
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'api', replicas: 1 }) });
    const readOnly = await connect(controlPlane, namespace, READ_ONLY);
    const denied = await readOnly.call('k8s-scale-deployment', { name: 'api', replicas: 3 });
    expect(denied.text).toMatch(/TOOL_DISABLED.*K8S_MCP_ALLOW_WRITES/);
    expect((await admin.apps.readNamespacedDeployment({ name: 'api', namespace })).spec?.replicas).toBe(1);

    const writes = await connect(controlPlane, namespace, { allowWrites: true, allowDestructive: false });
    const listed = (await writes.client.listTools()).tools.map((t) => t.name);
    expect(listed).toContain('k8s-scale-deployment');
    expect(listed).not.toContain('k8s-delete');
    expect((await writes.call('k8s-delete', { kind: 'deployment', name: 'api' })).text).toMatch(/TOOL_DISABLED.*K8S_MCP_ALLOW_DESTRUCTIVE/);
    expect((await writes.call('k8s-scale-deployment', { name: 'api', replicas: '3', dry_run: true })).text).toMatch(/dry run/);
    expect((await admin.apps.readNamespacedDeployment({ name: 'api', namespace })).spec?.replicas).toBe(1);
    expect((await writes.call('k8s-scale-deployment', { name: 'api', replicas: 3 })).text).toMatch(/Scaled Deployment .*api to 3/);
    expect((await admin.apps.readNamespacedDeployment({ name: 'api', namespace })).spec?.replicas).toBe(3);
    expect((await writes.call('k8s-rollout-restart', { name: 'api' })).isError).toBe(false);
    const restarted = await admin.apps.readNamespacedDeployment({ name: 'api', namespace });
    expect(restarted.spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeTruthy();

    const all = await connect(controlPlane, namespace, { allowWrites: true, allowDestructive: true });
    const manifest = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { k: 'v' } });
    expect((await all.call('k8s-apply', { manifest })).text).toMatch(/Applied ConfigMap .*applied/);
    expect((await admin.core.readNamespacedConfigMap({ name: 'applied', namespace })).data).toEqual({ k: 'v' });
    expect((await all.call('k8s-apply', { manifest: '{"kind":"ConfigMap"}' })).text).toMatch(/INVALID_ARGUMENT.*manifest/);
    expect((await all.call('k8s-delete', { kind: 'configmap', name: 'applied' })).text).toMatch(/Deleted ConfigMap/);
    await expect(admin.core.readNamespacedConfigMap({ name: 'applied', namespace })).rejects.toMatchObject({ code: 404 });
  });

  test('pagination walks a 500-pod namespace completely and consistently', async ({ admin, controlPlane, namespace }) => {
    const total = 500;
    for (let i = 0; i < total; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, total - i) }, (_, j) =>
          admin.core.createNamespacedPod({ namespace, body: { metadata: { name: `p-${String(i + j).padStart(3, '0')}` }, spec: { containers: [{ name: 'c', image: 'img' }] } } }),
        ),
      );
    }
    const { call } = await connect(controlPlane, namespace, READ_ONLY);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await call('k8s-get-pods', { limit: 100, format: 'names', ...(cursor ? { cursor } : {}) });
      expect(page.isError).toBe(false);
      seen.push(...page.text.split('\n').slice(1).filter((l) => l.startsWith(`${namespace}/`)));
      cursor = page.structured?.['nextCursor'] as string | undefined;
      pages += 1;
    } while (cursor && pages < 20);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toHaveLength(total);
  });
});
