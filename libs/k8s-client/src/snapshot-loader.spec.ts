import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { K8sClientError } from './k8s-client-error.js';
import type { KubeObject } from './kube-object.js';
import { createNamespacePolicy, type NamespacePolicyOptions } from './namespace-policy.js';
import { loadSnapshot, type LoadSnapshotOptions } from './snapshot-loader.js';

const SECRET_VALUE = 'hunter2-super-secret';
const SECRET_B64 = Buffer.from(SECRET_VALUE).toString('base64');

let root: string;

async function put(relative: string, content: string | object): Promise<string> {
  const path = join(root, relative);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

function options(policy: NamespacePolicyOptions = { allowed: [], forbidden: [] }, maxResources = 100): LoadSnapshotOptions {
  return { policy: createNamespacePolicy(policy), maxResources };
}

async function rejection(promise: Promise<unknown>): Promise<K8sClientError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof K8sClientError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject with a K8sClientError');
}

function pod(namespace: string, name: string, labels: Record<string, string>, phase: string, nodeName: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `uid-${namespace}-${name}`,
      labels,
      managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":"json"}', team: 'a' },
    },
    spec: { nodeName, containers: [{ name: 'app', image: 'x' }] },
    status: { phase },
  };
}

const PODS = [
  pod('app', 'web-1', { app: 'web', tier: 'frontend' }, 'Running', 'node-a'),
  pod('app', 'web-2', { app: 'web', tier: 'frontend', canary: 'true' }, 'Running', 'node-b'),
  pod('app', 'db-0', { app: 'db', tier: 'backend' }, 'Pending', 'node-a'),
  pod('kube-system', 'coredns-1', { app: 'coredns', tier: 'frontend' }, 'Running', 'node-a'),
];

const SECRET = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'db-creds',
    namespace: 'app',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"password":"${SECRET_B64}"}}` },
  },
  type: 'Opaque',
  data: { password: SECRET_B64, empty: '' },
  stringData: { token: SECRET_VALUE },
};

const EVENTS = [
  {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-1.1', namespace: 'app' },
    involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'app' },
    reason: 'BackOff',
    type: 'Warning',
  },
  {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'db-0.1', namespace: 'app' },
    involvedObject: { kind: 'Pod', name: 'db-0', namespace: 'app' },
    reason: 'Scheduled',
    type: 'Normal',
  },
];

const NAMESPACES = ['app', 'kube-system'].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));

const WIDGET = { apiVersion: 'example.com/v1alpha1', kind: 'Widget', metadata: { name: 'w1', namespace: 'app' }, spec: { size: 3 } };
const GIZMO_POLICY = { apiVersion: 'example.com/v1', kind: 'GizmoPolicy', metadata: { name: 'global' }, spec: {} };

const ALL = [...NAMESPACES, ...PODS, SECRET, ...EVENTS, WIDGET, GIZMO_POLICY];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'k8s-mcp-snapshot-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadSnapshot: formats', () => {
  it('reads a kubectl get -o json List', async () => {
    const file = await put('get.json', { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: ALL });
    const cluster = await loadSnapshot(file, options());
    expect(cluster.source).toBe('snapshot');
    expect(cluster.snapshotInfo.files).toEqual([file]);
    expect(cluster.snapshotInfo.objects).toBe(ALL.length);
    expect(cluster.snapshotInfo.objectsByKind).toEqual({
      Namespace: 2,
      Pod: 4,
      Secret: 1,
      Event: 2,
      'Widget.example.com': 1,
      'GizmoPolicy.example.com': 1,
    });
    const pods = await cluster.list('pods');
    expect(pods.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual([
      'app/db-0',
      'app/web-1',
      'app/web-2',
      'kube-system/coredns-1',
    ]);
    expect(pods.truncated).toBe(false);
    expect((await cluster.get('pod', 'web-1', 'app')).metadata.uid).toBe('uid-app-web-1');
  });

  it('reads kubectl get -o yaml output and multi-document YAML with empty documents', async () => {
    const listFile = await put(
      'get.yaml',
      `apiVersion: v1
kind: List
metadata:
  resourceVersion: ""
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: web-1
    namespace: app
    creationTimestamp: "2024-05-01T10:00:00Z"
    labels: {app: web}
  spec:
    futureField: kept
    containers: [{name: app, image: x}]
  status:
    phase: Running
    startTime: 2024-05-01T10:00:05Z
