import { describe, expect, it } from 'vitest';
import { createDiscovery } from './discovery.js';
import { K8sClientError } from './k8s-client-error.js';
import type { KubeObject } from './kube-object.js';
import type { KubeRequest, KubeTransport } from './kube-transport.js';
import { createLiveCluster, DEFAULT_LOG_LIMIT_BYTES } from './live-cluster.js';
import { createNamespacePolicy } from './namespace-policy.js';

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

/** Answers namespaced pod lists from `sizes` with the API's limit/continue semantics (`<ns>:<offset>` tokens). */
function pagedStore(sizes: Record<string, number>): Handler {
  return (request) => {
    const ns = /namespaces\/([^/]+)\/pods$/.exec(request.path)?.[1] ?? '';
    const all = Array.from({ length: sizes[ns] ?? 0 }, (_, i) => pod(ns, `${ns}-${i}`));
    const token = request.query?.['continue'];
    const from = typeof token === 'string' ? Number(token.split(':')[1]) : 0;
    const limit = Number(request.query?.['limit'] ?? all.length);
    const items = all.slice(from, from + limit);
    const left = all.length - from - items.length;
    return { metadata: left > 0 ? { continue: `${ns}:${from + items.length}`, remainingItemCount: left } : {}, items };
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

  it('passes continue tokens through for one namespace and cluster-wide lists', async () => {
    const transport = recorder(() => ({ metadata: { continue: 'next-token' }, items: [pod('a', 'p')] }));
    const one = await cluster(transport).list('pods', { namespace: 'a', continue: 'prev-token' });
    const wide = await cluster(transport, { allowed: [], forbidden: ['kube-system'] }, 1).list('pods', { continue: 'prev-token' });
    expect(transport.requests.map((r) => r.query?.['continue'])).toEqual(['prev-token', 'prev-token']);
    expect([one.continue, wide.continue]).toEqual(['next-token', 'next-token']);
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
    const transport = recorder(pagedStore({ a: 2, b: 6 }));
    const live = cluster(transport, { allowed: ['a', 'b', 'c'], forbidden: ['c'] }, 3);
    const result = await live.list('pods');
    // Both namespaces in parallel, then b again for exactly the one object that fits.
    expect(transport.requests.map((r) => [r.path, r.query?.['limit']])).toEqual([
      ['/api/v1/namespaces/a/pods', 3],
      ['/api/v1/namespaces/b/pods', 3],
      ['/api/v1/namespaces/b/pods', 1],
    ]);
    expect(transport.requests[1]?.context?.namespace).toBe('b');
    expect(result.items.map((o) => o.metadata.name)).toEqual(['a-0', 'a-1', 'b-0']);
    expect(result).toMatchObject({ truncated: true, remaining: 5, hiddenByPolicy: 0 });
    expect(result.continue).toEqual(expect.any(String));
  });

  it('pages through merged namespaces with continue tokens, every object exactly once', async () => {
    const sizes = { a: 2, b: 5, c: 0, d: 4 };
    const transport = recorder(pagedStore(sizes));
    const live = cluster(transport, { allowed: ['a', 'b', 'c', 'd'], forbidden: [] }, 3);
    const seen: string[] = [];
    const results = [];
    let token: string | undefined;
    do {
      const result = await live.list('pods', { continue: token });
      results.push(result);
      expect(result.items.length).toBeLessThanOrEqual(3);
      seen.push(...result.items.map((o) => o.metadata.name));
      token = result.continue;
    } while (token);
    expect(seen).toEqual(['a-0', 'a-1', 'b-0', 'b-1', 'b-2', 'b-3', 'b-4', 'd-0', 'd-1', 'd-2', 'd-3']);
    expect(results.map((r) => [r.truncated, r.remaining])).toEqual([
      [true, 8],
      [true, 5],
      [true, 2],
      [false, undefined],
    ]);
  });

  it('ends a merged list without a token when the page is full and later namespaces are empty', async () => {
    const transport = recorder(pagedStore({ a: 3, b: 0 }));
    const result = await cluster(transport, { allowed: ['a', 'b'], forbidden: [] }, 3).list('pods');
    expect(result.items).toHaveLength(3);
    expect(result).toMatchObject({ truncated: false });
    expect(result.continue).toBeUndefined();
  });

  it('refuses a continue token from another list shape with INVALID and no request', async () => {
    const transport = recorder(pagedStore({ a: 1 }));
    const live = cluster(transport, { allowed: ['a'], forbidden: [] });
    for (const token of ['a:1', 'k8s-mcp-merged.bm90IGpzb24', `k8s-mcp-merged.${Buffer.from('{"index":7}').toString('base64url')}`]) {
      expect((await failure(live.list('pods', { continue: token }))).code).toBe('INVALID');
    }
    expect(transport.requests).toEqual([]);
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
