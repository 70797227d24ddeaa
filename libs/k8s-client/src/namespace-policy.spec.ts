import { describe, expect, it } from 'vitest';
import { K8sClientError } from './k8s-client-error.js';
import { createNamespacePolicy, HIDDEN_REFERENCE, NamespaceForbiddenError } from './namespace-policy.js';

function thrown(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('createNamespacePolicy', () => {
  it('allows everything when both lists are empty', () => {
    const policy = createNamespacePolicy({ allowed: [], forbidden: [] });
    expect(policy.isAllowed('default')).toBe(true);
    expect(policy.isAllowed('kube-system')).toBe(true);
    expect(() => policy.assertAllowed('anything', 'delete')).not.toThrow();
  });

  it('allows only listed namespaces when allowed is not empty', () => {
    const policy = createNamespacePolicy({ allowed: ['team-a', 'team-b'], forbidden: [] });
    expect(policy.isAllowed('team-a')).toBe(true);
    expect(policy.isAllowed('team-c')).toBe(false);
  });

  it('lets forbidden win over allowed', () => {
    const policy = createNamespacePolicy({ allowed: ['team-a', 'kube-system'], forbidden: ['kube-system'] });
    expect(policy.isAllowed('kube-system')).toBe(false);
    expect(policy.isAllowed('team-a')).toBe(true);
  });

  it('refuses forbidden namespaces even when allowed is empty', () => {
    const policy = createNamespacePolicy({ allowed: [], forbidden: ['kube-system'] });
    expect(policy.isAllowed('kube-system')).toBe(false);
    expect(policy.isAllowed('default')).toBe(true);
  });

  it('always allows cluster-scoped objects (namespace undefined)', () => {
    const policy = createNamespacePolicy({ allowed: ['team-a'], forbidden: ['kube-system'] });
    expect(policy.isAllowed(undefined)).toBe(true);
    expect(() => policy.assertAllowed(undefined, 'list')).not.toThrow();
  });

  it('throws a typed error naming the namespace, the verb and the fix for a forbidden namespace', () => {
    const policy = createNamespacePolicy({ allowed: [], forbidden: ['kube-system'] });
    const error = thrown(() => policy.assertAllowed('kube-system', 'delete'));
    expect(error).toBeInstanceOf(NamespaceForbiddenError);
    expect(error).toBeInstanceOf(K8sClientError);
    const e = error as NamespaceForbiddenError;
    expect(e.code).toBe('NAMESPACE_FORBIDDEN');
    expect(e.name).toBe('NamespaceForbiddenError');
    expect(e.namespace).toBe('kube-system');
    expect(e.verb).toBe('delete');
    expect(e.message).toBe(
      'Cannot delete in namespace "kube-system": it is forbidden by K8S_FORBIDDEN_NAMESPACES. ' +
        'Use another namespace, or ask an operator to remove "kube-system" from K8S_FORBIDDEN_NAMESPACES.',
    );
  });

  it('lists the allowed namespaces when refusing one that is not allowed', () => {
    const policy = createNamespacePolicy({ allowed: ['team-a', 'team-b'], forbidden: [] });
    const error = thrown(() => policy.assertAllowed('prod', 'get')) as NamespaceForbiddenError;
    expect(error.code).toBe('NAMESPACE_FORBIDDEN');
    expect(error.message).toContain('Cannot get in namespace "prod": it is not in K8S_ALLOWED_NAMESPACES (team-a, team-b).');
    expect(error.message).toContain('add "prod" to K8S_ALLOWED_NAMESPACES');
  });

  it('copies and freezes its inputs', () => {
    const allowed = ['a', 'a', 'b'];
    const policy = createNamespacePolicy({ allowed, forbidden: [] });
    allowed.push('c');
    expect(policy.allowed).toEqual(['a', 'b']);
    expect(policy.isAllowed('c')).toBe(false);
    expect(Object.isFrozen(policy.allowed)).toBe(true);
  });

  it('never allows the <hidden> marker of a redacted reference, even when the policy hides nothing', () => {
    const policy = createNamespacePolicy({ allowed: [], forbidden: [] });
    expect(policy.isAllowed(HIDDEN_REFERENCE)).toBe(false);
    expect((thrown(() => policy.assertAllowed(HIDDEN_REFERENCE, 'get')) as NamespaceForbiddenError).code).toBe('NAMESPACE_FORBIDDEN');
  });
});

describe('K8sClientError', () => {
  it('carries a code, a cause and the subclass name', () => {
    const cause = new Error('socket hang up');
    const error = new K8sClientError('UNREACHABLE', 'The API server did not answer', { cause });
    expect(error.code).toBe('UNREACHABLE');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('K8sClientError');
    expect(error).toBeInstanceOf(Error);
  });
});
