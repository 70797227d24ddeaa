import { describe, expect, it } from 'vitest';
import { createDiscovery } from './discovery.js';
import { fromHttpStatus, K8sClientError } from './k8s-client-error.js';
import { jsonTransport } from './spec-support/json-transport.js';

type Answer = unknown | K8sClientError;

/** A KubeTransport answering GETs from a table (a fixture for our own logic, not a cluster). */
function fakeTransport(table: Map<string, Answer>) {
  return jsonTransport((request) => {
    const answer = table.get(request.path);
    if (answer instanceof K8sClientError) throw answer;
    if (answer === undefined) throw fromHttpStatus(404, '', { verb: 'get', resource: request.path });
    return structuredClone(answer);
  });
}

const verbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

function cluster(): Map<string, Answer> {
  return new Map<string, Answer>([
    [
      '/api/v1',
      {
        groupVersion: 'v1',
        resources: [
          { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs, shortNames: ['po'] },
          { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
          { name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch'] },
          { name: 'bindings', singularName: 'binding', namespaced: true, kind: 'Binding', verbs: ['create'] },
          { name: 'limitranges', singularName: 'limitrange', namespaced: true, kind: 'LimitRange', verbs, shortNames: ['limits'] },
        ],
      },
    ],
    [
      '/apis',
      {
        groups: [
          { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } },
          {
            name: 'example.com',
            versions: [
              { groupVersion: 'example.com/v2', version: 'v2' },
              { groupVersion: 'example.com/v1', version: 'v1' },
            ],
            preferredVersion: { groupVersion: 'example.com/v2', version: 'v2' },
          },
          { name: 'secret.example', versions: [{ groupVersion: 'secret.example/v1', version: 'v1' }], preferredVersion: { groupVersion: 'secret.example/v1', version: 'v1' } },
          { name: 'metrics.k8s.io', versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }], preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' } },
        ],
      },
    ],
    [
      '/apis/apps/v1',
      {
        groupVersion: 'apps/v1',
        resources: [
          { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs, shortNames: ['deploy'] },
          { name: 'deployments/scale', singularName: '', namespaced: true, kind: 'Scale', verbs: ['get', 'patch', 'update'] },
        ],
      },
    ],
    [
      '/apis/example.com/v2',
      {
        groupVersion: 'example.com/v2',
        resources: [
          { name: 'widgets', singularName: 'widget', namespaced: true, kind: 'Widget', verbs, shortNames: ['wg'] },
          { name: 'widgets/scale', singularName: '', namespaced: true, kind: 'Scale', verbs: ['get', 'patch'] },
          { name: 'gadgets', singularName: 'gadget', namespaced: false, kind: 'Gadget', verbs },
        ],
      },
    ],
    ['/apis/example.com/v1', { groupVersion: 'example.com/v1', resources: [{ name: 'oldwidgets', namespaced: true, kind: 'OldWidget', verbs }] }],
    ['/apis/secret.example/v1', fromHttpStatus(403, '{"message":"forbidden"}', { verb: 'discover' })],
    ['/apis/metrics.k8s.io/v1beta1', fromHttpStatus(503, '{"message":"service unavailable"}', { verb: 'discover' })],
  ]);
}

