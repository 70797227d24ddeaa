import { describe, expect, it } from 'vitest';
import { graphOf, obj, outStrings } from '../spec-support/graph-fixtures.js';

describe('ingressRule', () => {
  it('links the IngressClass, default backend and rule Services with ports, resource backends and TLS Secrets', () => {
    const graph = graphOf([
      obj('IngressClass', undefined, 'nginx'),
      obj('Service', 'shop', 'web'),
      obj('Ingress', 'shop', 'shop', {
        spec: {
          ingressClassName: 'nginx',
          defaultBackend: { service: { name: 'fallback', port: { name: 'http' } } },
          tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }, { hosts: ['x'] }],
          rules: [
            {
              host: 'shop.example.com',
              http: {
                paths: [
                  { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
                  { path: '/api', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } },
                  { path: '/static', pathType: 'Prefix', backend: { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'assets' } } },
                ],
              },
            },
            { host: 'empty.example.com' },
          ],
        },
      }),
    ]);
    expect(outStrings(graph, 'Ingress/shop/shop')).toEqual([
      'ingress-class Ingress/shop/shop -> IngressClass/_cluster/nginx',
      'routes-to Ingress/shop/shop -> Service/shop/fallback ! {"via":"defaultBackend","port":"http"}',
      'routes-to Ingress/shop/shop -> Service/shop/web {"via":"rule","port":"80, 8080"}',
      'routes-to Ingress/shop/shop -> StorageBucket/shop/assets ! {"via":"rule"}',
      'uses-secret Ingress/shop/shop -> Secret/shop/shop-tls ! {"via":"tls","optional":false}',
    ]);
    expect(graph.node('Ingress/shop/shop')?.status).toBe('no address');
  });

  it('reads the legacy serviceName/servicePort backend', () => {
    const graph = graphOf([obj('Ingress', 'shop', 'old', { spec: { backend: { serviceName: 'web', servicePort: 80 } } })]);
    expect(outStrings(graph, 'Ingress/shop/old')).toEqual(['routes-to Ingress/shop/old -> Service/shop/web ! {"via":"defaultBackend","port":"80"}']);
  });
});
