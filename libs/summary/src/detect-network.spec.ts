import { describe, expect, it } from 'vitest';
import { closestSelector, editDistance } from './detect-network.js';
import type { Pod } from './kube-types.js';
import { findingsOf, only } from './testing/detect.js';
import { healthyCluster } from './testing/fixtures.js';

describe('network detectors', () => {
  it('reports a Service whose selector matches nothing, with the closest label set as a typo hint', () => {
    const f = only(findingsOf(healthyCluster().service('shop', 'web-typo', { app: 'wbe' })), 'NoMatchingPods');
    expect(f.severity).toBe('critical');
    expect(f.message).toBe('selector app=wbe matches no pods; did you mean app=web?');
    expect(f.nextStep).toContain('app=web');
    // Nothing close: no hint.
    expect(only(findingsOf(healthyCluster().service('shop', 'x', { tier: 'backend-processing' })), 'NoMatchingPods').message).not.toContain('did you mean');
  });

  it('reports a Service whose pods are all unready and chains to their problem', () => {
    const b = healthyCluster().deployment('shop', 'api', { replicas: 2, state: 'crashloop' }).service('shop', 'api', { app: 'api' });
    const f = only(findingsOf(b), 'NoReadyEndpoints');
    expect(f.message).toBe('none of its 2 selected pods is ready');
    expect(f.chain[1]).toMatchObject({ relation: 'selects', ref: { kind: 'Deployment', name: 'api' }, status: 'CrashLoopBackOff (2 pods)' });
  });

  it('leaves ExternalName and selector-less Services alone', () => {
    const b = healthyCluster().service('shop', 'manual', undefined);
    b.add('Service', { metadata: { name: 'ext', namespace: 'shop' }, spec: { type: 'ExternalName', externalName: 'db.example', selector: { app: 'none' } } });
    expect(findingsOf(b)).toEqual([]);
  });

  it('reports Ingress problems: missing class, backend Service, port, TLS Secret, unavailable backend', () => {
    const b = healthyCluster().deployment('shop', 'api', { replicas: 1, state: 'imagepull' }).service('shop', 'api', { app: 'api' });
    b.add('Ingress', {
      metadata: { name: 'broken', namespace: 'shop' },
      spec: {
        ingressClassName: 'traefik',
        tls: [{ hosts: ['a.example'], secretName: 'a-tls' }],
        rules: [
          { host: 'a.example', http: { paths: [{ path: '/', backend: { service: { name: 'gone', port: { number: 80 } } } }] } },
          { host: 'b.example', http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { number: 9999 } } } }] } },
          { host: 'c.example', http: { paths: [{ path: '/', backend: { service: { name: 'api', port: { name: 'http' } } } }] } },
        ],
      },
    });
    const findings = findingsOf(b).filter((f) => f.object.name === 'broken');
    expect(only(findings, 'MissingIngressClass').chain.at(-1)).toMatchObject({ ref: { kind: 'IngressClass', name: 'traefik' }, missing: true });
    expect(only(findings, 'MissingBackendService').chain.at(-1)).toMatchObject({ ref: { kind: 'Service', name: 'gone' }, missing: true });
    expect(only(findings, 'MissingBackendPort').message).toContain('has no port 9999 (b.example/); it has http');
    expect(only(findings, 'MissingTlsSecret').chain.at(-1)).toMatchObject({ ref: { kind: 'Secret', name: 'a-tls' }, missing: true });
    const unavailable = only(findings, 'BackendUnavailable');
    expect(unavailable.chain.map((s) => s.ref.kind)).toEqual(['Ingress', 'Service', 'Pod']);
    expect(unavailable.chain.at(-1)?.status).toBe('ImagePullBackOff');
  });

  it('reports an Ingress without class when there is no default class', () => {
    const b = healthyCluster();
    b.objects['IngressClass'] = [];
    const ingress = b.objects['Ingress']![0]! as unknown as { spec: Record<string, unknown> };
    delete ingress.spec['ingressClassName'];
    expect(only(findingsOf(b), 'NoIngressClass').severity).toBe('warning');
  });

  it('reports NetworkPolicies that select nothing or every pod', () => {
    const b = healthyCluster();
    b.add('NetworkPolicy', { metadata: { name: 'deny-all', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
    b.add('NetworkPolicy', { metadata: { name: 'stale', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'legacy' } } } });
    const findings = findingsOf(b);
    expect(only(findings, 'SelectsAllPods').message).toBe('applies to every pod in shop and denies all ingress');
    expect(only(findings, 'SelectsNoPods').severity).toBe('info');
  });
});

describe('selector hints', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('wbe', 'web')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests the closest label set, fixing keys and values', () => {
    const pod = (labels: Record<string, string>): Pod => ({ metadata: { name: JSON.stringify(labels), labels } });
    const pods = [pod({ app: 'web', tier: 'front' }), pod({ app: 'db' })];
    expect(closestSelector({ app: 'web', teir: 'front' }, pods)).toEqual({ app: 'web', tier: 'front' });
    expect(closestSelector({ app: 'payments' }, pods)).toBeUndefined();
  });
});
