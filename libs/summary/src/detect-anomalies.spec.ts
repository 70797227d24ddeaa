import { createNamespacePolicy } from '@k8s-mcp/k8s-client';
import { describe, expect, it } from 'vitest';
import { stateFromObjects } from './cluster-state.js';
import { compareFindings, detectAnomalies } from './detect-anomalies.js';
import type { Finding } from './finding.js';
import { graphFromState } from './graph-dependencies.js';
import { findingsOf, only } from './testing/detect.js';
import { ClusterBuilder, healthyCluster, NOW } from './testing/fixtures.js';
import { generateCluster } from './testing/generate-cluster.js';

/** Ingress shop -> Service web -> 3 crash-looping pods that reference the missing Secret db-creds. */
function brokenShop(): ClusterBuilder {
  const b = new ClusterBuilder();
  for (const n of ['node-1', 'node-2', 'node-3']) b.node(n);
  b.namespace('shop');
  b.deployment('shop', 'web', {
    replicas: 3,
    state: 'crashloop',
    podSpec: { containers: [{ name: 'app', env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } } }] }] },
  });
  b.service('shop', 'web', { app: 'web' });
  b.add('IngressClass', { metadata: { name: 'nginx' } });
  b.add('Ingress', { metadata: { name: 'shop', namespace: 'shop' }, spec: { ingressClassName: 'nginx', rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } });
  return b;
}

describe('detectAnomalies', () => {
  it('finds nothing critical or warning in a healthy cluster', { timeout: 60_000 }, () => {
    const findings = findingsOf(healthyCluster());
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    const generated = generateCluster({ seed: 7, pods: 500, brokenRatio: 0 });
    expect(detectAnomalies(stateFromObjects(generated.objects), { now: NOW }).filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('follows the root-cause chain Ingress -> Service -> crash-looping pods -> missing Secret', () => {
    for (const useGraph of [true, false]) {
      const findings = findingsOf(brokenShop(), { useGraph });
      const ingress = only(findings, 'BackendUnavailable');
      expect(ingress.chain.map((s) => `${s.ref.kind}/${s.ref.name}`), `useGraph ${useGraph}`).toEqual([
        'Ingress/shop',
        'Service/web',
        'Deployment/web',
        'Deployment/web',
        'Secret/db-creds',
      ]);
      expect(ingress.chain.map((s) => s.relation)).toEqual([undefined, 'routes to', 'selects', 'same pods', 'references']);
      expect(ingress.chain[2]?.status).toBe('CrashLoopBackOff (3 pods)');
      expect(ingress.chain.at(-1)).toMatchObject({ status: 'missing', missing: true });
      // The root cause ranks first: it explains every other finding.
      expect(findings[0]?.reason).toBe('MissingSecret');
      expect(findings[0]?.explains).toBe(findings.length - 1);
    }
  });

  it('groups look-alike pods of one controller into one finding with a count and examples', () => {
    const b = healthyCluster().deployment('shop', 'api', { replicas: 40, state: 'imagepull' });
    const pulls = findingsOf(b).filter((f) => f.reason === 'ImagePullBackOff');
    expect(pulls).toHaveLength(1);
    const f = pulls[0] as Finding;
    expect(f).toMatchObject({ id: 'ImagePullBackOff@Deployment/shop/api#app', object: { kind: 'Deployment', name: 'api' }, count: 40 });
    expect(f.examples).toEqual(['api-5d9f7c-a0', 'api-5d9f7c-a26', 'api-5d9f7c-b1']);
    expect(f.message).toMatch(/^40 Pods: container app cannot pull image/);
    expect(f.evidence.at(-1)).toContain('(+37 more)');
    // A lone broken pod stays about itself.
    expect(only(findingsOf(healthyCluster().pod('shop', 'solo', { state: 'imagepull' })), 'ImagePullBackOff').object.kind).toBe('Pod');
  });

  it('ranks by severity, then blast radius, then recency, then id', () => {
    const b = healthyCluster();
    b.deployment('shop', 'big', { replicas: 6, state: 'crashloop' }).deployment('shop', 'small', { replicas: 2, state: 'crashloop' });
    b.node('node-9', { ready: 'False' });
    b.pod('shop', 'old-evicted', { state: 'evicted' });
    const findings = findingsOf(b);
    const sorted = [...findings].sort(compareFindings);
    expect(findings.map((f) => f.id)).toEqual(sorted.map((f) => f.id));
    const ids = findings.map((f) => f.id);
    expect(ids.indexOf('CrashLoopBackOff@Deployment/shop/big#app')).toBeLessThan(ids.indexOf('CrashLoopBackOff@Deployment/shop/small#app'));
    expect(findings.findIndex((f) => f.severity === 'warning')).toBeGreaterThan(findings.findLastIndex((f) => f.severity === 'critical'));
    const big = findings.find((f) => f.id === 'CrashLoopBackOff@Deployment/shop/big#app') as Finding;
    expect(big.blastRadius).toBeGreaterThan(6);
  });

  it('is deterministic: the same state gives identical findings, whatever the input order', { timeout: 60_000 }, () => {
    const { objects } = generateCluster({ seed: 3, pods: 400, brokenRatio: 0.2 });
    const first = detectAnomalies(stateFromObjects(objects), { now: NOW });
    const shuffled = Object.fromEntries(Object.entries(objects).map(([k, v]) => [k, [...v].reverse()]));
    expect(JSON.stringify(detectAnomalies(stateFromObjects(shuffled), { now: NOW }))).toBe(JSON.stringify(first));
    expect(first.length).toBeGreaterThan(5);
  });

  it('uses a given knowledge graph for chains and blast radius', () => {
    const state = stateFromObjects(brokenShop().build());
    const graph = graphFromState(state);
    const withGraph = detectAnomalies(state, { now: NOW, graph });
    const secret = only(withGraph, 'MissingSecret');
    const without = only(detectAnomalies(state, { now: NOW, useGraph: false }), 'MissingSecret');
    expect(secret.blastRadius).toBeGreaterThanOrEqual(without.blastRadius);
    expect(secret.blastRadius).toBeGreaterThanOrEqual(6);
  });

  it('never shows objects of hidden namespaces, not even in chains or as missing targets', () => {
    const b = brokenShop();
    b.namespace('vault');
    b.deployment('vault', 'keeper', { replicas: 2, state: 'crashloop' });
    b.add('PersistentVolume', { metadata: { name: 'pv-old' }, spec: { claimRef: { namespace: 'vault', name: 'keeper-data' } }, status: { phase: 'Released' } });
    b.add('ValidatingWebhookConfiguration', { metadata: { name: 'vault-hook' }, webhooks: [{ name: 'v.example', clientConfig: { service: { namespace: 'vault', name: 'gone' } } }] });
    b.event('vault', { kind: 'Pod', name: 'keeper-x' }, 'BackOff', 'vault is crashing', { count: 500 });
    const policy = createNamespacePolicy({ allowed: [], forbidden: ['vault'] });
    const findings = detectAnomalies(stateFromObjects(b.build()), { now: NOW, policy });
    const text = JSON.stringify(findings);
    expect(text).not.toContain('vault');
    expect(text).not.toContain('keeper');
    expect(findings.some((f) => f.reason === 'VolumeReleased')).toBe(true);
    expect(findings.some((f) => f.reason === 'MissingSecret')).toBe(true);
  });
});
