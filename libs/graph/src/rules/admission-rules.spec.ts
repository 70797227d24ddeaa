import { describe, expect, it } from 'vitest';
import { edgeStrings, graphOf, obj } from '../spec-support/graph-fixtures.js';

describe('admission rules', () => {
  it('links webhook configurations and APIServices to the Services they call', () => {
    const graph = graphOf([
      obj('Service', 'cert-manager', 'webhook'),
      obj('ValidatingWebhookConfiguration', undefined, 'cert-manager', {
        webhooks: [
          { name: 'a.example.com', clientConfig: { service: { namespace: 'cert-manager', name: 'webhook', path: '/validate' } } },
          { name: 'b.example.com', clientConfig: { service: { namespace: 'cert-manager', name: 'webhook', port: 10250 } } },
          { name: 'c.example.com', clientConfig: { url: 'https://example.com' } },
        ],
      }),
      obj('MutatingWebhookConfiguration', undefined, 'istio', {
        webhooks: [{ name: 'sidecar', clientConfig: { service: { namespace: 'istio-system', name: 'istiod', port: 443 } } }],
      }),
      obj('APIService', undefined, 'v1beta1.metrics.k8s.io', { spec: { service: { namespace: 'kube-system', name: 'metrics-server' } } }),
      obj('APIService', undefined, 'v1.apps', { spec: {} }),
    ]);
    expect(edgeStrings(graph)).toEqual([
      'calls APIService/_cluster/v1beta1.metrics.k8s.io -> Service/kube-system/metrics-server ! {"via":"apiService","port":"443"}',
      'calls MutatingWebhookConfiguration/_cluster/istio -> Service/istio-system/istiod ! {"via":"webhook","port":"443"}',
      'calls ValidatingWebhookConfiguration/_cluster/cert-manager -> Service/cert-manager/webhook {"via":"webhook","port":"10250, 443"}',
    ]);
  });
});
