import { describe, expect, it } from 'vitest';
import { findingsOf, only } from './testing/detect.js';
import { healthyCluster, type PodState } from './testing/fixtures.js';

const DENIAL = 'E0601 12:00:00 reflector.go:147] pods is forbidden: User "system:serviceaccount:shop:lister" cannot list resource "pods" in API group "" in the namespace "shop"';

function cluster(state: PodState = 'crashloop') {
  const b = healthyCluster()
    .deployment('shop', 'lister', { replicas: 1, state, podSpec: { serviceAccountName: 'lister' } })
    .add('ServiceAccount', { metadata: { name: 'lister', namespace: 'shop' } })
    .add('Role', { metadata: { name: 'pod-reader', namespace: 'shop' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch'] }] })
    .add('RoleBinding', { metadata: { name: 'lister-pods', namespace: 'shop' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'lister' }] })
    .add('ClusterRole', { metadata: { name: 'system:basic-user' }, rules: [{ apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews'], verbs: ['create'] }] })
    .add('ClusterRoleBinding', { metadata: { name: 'system:basic-user' }, roleRef: { kind: 'ClusterRole', name: 'system:basic-user' }, subjects: [{ kind: 'Group', name: 'system:authenticated' }] });
  const pod = b.objects['Pod']?.find((p) => p.metadata.name.startsWith('lister-'))?.metadata.name as string;
  return { b, pod };
}

describe('detectRbac', () => {
  it('links a forbidden error in the crash log to the rule the bound Role lacks', () => {
    const { b, pod } = cluster();
    const containerLogs = new Map([[`shop/${pod}/app`, { lines: ['starting', DENIAL, 'exiting'], previous: true }]]);
    const findings = findingsOf(b, { containerLogs });
    const f = only(findings, 'RbacForbidden');
    expect(f.severity).toBe('critical');
    expect(f.message).toBe('ServiceAccount shop/lister cannot list pods in namespace shop (forbidden, log of container app): Role pod-reader grants get,watch on pods; list is missing');
    expect(f.evidence[0]).toMatch(/^log \(previous\): E0601 .*cannot list resource "pods"/);
    expect(f.evidence).toContain('bindings: RoleBinding lister-pods -> Role pod-reader');
    expect(f.nextStep).toContain('k8s-auth-can-i');
    expect(f.nextStep).toContain('add "list" to the pods rule of Role pod-reader');
    expect(only(findings, 'CrashLoopBackOff').chain.at(-1)).toMatchObject({ status: 'forbidden to list pods' });
  });

  it('reads denials from pod events too, and says when nothing binds the ServiceAccount', () => {
    const { b, pod } = cluster('running');
    b.event('shop', { kind: 'Pod', name: pod }, 'Failed', 'configmaps "feature-flags" is forbidden: User "system:serviceaccount:shop:lister" cannot get resource "configmaps" in API group "" in the namespace "shop"');
    const f = only(findingsOf(b), 'RbacForbidden');
    expect(f.severity).toBe('warning');
    expect(f.message).toBe('ServiceAccount shop/lister cannot get configmaps feature-flags in namespace shop (forbidden, event Failed): bound to Role pod-reader, which grants nothing on configmaps');
    expect(f.nextStep).toContain('kubectl -n shop create role lister-configmaps --verb=get --resource=configmaps && kubectl -n shop create rolebinding lister-configmaps --role=lister-configmaps --serviceaccount=shop:lister');
  });

  it('is info when the bindings now allow it, and says so when RBAC objects were not read', () => {
    const { b, pod } = cluster();
    const containerLogs = new Map([[`shop/${pod}/app`, { lines: [DENIAL.replace('cannot list', 'cannot get')], previous: true }]]);
    expect(only(findingsOf(b, { containerLogs }), 'RbacForbidden')).toMatchObject({ severity: 'info' });

    const bare = healthyCluster().deployment('shop', 'lister', { replicas: 1, state: 'crashloop' });
    const name = bare.objects['Pod']?.find((p) => p.metadata.name.startsWith('lister-'))?.metadata.name as string;
    const f = only(findingsOf(bare, { containerLogs: new Map([[`shop/${name}/app`, { lines: [DENIAL], previous: false }]]) }), 'RbacForbidden');
    expect(f.message).toBe('ServiceAccount shop/lister cannot list pods in namespace shop (forbidden, log of container app); its Roles and bindings were not read');
    expect(f.evidence[0]).toMatch(/^log: /);
  });
});
