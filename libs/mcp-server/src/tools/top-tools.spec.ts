import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClusterReader, createDiscovery, createLiveCluster, createNamespacePolicy, type KubeRequest, type KubeTransport, loadSnapshot } from '@k8s-mcp/k8s-client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../create-mcp-server.js';
import { cpuMillis, memoryMi } from './quantity.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

function pod(namespace: string, name: string, containers: { name: string; requests?: Record<string, string>; limits?: Record<string, string> }[]) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: name.split('-')[0] } },
    spec: { containers: containers.map((c) => ({ name: c.name, image: 'img', resources: { ...(c.requests ? { requests: c.requests } : {}), ...(c.limits ? { limits: c.limits } : {}) } })) },
    status: { phase: 'Running' },
  };
}

function podMetrics(namespace: string, name: string, containers: Record<string, { cpu: string; memory: string }>) {
  return {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'PodMetrics',
    metadata: { name, namespace, labels: { app: name.split('-')[0] } },
    timestamp: '2026-03-01T11:59:30Z',
    window: '30s',
    containers: Object.entries(containers).map(([n, usage]) => ({ name: n, usage })),
  };
}

const FIXTURES = {
  'pods.json': {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      pod('shop', 'web-1', [
        { name: 'app', requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
        { name: 'sidecar', requests: { cpu: '50m', memory: '64Mi' } },
      ]),
      pod('shop', 'db-0', [{ name: 'postgres', requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '2Gi' } }]),
      pod('shop', 'batch-1', [{ name: 'job' }]),
      pod('hidden', 'vault-0', [{ name: 'vault', requests: { cpu: '100m' } }]),
    ],
  },
  'pod-metrics.json': {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      podMetrics('shop', 'web-1', { app: { cpu: '412345678n', memory: '300Mi' }, sidecar: { cpu: '3m', memory: '20480Ki' } }),
      podMetrics('shop', 'db-0', { postgres: { cpu: '95m', memory: '1.5Gi' } }),
      podMetrics('shop', 'batch-1', { job: { cpu: '0', memory: '10Mi' } }),
      podMetrics('hidden', 'vault-0', { vault: { cpu: '999m', memory: '1Mi' } }),
    ],
  },
  'nodes.json': {
    apiVersion: 'v1',
    kind: 'List',
    items: ['node-a', 'node-b'].map((name) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { allocatable: { cpu: '4', memory: '16Gi' } } })),
  },
  'node-metrics.json': {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name: 'node-a' }, timestamp: '2026-03-01T11:59:40Z', window: '20s', usage: { cpu: '1', memory: '4Gi' } },
      { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name: 'node-b' }, timestamp: '2026-03-01T11:59:40Z', window: '20s', usage: { cpu: '3500m', memory: '2Gi' } },
    ],
  },
};

