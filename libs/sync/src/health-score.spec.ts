import { describe, expect, it } from 'vitest';
import { computeHealthScore } from './health-score.js';
import type { InformerState, InformerStatus } from './informer-status.js';

function status(resource: string, state: InformerState, lagMs?: number, namespace?: string): InformerStatus {
  return {
    kind: resource,
    resource,
    state,
    objects: 0,
    bytes: 0,
    errors: 0,
    relists: 0,
    retries: 0,
    repairs: 0,
    ...(lagMs === undefined ? {} : { lagMs }),
    ...(namespace ? { namespace } : {}),
  };
}

const many = (n: number, state: InformerState, prefix = 'k') => Array.from({ length: n }, (_, i) => status(`${prefix}${i}`, state, 0));

describe('computeHealthScore', () => {
  it('is 100 when every kind is synced and current, and when there is nothing to sync', () => {
    expect(computeHealthScore(many(24, 'synced'), 180_000)).toBe(100);
    expect(computeHealthScore([], 180_000)).toBe(100);
  });

  it('gives degraded kinds half credit: 24 kinds with 5 degraded score 90', () => {
    expect(computeHealthScore([...many(19, 'synced'), ...many(5, 'degraded', 'd')], 180_000)).toBe(90);
  });

  it('gives failed, pending and stopped kinds no credit', () => {
    expect(computeHealthScore([...many(23, 'synced'), status('x', 'failed')], 180_000)).toBe(96);
    expect(computeHealthScore([status('a', 'synced', 0), status('b', 'pending')], 180_000)).toBe(50);
    expect(computeHealthScore(many(3, 'stopped'), 180_000)).toBe(0);
  });

  it('halves the credit of a synced kind whose lag exceeds the threshold', () => {
    expect(computeHealthScore([status('a', 'synced', 180_001), status('b', 'synced', 180_000)], 180_000)).toBe(75);
    expect(computeHealthScore(many(4, 'synced').map((s) => ({ ...s, lagMs: 1e9 })), 180_000)).toBe(50);
  });

  it('averages a kind over its namespaces first, so namespaces do not outweigh cluster-scoped kinds', () => {
    const pods = ['a', 'b', 'c', 'd'].map((ns, i) => status('pods', i === 0 ? 'failed' : 'synced', 0, ns));
    // pods: 3/4 credit; nodes: 0 → (0.75 + 0) / 2
    expect(computeHealthScore([...pods, status('nodes', 'failed')], 180_000)).toBe(38);
  });
});
