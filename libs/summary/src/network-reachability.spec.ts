import { describe, expect, it } from 'vitest';
import type { NetworkPolicy } from './kube-types.js';
import { evaluateReachability, type PodEndpoint, type TargetPort } from './network-reachability.js';

const policy = (namespace: string, name: string, spec: NetworkPolicy['spec']): NetworkPolicy => ({ metadata: { name, namespace }, spec });
const web: PodEndpoint = { namespace: 'shop', labels: { app: 'web' }, namespaceLabels: { team: 'shop' } };
const db: PodEndpoint = { namespace: 'data', labels: { app: 'db' }, namespaceLabels: { team: 'data' } };
const pg: TargetPort = { number: 5432, name: 'pg', protocol: 'TCP' };

describe('evaluateReachability', () => {
  it('allows everything when no policy isolates either pod', () => {
    const other = policy('data', 'cache-only', { podSelector: { matchLabels: { app: 'cache' } }, policyTypes: ['Ingress'], ingress: [] });
    expect(evaluateReachability([other], web, db, pg)).toEqual({ verdict: 'allowed', ingress: { verdict: 'allowed', isolatedBy: [] }, egress: { verdict: 'allowed', isolatedBy: [] } });
  });

  it('denies ingress into an isolated pod unless a rule matches the source and the port', () => {
    const denyAll = policy('data', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'] });
    expect(evaluateReachability([denyAll], web, db, pg)).toMatchObject({ verdict: 'denied', ingress: { verdict: 'denied', isolatedBy: ['deny-all'] } });

    // A bare podSelector peer only matches pods of the policy's own namespace.
    const sameNamespace = policy('data', 'from-web', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });
    expect(evaluateReachability([denyAll, sameNamespace], web, db, pg).verdict).toBe('denied');

    const fromShop = policy('data', 'from-shop', {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }],
    });
    expect(evaluateReachability([denyAll, fromShop], web, db, pg).verdict).toBe('allowed');
    expect(evaluateReachability([denyAll, fromShop], web, db, { number: 5433, protocol: 'TCP' }).verdict).toBe('denied');
    expect(evaluateReachability([denyAll, fromShop], web, db, { number: 5432, protocol: 'UDP' }).verdict).toBe('denied');
  });

  it('matches named ports and port ranges', () => {
    const named = policy('data', 'named', { podSelector: {}, ingress: [{ ports: [{ port: 'pg' }] }] });
    expect(evaluateReachability([named], web, db, pg).verdict).toBe('allowed');
    expect(evaluateReachability([named], web, db, { number: 5432, protocol: 'TCP' }).verdict).toBe('denied');
    const range = policy('data', 'range', { podSelector: {}, ingress: [{ ports: [{ port: 5000, endPort: 6000 }] }] });
    expect(evaluateReachability([range], web, db, pg).verdict).toBe('allowed');
  });

  it('is unknown for IP blocks and namespaces whose labels are not known', () => {
    const ip = policy('data', 'ip', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] });
    expect(evaluateReachability([ip], web, db, pg).verdict).toBe('unknown');
    const byNamespace = policy('data', 'ns', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'shop' } } }] }] });
    expect(evaluateReachability([byNamespace], web, db, pg).verdict).toBe('allowed');
    expect(evaluateReachability([byNamespace], { ...web, namespaceLabels: undefined }, db, pg).verdict).toBe('unknown');
  });

  it('denies egress from an isolated caller unless a rule allows the callee (policyTypes defaulted from egress rules)', () => {
    const egress = policy('shop', 'web-egress', { podSelector: { matchLabels: { app: 'web' } }, egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'cache' } } }] }] });
    expect(evaluateReachability([egress], web, db, pg)).toMatchObject({ verdict: 'denied', ingress: { verdict: 'allowed' }, egress: { verdict: 'denied', isolatedBy: ['web-egress'] } });
    const toData = policy('shop', 'to-data', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'data' } } }], ports: [{ port: 5432 }] }] });
    expect(evaluateReachability([egress, toData], web, db, pg).verdict).toBe('allowed');
  });
});
