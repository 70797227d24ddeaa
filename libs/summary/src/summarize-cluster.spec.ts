import { createNamespacePolicy } from '@k8s-mcp/k8s-client';
import { describe, expect, it } from 'vitest';
import { stateFromObjects } from './cluster-state.js';
import { SummaryBudgetError } from './fit-to-budget.js';
import { summarizeCluster, type SummaryOptions } from './summarize-cluster.js';
import { healthyCluster, NOW } from './testing/fixtures.js';
import { generateCluster, random } from './testing/generate-cluster.js';
import { utf8Bytes } from './text.js';

const broken = () => {
  const b = healthyCluster();
  b.deployment('shop', 'api', { replicas: 12, state: 'crashloop' }).service('shop', 'api', { app: 'api' }).service('shop', 'typo', { app: 'wbe' });
  b.node('node-9', { ready: 'False' });
  b.add('PersistentVolumeClaim', { metadata: { name: 'data', namespace: 'shop' }, spec: { storageClassName: 'gold' }, status: { phase: 'Pending' } });
  return stateFromObjects(b.build());
};

function checkClean(text: string, format: 'markdown' | 'json'): void {
  expect(text).not.toContain('\uFFFD');
  if (format === 'json') {
    expect(() => JSON.parse(text) as unknown).not.toThrow();
  } else {
    expect(text.endsWith('\n')).toBe(true);
    expect(text.startsWith('# ')).toBe(true);
  }
}

