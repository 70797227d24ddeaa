import { describe, expect, it } from 'vitest';
import { edgeStrings, graphOf, obj } from '../spec-support/graph-fixtures.js';

describe('roleBindingRule', () => {
  it('links RoleBindings and ClusterRoleBindings to their role and ServiceAccount subjects', () => {
    const graph = graphOf([
      obj('ServiceAccount', 'shop', 'web'),
      obj('Role', 'shop', 'reader'),
      obj('RoleBinding', 'shop', 'web-reader', {
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
        subjects: [
          { kind: 'ServiceAccount', name: 'web' },
          { kind: 'ServiceAccount', name: 'ci', namespace: 'build' },
          { kind: 'User', name: 'alice' },
          { kind: 'Group', name: 'devs' },
        ],
      }),
      obj('ClusterRoleBinding', undefined, 'web-view', {
        roleRef: { kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }],
      }),
    ]);
    expect(edgeStrings(graph)).toEqual([
      'binds-role ClusterRoleBinding/_cluster/web-view -> ClusterRole/_cluster/view !',
      'binds-role RoleBinding/shop/web-reader -> Role/shop/reader',
      'binds-subject ClusterRoleBinding/_cluster/web-view -> ServiceAccount/shop/web',
      'binds-subject RoleBinding/shop/web-reader -> ServiceAccount/build/ci !',
      'binds-subject RoleBinding/shop/web-reader -> ServiceAccount/shop/web',
    ]);
  });
});
