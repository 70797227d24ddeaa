import { describe, expect, it } from 'vitest';
import { ClusterIndex } from './cluster-index.js';
import { stateFromObjects } from './cluster-state.js';
import { unsetEnvReferences } from './env-references.js';
import type { Container, Pod } from './kube-types.js';
import { ClusterBuilder, NOW } from './testing/fixtures.js';

function setup(): { index: ClusterIndex; pod: Pod } {
  const b = new ClusterBuilder().node('node-1').namespace('shop');
  b.add('ConfigMap', { metadata: { name: 'cfg', namespace: 'shop' }, data: { LOG_LEVEL: 'info' } });
  b.add('Secret', { metadata: { name: 'creds', namespace: 'shop' }, dataKeys: ['TOKEN'] });
  b.service('shop', 'db-main', { app: 'db' });
  b.pod('shop', 'p');
  const index = new ClusterIndex(stateFromObjects(b.build()), { now: NOW });
  return { index, pod: index.list<Pod>('Pod')[0] as Pod };
}

const names = (container: Container, pod?: Pod): string[] => {
  const s = setup();
  return unsetEnvReferences(s.index, pod ?? s.pod, container).map((r) => `${r.name}@${r.where}${r.definedLater ? ' later' : ''}`);
};

describe('unsetEnvReferences', () => {
  it('reports names no env, envFrom or Service variable defines', () => {
    const container: Container = {
      name: 'app',
      command: ['/app', '--db=$(DB_HOST)'],
      args: ['--level=$(APP_LOG_LEVEL)', '--token=$(TOKEN)', '--pod=$(POD_NAME)', '--svc=$(DB_MAIN_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)', '--lit=$$(NOT_A_REF)'],
      env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      envFrom: [{ prefix: 'APP_', configMapRef: { name: 'cfg' } }, { secretRef: { name: 'creds' } }, { configMapRef: { name: 'gone', optional: true } }],
    };
    expect(names(container)).toEqual(['DB_HOST@command']);
  });

  it('lets an env value see only the variables before it', () => {
    const container: Container = {
      name: 'app',
      env: [
        { name: 'URL', value: 'http://$(HOST):$(PORT)' },
        { name: 'PORT', value: '8080' },
        { name: 'ADDR', value: '$(PORT)' },
      ],
    };
    expect(names(container)).toEqual(['HOST@env URL', 'PORT@env URL later']);
  });

  it('says nothing when an envFrom source cannot be read, and honours enableServiceLinks', () => {
    expect(names({ name: 'app', args: ['$(ANY)'], envFrom: [{ configMapRef: { name: 'not-listed' } }] })).toEqual([]);
    const { pod } = setup();
    expect(names({ name: 'app', args: ['$(DB_MAIN_SERVICE_HOST)'] }, { ...pod, spec: { ...pod.spec, enableServiceLinks: false } })).toEqual(['DB_MAIN_SERVICE_HOST@args']);
    expect(names({ name: 'app', args: ['no references', '$(unclosed'] })).toEqual([]);
  });
});
