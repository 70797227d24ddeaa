import { describe, expect, it } from 'vitest';
import { graphOf, obj, outStrings } from '../spec-support/graph-fixtures.js';

describe('gatewayRule', () => {
  it('links the GatewayClass (cluster-scoped) and the TLS Secrets of the listeners', () => {
    const graph = graphOf([
      obj('GatewayClass', undefined, 'envoy', { spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } }),
      obj('Secret', 'infra', 'shop-tls'),
      obj('Gateway', 'infra', 'edge', {
        spec: {
          gatewayClassName: 'envoy',
          listeners: [
            { name: 'http', port: 80, protocol: 'HTTP' },
            { name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'shop-tls' }, { kind: 'Secret', group: '', name: 'other-tls', namespace: 'certs' }] } },
            { name: 'custom', port: 8443, protocol: 'HTTPS', tls: { certificateRefs: [{ group: 'example.com', kind: 'Vault', name: 'v' }] } },
          ],
        },
      }),
    ]);
    expect(outStrings(graph, 'Gateway/infra/edge')).toEqual([
      'gateway-class Gateway/infra/edge -> GatewayClass/_cluster/envoy',
      'uses-secret Gateway/infra/edge -> Secret/certs/other-tls ! {"via":"tls","optional":false}',
      'uses-secret Gateway/infra/edge -> Secret/infra/shop-tls {"via":"tls","optional":false}',
    ]);
  });

  it('marks a missing GatewayClass as a broken reference', () => {
    const graph = graphOf([obj('Gateway', 'infra', 'edge', { spec: { gatewayClassName: 'nginx' } })]);
    expect(graph.brokenReferences().map((e) => `${e.type} ${e.target}`)).toEqual(['gateway-class GatewayClass/_cluster/nginx']);
  });
});

describe('httpRouteRule', () => {
  it('links parent Gateways (with their section) and backend Services with ports', () => {
    const graph = graphOf([
      obj('Gateway', 'infra', 'edge'),
      obj('Service', 'shop', 'web'),
      obj('HTTPRoute', 'shop', 'store', {
        spec: {
          parentRefs: [{ name: 'edge', namespace: 'infra', sectionName: 'https' }, { name: 'internal' }, { group: 'example.com', kind: 'Mesh', name: 'm' }],
          rules: [
            { backendRefs: [{ name: 'web', port: 80 }, { name: 'web', port: 8080, weight: 1 }] },
            { backendRefs: [{ name: 'api', namespace: 'backend', port: 9000 }] },
            { matches: [{ path: { type: 'PathPrefix', value: '/' } }] },
          ],
        },
      }),
    ]);
    expect(outStrings(graph, 'HTTPRoute/shop/store')).toEqual([
      'attaches-to HTTPRoute/shop/store -> Gateway/infra/edge {"via":"https"}',
      'attaches-to HTTPRoute/shop/store -> Gateway/shop/internal !',
      'attaches-to HTTPRoute/shop/store -> Mesh/shop/m !',
      'routes-to HTTPRoute/shop/store -> Service/backend/api ! {"via":"rule","port":"9000"}',
      'routes-to HTTPRoute/shop/store -> Service/shop/web {"via":"rule","port":"80, 8080"}',
    ]);
    // The route is in the Gateway's impact: what breaks when the Gateway does.
    expect(graph.impact('Gateway/infra/edge').root.children.map((c) => c.node.id)).toEqual(['HTTPRoute/shop/store']);
  });
});
