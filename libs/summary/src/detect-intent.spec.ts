import { createNamespacePolicy } from '@k8s-mcp/k8s-client';
import { describe, expect, it } from 'vitest';
import { findingsOf, only } from './testing/detect.js';
import { healthyCluster, type PodState } from './testing/fixtures.js';

/** `shop/api`, a Deployment whose container has `env` and optional extra pod spec. */
function withApi(env: Record<string, unknown>[], options: { state?: PodState; podSpec?: Record<string, unknown>; replicas?: number } = {}) {
  return healthyCluster().deployment('shop', 'api', {
    replicas: options.replicas ?? 1,
    state: options.state ?? 'running',
    podSpec: { containers: [{ name: 'app', image: 'registry.example/api:1.0', env }], ...options.podSpec },
  });
}

describe('detectIntent: Services named by configuration', () => {
  it('adds nothing on a healthy cluster, nor for addresses that resolve outside it or exist', () => {
    const b = withApi([
      { name: 'DB_HOST', value: 'db' },
      { name: 'DATABASE_URL', value: 'postgres://app@db.shop.svc.cluster.local:5432/orders' },
      { name: 'PAYMENTS_URL', value: 'https://payments.example.com/v1' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'OTEL_SERVICE_NAME', value: 'checkout' },
    ]);
    expect(findingsOf(b).filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('reports an env value naming a Service that does not exist, with the address, a close name and the chain end', () => {
    const f = only(findingsOf(withApi([{ name: 'DATABASE_URL', value: 'postgres://app@dbb.shop:5432/orders' }])), 'MissingServiceTarget');
    expect(f.severity).toBe('warning');
    expect(f.object).toMatchObject({ kind: 'Pod', namespace: 'shop' });
    expect(f.message).toBe('env DATABASE_URL names Service dbb.shop, which does not exist; did you mean db?');
    expect(f.evidence).toContain('address dbb.shop:5432 in container app');
    expect(f.chain.at(-1)).toMatchObject({ ref: { kind: 'Service', namespace: 'shop', name: 'dbb' }, missing: true });
  });

  it('is critical when the calling pods fail, groups them under the workload and explains their crash loop', () => {
    const findings = findingsOf(withApi([{ name: 'REDIS_ADDR', value: 'redis:6379' }], { state: 'crashloop', replicas: 2 }));
    const f = only(findings, 'MissingServiceTarget');
    expect(f).toMatchObject({ severity: 'critical', object: { kind: 'Deployment', name: 'api' }, count: 2 });
    expect(f.message).toBe('2 Pods: env REDIS_ADDR names Service redis.shop, which does not exist');
    const crash = only(findings, 'CrashLoopBackOff');
    expect(crash.chain.at(-1)).toMatchObject({ ref: { kind: 'Service', name: 'redis' }, missing: true });
  });

  it('reads ConfigMap values imported as env; other namespaces only when their Namespace is visible', () => {
    const b = withApi([{ name: 'CACHE', valueFrom: { configMapKeyRef: { name: 'api-config', key: 'CACHE_HOST' } } }], {
      podSpec: { containers: [{ name: 'app', env: [{ name: 'CACHE', valueFrom: { configMapKeyRef: { name: 'api-config', key: 'CACHE_HOST' } } }], envFrom: [{ configMapRef: { name: 'api-config' }, prefix: 'X_' }] }] },
    });
    b.add('ConfigMap', { metadata: { name: 'api-config', namespace: 'shop' }, data: { CACHE_HOST: 'cache', SEARCH_URL: 'http://search.data.svc:9200' } });
    const findings = findingsOf(b).filter((f) => f.reason === 'MissingServiceTarget');
    expect(findings.map((f) => f.message).sort()).toEqual([
      'env X_CACHE_HOST (from ConfigMap api-config) names Service cache.shop, which does not exist',
    ]);
    b.namespace('data');
    expect(findingsOf(b).filter((f) => f.reason === 'MissingServiceTarget').map((f) => f.message)).toContain(
      'env X_SEARCH_URL (from ConfigMap api-config) names Service search.data, which does not exist',
    );
  });

  it('reports a port the Service does not expose, naming the targetPort mix-up', () => {
    const f = only(findingsOf(withApi([{ name: 'WEB_URL', value: 'http://web:8080/health' }])), 'MissingServicePort');
    expect(f.message).toBe('env WEB_URL names port 8080 of Service web.shop, which exposes 80 (http); 8080 is the targetPort of its port 80');
    expect(f.nextStep).toContain('Use port 80');
  });

  it('never names Services in namespaces the policy hides', () => {
    const b = withApi([{ name: 'DB_URL', value: 'postgres://db.secret.svc.cluster.local:5432' }]).namespace('secret');
    const policy = createNamespacePolicy({ allowed: [], forbidden: ['secret'] });
    expect(findingsOf(b, { policy }).filter((f) => f.reason === 'MissingServiceTarget')).toEqual([]);
    expect(findingsOf(b).filter((f) => f.reason === 'MissingServiceTarget')).toHaveLength(1);
  });
});

describe('detectIntent: NetworkPolicies that block a call', () => {
  function cluster() {
    const b = withApi([{ name: 'DB_HOST', value: 'db.data' }], { state: 'crashloop' }).namespace('data');
    b.add('StatefulSet', { metadata: { name: 'db', namespace: 'data' }, spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: { app: 'db' } } }, status: { replicas: 1, readyReplicas: 1 } });
    b.service('data', 'db', { app: 'db' }, [{ name: 'pg', port: 5432, targetPort: 'pg' }]);
    b.pod('data', 'db-0', { labels: { app: 'db' }, owner: { kind: 'StatefulSet', name: 'db' }, spec: { containers: [{ name: 'pg', ports: [{ name: 'pg', containerPort: 5432 }] }] } });
    return b;
  }

  it('reports the policy that isolates the called pods without admitting the caller, and the port', () => {
    const b = cluster();
    b.add('NetworkPolicy', {
      metadata: { name: 'db-ingress', namespace: 'data' },
      spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'backup' } } }], ports: [{ port: 5432 }] }] },
    });
    const findings = findingsOf(b);
    const f = only(findings, 'NetworkPolicyBlocksCall');
    expect(f.severity).toBe('critical');
    expect(f.message).toBe('env DB_HOST calls Service db.data on TCP/5432, but NetworkPolicy db-ingress in data allows no ingress from it to the Service\'s pods on TCP/5432');
    expect(f.evidence).toContain('NetworkPolicy data/db-ingress ingress: from pods app=backup on TCP/5432');
    expect(only(findings, 'CrashLoopBackOff').chain.at(-1)).toMatchObject({ relation: 'same pods', status: 'NetworkPolicy blocks calls to db.data' });
    expect(f.nextStep).toContain('namespaceSelector kubernetes.io/metadata.name=shop');
  });

  it('reads URLs in the command line as calls too, and not image-like words', () => {
    const b = healthyCluster().namespace('data');
    b.deployment('shop', 'api', {
      podSpec: { containers: [{ name: 'app', image: 'busybox', command: ['/bin/sh', '-c'], args: ['while true; do wget -O- http://db.data:5432 -T 5; sleep 15; done', 'alpine:3'] }] },
    });
    b.service('data', 'db', { app: 'db' }, [{ name: 'pg', port: 5432, targetPort: 'pg' }]);
    b.pod('data', 'db-0', { labels: { app: 'db' }, spec: { containers: [{ name: 'pg', ports: [{ name: 'pg', containerPort: 5432 }] }] } });
    b.add('NetworkPolicy', { metadata: { name: 'db-ingress', namespace: 'data' }, spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'backup' } } }] }] } });
    const findings = findingsOf(b);
    expect(only(findings, 'NetworkPolicyBlocksCall').message).toMatch(/^2 Pods: command of container app calls Service db\.data on TCP\/5432, but NetworkPolicy db-ingress in data allows no ingress/);
    expect(findings.filter((f) => f.reason === 'MissingServiceTarget')).toEqual([]);
  });

  it('reports an egress policy on the caller, and stays silent once a rule admits the call', () => {
    const b = cluster();
    b.add('NetworkPolicy', { metadata: { name: 'api-egress', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [] } });
    expect(only(findingsOf(b), 'NetworkPolicyBlocksCall').message).toContain('NetworkPolicy api-egress in shop allows it no egress to them on TCP/5432');
    b.add('NetworkPolicy', {
      metadata: { name: 'api-to-db', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } } }], ports: [{ port: 'pg' }] }] },
    });
    expect(findingsOf(b).filter((f) => f.reason === 'NetworkPolicyBlocksCall')).toEqual([]);
  });
});

describe('detectIntent: root-cause chains', () => {
  it('does not blame a called Service for a pod that fails for its own reasons', () => {
    const b = healthyCluster().deployment('shop', 'api', { replicas: 1, state: 'imagepull', podSpec: { containers: [{ name: 'app', env: [{ name: 'CACHE_HOST', value: 'cache' }] }] } });
    b.deployment('shop', 'cache', { replicas: 1, state: 'crashloop' }).service('shop', 'cache', { app: 'cache' });
    const pull = only(findingsOf(b), 'ImagePullBackOff');
    expect(pull.chain.map((s) => s.ref.kind)).toEqual(['Pod']);
  });
});
