import { describe, expect, it } from 'vitest';
import { findingsOf, only } from './testing/detect.js';
import { ago, type ClusterBuilder, healthyCluster } from './testing/fixtures.js';

const webContainer = { name: 'app', image: 'registry.example/web:1.0', ports: [{ name: 'web', containerPort: 8080 }] };

/** Deployment `api` (2 Ready pods declaring web/8080) behind Service `api` with `ports`, and its EndpointSlice. */
function apiCluster(ports: Record<string, unknown>[], slice: { readyEndpoints: number; portNames?: string[] } | undefined): ClusterBuilder {
  const b = healthyCluster();
  b.deployment('shop', 'api', { replicas: 2, podSpec: { containers: [webContainer] } });
  b.service('shop', 'api', { app: 'api' }, ports);
  if (slice) {
    const endpoints = ['a0', 'b1'].map((p, i) => ({ addresses: [`10.0.0.${i + 1}`], conditions: { ready: i < slice.readyEndpoints }, targetRef: { kind: 'Pod', namespace: 'shop', name: `api-5d9f7c-${p}` } }));
    b.add('EndpointSlice', {
      metadata: { name: 'api-x1', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'api' } },
      addressType: 'IPv4',
      endpoints,
      ports: (slice.portNames ?? []).map((name) => ({ name, port: 8080, protocol: 'TCP' })),
    });
  }
  return b;
}

describe('service port detector', () => {
  it('reports a named targetPort no container port has, critical with empty EndpointSlices, naming the declared ports', () => {
    // The endpoint controller leaves the port out of the slice when it cannot resolve it.
    const f = only(findingsOf(apiCluster([{ name: 'http', port: 80, targetPort: 'http-web' }], { readyEndpoints: 2, portNames: [] })), 'TargetPortMismatch');
    expect(f).toMatchObject({ severity: 'critical', object: { kind: 'Service', name: 'api' } });
    expect(f.message).toBe('targetPort "http-web" matches no container port of its 2 pods (ports: web/8080); its EndpointSlices list no ready endpoint for port http');
    expect(f.evidence).toContain('EndpointSlices: 0 ready endpoints for this port, 2 selected pods Ready');
    expect(f.nextStep).toContain('Set targetPort of port http to web');
    // Without EndpointSlices to read, the unresolvable name alone makes it critical.
    const unsliced = only(findingsOf(apiCluster([{ name: 'http', port: 80, targetPort: 'http-web' }], undefined)), 'TargetPortMismatch');
    expect(unsliced.severity).toBe('critical');
    expect(unsliced.message).toBe('targetPort "http-web" matches no container port of its 2 pods (ports: web/8080)');
  });

  it('reports a numbered targetPort no container declares as a warning while endpoints are ready', () => {
    const f = only(findingsOf(apiCluster([{ name: 'http', port: 80, targetPort: 8081 }], { readyEndpoints: 2, portNames: ['http'] })), 'TargetPortMismatch');
    expect(f.severity).toBe('warning');
    expect(f.message).toBe('targetPort 8081 is declared by no container of its 2 pods (ports: web/8080)');
  });

  it('accepts matching names and numbers, a numbered port when no container declares ports, and a protocol mismatch is a mismatch', () => {
    const ok = [
      { name: 'http', port: 80, targetPort: 'web' },
      { name: 'alt', port: 81, targetPort: 8080 },
    ];
    expect(findingsOf(apiCluster(ok, { readyEndpoints: 2, portNames: ['http', 'alt'] }))).toEqual([]);
    const b = healthyCluster();
    b.deployment('shop', 'plain', { replicas: 1 });
    b.service('shop', 'plain', { app: 'plain' }, [{ port: 80, targetPort: 9999 }]);
    expect(findingsOf(b)).toEqual([]);
    const udp = findingsOf(apiCluster([{ name: 'dns', port: 53, targetPort: 'web', protocol: 'UDP' }], undefined));
    expect(only(udp, 'TargetPortMismatch').message).toContain('targetPort "web" matches no container port');
  });

  it('reports Ready pods missing from the EndpointSlices even when the reason is unknown, and the Ingress in front', () => {
    const b = apiCluster([{ name: 'http', port: 80, targetPort: 'web' }], { readyEndpoints: 0, portNames: ['http'] });
    b.add('Ingress', { metadata: { name: 'api', namespace: 'shop' }, spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'api', port: { name: 'http' } } } }] } }] } });
    const findings = findingsOf(b);
    const f = only(findings, 'EndpointsMissingReadyPods');
    expect(f.severity).toBe('critical');
    expect(f.message).toBe('2 selected pods Ready, but its EndpointSlices list no ready endpoint: it serves no traffic');
    const ingress = only(findings, 'BackendUnavailable', 'api');
    expect(ingress.chain.map((s) => `${s.ref.kind}/${s.ref.name}`)).toEqual(['Ingress/api', 'Service/api']);
  });

  it('waits for pods that just turned Ready and Services just created, and concludes nothing from a Service without slices', () => {
    const b = apiCluster([{ name: 'http', port: 80, targetPort: 'web' }], { readyEndpoints: 0, portNames: ['http'] });
    const pods = b.objects['Pod']!.filter((p) => p.metadata.name.startsWith('api-'));
    for (const pod of pods) {
      const conditions = (pod['status'] as { conditions: { type: string; lastTransitionTime: string }[] }).conditions;
      for (const c of conditions) if (c.type === 'Ready') c.lastTransitionTime = ago(0.5);
    }
    expect(findingsOf(b).filter((f) => f.reason === 'EndpointsMissingReadyPods')).toEqual([]);
    const service = b.objects['Service']!.find((s) => s.metadata.name === 'api')!;
    (service.metadata as { creationTimestamp: string }).creationTimestamp = ago(0.5);
    for (const pod of pods) (pod['status'] as { conditions: { type: string; lastTransitionTime: string }[] }).conditions.forEach((c) => (c.lastTransitionTime = ago(30)));
    expect(findingsOf(b).filter((f) => f.reason === 'EndpointsMissingReadyPods')).toEqual([]);
    (service.metadata as { creationTimestamp: string }).creationTimestamp = ago(30);
    expect(findingsOf(b).filter((f) => f.reason === 'EndpointsMissingReadyPods')).toHaveLength(1);
    // Services web and db of the fixture have no slice, like api here: nothing is known.
    expect(findingsOf(apiCluster([{ name: 'http', port: 80, targetPort: 'web' }], undefined))).toEqual([]);
  });

  it('says how many of the pods lack a named port when only some do', () => {
    const b = healthyCluster();
    b.deployment('shop', 'api', { replicas: 1, podSpec: { containers: [webContainer] } });
    b.pod('shop', 'api-canary', { labels: { app: 'api' }, spec: { containers: [{ name: 'app', ports: [{ name: 'http', containerPort: 80 }] }] } });
    b.service('shop', 'api', { app: 'api' }, [{ name: 'http', port: 80, targetPort: 'web' }]);
    const f = only(findingsOf(b), 'TargetPortMismatch');
    expect(f.severity).toBe('warning');
    expect(f.message).toBe('targetPort "web" matches no container port of 1 of its 2 pods (ports: http/80)');
  });
});
