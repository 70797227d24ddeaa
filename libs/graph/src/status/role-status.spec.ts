import { describe, expect, it } from 'vitest';
import { graphOf, obj } from '../spec-support/graph-fixtures.js';
import { roleStatus } from './role-status.js';

describe('roleStatus', () => {
  it('says what a Role grants, rule by rule, as the node status the relation output shows', () => {
    const graph = graphOf([
      obj('Role', 'shop', 'pod-reader', {
        rules: [
          { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'watch'] },
          { apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] },
          { apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'], verbs: ['get'] },
        ],
      }),
    ]);
    expect(graph.node('Role/shop/pod-reader')?.status).toBe('get,watch pods,pods/log; * deployments.apps; get configmaps/app-config');
  });

  it('marks aggregated ClusterRoles, non-resource URLs, empty roles, and cuts long rule lists with a count', () => {
    expect(roleStatus({ metadata: { name: 'x' }, aggregationRule: { clusterRoleSelectors: [] } })).toBe('aggregated: no rules');
    expect(roleStatus({ metadata: { name: 'x' }, rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] })).toBe('get /healthz');
    const many = Array.from({ length: 30 }, (_, i) => ({ apiGroups: [''], resources: [`things${i}`], verbs: ['get', 'list'] }));
    const status = roleStatus({ metadata: { name: 'x' }, rules: many });
    expect(status).toMatch(/^get,list things0; get,list things1; .* \(\+\d+ more rules\)$/);
    expect(status.length).toBeLessThan(200);
  });
});
