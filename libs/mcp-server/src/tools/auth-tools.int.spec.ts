import { createDiscovery, createLiveCluster, createNamespacePolicy, resolveClusterAccess, reviewAccess } from '@k8s-mcp/k8s-client';
import { integrationTest as test } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect } from 'vitest';
import { createMcpServer } from '../create-mcp-server.js';

describe('k8s-auth-can-i on the real control plane', () => {
  test('answers from a SubjectAccessReview what a ServiceAccount may do, and refuses forbidden namespaces', async ({ admin, controlPlane, namespace }) => {
    const forbiddenNs = `${namespace}-forbidden`;
    await admin.core.createNamespace({ body: { metadata: { name: forbiddenNs } } });
    try {
      const access = resolveClusterAccess({ kubeconfigPaths: [controlPlane.adminKubeconfig], defaultNamespace: namespace });
      const policy = createNamespacePolicy({ allowed: [], forbidden: [forbiddenNs] });
      const cluster = createLiveCluster({ transport: access.transport, discovery: createDiscovery(access.transport), policy, maxResources: 100 });
      await cluster.apply({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'lister', namespace } });
      await cluster.apply({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader', namespace }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch'] }] });
      await cluster.apply({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'lister-pods', namespace },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'lister', namespace }],
      });

      const server = createMcpServer({
        name: 'k8s-mcp',
        version: 'test',
        kubernetes: {
          context: { reader: cluster, defaultNamespace: namespace, maxResources: 100, now: Date.now, accessReview: (r) => reviewAccess(access.transport, policy, r) },
          mode: { allowWrites: false, allowDestructive: false },
        },
      });
      const [a, b] = InMemoryTransport.createLinkedPair();
      const client = new Client({ name: 'int', version: '0' });
      await Promise.all([server.connect(a), client.connect(b)]);
      const call = async (args: Record<string, unknown>) => {
        const r = await client.callTool({ name: 'k8s-auth-can-i', arguments: args });
        return { text: (r.content as { text: string }[])[0]?.text ?? '', structured: r.structuredContent as Record<string, unknown> | undefined };
      };

      const yes = await call({ verb: 'watch', resource: 'pods', service_account: 'lister' });
      expect(yes.structured).toMatchObject({ allowed: true, source: 'SubjectAccessReview' });
      expect(yes.text).toContain('pod-reader');
      const no = await call({ verb: 'list', resource: 'pods', service_account: `${namespace}/lister` });
      expect(no.structured).toMatchObject({ allowed: false, source: 'SubjectAccessReview' });
      expect(no.text).toMatch(/^no: ServiceAccount .*\/lister cannot list pods in namespace/);
      expect((await call({ verb: 'list', resource: 'nodes', service_account: 'lister' })).structured).toMatchObject({ allowed: false });
      expect((await call({ verb: 'get', resource: 'pods', namespace: forbiddenNs, service_account: `${namespace}/lister` })).text).toMatch(/^Error \(NAMESPACE_FORBIDDEN\)/);
    } finally {
      await admin.core.deleteNamespace({ name: forbiddenNs }).catch(() => undefined);
    }
  });
});
