import { createNamespacePolicy, loadDemoCluster } from '@k8s-mcp/k8s-client';
import { describe, expect, it } from 'vitest';
import { stateFromReader, type ClusterState } from './cluster-state.js';
import { detectAnomalies } from './detect-anomalies.js';
import type { Finding } from './finding.js';
import { summarizeCluster } from './summarize-cluster.js';

// The bundled demo snapshot (libs/k8s-client/demo, docs/demo-cluster.md) was recorded from the
// real control plane with twelve planted problems; every one must be found, with its root cause.
const NOW = Date.parse('2024-06-12T12:00:00Z');

async function demoState(forbidden: string[] = []): Promise<ClusterState> {
  const reader = await loadDemoCluster({ policy: createNamespacePolicy({ allowed: [], forbidden }), maxResources: 50 });
  return stateFromReader(reader);
}

const find = (findings: readonly Finding[], reason: string, name: string): Finding | undefined =>
  findings.find((f) => f.reason === reason && (f.object.name.startsWith(name) || f.chain.some((s) => s.ref.name === name)));

describe('the demo cluster snapshot', () => {
  it('reads every kind through paging, without caveats', async () => {
    const state = await demoState();
    expect(state.incomplete).toEqual([]);
    expect(state.list('Pod').length).toBe(55);
  });

  it('finds all twelve planted problems, with the root causes', async () => {
    const findings = detectAnomalies(await demoState(), { now: NOW });
    const ingress = find(findings, 'BackendUnavailable', 'storefront');
    expect(ingress?.chain.map((s) => `${s.ref.kind}/${s.ref.name}`)).toEqual(['Ingress/storefront', 'Service/checkout', 'Deployment/checkout', 'Deployment/checkout', 'Secret/checkout-db-credentials']);
    expect(find(findings, 'MissingSecret', 'checkout')?.chain.at(-1)).toMatchObject({ ref: { name: 'checkout-db-credentials' }, missing: true });
    expect(find(findings, 'ImagePullBackOff', 'payments')?.message).toContain('payments:2.8.0-rc1');
    expect(find(findings, 'NoMatchingPods', 'search-legacy')?.message).toContain('app=search-v1');
    expect(find(findings, 'MissingTlsSecret', 'admin')?.chain.at(-1)).toMatchObject({ ref: { kind: 'Secret', name: 'admin-tls' }, missing: true });
    expect(find(findings, 'MissingScaleTarget', 'recommendations')?.severity).toBe('critical');
    expect(find(findings, 'CrashLoopBackOff', 'etl-worker')?.message).toContain('OOMKilled, code 137');
    expect(find(findings, 'Evicted', 'adhoc-export-20240611')?.message).toContain('low on resource: memory');
    expect(find(findings, 'Unhealthy', 'metabase')?.message).toContain('503');
    expect(find(findings, 'BackoffLimitExceeded', 'db-migrate-v42')?.severity).toBe('critical');
    expect(find(findings, 'MissingStorageClass', 'reports-archive')?.chain.at(-1)).toMatchObject({ ref: { kind: 'StorageClass', name: 'fast-ssd' }, missing: true });
    expect(find(findings, 'Unschedulable', 'report-builder')?.chain.at(-1)).toMatchObject({ ref: { name: 'fast-ssd' }, missing: true });
    expect(find(findings, 'MemoryPressure', 'pool-b-0')?.severity).toBe('warning');
    expect(find(findings, 'NodeNotReady', 'pool-b-1')?.severity).toBe('critical');
  });

  it('fits every planted problem into a 10 KB anomalies summary', async () => {
    const result = summarizeCluster(await demoState(), { now: NOW, type: 'anomalies' });
    expect(result.bytes).toBeLessThanOrEqual(10 * 1024);
    for (const name of ['checkout-db-credentials', 'payments', 'search-legacy', 'admin-tls', 'recommendations', 'etl-worker', 'adhoc-export-20240611', 'metabase', 'db-migrate-v42', 'fast-ssd', 'pool-b-0', 'pool-b-1']) {
      expect(result.text, name).toContain(name);
    }
  });

  it('hides a forbidden namespace entirely', async () => {
    const result = summarizeCluster(await demoState(['data']), { now: NOW, type: 'overview', format: 'json' });
    expect(result.text).not.toMatch(/\bdata\//);
    expect(result.text).not.toContain('etl-worker');
    expect(result.text).toContain('checkout-db-credentials');
  });
});
