import { type AccessReviewRequest, type AccessReviewResult, type ClusterReader, createNamespacePolicy, K8sClientError, loadDemoCluster } from '@k8s-mcp/k8s-client';
import { type ClusterState, stateFromObjects } from '@k8s-mcp/summary';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../create-mcp-server.js';
import type { ToolContext } from './tool-context.js';

const policy = createNamespacePolicy({ allowed: [], forbidden: ['secret'] });
let reader: ClusterReader;

beforeAll(async () => {
  reader = await loadDemoCluster({ policy, maxResources: 50 });
});

/** Roles and bindings of a small offline state: shop/web may get and watch pods, nothing else. */
const RBAC: ClusterState = stateFromObjects({
  Role: [{ metadata: { name: 'pod-reader', namespace: 'shop' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch'] }] }],
  RoleBinding: [{ metadata: { name: 'web-pods', namespace: 'shop' }, roleRef: { kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'web' }] }],
});

async function connect(extra: Partial<ToolContext>) {
  const context: ToolContext = { reader, defaultNamespace: 'shop', maxResources: 100, now: () => 0, ...extra };
  const server = createMcpServer({ name: 'k8s-mcp', version: 'test', kubernetes: { context, mode: { allowWrites: false, allowDestructive: false } } });
  const client = new Client({ name: 'spec', version: '0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(a), client.connect(b)]);
  const call = async (args: Record<string, unknown>) => {
    const r = await client.callTool({ name: 'k8s-auth-can-i', arguments: args });
    return { text: (r.content as { text: string }[])[0]?.text ?? '', isError: r.isError === true, structured: r.structuredContent as Record<string, unknown> | undefined };
  };
  return { client, call };
}

const summary = (state: ClusterState) => ({ state: async () => state, policy, maxSizeKb: 10, source: 'offline snapshot' });

describe('k8s-auth-can-i', () => {
  it('is listed as a read-only tool with a flat schema', async () => {
    const { client } = await connect({});
    const tool = (await client.listTools()).tools.find((t) => t.name === 'k8s-auth-can-i');
    expect(tool?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    for (const property of Object.values(tool?.inputSchema.properties ?? {})) expect(typeof (property as { type: unknown }).type).toBe('string');
    expect(tool?.inputSchema.required).toEqual(['verb', 'resource']);
  });

  it('asks a SubjectAccessReview on live clusters, with the ServiceAccount identity and the resource split as kubectl does', async () => {
    const asked: AccessReviewRequest[] = [];
    const accessReview = async (r: AccessReviewRequest): Promise<AccessReviewResult> => {
      asked.push(r);
      return r.verb === 'get' ? { allowed: true, denied: false, reason: 'RBAC: allowed by RoleBinding "web-pods/shop"' } : { allowed: false, denied: false, evaluationError: 'webhook down' };
    };
    const { call } = await connect({ accessReview });
    const yes = await call({ verb: 'get', resource: 'pods/log', service_account: 'web' });
    expect(yes.text).toMatch(/^yes: ServiceAccount shop\/web can get pods\/log in namespace shop \(source: SubjectAccessReview/);
    expect(yes.text).toContain('<untrusted-data kind="authorizer-reason"');
    expect(yes.structured).toMatchObject({ allowed: true, denied: false, source: 'SubjectAccessReview', subject: 'ServiceAccount shop/web' });
    const no = await call({ verb: 'list', resource: 'deployments.apps', service_account: 'shop/web', namespace: 'shop' });
    expect(no.text).toMatch(/^no: ServiceAccount shop\/web cannot list deployments\.apps in namespace shop/);
    expect(no.structured).toMatchObject({ allowed: false, evaluationError: 'webhook down' });
    await call({ verb: 'watch', resource: 'nodes', user: 'alice', groups: 'ops,devs' });
    expect(asked).toEqual([
      { verb: 'get', resource: 'pods', group: '', subresource: 'log', namespace: 'shop', user: 'system:serviceaccount:shop:web', groups: ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated'] },
      { verb: 'list', resource: 'deployments', group: 'apps', namespace: 'shop', user: 'system:serviceaccount:shop:web', groups: ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated'] },
      { verb: 'watch', resource: 'nodes', group: '', user: 'alice', groups: ['ops', 'devs'] },
    ]);
  });

  it('evaluates the RBAC objects offline and says so, also when the live review is forbidden to this server', async () => {
    const { call } = await connect({ summary: summary(RBAC) });
    const no = await call({ verb: 'list', resource: 'pods', service_account: 'shop/web' });
    expect(no.text).toBe(
      'no: ServiceAccount shop/web cannot list pods in namespace shop (source: offline RBAC evaluation over the Roles and bindings read (not a SubjectAccessReview: aggregation rules and other authorizers are not evaluated)).\nReason: Role pod-reader grants get,watch on pods; list is missing',
    );
    expect((await call({ verb: 'watch', resource: 'pods', service_account: 'shop/web' })).structured).toMatchObject({ allowed: true, reason: 'allowed by RoleBinding shop/web-pods of Role pod-reader (ServiceAccount)', source: 'offline RBAC evaluation' });

    const forbidden = async (): Promise<AccessReviewResult> => {
      throw new K8sClientError('FORBIDDEN', 'create subjectaccessreviews: forbidden');
    };
    const fallback = await connect({ accessReview: forbidden, summary: summary(RBAC) });
    expect((await fallback.call({ verb: 'get', resource: 'pods', service_account: 'shop/web' })).structured).toMatchObject({ allowed: true, source: 'offline RBAC evaluation' });
  });

  it('refuses forbidden namespaces, a missing subject, and answers clearly without any RBAC source', async () => {
    const { call } = await connect({ summary: summary(RBAC), accessReview: async () => ({ allowed: true, denied: false }) });
    expect((await call({ verb: 'get', resource: 'secrets', namespace: 'secret', user: 'alice' })).text).toMatch(/^Error \(NAMESPACE_FORBIDDEN\): Cannot check access in namespace "secret"/);
    expect((await call({ verb: 'get', resource: 'pods', service_account: 'secret/admin' })).text).toMatch(/^Error \(NAMESPACE_FORBIDDEN\)/);
    expect((await call({ verb: 'get', resource: 'pods' })).text).toMatch(/^Error \(INVALID_ARGUMENT\).*service_account/);
    const empty = await connect({ summary: summary(stateFromObjects({})) });
    expect((await empty.call({ verb: 'get', resource: 'pods', service_account: 'web' })).text).toMatch(/^Error \(NOT_AVAILABLE\): the offline snapshot holds no Roles or bindings.*kubectl auth can-i get pods --as=system:serviceaccount:shop:web -n shop/);
  });
});
