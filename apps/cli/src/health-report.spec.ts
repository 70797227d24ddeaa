import type { GraphStats } from '@k8s-mcp/graph';
import type { InformerStatus } from '@k8s-mcp/sync';
import { describe, expect, it } from 'vitest';
import { healthReport, type HealthSource, renderHealth } from './health-report.js';

function informer(kind: string, state: InformerStatus['state'], extra: Partial<InformerStatus> = {}): InformerStatus {
  return { kind, resource: `${kind.toLowerCase()}s`, state, objects: 3, bytes: 100, errors: 0, relists: 0, retries: 0, repairs: 0, lagMs: 2000, ...extra };
}

const STATS: GraphStats = { nodes: 10, edges: 12, missing: 1, nodesByKind: {}, edgesByType: {}, status: 'ok', approxBytes: 5000, refused: 0 };

function live(informers: InformerStatus[], stats: GraphStats = STATS): HealthSource {
  return {
    mode: 'live',
    clusterDescription: 'kubeconfig /k, context "c"',
    namespace: 'default',
    sync: { status: () => informers, healthScore: () => 90 },
    graph: { stats: () => stats },
  };
}

describe('healthReport', () => {
  it('is healthy when every informer synced, RBAC-degraded kinds being notes only', () => {
    const report = healthReport(live([informer('Pod', 'synced'), informer('Node', 'degraded', { lastError: 'RBAC denies list' })]));
    expect(report.healthy).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.notes).toEqual(['sync Node: degraded (RBAC denies list)']);
    expect(report.sync).toMatchObject({ healthScore: 90, synced: 1 });
    expect(report.graph).toEqual({ nodes: 10, edges: 12, missing: 1, status: 'ok', approxBytes: 5000 });
  });

  it('is unhealthy when an informer failed, is pending or stopped, or the graph hit its memory limit', () => {
    const report = healthReport(
      live([informer('Pod', 'failed', { lastError: 'connection refused' }), informer('Service', 'pending', { namespace: 'shop' }), informer('Job', 'synced')], {
        ...STATS,
        status: 'memory-limit',
        message: 'raise GRAPH_MEMORY_LIMIT',
      }),
    );
    expect(report.healthy).toBe(false);
    expect(report.problems).toEqual(['sync Pod: failed (connection refused)', 'sync Service in shop: pending', 'knowledge graph: memory-limit (raise GRAPH_MEMORY_LIMIT)']);
    expect(renderHealth(report)).toMatch(/^status: {5}UNHEALTHY$/m);
  });

  it('reports an offline snapshot without sync, and a disabled graph', () => {
    const report = healthReport({
      mode: 'snapshot',
      clusterDescription: 'offline snapshot /d.json',
      namespace: 'default',
      snapshotInfo: { source: '/d.json', files: ['/d.json'], objects: 42, objectsByKind: {}, hiddenByPolicy: 0, duplicates: 0, podsWithLogs: 0, recordedAt: '2026-01-01T00:00:00Z' },
    });
    expect(report).toMatchObject({ healthy: true, graph: 'disabled', snapshot: { source: '/d.json', objects: 42, recordedAt: '2026-01-01T00:00:00Z' } });
    expect(report).not.toHaveProperty('sync');
    const text = renderHealth(report);
    expect(text).toContain('sync:       none (offline snapshot, nothing to sync)');
    expect(text).toContain('graph:      disabled (ENABLE_KNOWLEDGE_GRAPH=false)');
    expect(text).toContain('snapshot:   42 objects, recorded 2026-01-01T00:00:00Z');
  });

  it('renders one row per informer', () => {
    const text = renderHealth(healthReport(live([informer('Pod', 'synced'), informer('Secret', 'synced', { namespace: 'shop', objects: 7 })])));
    expect(text).toContain('sync:       2/2 informers synced, health score 90');
    expect(text).toMatch(/^KIND\s+NAMESPACE\s+STATE\s+OBJECTS\s+ERRORS\s+LAG\s+LAST ERROR$/m);
    expect(text).toMatch(/^Secret\s+shop\s+synced\s+7\s+0\s+2s\s+-$/m);
  });
});