`,
    );
    const list = await loadSnapshot(listFile, options());
    const web = await list.get('pods', 'web-1', 'app');
    // Plain JSON as the API server sends it: unknown fields kept, timestamps stay strings.
    expect(web.metadata.creationTimestamp).toBe('2024-05-01T10:00:00Z');
    expect((web['status'] as { startTime: unknown }).startTime).toBe('2024-05-01T10:00:05Z');
    expect((web['spec'] as { futureField: unknown }).futureField).toBe('kept');

    const multi = await put(
      'multi.yml',
      `# manifests
---
apiVersion: v1
kind: ConfigMap
metadata: {name: a, namespace: app}
data: {k: v}
---
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app}
spec: {replicas: 2}
`,
    );
    const cluster = await loadSnapshot(multi, options());
    expect(cluster.snapshotInfo.objectsByKind).toEqual({ ConfigMap: 1, 'Deployment.apps': 1 });
    const deploy = await cluster.get('deploy', 'web', 'app');
    expect(deploy.apiVersion).toBe('apps/v1');
    expect(deploy['spec']).toEqual({ replicas: 2 });
  });

  it('reads a single object, and gives namespaced objects without a namespace the default one', async () => {
    const file = await put('single/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n');
    const cluster = await loadSnapshot(file, { ...options(), defaultNamespace: 'team-a' });
    expect((await cluster.get('cm', 'settings')).metadata.namespace).toBe('team-a');
    expect((await cluster.list('configmaps', { namespace: 'team-a' })).items).toHaveLength(1);
  });

  it('reads a directory recursively, ignoring dot-entries and other files', async () => {
    await put('tree/a/pods.json', { apiVersion: 'v1', kind: 'List', items: PODS });
    await put('tree/a/b/secret.yaml', JSON.stringify(SECRET));
    await put('tree/events.yml', `apiVersion: v1\nkind: EventList\nitems:\n${EVENTS.map((e) => `- ${JSON.stringify(e)}`).join('\n')}\n`);
    await put('tree/README.md', '# not a snapshot');
    await put('tree/.hidden/bad.json', '{ not json');
    const cluster = await loadSnapshot(join(root, 'tree'), options());
    expect(cluster.snapshotInfo.files.map((f) => f.slice(root.length + 1))).toEqual([
      'tree/a/b/secret.yaml',
      'tree/a/pods.json',
      'tree/events.yml',
    ]);
    expect(cluster.snapshotInfo.objectsByKind).toEqual({ Pod: 4, Secret: 1, Event: 2 });
  });

  it('reads the kubectl cluster-info dump layout: typed lists without item kinds, and logs', async () => {
    const strip = (o: object) => {
      const { apiVersion: _a, kind: _k, ...rest } = o as Record<string, unknown>;
      return rest;
    };
    const dir = join(root, 'dump');
    await put('dump/nodes.json', {
      kind: 'NodeList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '9' },
      items: [strip({ metadata: { name: 'node-a', uid: 'n1' } })],
    });
    await put('dump/app/pods.json', { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: PODS.slice(0, 3).map(strip) });
    await put('dump/app/events.json', { kind: 'EventList', apiVersion: 'v1', metadata: {}, items: EVENTS.map(strip) });
    // kubectl writes an empty typed list with items null.
    await put('dump/app/daemonsets.json', { kind: 'DaemonSetList', apiVersion: 'apps/v1', metadata: {}, items: null });
    await put('dump/app/replication-controllers.json', {
      kind: 'ReplicationControllerList',
      apiVersion: 'v1',
      metadata: {},
      items: [{ metadata: { name: 'legacy', namespace: 'app' } }],
    });
    await put(
      'dump/app/web-1/logs.txt',
      '==== START logs for container app of pod app/web-1 ====\nline 1\nline 2\nline 3\n==== END logs for container app of pod app/web-1 ====\n' +
        '==== START logs for container sidecar of pod app/web-1 ====\nproxy up\n==== END logs for container sidecar of pod app/web-1 ====\n',
    );
    await put('dump/app/db-0/logs.txt', '==== START logs for container app of pod app/db-0 ====\nwaiting for disk\n==== END logs for container app of pod app/db-0 ====\n');
    const cluster = await loadSnapshot(dir, options());
    expect(cluster.snapshotInfo.objectsByKind).toEqual({ Node: 1, Pod: 3, Event: 2, ReplicationController: 1 });
    expect(cluster.snapshotInfo.podsWithLogs).toBe(2);
    const node = await cluster.get('nodes', 'node-a');
    expect([node.apiVersion, node.kind]).toEqual(['v1', 'Node']);
    const rc = await cluster.resolveKind('replicationcontrollers');
    expect(rc).toMatchObject({ group: '', version: 'v1', kind: 'ReplicationController', namespaced: true });
    expect((await cluster.list(rc)).items.map((o) => o.metadata.name)).toEqual(['legacy']);

    expect(await cluster.logs({ namespace: 'app', name: 'db-0' })).toBe('waiting for disk\n');
    expect(await cluster.logs({ namespace: 'app', name: 'web-1', container: 'app', tailLines: 2 })).toBe('line 2\nline 3\n');
    expect(await cluster.logs({ namespace: 'app', name: 'web-1', container: 'app', limitBytes: 8 })).toBe('line 1\nl');
    expect(await cluster.logs({ namespace: 'app', name: 'web-1', container: 'sidecar' })).toBe('proxy up\n');
    const several = await rejection(cluster.logs({ namespace: 'app', name: 'web-1' }));
    expect([several.code, several.message]).toEqual(['INVALID', expect.stringContaining('name one of: app, sidecar')]);
    const previous = await rejection(cluster.logs({ namespace: 'app', name: 'db-0', previous: true }));
    expect([previous.code, previous.message]).toEqual(['NOT_FOUND', expect.stringContaining('no previous')]);
    const noLogs = await rejection(cluster.logs({ namespace: 'app', name: 'web-2' }));
    expect([noLogs.code, noLogs.message]).toEqual(['NOT_FOUND', expect.stringContaining('holds no logs for pod app/web-2')]);
    const noPod = await rejection(cluster.logs({ namespace: 'app', name: 'ghost' }));
    expect([noPod.code, noPod.message]).toEqual(['NOT_FOUND', expect.stringContaining('pods "ghost" in namespace "app"')]);
  });

  it('derives kinds for custom resources and lists them with the built-ins', async () => {
    const file = await put('crs.json', { apiVersion: 'v1', kind: 'List', items: [WIDGET, GIZMO_POLICY] });
    const cluster = await loadSnapshot(file, options());
    const widget = await cluster.resolveKind('widgets');
    expect(widget).toMatchObject({ group: 'example.com', version: 'v1alpha1', kind: 'Widget', plural: 'widgets', namespaced: true });
    expect(await cluster.resolveKind('gizmopolicies.example.com')).toMatchObject({ kind: 'GizmoPolicy', namespaced: false });
    const kinds = await cluster.listKinds();
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['Pod', 'HorizontalPodAutoscaler', 'Widget', 'GizmoPolicy']));
    expect((await cluster.get('widget', 'w1', 'app'))['spec']).toEqual({ size: 3 });
    const unknown = await rejection(cluster.resolveKind('gadgets'));
    expect([unknown.code, unknown.message]).toEqual(['UNKNOWN_KIND', expect.stringContaining('no kind "gadgets"')]);
    // Neither the server's path nor internal function names reach the caller.
    expect(unknown.message).not.toContain(file);
    expect(unknown.message).not.toMatch(/resolveKind|listKinds/);
  });

  it('reads recordedAt from the List annotation and counts duplicates (last one wins)', async () => {
    const first = { ...PODS[0], metadata: { ...PODS[0]!.metadata, resourceVersion: '1' } };
    const second = { ...PODS[0], metadata: { ...PODS[0]!.metadata, resourceVersion: '2' } };
    const file = await put('dupes.json', {
      apiVersion: 'v1',
      kind: 'List',
      metadata: { annotations: { 'k8s-mcp.io/recorded-at': '2024-06-11T12:00:00Z' } },
      items: [first, second],
    });
    const cluster = await loadSnapshot(file, options());
    expect(cluster.snapshotInfo).toMatchObject({ recordedAt: '2024-06-11T12:00:00Z', duplicates: 1, objects: 1 });
    expect((await cluster.get('pods', 'web-1', 'app')).metadata.resourceVersion).toBe('2');
  });

  it('uses the injected readFile, readdir and stat', async () => {
    const files: Record<string, string> = { '/mem/pods.json': JSON.stringify({ kind: 'PodList', apiVersion: 'v1', items: [PODS[0]] }) };
    const cluster = await loadSnapshot('/mem', {
      ...options(),
      readdir: async () => ['pods.json'],
      stat: async (path) => ({ isFile: () => path in files, isDirectory: () => path === '/mem', size: files[path]?.length ?? 0 }),
      readFile: async (path) => files[path] ?? '',
    });
    expect((await cluster.list('pods')).items.map((p) => p.metadata.name)).toEqual(['web-1']);
  });
});

describe('loadSnapshot: sanitising', () => {
  it('keeps Secret keys but never their values, and drops managedFields and last-applied annotations', async () => {
    const file = await put('secrets.json', { apiVersion: 'v1', kind: 'List', items: ALL });
    const cluster = await loadSnapshot(file, options());
    const secret = await cluster.get('secrets', 'db-creds', 'app');
    expect(secret['data']).toEqual({ password: `<redacted: ${SECRET_VALUE.length} bytes>`, empty: '<redacted: 0 bytes>' });
    expect(secret['stringData']).toEqual({ token: `<redacted: ${SECRET_VALUE.length} bytes>` });
    expect(secret.metadata.annotations).toBeUndefined();
    const pod = await cluster.get('pods', 'web-1', 'app');
    expect(pod.metadata['managedFields']).toBeUndefined();
    expect(pod.metadata.annotations).toEqual({ team: 'a' });
    const everything = JSON.stringify(await Promise.all(['secrets', 'pods', 'events', 'namespaces'].map((k) => cluster.list(k))));
    expect(everything).not.toContain(SECRET_VALUE);
    expect(everything).not.toContain(SECRET_B64);
    expect(everything).not.toContain('last-applied-configuration');
  });

  it('keeps placeholders that are already redacted (reloading a redacted snapshot changes nothing)', async () => {
    const redacted = { ...SECRET, data: { password: '<redacted: 20 bytes>', old: '<redacted>' }, stringData: undefined };
    const file = await put('redacted.json', redacted);
    const secret = await (await loadSnapshot(file, options())).get('secret', 'db-creds', 'app');
    expect(secret['data']).toEqual({ password: '<redacted: 20 bytes>', old: '<redacted>' });
  });

  it('returns frozen objects, so callers cannot change the snapshot', async () => {
    const file = await put('frozen.json', PODS[0]!);
    const pod = await (await loadSnapshot(file, options())).get('pods', 'web-1', 'app');
    expect(Object.isFrozen(pod.metadata.labels)).toBe(true);
  });
});

describe('loadSnapshot: bad input', () => {
  it('names the file and line of malformed JSON', async () => {
    const file = await put('bad/broken.json', '{\n  "kind": "List",\n  "items": [{"password": "hunter2"},,]\n}\n');
    const error = await rejection(loadSnapshot(file, options()));
    expect(error.code).toBe('SNAPSHOT_INVALID');
    expect(error.message).toContain(file);
    expect(error.message).toContain('line 3');
    expect(error.message).toContain('not valid JSON');
    // The parser's own message quotes the text around the error; ours must not.
    expect(error.message).not.toContain('hunter2');
  });

  it('names the file, document and line of malformed YAML', async () => {
    const file = await put('bad/broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: Pod\nmetadata:\n  name: [oops\n');
    const error = await rejection(loadSnapshot(file, options()));
    expect(error.code).toBe('SNAPSHOT_INVALID');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/document 2, line \d+/);
    expect(error.message).toContain('not valid YAML');
  });

  it.each([
    ['an array', '[1, 2]', 'document 1', 'expected a List or a Kubernetes object, found an array'],
    ['no kind', '{"metadata": {"name": "x"}}', 'document 1', 'has no kind and is not inside a typed List'],
    ['no name', '{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}}, {"kind": "Pod", "metadata": {}}]}', 'document 1, item 2', 'expected an object with metadata.name (kind Pod)'],
    ['untyped List items', '{"apiVersion": "v1", "kind": "List", "items": [{"metadata": {"name": "x"}}]}', 'document 1, item 1', 'has no kind'],
    ['a scalar item', '{"kind": "PodList", "items": ["pod"]}', 'document 1, item 1', 'found a string'],
  ])('rejects %s', async (_what, text, where, problem) => {
    const file = await put(`bad/${_what.replace(/\s/g, '-')}.json`, text);
    const error = await rejection(loadSnapshot(file, options()));
    expect(error.code).toBe('SNAPSHOT_INVALID');
    expect(error.message).toContain(`${file} (${where})`);
    expect(error.message).toContain(problem);
  });

  it('says when the source is empty', async () => {
    const emptyList = await put('empty/list.json', { apiVersion: 'v1', kind: 'List', items: [] });
    const error = await rejection(loadSnapshot(emptyList, options()));
    expect([error.code, error.message]).toEqual(['SNAPSHOT_INVALID', expect.stringContaining('holds no Kubernetes objects (1 file read')]);
    await mkdir(join(root, 'empty-dir/sub'), { recursive: true });
    await put('empty-dir/notes.txt', 'hello');
    const dirError = await rejection(loadSnapshot(join(root, 'empty-dir'), options()));
    expect(dirError.message).toContain('holds no .json, .yaml or .yml files');
    const blank = await put('empty/blank.yaml', '# nothing here\n');
    expect((await rejection(loadSnapshot(blank, options()))).message).toContain('holds no Kubernetes objects');
  });

  it('says when the source does not exist or a file is too large', async () => {
    const missing = await rejection(loadSnapshot(join(root, 'nope'), options()));
    expect([missing.code, missing.message]).toEqual(['SNAPSHOT_INVALID', expect.stringContaining('no such file or directory')]);
    const file = await put('big.json', PODS[0]!);
    const big = await rejection(loadSnapshot(file, { ...options(), maxFileBytes: 10 }));
    expect(big.message).toContain('over the 10-byte limit');
  });
});

describe('loadSnapshot: reads', () => {
  let file: string;
  beforeAll(async () => {
    file = await put('reads.json', { apiVersion: 'v1', kind: 'List', items: ALL });
  });

  it('lists with set- and equality-based label selectors', async () => {
    const cluster = await loadSnapshot(file, options());
    const names = async (labelSelector: string, namespace?: string) =>
      (await cluster.list('pods', { labelSelector, namespace })).items.map((p) => p.metadata.name);
    expect(await names('tier in (frontend),!canary')).toEqual(['web-1', 'coredns-1']);
    expect(await names('app!=web', 'app')).toEqual(['db-0']);
    expect(await names('canary')).toEqual(['web-2']);
    expect(await names('tier notin (frontend)')).toEqual(['db-0']);
    expect((await rejection(cluster.list('pods', { labelSelector: 'a in b' }))).code).toBe('INVALID');
  });

  it('lists with field selectors', async () => {
    const cluster = await loadSnapshot(file, options());
    const names = async (kind: string, fieldSelector: string) => (await cluster.list(kind, { fieldSelector })).items.map((p) => p.metadata.name);
    expect(await names('pods', 'status.phase=Running,spec.nodeName=node-a')).toEqual(['web-1', 'coredns-1']);
    expect(await names('pods', 'status.phase!=Running')).toEqual(['db-0']);
    expect(await names('pods', 'metadata.name==web-2')).toEqual(['web-2']);
    expect(await names('pods', 'metadata.namespace=kube-system')).toEqual(['coredns-1']);
    expect(await names('events', 'involvedObject.name=web-1,involvedObject.kind=Pod')).toEqual(['web-1.1']);
    expect(await names('events', 'type=Normal')).toEqual(['db-0.1']);
    const bad = await rejection(cluster.list('pods', { fieldSelector: 'spec.hostname=x' }));
    expect([bad.code, bad.message]).toEqual(['INVALID', expect.stringContaining('"spec.hostname" is not supported for Pod; supported: metadata.name')]);
  });

  it('caps lists at maxResources and reports truncation; continue pages through the rest', async () => {
    const cluster = await loadSnapshot(file, options(undefined, 3));
    const first = await cluster.list('pods');
    expect(first.items).toHaveLength(3);
    expect(first).toMatchObject({ truncated: true, remaining: 1 });
    const rest = await cluster.list('pods', { continue: first.continue });
    expect(rest.items.map((p) => p.metadata.name)).toEqual(['coredns-1']);
    expect(rest.truncated).toBe(false);
    const limited = await cluster.list('pods', { limit: 1 });
    expect(limited).toMatchObject({ truncated: true, remaining: 3 });
    expect((await cluster.list('pods', { limit: 50 })).items).toHaveLength(3);
    expect((await rejection(cluster.list('pods', { limit: 0 }))).code).toBe('INVALID');
    expect((await rejection(cluster.list('pods', { continue: 'abc' }))).message).toContain('does not come from this snapshot');
  });

  it('answers NOT_FOUND naming the snapshot but not its path, and lists of absent kinds as empty', async () => {
    const cluster = await loadSnapshot(file, options());
    const error = await rejection(cluster.get('deployments', 'web', 'app'));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(`get deployments.apps "web" in namespace "app": not found in the snapshot; list deployments.apps to see what it holds`);
    expect((await cluster.list('statefulsets')).items).toEqual([]);
  });

  it('refuses every write with READ_ONLY and changes nothing', async () => {
    const cluster = await loadSnapshot(file, options());
    const before = JSON.stringify(await cluster.get('pods', 'web-1', 'app'));
    const writes: [string, Promise<unknown>][] = [
      ['scale', cluster.scale('deployments', 'web', 'app', 5)],
      ['apply', cluster.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'app' } })],
      ['patch', cluster.patch('pods', 'web-1', 'app', { metadata: { labels: { x: 'y' } } }, 'merge')],
      ['delete', cluster.delete('pods', 'web-1', 'app')],
    ];
    for (const [verb, write] of writes) {
      const error = await rejection(write);
      expect(error.code).toBe('READ_ONLY');
      expect(error.message).toBe(`${verb}: this is an offline snapshot: writes are refused; connect to a live cluster to change it`);
    }
    expect(JSON.stringify(await cluster.get('pods', 'web-1', 'app'))).toBe(before);
  });
});

describe('loadSnapshot: namespace policy', () => {
  let file: string;
  beforeAll(async () => {
    file = await put('policy.json', { apiVersion: 'v1', kind: 'List', items: ALL });
  });

  it('never returns objects of a forbidden namespace, only counts them', async () => {
    const cluster = await loadSnapshot(file, options({ allowed: [], forbidden: ['kube-system'] }));
    const pods = await cluster.list('pods');
    expect(pods.items.map((p) => p.metadata.name)).toEqual(['db-0', 'web-1', 'web-2']);
    expect(pods.hiddenByPolicy).toBe(1);
    expect((await cluster.list('pods', { labelSelector: 'app=web' })).hiddenByPolicy).toBe(0);
    const namespaces = await cluster.list('namespaces');
    expect(namespaces.items.map((n) => n.metadata.name)).toEqual(['app']);
    expect(namespaces.hiddenByPolicy).toBe(1);
    expect(cluster.snapshotInfo).toMatchObject({ hiddenByPolicy: 2, objects: ALL.length - 2 });
    expect(cluster.snapshotInfo.objectsByKind['Pod']).toBe(3);
    const all = JSON.stringify([pods, namespaces, await cluster.list('events'), cluster.snapshotInfo]);
    expect(all).not.toContain('coredns');
    expect(all).not.toContain('kube-system');
  });

  it('refuses a hidden namespace named explicitly with NAMESPACE_FORBIDDEN', async () => {
    const cluster = await loadSnapshot(file, options({ allowed: ['app'], forbidden: [] }));
    const attempts = [
      cluster.list('pods', { namespace: 'kube-system' }),
      cluster.get('pods', 'coredns-1', 'kube-system'),
      cluster.get('namespaces', 'kube-system'),
      cluster.logs({ namespace: 'kube-system', name: 'coredns-1' }),
      // Even for a kind the snapshot does not know: the namespace is checked first.
      cluster.list('gadgets', { namespace: 'kube-system' }),
    ];
    for (const attempt of attempts) expect((await rejection(attempt)).code).toBe('NAMESPACE_FORBIDDEN');
    expect((await cluster.list('pods')).items.map((p) => p.metadata.namespace)).toEqual(['app', 'app', 'app']);
    // Cluster-scoped custom resources are not subject to the namespace policy.
    expect((await cluster.list('gizmopolicies')).items).toHaveLength(1);
  });
});
