import { describe, expect, it } from 'vitest';
import { CLUSTER_SCOPE, InvalidResourceIdError, parseResourceId, resourceId } from './resource-id.js';

describe('resourceId', () => {
  it('joins kind, namespace and name', () => {
    expect(resourceId({ kind: 'Pod', namespace: 'default', name: 'web-1' })).toBe('Pod/default/web-1');
  });

  it('uses the reserved _cluster segment for cluster-scoped objects', () => {
    expect(CLUSTER_SCOPE).toBe('_cluster');
    expect(resourceId({ kind: 'Node', name: 'worker-1' })).toBe('Node/_cluster/worker-1');
    expect(resourceId({ kind: 'ClusterRole', namespace: undefined, name: 'system:controller:x' })).toBe(
      'ClusterRole/_cluster/system:controller:x',
    );
  });

  it.each([
    [{ kind: '', namespace: 'a', name: 'b' }, 'kind must be non-empty'],
    [{ kind: 'Pod', namespace: 'a', name: '' }, 'name must be non-empty'],
    [{ kind: 'Pod', namespace: 'a/b', name: 'c' }, 'namespace must be non-empty and contain no "/"'],
    [{ kind: 'Pod', namespace: '_cluster', name: 'c' }, 'reserved for cluster-scoped objects'],
    [{ kind: 'apps/Deployment', namespace: 'a', name: 'c' }, 'kind must be non-empty and contain no "/"'],
  ])('rejects %j', (ref, message) => {
    expect(() => resourceId(ref)).toThrow(InvalidResourceIdError);
    expect(() => resourceId(ref)).toThrow(message);
  });
});

describe('parseResourceId', () => {
  it('round-trips namespaced and cluster-scoped ids', () => {
    for (const ref of [
      { kind: 'Service', namespace: 'shop', name: 'cart' },
      { kind: 'PersistentVolume', name: 'pv-0001' },
    ]) {
      expect(parseResourceId(resourceId(ref))).toEqual(ref);
    }
  });

  it.each(['', 'Pod', 'Pod/default', 'Pod//web', 'Pod/default/web/extra', '/default/web'])('rejects %j', (id) => {
    const error = (() => {
      try {
        parseResourceId(id);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidResourceIdError);
    expect((error as InvalidResourceIdError).code).toBe('INVALID_RESOURCE_ID');
    expect((error as Error).message).toContain(JSON.stringify(id));
  });
});