describe('summarizeCluster', () => {
  it('writes an overview with counts by kind and status, top findings and nodes', () => {
    const result = summarizeCluster(broken(), { now: NOW });
    expect(result).toMatchObject({ type: 'overview', format: 'markdown', omittedItems: 0 });
    expect(result.text).toContain('# Cluster overview\ngenerated 2025-06-01T12:00:00.000Z; findings: ');
    expect(result.text).toContain('- Pod: 16 (CrashLoopBackOff 12, Running 4)');
    expect(result.text).toContain('- **critical** `CrashLoopBackOff` Deployment shop/api: 12 Pods');
    expect(result.text).toContain('- node-9: NotReady, 0 pods');
    expect(result.bytes).toBe(utf8Bytes(result.text));
    const quiet = summarizeCluster(broken(), { now: NOW, includeAnomalies: false });
    expect(quiet.text).not.toContain('## Top findings');
  });

  it('says when `now` is the time the data is judged at rather than the present (an offline snapshot)', () => {
    const markdown = summarizeCluster(broken(), { now: NOW, clockNote: 'snapshot time' });
    expect(markdown.text).toContain('# Cluster overview\nevaluated at 2025-06-01T12:00:00.000Z (snapshot time); findings: ');
    const json = JSON.parse(summarizeCluster(broken(), { now: NOW, clockNote: 'snapshot time', format: 'json' }).text) as Record<string, unknown>;
    expect(json).toMatchObject({ generatedAt: '2025-06-01T12:00:00.000Z', clock: 'snapshot time' });
  });

  it('writes JSON with the same content for programs', () => {
    const result = summarizeCluster(broken(), { now: NOW, type: 'anomalies', format: 'json' });
    const json = JSON.parse(result.text) as { summary: string; findings: { id: string; chain: unknown[] }[]; findingsTotal: number; omitted: object };
    expect(json.summary).toBe('anomalies');
    expect(json.findings.length).toBe(json.findingsTotal);
    expect(json.findings.map((f) => f.id)).toContain('NoMatchingPods@Service/shop/typo');
    expect(json.omitted).toEqual({});
  });

  it('writes namespace, workload and nodes summaries', () => {
    const ns = summarizeCluster(broken(), { now: NOW, type: 'namespace', namespace: 'shop' }).text;
    expect(ns).toContain('# Namespace shop');
    expect(ns).toContain('- Deployment api: unavailable 0/12 ready, image registry.example/app:1.0');
    expect(ns).toContain('- Service typo: ClusterIP ports http:80, selector matches no pods');
    expect(ns).toContain('- PVC data: Pending, class gold');
    const w = summarizeCluster(broken(), { now: NOW, type: 'workload', workload: { kind: 'deployment', namespace: 'shop', name: 'web' } }).text;
    expect(w).toContain('# Workload Deployment shop/web');
    expect(w).toContain('- Secret shop/db-creds (env DB_PASSWORD of container app)');
    expect(w).toContain('- Service web: ClusterIP ports http:80, 3/3 ready (selector app=web)');
    expect(w).toContain('- Ingress shop -> Service web');
    expect(w).toContain('- HorizontalPodAutoscaler web: 2-10 replicas, current 3');
    const nodes = summarizeCluster(broken(), { now: NOW, type: 'nodes' }).text;
    expect(nodes).toMatch(/## Nodes \(4\)\n- node-9: NotReady, 0 pods/);
    expect(nodes).toContain('`NodeNotReady` Node node-9');
  });

  it('rejects bad options with typed errors', () => {
    const state = broken();
    const code = (options: SummaryOptions): unknown => {
      try {
        summarizeCluster(state, { now: NOW, ...options });
      } catch (error) {
        return (error as { code?: unknown }).code;
      }
      return 'no error';
    };
    expect(code({ type: 'namespace' })).toBe('INVALID_OPTIONS');
    expect(code({ type: 'namespace', namespace: 'nope' })).toBe('NOT_FOUND');
    expect(code({ type: 'workload', workload: { kind: 'Deployment', namespace: 'shop', name: 'nope' } })).toBe('NOT_FOUND');
    expect(code({ type: 'workload', workload: { kind: 'Pod', namespace: 'shop', name: 'x' } })).toBe('INVALID_OPTIONS');
    expect(code({ maxSizeKb: 0 })).toBe('INVALID_OPTIONS');
    expect(code({ type: 'bogus' as 'overview' })).toBe('INVALID_OPTIONS');
    const policy = createNamespacePolicy({ allowed: [], forbidden: ['shop'] });
    expect(code({ type: 'namespace', namespace: 'shop', policy })).toBe('NAMESPACE_FORBIDDEN');
    expect(() => summarizeCluster(state, { now: NOW, maxSizeKb: 0.05 })).toThrow(SummaryBudgetError);
  });

  it('shortens, then drops whole items under pressure, and says how many were omitted', { timeout: 60_000 }, () => {
    const state = stateFromObjects(generateCluster({ seed: 11, pods: 2000, brokenRatio: 0.2 }).objects);
    const full = summarizeCluster(state, { now: NOW, type: 'anomalies', maxSizeKb: 1000 });
    const small = summarizeCluster(state, { now: NOW, type: 'anomalies', maxSizeKb: 4 });
    expect(full.omittedItems).toBe(0);
    expect(small.bytes).toBeLessThanOrEqual(4096);
    expect(small.omittedItems).toBeGreaterThan(0);
    const omitted = [...small.text.matchAll(/^\((\d+) more omitted\)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(omitted).toBe(small.omittedItems);
    expect(small.text).toMatch(/\(\d+ more omitted\)\n$/);
    // The top findings keep their next step; later ones are one line.
    const items = small.text.split('\n- ').slice(1);
    expect(items[0]).toContain('  - next: ');
    expect(items.at(-1)).not.toContain('  - next: ');
  });

  it('keeps every output within budget, valid and cleanly ended (random clusters and budgets)', { timeout: 180_000 }, () => {
    const rnd = random(42);
    const types = ['overview', 'anomalies', 'nodes', 'namespace', 'workload'] as const;
    for (let i = 0; i < 40; i++) {
      const { objects } = generateCluster({ seed: i, pods: Math.floor(rnd() * 300), brokenRatio: rnd() * 0.6 });
      const state = stateFromObjects(objects);
      const maxSizeKb = 1 + Math.floor(rnd() * 50);
      const type = types[i % types.length] as (typeof types)[number];
      const deployment = objects['Deployment']?.[0];
      if (type === 'workload' && !deployment) continue;
      for (const format of ['markdown', 'json'] as const) {
        const options: SummaryOptions = {
          now: NOW,
          type,
          format,
          maxSizeKb,
          namespace: 'ns-0',
          ...(deployment ? { workload: { kind: 'Deployment', namespace: deployment.metadata.namespace as string, name: deployment.metadata.name } } : {}),
          useGraph: i % 2 === 0,
        };
        const result = summarizeCluster(state, options);
        expect(result.bytes, `${type} ${format} ${maxSizeKb} KB`).toBeLessThanOrEqual(maxSizeKb * 1024);
        expect(utf8Bytes(result.text)).toBe(result.bytes);
        checkClean(result.text, format);
        // Deterministic: byte-identical on a second run.
        expect(summarizeCluster(state, options).text).toBe(result.text);
      }
    }
  });

  it('never names a hidden namespace, in any summary or format', { timeout: 60_000 }, () => {
    const { objects } = generateCluster({ seed: 5, pods: 600, brokenRatio: 0.3 });
    const policy = createNamespacePolicy({ allowed: [], forbidden: ['ns-1'] });
    const state = stateFromObjects(objects);
    for (const type of ['overview', 'anomalies', 'nodes'] as const) {
      for (const format of ['markdown', 'json'] as const) {
        const text = summarizeCluster(state, { now: NOW, type, format, policy, maxSizeKb: 50 }).text;
        expect(text).not.toContain('ns-1');
      }
    }
    const visible = summarizeCluster(state, { now: NOW, type: 'anomalies', maxSizeKb: 50 }).text;
    expect(visible).toContain('ns-1');
  });
});
