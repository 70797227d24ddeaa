import { describe, expect, it } from 'vitest';
import { apiVersionOf, BUILTIN_KINDS, findBuiltinKind, matchKind, resourceNameOf, resourcePath, type ResourceKind } from './resource-kind.js';

const deployment = findBuiltinKind('Deployment') as ResourceKind;
const pod = findBuiltinKind('pods') as ResourceKind;
const node = findBuiltinKind('nodes') as ResourceKind;

const widget: ResourceKind = {
  group: 'example.com',
  version: 'v1alpha1',
  kind: 'Widget',
  plural: 'widgets',
  namespaced: true,
  shortNames: ['wg'],
  singular: 'widget',
};
const policyEvent: ResourceKind = { group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', namespaced: true };
const goose: ResourceKind = { group: 'farm.example', version: 'v1', kind: 'Goose', plural: 'geese', namespaced: false, singular: 'goose' };

describe('apiVersionOf and resourceNameOf', () => {
  it('leave the core group out', () => {
    expect(apiVersionOf(pod)).toBe('v1');
    expect(resourceNameOf(pod)).toBe('pods');
  });

  it('qualify named groups', () => {
    expect(apiVersionOf(deployment)).toBe('apps/v1');
    expect(resourceNameOf(deployment)).toBe('deployments.apps');
    expect(apiVersionOf(widget)).toBe('example.com/v1alpha1');
  });
});

describe('resourcePath', () => {
  it('builds core and group collection paths', () => {
    expect(resourcePath(pod)).toBe('/api/v1/pods');
    expect(resourcePath(pod, 'shop')).toBe('/api/v1/namespaces/shop/pods');
    expect(resourcePath(deployment, 'shop', 'web')).toBe('/apis/apps/v1/namespaces/shop/deployments/web');
  });

  it('adds a subresource only after a name', () => {
    expect(resourcePath(deployment, 'shop', 'web', 'scale')).toBe('/apis/apps/v1/namespaces/shop/deployments/web/scale');
    expect(resourcePath(deployment, 'shop', undefined, 'scale')).toBe('/apis/apps/v1/namespaces/shop/deployments');
  });

  it('ignores the namespace for cluster-scoped kinds', () => {
    expect(resourcePath(node, 'shop', 'kwok-node-0')).toBe('/api/v1/nodes/kwok-node-0');
  });

  it('encodes names', () => {
    expect(resourcePath(pod, 'shop', 'a b')).toBe('/api/v1/namespaces/shop/pods/a%20b');
  });
});

describe('findBuiltinKind and matchKind', () => {
  it.each(['Deployment', 'deployment', 'deployments', 'deploy', 'DEPLOY', ' deployments ', 'deployments.apps', 'Deployment.apps'])(
    'finds Deployment as %j',
    (ref) => {
      expect(findBuiltinKind(ref)).toBe(deployment);
    },
  );

  it('requires the group to match when one is given', () => {
    expect(findBuiltinKind('deployments.batch')).toBeUndefined();
    expect(findBuiltinKind('pods.apps')).toBeUndefined();
  });

  it('returns undefined for unknown and empty references', () => {
    expect(findBuiltinKind('widgets')).toBeUndefined();
    expect(findBuiltinKind('')).toBeUndefined();
  });

  it('matches custom kinds by short name, singular and plural.group', () => {
    const kinds = [widget, goose];
    expect(matchKind(kinds, 'wg')).toBe(widget);
    expect(matchKind(kinds, 'widgets.example.com')).toBe(widget);
    expect(matchKind(kinds, 'goose')).toBe(goose);
    expect(matchKind(kinds, 'geese')).toBe(goose);
    expect(matchKind(kinds, 'ducks')).toBeUndefined();
  });

  it('prefers the earlier kind for an ambiguous name and honours an explicit group', () => {
    const core = BUILTIN_KINDS.find((k) => k.kind === 'Event') as ResourceKind;
    expect(matchKind([core, policyEvent], 'events')).toBe(core);
    expect(matchKind([core, policyEvent], 'events.events.k8s.io')).toBe(policyEvent);
  });

  it('keeps the built-in list frozen and every entry unique', () => {
    expect(Object.isFrozen(BUILTIN_KINDS)).toBe(true);
    const names = BUILTIN_KINDS.map(resourceNameOf);
    expect(new Set(names).size).toBe(names.length);
  });
});
