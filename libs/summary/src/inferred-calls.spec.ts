import { describe, expect, it } from 'vitest';
import { ClusterIndex } from './cluster-index.js';
import { stateFromObjects } from './cluster-state.js';
import { inferredCalls } from './inferred-calls.js';
import type { Pod } from './kube-types.js';
import { healthyCluster, NOW } from './testing/fixtures.js';

function callsOf(spec: Record<string, unknown>, extra: (b: ReturnType<typeof healthyCluster>) => void = () => undefined) {
  const b = healthyCluster().pod('shop', 'caller', { spec });
  extra(b);
  const index = new ClusterIndex(stateFromObjects(b.build()), { now: NOW });
  return inferredCalls(index, index.get<Pod>({ kind: 'Pod', namespace: 'shop', name: 'caller' }) as Pod).map((c) => `${c.via} -> ${c.namespace}/${c.ref.name}${c.ref.port ? `:${c.ref.port}` : ''}`);
}

describe('inferredCalls', () => {
  it('reads URLs in mounted ConfigMap files, and never Secrets', () => {
    const calls = callsOf(
      {
        containers: [{ name: 'app', env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } } }] }],
        volumes: [{ name: 'cfg', configMap: { name: 'proxy' } }, { name: 's', secret: { secretName: 'db-creds' } }],
      },
      (b) => b.add('ConfigMap', { metadata: { name: 'proxy', namespace: 'shop' }, data: { 'nginx.conf': 'location / {\n  proxy_pass http://web:80;\n}\n', 'upstream-host': 'web' } }),
    );
    expect(calls).toEqual(['ConfigMap proxy key nginx.conf -> shop/web:80']);
  });

  it('leaves out hostAliases, StatefulSet pod names behind a headless Service, and unknown namespaces', () => {
    const calls = callsOf(
      {
        hostAliases: [{ ip: '10.0.0.9', hostnames: ['legacy-db'] }],
        containers: [
          {
            name: 'app',
            env: [
              { name: 'LEGACY_HOST', value: 'legacy-db' },
              { name: 'PEER_ADDR', value: 'db-0.db:5432' },
              { name: 'OTHER_URL', value: 'http://api.nowhere:80' },
              { name: 'WEB_URL', value: 'http://web.shop:80' },
            ],
          },
        ],
      },
      (b) => {
        const db = b.objects['Service']?.find((s) => s.metadata.name === 'db');
        if (db) (db['spec'] as Record<string, unknown>)['clusterIP'] = 'None';
        b.namespace('db'); // so `db-0.db` could also read as Service db-0 in namespace db
      },
    );
    expect(calls).toEqual(['env WEB_URL -> shop/web:80']);
  });
});
