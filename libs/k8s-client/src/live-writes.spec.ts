import { describe, expect, it } from 'vitest';
import { createDiscovery } from './discovery.js';
import { K8sClientError } from './k8s-client-error.js';
import type { KubeObject } from './kube-object.js';
import type { KubeRequest, KubeTransport } from './kube-transport.js';
import { createLiveCluster } from './live-cluster.js';
import { createNamespacePolicy } from './namespace-policy.js';
import type { ResourceKind } from './resource-kind.js';

type Handler = (request: KubeRequest) => unknown;

/** A KubeTransport that records requests and answers from `handler` (a fixture for our own logic). */
function recorder(handler: Handler = () => ({})): KubeTransport & { requests: KubeRequest[] } {
  const requests: KubeRequest[] = [];
  return {
    server: 'https://fake:6443',
    requests,
    async json<T>(request: KubeRequest): Promise<T> {
      requests.push(request);
      return handler(request) as T;
    },
    async text(request: KubeRequest): Promise<string> {
      requests.push(request);
      return String(handler(request));
    },
    stream: () => Promise.reject(new Error('not used')),
    close: () => undefined,
  };
}


function cluster(transport: KubeTransport, policy = { allowed: [] as string[], forbidden: [] as string[] }, maxResources = 100) {
  return createLiveCluster({
    transport,
    discovery: createDiscovery(transport),
    policy: createNamespacePolicy(policy),
    maxResources,
    defaultNamespace: 'default',
    requestTimeoutMs: 1234,
  });
}

async function failure(promise: Promise<unknown>): Promise<K8sClientError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof K8sClientError)) throw new Error(`expected a K8sClientError, got ${String(error)}`);
  return error;
}

