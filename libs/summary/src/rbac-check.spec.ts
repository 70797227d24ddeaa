import { describe, expect, it } from 'vitest';
import { stateFromObjects } from './cluster-state.js';
import { describeGrants, rbacAllows, ruleAllows, type RbacSubject } from './rbac-check.js';

const meta = (name: string, namespace?: string) => ({ metadata: { name, ...(namespace ? { namespace } : {}) } });
const web: RbacSubject = { kind: 'ServiceAccount', namespace: 'shop', name: 'web' };

function rbac() {
  return stateFromObjects({
    Role: [
      { ...meta('pod-reader', 'shop'), rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch'] }] },
      { ...meta('one-config', 'shop'), rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'], verbs: ['get'] }] },
      { ...meta('logs', 'other'), rules: [{ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }] },
    ],
    RoleBinding: [
      { ...meta('web-pods', 'shop'), roleRef: { kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'web' }] },
      { ...meta('web-config', 'shop'), roleRef: { kind: 'Role', name: 'one-config' }, subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }] },
      { ...meta('web-view', 'other'), roleRef: { kind: 'ClusterRole', name: 'deploy-viewer' }, subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }] },
      { ...meta('web-logs', 'other'), roleRef: { kind: 'Role', name: 'logs' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts:shop' }] },
      { ...meta('ghost', 'shop'), roleRef: { kind: 'Role', name: 'gone' }, subjects: [{ kind: 'User', name: 'alice' }] },
    ],
    ClusterRole: [
      { ...meta('deploy-viewer'), rules: [{ apiGroups: ['apps'], resources: ['deployments', '*/scale'], verbs: ['get', 'list'] }] },
      { ...meta('node-reader'), rules: [{ apiGroups: ['*'], resources: ['nodes'], verbs: ['*'] }] },
    ],
    ClusterRoleBinding: [{ ...meta('nodes'), roleRef: { kind: 'ClusterRole', name: 'node-reader' }, subjects: [{ kind: 'User', name: 'system:serviceaccount:shop:web' }] }],
  });
}

describe('rbacAllows', () => {
  it('grants what a namespace RoleBinding binds, only in its namespace', () => {
    const state = rbac();
    expect(rbacAllows(state, web, { verb: 'get', resource: 'pods', namespace: 'shop' })).toMatchObject({ allowed: true, allowedBy: { grant: { role: { kind: 'Role', name: 'pod-reader' } } } });
    expect(rbacAllows(state, web, { verb: 'list', resource: 'pods', namespace: 'shop' }).allowed).toBe(false);
    expect(rbacAllows(state, web, { verb: 'get', resource: 'pods', namespace: 'other' }).allowed).toBe(false);
    expect(rbacAllows(state, { kind: 'ServiceAccount', namespace: 'other', name: 'web' }, { verb: 'get', resource: 'pods', namespace: 'shop' }).allowed).toBe(false);
  });

  it('matches API groups, subresources (also */sub), resource names, groups of the subject and users', () => {
    const state = rbac();
    expect(rbacAllows(state, web, { verb: 'list', resource: 'deployments', apiGroup: 'apps', namespace: 'other' }).allowed).toBe(true);
    expect(rbacAllows(state, web, { verb: 'list', resource: 'deployments', apiGroup: '', namespace: 'other' }).allowed).toBe(false);
    expect(rbacAllows(state, web, { verb: 'get', resource: 'deployments/scale', apiGroup: 'apps', namespace: 'other' }).allowed).toBe(true);
    expect(rbacAllows(state, web, { verb: 'get', resource: 'pods', subresource: 'log', namespace: 'other' }).allowed).toBe(true);
    expect(rbacAllows(state, web, { verb: 'get', resource: 'configmaps', name: 'app-config', namespace: 'shop' }).allowed).toBe(true);
    expect(rbacAllows(state, web, { verb: 'get', resource: 'configmaps', name: 'other', namespace: 'shop' }).allowed).toBe(false);
    expect(rbacAllows(state, web, { verb: 'delete', resource: 'nodes' }).allowed).toBe(true); // ClusterRoleBinding to its user name
    expect(rbacAllows(state, { kind: 'User', name: 'alice' }, { verb: 'get', resource: 'pods', namespace: 'shop' })).toMatchObject({ allowed: false, grants: [{ roleMissing: true }] });
  });

  it('allows nothing over a state without RBAC objects', () => {
    expect(rbacAllows(stateFromObjects({}), web, { verb: 'get', resource: 'pods', namespace: 'shop' })).toEqual({ allowed: false, grants: [] });
  });

  it('ruleAllows needs a name for rules with resourceNames', () => {
    expect(ruleAllows({ apiGroups: [''], resources: ['secrets'], resourceNames: ['a'], verbs: ['list'] }, { verb: 'list', resource: 'secrets' })).toBe(false);
  });
});

describe('describeGrants', () => {
  it('says which verbs the bound roles give on the resource and which is missing', () => {
    const state = rbac();
    const request = { verb: 'list', resource: 'pods', namespace: 'shop' };
    expect(describeGrants(rbacAllows(state, web, request).grants, request)).toBe('Role pod-reader grants get,watch on pods; list is missing');
    const secrets = { verb: 'get', resource: 'secrets', namespace: 'shop' };
    expect(describeGrants(rbacAllows(state, web, secrets).grants, secrets)).toBe('bound to ClusterRole node-reader, Role pod-reader, Role one-config, which grant nothing on secrets');
    const lonely = { kind: 'ServiceAccount', namespace: 'shop', name: 'batch' } as const;
    expect(describeGrants(rbacAllows(state, lonely, secrets).grants, secrets)).toBe('no RoleBinding or ClusterRoleBinding grants it anything in shop');
    expect(describeGrants(rbacAllows(state, { kind: 'User', name: 'alice' }, secrets).grants, secrets)).toBe('RoleBinding ghost binds Role gone, which does not exist');
  });
});
