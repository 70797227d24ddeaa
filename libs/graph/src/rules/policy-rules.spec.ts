import { describe, expect, it } from 'vitest';
import { edgeStrings, graphOf, obj, outStrings, pod } from '../spec-support/graph-fixtures.js';

describe('horizontalPodAutoscalerRule', () => {
  it('points at its scale target of any kind, e.g. a StatefulSet', () => {
    const graph = graphOf([
      obj('StatefulSet', 'shop', 'db'),
      obj('HorizontalPodAutoscaler', 'shop', 'db', {
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' }, minReplicas: 2, maxReplicas: 5 },
        status: { currentReplicas: 3, desiredReplicas: 4, conditions: [{ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric' }] },
      }),
      obj('HorizontalPodAutoscaler', 'shop', 'custom', { spec: { scaleTargetRef: { apiVersion: 'x/v1', kind: 'Rollout', name: 'web' } } }),
    ]);
    expect(outStrings(graph, 'HorizontalPodAutoscaler/shop/db')).toEqual(['scales HorizontalPodAutoscaler/shop/db -> StatefulSet/shop/db']);
    expect(outStrings(graph, 'HorizontalPodAutoscaler/shop/custom')).toEqual(['scales HorizontalPodAutoscaler/shop/custom -> Rollout/shop/web !']);
    expect(graph.node('HorizontalPodAutoscaler/shop/db')?.status).toBe('3/4 replicas (min 2, max 5), ScalingActive=False (FailedGetResourceMetric)');
  });
});

describe('podDisruptionBudgetRule', () => {
  const pods = [pod('shop', 'a', {}, { app: 'a' }), pod('shop', 'b', {}, { app: 'b' }), pod('other', 'c', {}, { app: 'a' })];

  it('protects every pod of its namespace with an empty selector, none with a nil one', () => {
    const graph = graphOf([
      ...pods,
      obj('PodDisruptionBudget', 'shop', 'all', { spec: { selector: {}, minAvailable: 1 } }),
      obj('PodDisruptionBudget', 'shop', 'none', { spec: { minAvailable: 1 } }),
    ]);
    expect(edgeStrings(graph, 'protects')).toEqual([
      'protects PodDisruptionBudget/shop/all -> Pod/shop/a',
      'protects PodDisruptionBudget/shop/all -> Pod/shop/b',
    ]);
  });

  it('matches matchLabels and matchExpressions', () => {
    const graph = graphOf([
      ...pods,
      obj('PodDisruptionBudget', 'shop', 'expr', {
        spec: { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'z'] }] } },
        status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 },
      }),
      obj('PodDisruptionBudget', 'shop', 'notin', { spec: { selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] } } }),
      obj('PodDisruptionBudget', 'shop', 'bad', { spec: { selector: { matchExpressions: [{ key: 'app', operator: 'Near' }] } } }),
    ]);
    expect(edgeStrings(graph, 'protects')).toEqual([
      'protects PodDisruptionBudget/shop/expr -> Pod/shop/a',
      'protects PodDisruptionBudget/shop/notin -> Pod/shop/b',
    ]);
    expect(graph.node('PodDisruptionBudget/shop/expr')?.status).toBe('0 disruptions allowed, 1/1 healthy');
  });
});