describe('createLiveCluster: writes', () => {
  it.each([-1, 1.5, Number.NaN, '3' as unknown as number])('refuses replicas %j with INVALID and no request', async (replicas) => {
    const transport = recorder();
    const error = await failure(cluster(transport).scale('deployments', 'web', 'shop', replicas));
    expect(error.code).toBe('INVALID');
    expect(error.message).toContain('nothing was changed');
    expect(transport.requests).toEqual([]);
  });

  it('scales through the scale subresource with a merge patch', async () => {
    const transport = recorder(() => ({ kind: 'Scale', metadata: { name: 'web' }, spec: { replicas: 0 } }));
    await cluster(transport).scale('statefulsets', 'db', 'shop', 0, { dryRun: true });
    expect(transport.requests[0]).toMatchObject({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/shop/statefulsets/db/scale',
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 0 } },
      query: { dryRun: 'All' },
    });
  });

  it('refuses to scale a kind discovery says has no scale subresource', async () => {
    const kind: ResourceKind = { group: 'example.com', version: 'v1', kind: 'Gadget', plural: 'gadgets', namespaced: true, subresources: ['status'] };
    const transport = recorder();
    const error = await failure(cluster(transport).scale(kind, 'g', 'shop', 1));
    expect(error.code).toBe('INVALID');
    expect(error.message).toContain('Gadget has no scale subresource');
    expect(transport.requests).toEqual([]);
  });

  it('server-side applies with the apply content type, field manager, force and dryRun', async () => {
    const transport = recorder((r) => r.body);
    const manifest = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1 } };
    await cluster(transport).apply(manifest, { force: true, dryRun: true });
    expect(transport.requests[0]).toMatchObject({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/default/deployments/web',
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: 'k8s-mcp', force: true, dryRun: 'All' },
      body: { ...manifest, metadata: { name: 'web', namespace: 'default' } },
    });
    await cluster(transport).apply(manifest, { fieldManager: 'me' });
    expect(transport.requests[1]?.query).toMatchObject({ fieldManager: 'me', force: undefined, dryRun: undefined });
  });

  it('applies in the manifest apiVersion and redacts an applied Secret', async () => {
    const transport = recorder((r) => r.body);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, data: { k: 'dmFsdWU=' } };
    const result = await cluster(transport).apply(secret);
    expect(transport.requests[0]?.path).toBe('/api/v1/namespaces/shop/secrets/s');
    expect(result['data']).toEqual({ k: '<redacted: 5 bytes>' });
    await cluster(transport).apply({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' } });
    expect(transport.requests[1]?.path).toBe('/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/h');
  });

  it.each([
    [{ kind: 'Deployment', metadata: { name: 'web' } }, 'needs apiVersion, kind and metadata.name'],
    [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: {} }, 'metadata.name is missing'],
    [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'Web_1' } }, 'not a valid DNS-1123 subdomain'],
    [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'Bad NS' } }, 'namespace "Bad NS" is not valid'],
  ])('refuses the manifest %j with INVALID and no request', async (manifest, text) => {
    const transport = recorder();
    const error = await failure(cluster(transport).apply(manifest as unknown as KubeObject));
    expect(error.code).toBe('INVALID');
    expect(error.message).toContain(text);
    expect(transport.requests).toEqual([]);
  });

  it('applies the policy to writes, including creating a Namespace', async () => {
    const transport = recorder();
    const live = cluster(transport, { allowed: ['shop'], forbidden: [] });
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'prod' } };
    expect((await failure(live.apply(manifest))).code).toBe('NAMESPACE_FORBIDDEN');
    expect((await failure(live.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } }))).code).toBe('NAMESPACE_FORBIDDEN');
    expect((await failure(live.delete('pods', 'p', 'prod'))).code).toBe('NAMESPACE_FORBIDDEN');
    expect((await failure(live.patch('pods', 'p', 'prod', {}, 'merge'))).code).toBe('NAMESPACE_FORBIDDEN');
    expect((await failure(live.scale('deploy', 'p', 'prod', 1))).code).toBe('NAMESPACE_FORBIDDEN');
    expect(transport.requests).toEqual([]);
  });

  it.each([
    ['merge', { metadata: { labels: { a: 'b' } } }, 'application/merge-patch+json'],
    ['strategic', { metadata: { labels: { a: 'b' } } }, 'application/strategic-merge-patch+json'],
    ['json', [{ op: 'replace', path: '/spec/replicas', value: 2 }], 'application/json-patch+json'],
  ] as const)('sends a %s patch as %s', async (type, patch, contentType) => {
    const transport = recorder(() => ({ metadata: { name: 'web' } }));
    await cluster(transport).patch('deployments.apps', 'web', 'shop', patch, type);
    expect(transport.requests[0]).toMatchObject({ method: 'PATCH', contentType, body: patch, query: { fieldManager: 'k8s-mcp' } });
  });

  it.each([
    ['json', { op: 'replace' }],
    ['json', []],
    ['merge', [{ op: 'replace', path: '/x' }]],
    ['strategic', 'text'],
    ['yaml', {}],
  ])('refuses a %s patch %j with INVALID and no request', async (type, patch) => {
    const transport = recorder();
    const error = await failure(cluster(transport).patch('pods', 'p', 'shop', patch, type as 'merge'));
    expect(error.code).toBe('INVALID');
    expect(transport.requests).toEqual([]);
  });

  it('deletes with propagationPolicy Background by default', async () => {
    const transport = recorder(() => ({ kind: 'Status' }));
    await cluster(transport).delete('deploy', 'web', 'shop');
    await cluster(transport).delete('deploy', 'web', 'shop', { propagationPolicy: 'Orphan', dryRun: true });
    expect(transport.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['DELETE', '/apis/apps/v1/namespaces/shop/deployments/web', { propagationPolicy: 'Background', dryRun: undefined }],
      ['DELETE', '/apis/apps/v1/namespaces/shop/deployments/web', { propagationPolicy: 'Orphan', dryRun: 'All' }],
    ]);
  });

  it('accepts RBAC names that are not DNS subdomains', async () => {
    const transport = recorder(() => ({}));
    const clusterRoles: ResourceKind = { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false };
    await cluster(transport).delete(clusterRoles, 'system:test:x', undefined);
    expect(transport.requests[0]?.path).toBe('/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Atest%3Ax');
  });
});
