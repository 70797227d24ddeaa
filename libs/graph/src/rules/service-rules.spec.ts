import { describe, expect, it } from 'vitest';
import { edgeStrings, graphOf, obj, pod } from '../spec-support/graph-fixtures.js';

const svc = (name: string, spec: Record<string, unknown>) => obj('Service', 'shop', name, { spec });

describe('serviceRule', () => {
  it('selects the pods of its namespace matching every selector label', () => {
    const graph = graphOf([
      pod('shop', 'web-1', {}, { app: 'web', tier: 'front' }),
      pod('shop', 'web-2', {}, { app: 'web' }),
      pod('other', 'web-3', {}, { app: 'web', tier: 'front' }),
      svc('web', { selector: { app: 'web', tier: 'front' } }),
    ]);
    expect(edgeStrings(graph, 'selects')).toEqual(['selects Service/shop/web -> Pod/shop/web-1']);
  });

  it('selects nothing with an empty or absent selector, or as an ExternalName Service', () => {
    const graph = graphOf([
      pod('shop', 'web-1', {}, { app: 'web' }),
      svc('empty', { selector: {} }),
      svc('absent', {}),
      svc('external', { type: 'ExternalName', externalName: 'db.example.com', selector: { app: 'web' } }),
    ]);
    expect(edgeStrings(graph, 'selects')).toEqual([]);
    expect(graph.node('Service/shop/external')?.status).toBe('ExternalName db.example.com');
    expect(graph.node('Service/shop/empty')?.status).toBe('ClusterIP, no selector');
  });

  it('follows pods that appear, change labels or disappear after the Service', () => {
    const graph = graphOf([svc('web', { selector: { app: 'web' } })]);
    graph.upsert('Pod', pod('shop', 'web-1', {}, { app: 'web' }).object);
    expect(edgeStrings(graph, 'selects')).toEqual(['selects Service/shop/web -> Pod/shop/web-1']);
    graph.upsert('Pod', pod('shop', 'web-1', {}, { app: 'api' }).object);
    expect(edgeStrings(graph, 'selects')).toEqual([]);
    graph.upsert('Pod', pod('shop', 'web-1', {}, { app: 'web' }).object);
    graph.remove('Pod', 'shop', 'web-1');
    expect(edgeStrings(graph, 'selects')).toEqual([]);
    // Selector edges never leave placeholders behind.
    expect(graph.node('Pod/shop/web-1')).toBeUndefined();
  });

  it('links a Service to its EndpointSlices by label and the slices to their pods, with readiness', () => {
    const slice = obj('EndpointSlice', 'shop', 'web-abcde', {
      endpoints: [
        { addresses: ['10.0.0.1'], conditions: { ready: true }, targetRef: { kind: 'Pod', namespace: 'shop', name: 'web-1' } },
        { addresses: ['10.0.0.2'], conditions: { ready: false }, targetRef: { kind: 'Pod', name: 'web-2' } },
        { addresses: ['10.0.0.3'] },
      ],
    }, {
      labels: { 'kubernetes.io/service-name': 'web' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'u', controller: true }],
    });
    const graph = graphOf([slice, pod('shop', 'web-1'), svc('web', {}), obj('EndpointSlice', 'shop', 'other', {}, { labels: { 'kubernetes.io/service-name': 'api' } })]);
    expect(edgeStrings(graph).filter((e) => !e.startsWith('service-account'))).toEqual([
      'has-endpoints Service/shop/web -> EndpointSlice/shop/web-abcde',
      'owned-by EndpointSlice/shop/web-abcde -> Service/shop/web {"controller":true}',
      'targets EndpointSlice/shop/web-abcde -> Pod/shop/web-1 {"ready":true}',
      'targets EndpointSlice/shop/web-abcde -> Pod/shop/web-2 ! {"ready":false}',
    ]);
    expect(graph.node('EndpointSlice/shop/web-abcde')?.status).toBe('2/3 endpoints ready');
  });
});
