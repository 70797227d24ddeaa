import { describe, expect, it } from 'vitest';
import { parseForbidden } from './forbidden-message.js';

describe('parseForbidden', () => {
  it('reads namespaced, named, cluster-scoped and JSON-escaped denials of ServiceAccounts', () => {
    expect(parseForbidden('E0601 reflector.go:147] pods is forbidden: User "system:serviceaccount:shop:web" cannot list resource "pods" in API group "" in the namespace "shop"')).toEqual({
      serviceAccount: { namespace: 'shop', name: 'web' },
      verb: 'list',
      resource: 'pods',
      apiGroup: '',
      namespace: 'shop',
    });
    expect(parseForbidden('configmaps "app-config" is forbidden: User "system:serviceaccount:shop:web" cannot get resource "configmaps" in API group "" in the namespace "shop"')).toMatchObject({ name: 'app-config', verb: 'get' });
    expect(parseForbidden('nodes is forbidden: User "system:serviceaccount:ops:agent" cannot watch resource "nodes" in API group "" at the cluster scope')).toEqual({
      serviceAccount: { namespace: 'ops', name: 'agent' },
      verb: 'watch',
      resource: 'nodes',
      apiGroup: '',
    });
    expect(
      parseForbidden('{"level":"error","msg":"deployments.apps is forbidden: User \\"system:serviceaccount:ci:deployer\\" cannot patch resource \\"deployments/scale\\" in API group \\"apps\\" in the namespace \\"prod\\""}'),
    ).toMatchObject({ verb: 'patch', resource: 'deployments/scale', apiGroup: 'apps', namespace: 'prod' });
  });

  it('ignores non-ServiceAccount users, other errors and fields Kubernetes would not accept', () => {
    expect(parseForbidden('pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "shop"')).toBeUndefined();
    expect(parseForbidden('pods "web-0" is forbidden: error looking up service account shop/web: serviceaccount "web" not found')).toBeUndefined();
    expect(parseForbidden('pods is forbidden: User "system:serviceaccount:shop:web" cannot list resource "pods; rm -rf /" in API group "" in the namespace "shop"')).toBeUndefined();
    expect(parseForbidden('connection refused')).toBeUndefined();
  });
});
