import { describe, expect, it } from 'vitest';
import { reviewAccess, serviceAccountIdentity } from './access-review.js';
import { createNamespacePolicy } from './namespace-policy.js';
import { jsonTransport } from './spec-support/json-transport.js';

/** Answers every review with `status`, recording the requests. */
function reviewer(status: Record<string, unknown>) {
  return jsonTransport(() => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', status }));
}

const open = createNamespacePolicy({ allowed: [], forbidden: [] });

describe('reviewAccess', () => {
  it('creates a SubjectAccessReview for the user, groups and resource attributes, and returns the status', async () => {
    const transport = reviewer({ allowed: true, reason: 'RBAC: allowed by RoleBinding "web-pods/shop" of Role "pod-reader" to ServiceAccount "web/shop"' });
    const result = await reviewAccess(transport, open, { verb: 'list', resource: 'pods', namespace: 'shop', ...serviceAccountIdentity('shop', 'web') });
    expect(result).toEqual({ allowed: true, denied: false, reason: 'RBAC: allowed by RoleBinding "web-pods/shop" of Role "pod-reader" to ServiceAccount "web/shop"' });
    expect(transport.requests[0]).toMatchObject({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          resourceAttributes: { verb: 'list', resource: 'pods', group: '', namespace: 'shop' },
          user: 'system:serviceaccount:shop:web',
          groups: ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated'],
        },
      },
    });
  });

  it('reports explicit denials and evaluation errors', async () => {
    const transport = reviewer({ allowed: false, denied: true, evaluationError: 'webhook authorizer unreachable' });
    expect(await reviewAccess(transport, open, { verb: 'get', resource: 'deployments', group: 'apps', subresource: 'scale', name: 'web', user: 'alice' })).toEqual({
      allowed: false,
      denied: true,
      evaluationError: 'webhook authorizer unreachable',
    });
    expect((transport.requests[0]?.body as { spec: { resourceAttributes: unknown } }).spec.resourceAttributes).toEqual({ verb: 'get', resource: 'deployments', group: 'apps', subresource: 'scale', name: 'web' });
  });

  it('refuses hidden namespaces (asked about or of the ServiceAccount) and malformed input before any request', async () => {
    const transport = reviewer({ allowed: true });
    const policy = createNamespacePolicy({ allowed: [], forbidden: ['kube-system'] });
    await expect(reviewAccess(transport, policy, { verb: 'get', resource: 'secrets', namespace: 'kube-system', user: 'alice' })).rejects.toMatchObject({ code: 'NAMESPACE_FORBIDDEN' });
    await expect(reviewAccess(transport, policy, { verb: 'get', resource: 'pods', ...serviceAccountIdentity('kube-system', 'admin') })).rejects.toMatchObject({ code: 'NAMESPACE_FORBIDDEN' });
    await expect(reviewAccess(transport, open, { verb: 'get', resource: 'pods/log', user: 'alice' })).rejects.toMatchObject({ code: 'INVALID', message: expect.stringContaining('subresource') });
    await expect(reviewAccess(transport, open, { verb: 'List', resource: 'pods', user: 'alice' })).rejects.toMatchObject({ code: 'INVALID' });
    await expect(reviewAccess(transport, open, { verb: 'get', resource: 'pods', user: ' ' })).rejects.toMatchObject({ code: 'INVALID' });
    expect(transport.requests).toEqual([]);
  });
});