describe('createDiscovery: listKinds', () => {
  it('lists listable kinds of the core group and each group at its preferred version', async () => {
    const discovery = createDiscovery(fakeTransport(cluster()));
    const kinds = await discovery.listKinds();
    expect(kinds.map((k) => `${k.plural}.${k.group}/${k.version}`)).toEqual([
      'pods./v1',
      'limitranges./v1',
      'deployments.apps/v1',
      'widgets.example.com/v2',
      'gadgets.example.com/v2',
    ]);
  });

  it('keeps short names, verbs and singular, and attaches subresources to their parent', async () => {
    const kinds = await createDiscovery(fakeTransport(cluster())).listKinds();
    const pods = kinds.find((k) => k.plural === 'pods');
    expect(pods).toMatchObject({ kind: 'Pod', namespaced: true, shortNames: ['po'], singular: 'pod', subresources: ['log', 'status'] });
    expect(pods?.verbs).toContain('list');
    expect(kinds.find((k) => k.plural === 'widgets')?.subresources).toEqual(['scale']);
    expect(kinds.find((k) => k.plural === 'gadgets')).toMatchObject({ namespaced: false, subresources: [] });
  });

  it('skips a group that answers 403 or 503 instead of failing', async () => {
    const transport = fakeTransport(cluster());
    const kinds = await createDiscovery(transport).listKinds();
    expect(transport.requests.map((r) => r.path)).toContain('/apis/secret.example/v1');
    expect(transport.requests.map((r) => r.path)).toContain('/apis/metrics.k8s.io/v1beta1');
    expect(kinds.some((k) => k.group === 'secret.example' || k.group === 'metrics.k8s.io')).toBe(false);
  });

  it('fails when the core or group list fails', async () => {
    const table = cluster();
    table.set('/apis', fromHttpStatus(401, '', { verb: 'discover', resource: 'API groups' }));
    await expect(createDiscovery(fakeTransport(table)).listKinds()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('caches for ttlMs and fetches again afterwards', async () => {
    const transport = fakeTransport(cluster());
    let now = 0;
    const discovery = createDiscovery(transport, { ttlMs: 1000, now: () => now });
    await discovery.listKinds();
    const perFetch = transport.requests.length;
    now = 999;
    await discovery.listKinds();
    expect(transport.requests.length).toBe(perFetch);
    now = 1000;
    await discovery.listKinds();
    expect(transport.requests.length).toBe(2 * perFetch);
    discovery.invalidate();
    await discovery.listKinds();
    expect(transport.requests.length).toBe(3 * perFetch);
  });

  it('shares one fetch between concurrent callers', async () => {
    const transport = fakeTransport(cluster());
    const discovery = createDiscovery(transport);
    const [a, b] = await Promise.all([discovery.listKinds(), discovery.listKinds()]);
    expect(a).toBe(b);
    expect(transport.requests.map((r) => r.path).filter((p) => p === '/apis')).toHaveLength(1);
  });
});

describe('createDiscovery: resolveKind', () => {
  it('resolves built-in kinds without any request', async () => {
    const transport = fakeTransport(cluster());
    const kind = await createDiscovery(transport).resolveKind('deploy');
    expect(kind).toMatchObject({ group: 'apps', kind: 'Deployment' });
    expect(transport.requests.map((r) => r.path)).toEqual([]);
  });

  it('resolves custom and unlisted core kinds through discovery', async () => {
    const discovery = createDiscovery(fakeTransport(cluster()));
    expect(await discovery.resolveKind('wg')).toMatchObject({ group: 'example.com', version: 'v2', kind: 'Widget' });
    expect(await discovery.resolveKind('widgets.example.com')).toMatchObject({ kind: 'Widget' });
    expect(await discovery.resolveKind('Gadget')).toMatchObject({ namespaced: false });
    expect(await discovery.resolveKind('limits')).toMatchObject({ kind: 'LimitRange', group: '' });
  });

  it('refreshes once on a miss, so a CRD installed since the last discovery is found', async () => {
    const table = cluster();
    const transport = fakeTransport(table);
    const discovery = createDiscovery(transport);
    await discovery.listKinds();
    table.set('/apis/example.com/v2', {
      groupVersion: 'example.com/v2',
      resources: [{ name: 'sprockets', singularName: 'sprocket', namespaced: true, kind: 'Sprocket', verbs }],
    });
    expect(await discovery.resolveKind('sprocket')).toMatchObject({ kind: 'Sprocket' });
    expect(transport.requests.map((r) => r.path).filter((p) => p === '/apis')).toHaveLength(2);
  });

  it('throws UNKNOWN_KIND after one refresh, suggesting close matches and the listing tool', async () => {
    const transport = fakeTransport(cluster());
    const discovery = createDiscovery(transport);
    const error = await discovery.resolveKind('deploymnts').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(K8sClientError);
    expect((error as K8sClientError).code).toBe('UNKNOWN_KIND');
    expect((error as K8sClientError).message).toBe(
      'the cluster serves no kind "deploymnts"; did you mean deployments.apps (Deployment)? Use the k8s-list-resources tool to see every kind (built-in and custom resources) this cluster serves.',
    );
    expect(transport.requests.map((r) => r.path).filter((p) => p === '/apis')).toHaveLength(2);
  });

  it('echoes only a prefix of a huge unknown kind, quickly', async () => {
    const discovery = createDiscovery(fakeTransport(cluster()));
    const started = Date.now();
    const message = await discovery.resolveKind('x'.repeat(2_000_000)).then(() => 'resolved', (e: unknown) => (e as Error).message);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(message.length).toBeLessThan(400);
    expect(message).toContain('(2000000 characters)');
  });

  it('suggests custom kinds by prefix and typo, and nothing for a name far from all', async () => {
    const discovery = createDiscovery(fakeTransport(cluster()));
    const message = (ref: string) => discovery.resolveKind(ref).then(() => 'resolved', (e: unknown) => (e as Error).message);
    expect(await message('widg')).toContain('did you mean widgets.example.com (Widget)');
    expect(await message('gadgte')).toContain('gadgets.example.com (Gadget)');
    const far = await message('xyzzyplugh');
    expect(far).not.toContain('did you mean');
    expect(far).toContain('k8s-list-resources');
  });

  it('refuses an empty reference', async () => {
    await expect(createDiscovery(fakeTransport(cluster())).resolveKind('  ')).rejects.toMatchObject({ code: 'UNKNOWN_KIND' });
  });
});
