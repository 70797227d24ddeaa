import { describe, expect, it } from 'vitest';
import { createDiscovery } from './discovery.js';
import { K8sClientError } from './k8s-client-error.js';
import type { KubeObject } from './kube-object.js';
import type { KubeRequest, KubeTransport } from './kube-transport.js';
import { createLiveCluster, DEFAULT_LOG_LIMIT_BYTES } from './live-cluster.js';
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

function pod(namespace: string, name: string): KubeObject {
  return { metadata: { name, namespace } };
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

describe('createLiveCluster: reads', () => {
  it('refuses a hidden namespace before any request', async () => {
    const transport = recorder();
    const live = cluster(transport, { allowed: [], forbidden: ['kube-system'] });
    expect((await failure(live.get('pods', 'etcd', 'kube-system'))).code).toBe('NAMESPACE_FORBIDDEN');
    expect((await failure(live.list('pods', { namespace: 'kube-system' }))).code).toBe('NAMESPACE_FORBIDDEN');
    expect((await failure(live.logs({ namespace: 'kube-system', name: 'etcd' }))).code).toBe('NAMESPACE_FORBIDDEN');
    expect((await failure(live.get('namespaces', 'kube-system'))).code).toBe('NAMESPACE_FORBIDDEN');
    expect(transport.requests).toEqual([]);
  });

  it('gets from the default namespace and fills in apiVersion and kind', async () => {
    const transport = recorder(() => ({ metadata: { name: 'web', namespace: 'default' } }));
    const object = await cluster(transport).get('deploy', 'web');
    expect(transport.requests[0]).toMatchObject({ path: '/apis/apps/v1/namespaces/default/deployments/web', timeoutMs: 1234 });
    expect(transport.requests[0]?.context).toEqual({ verb: 'get', resource: 'deployments.apps', namespace: 'default', name: 'web' });
    expect(object).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
  });

  it('redacts Secret values in get and list, keeping keys and sizes', async () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db',
        namespace: 'shop',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}', team: 'a' },
      },
      data: { password: Buffer.from('hunter2').toString('base64') },
      type: 'Opaque',
    };
    const transport = recorder((r) => (r.path.endsWith('/db') ? secret : { metadata: {}, items: [{ ...secret, apiVersion: undefined, kind: undefined }] }));
    const live = cluster(transport);
    const got = await live.get('secrets', 'db', 'shop');
    expect(got['data']).toEqual({ password: '<redacted: 7 bytes>' });
    expect(got.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/last-applied-configuration': '<redacted>', team: 'a' });
    expect(got['type']).toBe('Opaque');
    const listed = await live.list('secrets', { namespace: 'shop' });
    expect(listed.items[0]?.['data']).toEqual({ password: '<redacted: 7 bytes>' });
    for (const text of [JSON.stringify(got), JSON.stringify(listed)]) {
      expect(text).not.toContain('aHVudGVyMg');
      expect(text).not.toContain('hunter2');
    }
  });

  it('asks the API for min(limit, maxResources) and reports truncation from continue and remainingItemCount', async () => {
    const transport = recorder(() => ({ metadata: { continue: 'abc', remainingItemCount: 7 }, items: [pod('a', 'p1'), pod('a', 'p2')] }));
    const live = cluster(transport, undefined, 2);
    const result = await live.list('pods', { namespace: 'a', limit: 50, labelSelector: 'app=web', fieldSelector: 'status.phase=Running' });
    expect(transport.requests[0]?.query).toMatchObject({ limit: 2, labelSelector: 'app=web', fieldSelector: 'status.phase=Running' });
    expect(result).toMatchObject({ truncated: true, remaining: 7, hiddenByPolicy: 0 });
    expect(result.items.map((o) => o.kind)).toEqual(['Pod', 'Pod']);
  });

  it('reports truncated without remaining when the server does not count (selectors)', async () => {
    const transport = recorder(() => ({ metadata: { continue: 'abc' }, items: [pod('a', 'p1')] }));
    const result = await cluster(transport).list('pods', { namespace: 'a', limit: 1 });
    expect(result.truncated).toBe(true);
    expect(result.remaining).toBeUndefined();
  });

  it('refuses a bad limit with INVALID and no request', async () => {
    const transport = recorder();
    expect((await failure(cluster(transport).list('pods', { limit: 0 }))).code).toBe('INVALID');
    expect((await failure(cluster(transport).list('pods', { limit: 1.5 }))).code).toBe('INVALID');
    expect(transport.requests).toEqual([]);
  });

  it('lists each allowed namespace and merges, skipping allowed ones that are also forbidden', async () => {
    const pages: Record<string, unknown> = {
      '/api/v1/namespaces/a/pods': { metadata: {}, items: [pod('a', 'a1'), pod('a', 'a2')] },
      '/api/v1/namespaces/b/pods': { metadata: { continue: 'x', remainingItemCount: 4 }, items: [pod('b', 'b1'), pod('b', 'b2')] },
    };
    const transport = recorder((r) => pages[r.path]);
    const live = cluster(transport, { allowed: ['a', 'b', 'c'], forbidden: ['c'] }, 3);
    const result = await live.list('pods');
    expect(transport.requests.map((r) => r.path)).toEqual(['/api/v1/namespaces/a/pods', '/api/v1/namespaces/b/pods']);
    expect(transport.requests[1]?.context?.namespace).toBe('b');
    expect(result.items.map((o) => o.metadata.name)).toEqual(['a1', 'a2', 'b1']);
    // b2 was cut by the cap (1) and b has 4 more on the server.
    expect(result).toMatchObject({ truncated: true, remaining: 5, hiddenByPolicy: 0 });
  });

  it('lists cluster-wide without an allowed list, dropping hidden namespaces and paging to fill the cap', async () => {
    const pages = [
      { metadata: { continue: 'p2', remainingItemCount: 10 }, items: [pod('kube-system', 'etcd'), pod('shop', 's1'), pod('kube-system', 'api')] },
      { metadata: { continue: 'p3', remainingItemCount: 8 }, items: [pod('shop', 's2'), pod('shop', 's3')] },
    ];
    const transport = recorder((r) => (r.query?.['continue'] === 'p2' ? pages[1] : pages[0]));
    const result = await cluster(transport, { allowed: [], forbidden: ['kube-system'] }, 3).list('pods');
    expect(transport.requests.map((r) => [r.path, r.query?.['limit'], r.query?.['continue']])).toEqual([
      ['/api/v1/pods', 3, undefined],
      ['/api/v1/pods', 2, 'p2'],
    ]);
    expect(result.items.map((o) => o.metadata.name)).toEqual(['s1', 's2', 's3']);
    expect(result.hiddenByPolicy).toBe(2);
    expect(result.truncated).toBe(true);
    // The server's count includes hidden objects, so it is not reported.
    expect(result.remaining).toBeUndefined();
    expect(JSON.stringify(result)).not.toContain('kube-system');
  });

  it('reports the server count cluster-wide when the policy hides nothing', async () => {
    const transport = recorder(() => ({ metadata: { continue: 'x', remainingItemCount: 3 }, items: [pod('a', 'p')] }));
    expect(await cluster(transport, undefined, 1).list('pods')).toMatchObject({ truncated: true, remaining: 3 });
  });

  it('hides forbidden and not-allowed Namespace objects by name', async () => {
    const items = ['default', 'kube-system', 'team-a', 'team-b'].map((name) => ({ metadata: { name } }));
    const transport = recorder(() => ({ metadata: {}, items }));
    const result = await cluster(transport, { allowed: ['team-a', 'default'], forbidden: [] }).list('namespaces');
    expect(transport.requests.map((r) => r.path)).toEqual(['/api/v1/namespaces']);
    expect(result.items.map((o) => o.metadata.name)).toEqual(['default', 'team-a']);
    expect(result.hiddenByPolicy).toBe(2);
  });

  it('requests logs with the options and a 256 KiB default limit', async () => {
    const transport = recorder(() => 'line 1\n');
    const text = await cluster(transport).logs({ namespace: 'shop', name: 'web-1', container: 'app', tailLines: 10, previous: true });
    expect(text).toBe('line 1\n');
    expect(transport.requests[0]).toMatchObject({
      path: '/api/v1/namespaces/shop/pods/web-1/log',
      query: { container: 'app', tailLines: 10, previous: true, limitBytes: DEFAULT_LOG_LIMIT_BYTES },
    });
    expect(DEFAULT_LOG_LIMIT_BYTES).toBe(262_144);
  });
});

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
