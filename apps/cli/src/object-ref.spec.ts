import { describe, expect, it } from 'vitest';
import { graphIdOf, namespaceOf, parseObjectArg } from './object-ref.js';
import { UsageError } from './usage-error.js';

describe('parseObjectArg', () => {
  it('reads Kind/namespace/name, Kind/name and Kind name, with kubectl kind names', () => {
    expect(parseObjectArg(['deploy/shop/web'], 'c')).toEqual({ kind: 'Deployment', namespace: 'shop', name: 'web', clusterScoped: false });
    expect(parseObjectArg(['svc/web'], 'c')).toEqual({ kind: 'Service', name: 'web', clusterScoped: false });
    expect(parseObjectArg(['pods', 'web-1'], 'c')).toEqual({ kind: 'Pod', name: 'web-1', clusterScoped: false });
    expect(parseObjectArg(['deployments.apps/shop/web'], 'c').kind).toBe('Deployment');
  });

  it('knows cluster-scoped kinds and accepts the graph form Kind/_cluster/name', () => {
    expect(parseObjectArg(['node/worker-1'], 'c')).toEqual({ kind: 'Node', name: 'worker-1', clusterScoped: true });
    expect(parseObjectArg(['Node/_cluster/worker-1'], 'c')).toEqual({ kind: 'Node', name: 'worker-1', clusterScoped: true });
    // An unknown kind (a custom resource) is cluster-scoped only when written so.
    expect(parseObjectArg(['Widget/_cluster/w'], 'c')).toEqual({ kind: 'Widget', name: 'w', clusterScoped: true });
    expect(parseObjectArg(['Widget/w'], 'c')).toEqual({ kind: 'Widget', name: 'w', clusterScoped: false });
  });

  it('rejects malformed references with the accepted forms', () => {
    const message = (tokens: string[]) => {
      try {
        parseObjectArg(tokens, 'k8s-mcp relations');
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(message(['web'])).toBe('k8s-mcp relations: cannot read "web" as an object; name it as Kind/namespace/name, Kind/name with -n <namespace>, or Kind name');
    expect(message(['a/b/c/d'])).toContain('cannot read "a/b/c/d"');
    expect(message(['Pod//web'])).toContain('namespace missing or blank');
    expect(message(['Pod/shop/'])).toContain('name missing or blank');
    expect(message(['pod', 'a', 'b'])).toContain('expected one object');
    expect(message(['Node/shop/worker-1'])).toBe('k8s-mcp relations: Node is cluster-scoped and has no namespace; write Node/worker-1');
    expect(message(['Pod/_cluster/web'])).toBe('k8s-mcp relations: Pod is namespaced; write Pod/<namespace>/web');
  });
});

describe('graphIdOf and namespaceOf', () => {
  it('apply the default namespace only to namespaced objects without one', () => {
    expect(graphIdOf(parseObjectArg(['svc/web'], 'c'), 'shop')).toBe('Service/shop/web');
    expect(graphIdOf(parseObjectArg(['svc/other/web'], 'c'), 'shop')).toBe('Service/other/web');
    expect(graphIdOf(parseObjectArg(['no/worker-1'], 'c'), 'shop')).toBe('Node/_cluster/worker-1');
    expect(namespaceOf(parseObjectArg(['no/worker-1'], 'c'), 'shop')).toBeUndefined();
  });
});