let dir: string;
let withMetrics: ClusterReader;
let withoutMetrics: ClusterReader;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k8s-mcp-top-'));
  await Promise.all(Object.entries(FIXTURES).map(([file, body]) => writeFile(join(dir, file), JSON.stringify(body))));
  const options = { policy: createNamespacePolicy({ allowed: [], forbidden: ['hidden'] }), maxResources: 100, defaultNamespace: 'shop' };
  withMetrics = await loadSnapshot(dir, options);
  withoutMetrics = await loadSnapshot(join(dir, 'pods.json'), options);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function connect(reader: ClusterReader) {
  const server = createMcpServer({
    name: 'k8s-mcp',
    version: 'test',
    kubernetes: { context: { reader, defaultNamespace: 'shop', maxResources: 100, now: () => NOW }, mode: { allowWrites: false, allowDestructive: false } },
  });
  const client = new Client({ name: 'spec', version: '0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(a), client.connect(b)]);
  return async (name: string, args: Record<string, unknown> = {}) => {
    const result = await client.callTool({ name, arguments: args });
    return { text: (result.content as { text: string }[])[0]?.text ?? '', isError: result.isError === true, structured: result.structuredContent as Record<string, unknown> | undefined };
  };
}

describe('quantities', () => {
  it('converts CPU to millicores and memory to MiB', () => {
    expect(cpuMillis('250m')).toBe(250);
    expect(cpuMillis('1.5')).toBe(1500);
    expect(cpuMillis('412345678n')).toBeCloseTo(412.345678);
    expect(cpuMillis('5u')).toBeCloseTo(0.005);
    expect(memoryMi('20480Ki')).toBe(20);
    expect(memoryMi('1.5Gi')).toBe(1536);
    expect(memoryMi('1e9')).toBeCloseTo(953.67, 1);
    expect(memoryMi('128M')).toBeCloseTo(122.07, 1);
    expect(cpuMillis('lots')).toBeUndefined();
    expect(memoryMi(undefined)).toBeUndefined();
  });
});

describe('k8s-top-pods', () => {
  it('shows usage beside requests and limits, highest CPU first, hidden namespaces left out', async () => {
    const call = await connect(withMetrics);
    const result = await call('k8s-top-pods', { all_namespaces: true });
    expect(result.isError).toBe(false);
    const lines = result.text.split('\n');
    expect(lines[0]).toMatch(/^Pod usage in all namespaces: 3 row\(s\) \(usage: metrics-server, averaged over 30s as of 2026-03-01T11:59:30Z; requests\/limits: source: offline snapshot/);
    expect(lines[1]).toMatch(/^NAMESPACE\s+NAME\s+CPU\(m\)\s+CPU-REQ\(m\)\s+CPU-LIM\(m\)\s+MEM\(Mi\)\s+MEM-REQ\(Mi\)\s+MEM-LIM\(Mi\)$/);
    // web-1: 412m + 3m; requests 250m + 50m; only app has a CPU limit (1 core); memory 300 + 20 Mi.
    expect(lines[2]).toMatch(/^shop\s+web-1\s+415\s+300\s+1000\s+320\s+320\s+512$/);
    expect(lines[3]).toMatch(/^shop\s+db-0\s+95\s+1000\s+-\s+1536\s+1024\s+2048$/);
    expect(lines[4]).toMatch(/^shop\s+batch-1\s+0\s+-\s+-\s+10\s+-\s+-$/);
    expect(result.text).not.toContain('vault');
    expect(result.structured).toMatchObject({ kind: 'PodMetrics', namespace: '*', returned: 3, truncated: false });
    expect((result.structured?.['rows'] as string[][])[0]).toEqual(['shop', 'web-1', '415', '300', '1000', '320', '320', '512']);
  });

  it('sorts by memory, shows containers, and states what a limit left out', async () => {
    const call = await connect(withMetrics);
    const byMemory = await call('k8s-top-pods', { sort_by: 'memory', limit: '1' });
    expect(byMemory.text).toMatch(/\nshop\s+db-0\s+95/);
    expect(byMemory.text).toContain('Showing the top 1 of 3 rows by memory');
    expect(byMemory.structured).toMatchObject({ returned: 1, truncated: true, remaining: 2 });
    const containers = await call('k8s-top-pods', { containers: true, label_selector: 'app=web' });
    expect(containers.text).toMatch(/POD\/CONTAINER/);
    expect(containers.text).toMatch(/\nshop\s+web-1\/app\s+412\s+250\s+1000\s+300\s+256\s+512\n/);
    expect(containers.text).toMatch(/\nshop\s+web-1\/sidecar\s+3\s+50\s+-\s+20\s+64\s+-/);
  });

  it('refuses a namespace hidden by policy', async () => {
    const call = await connect(withMetrics);
    const result = await call('k8s-top-pods', { namespace: 'hidden' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/NAMESPACE_FORBIDDEN/);
  });

  it('says clearly that a snapshot without metrics has no usage, with no stack trace', async () => {
    const call = await connect(withoutMetrics);
    const result = await call('k8s-top-pods');
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^Error \(METRICS_UNAVAILABLE\): the offline snapshot holds no PodMetrics/);
    expect(result.text).not.toMatch(/\n\s+at /);
  });
});

describe('k8s-top-nodes', () => {
  it('shows node usage against allocatable, highest CPU first', async () => {
    const call = await connect(withMetrics);
    const result = await call('k8s-top-nodes');
    const lines = result.text.split('\n');
    expect(lines[0]).toMatch(/^Node usage: 2 node\(s\) \(usage: metrics-server, averaged over 20s/);
    expect(lines[1]).toMatch(/^NAME\s+CPU\(m\)\s+CPU%\s+MEM\(Mi\)\s+MEM%$/);
    expect(lines[2]).toMatch(/^node-b\s+3500\s+88%\s+2048\s+13%$/);
    expect(lines[3]).toMatch(/^node-a\s+1000\s+25%\s+4096\s+25%$/);
    expect(result.structured).toMatchObject({ kind: 'NodeMetrics', returned: 2 });
  });
});

/** Discovery documents as a cluster serves them, with or without metrics-server (fixture objects). */
function discoveryTransport(metrics: 'served' | 'absent' | 'unavailable'): KubeTransport {
  const answer = (request: KubeRequest): unknown => {
    if (request.path === '/api/v1') return { groupVersion: 'v1', resources: [{ name: 'pods', namespaced: true, kind: 'Pod', verbs: ['get', 'list'] }] };
    if (request.path === '/apis') {
      const groups = metrics === 'absent' ? [] : [{ name: 'metrics.k8s.io', versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }], preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' } }];
      return { groups };
    }
    if (request.path === '/apis/metrics.k8s.io/v1beta1') {
      return { groupVersion: 'metrics.k8s.io/v1beta1', resources: [{ name: 'nodes', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] }, { name: 'pods', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] }] };
    }
    if (request.path.startsWith('/apis/metrics.k8s.io/v1beta1/') && metrics === 'unavailable') {
      throw Object.assign(new Error('the server is currently unable to handle the request'), { code: 'SERVER_ERROR', status: 503 });
    }
    return { items: [] };
  };
  return {
    server: 'https://fixture:6443',
    json: async <T>(request: KubeRequest) => answer(request) as T,
    text: () => Promise.reject(new Error('not used')),
    stream: () => Promise.reject(new Error('not used')),
    close: () => undefined,
  };
}

describe('metrics discovery on a live cluster', () => {
  const live = (metrics: 'served' | 'absent' | 'unavailable') => {
    const transport = discoveryTransport(metrics);
    return createLiveCluster({ transport, discovery: createDiscovery(transport), policy: createNamespacePolicy({ allowed: [], forbidden: [] }), defaultNamespace: 'shop' });
  };

  it('resolves the metrics kinds by resource name and by kind name', async () => {
    const cluster = live('served');
    expect(await cluster.resolveKind('pods.metrics.k8s.io')).toMatchObject({ group: 'metrics.k8s.io', version: 'v1beta1', kind: 'PodMetrics', plural: 'pods', namespaced: true });
    expect(await cluster.resolveKind('PodMetrics.metrics.k8s.io')).toMatchObject({ kind: 'PodMetrics', plural: 'pods' });
    expect(await cluster.resolveKind('NodeMetrics.metrics.k8s.io')).toMatchObject({ kind: 'NodeMetrics', plural: 'nodes', namespaced: false });
  });

  it('says metrics-server is not installed, and how to install it, when the group is not served', async () => {
    const call = await connect(live('absent'));
    for (const tool of ['k8s-top-pods', 'k8s-top-nodes']) {
      const result = await call(tool);
      expect(result.isError, tool).toBe(true);
      expect(result.text, tool).toMatch(/^Error \(METRICS_UNAVAILABLE\): metrics-server is not installed: this cluster does not serve the metrics\.k8s\.io API/);
      expect(result.text, tool).toContain('kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml');
    }
  });

  it('says metrics-server is not answering when its API answers 503', async () => {
    const call = await connect(live('unavailable'));
    const result = await call('k8s-top-pods');
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^Error \(METRICS_UNAVAILABLE\): metrics-server is registered but not answering/);
  });
});
