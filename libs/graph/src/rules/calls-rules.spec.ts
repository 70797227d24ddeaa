import { describe, expect, it } from 'vitest';
import { mergeDetail } from '../edge-detail.js';
import { edgeLabel } from '../export/relation-edges.js';
import { toDot } from '../export/to-dot.js';
import { edgeStrings, graphOf, obj, outStrings, pod } from '../spec-support/graph-fixtures.js';

describe('inferredCallsRule', () => {
  it('links a Pod to the Services its literal env values name, marked inferred, with via and port', () => {
    const graph = graphOf([
      obj('Service', 'shop', 'redis'),
      pod('shop', 'web', {
        initContainers: [{ name: 'wait', env: [{ name: 'DB_HOST', value: 'db.data' }] }],
        containers: [
          {
            name: 'app',
            env: [
              { name: 'DATABASE_URL', value: 'postgres://app@db.data.svc.cluster.local:5432/orders' },
              { name: 'REDIS', value: 'redis:6379' },
              { name: 'API', value: 'https://api.example.com' },
              { name: 'LOG_LEVEL', value: 'info' },
              { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
            ],
          },
        ],
      }),
    ]);
    expect(edgeStrings(graph, 'calls')).toEqual([
      'calls Pod/shop/web -> Service/data/db ! {"via":"env DATABASE_URL, initContainer.env DB_HOST","optional":true,"port":"5432","inferred":true}',
      'calls Pod/shop/web -> Service/shop/redis {"via":"env REDIS","optional":true,"port":"6379","inferred":true}',
    ]);
  });

  it('reads URLs with a scheme in command and args, not bare words', () => {
    const graph = graphOf([
      obj('Service', 'shop', 'backend'),
      pod('shop', 'web', { containers: [{ name: 'app', command: ['/bin/sh', '-c'], args: ['wget -O- http://backend:80 -T 5', 'redis:6379'] }] }),
    ]);
    expect(edgeStrings(graph, 'calls')).toEqual(['calls Pod/shop/web -> Service/shop/backend {"via":"command","optional":true,"port":"80","inferred":true}']);
  });

  it('reads workload pod templates (not ReplicaSets) and ConfigMap data, skipping system namespaces', () => {
    const template = { template: { spec: { containers: [{ name: 'app', env: [{ name: 'API_URL', value: 'http://api:8080' }] }] } } };
    const graph = graphOf([
      obj('Deployment', 'shop', 'web', { spec: template }),
      obj('ReplicaSet', 'shop', 'web-1', { spec: template }),
      obj('CronJob', 'shop', 'nightly', { spec: { jobTemplate: { spec: template } } }),
      obj('ConfigMap', 'shop', 'cfg', { data: { CACHE_HOST: 'cache', 'nginx.conf': 'server {\n  location / { proxy_pass http://backend.shop:8080; }\n}\n', MODE: 'fast' } }),
      obj('ConfigMap', 'kube-public', 'cluster-info', { data: { kubeconfig: 'clusters:\n- cluster:\n    server: https://control-plane:6443\n' } }),
    ]);
    expect(outStrings(graph, 'Deployment/shop/web').filter((e) => e.startsWith('calls'))).toEqual([
      'calls Deployment/shop/web -> Service/shop/api ! {"via":"template.env API_URL","optional":true,"port":"8080","inferred":true}',
    ]);
    expect(outStrings(graph, 'CronJob/shop/nightly').filter((e) => e.startsWith('calls'))).toHaveLength(1);
    expect(outStrings(graph, 'ReplicaSet/shop/web-1').filter((e) => e.startsWith('calls'))).toEqual([]);
    expect(outStrings(graph, 'ConfigMap/shop/cfg')).toEqual([
      'calls ConfigMap/shop/cfg -> Service/shop/backend ! {"via":"configMap nginx.conf","optional":true,"port":"8080","inferred":true}',
      'calls ConfigMap/shop/cfg -> Service/shop/cache ! {"via":"configMap CACHE_HOST","optional":true,"inferred":true}',
    ]);
    expect(outStrings(graph, 'ConfigMap/kube-public/cluster-info')).toEqual([]);
  });

  it('shows inferred edges as such in labels and exports', () => {
    expect(edgeLabel('calls', { port: '5432', optional: true, inferred: true }, false)).toBe('calls :5432 (inferred)');
    expect(edgeLabel('uses-secret', { optional: true }, false)).toBe('uses-secret (optional)');
    const graph = graphOf([obj('Service', 'shop', 'db'), pod('shop', 'web', { containers: [{ name: 'app', env: [{ name: 'DB_HOST', value: 'db' }] }] })]);
    expect(toDot(graph.dependencies('Pod/shop/web', { edgeTypes: ['calls'] }))).toContain('[label="calls (inferred)", style=dotted]');
  });

  it('keeps a declared reference when a guess names the same target (inferred only if every declaration is)', () => {
    expect(mergeDetail({ via: 'env A', inferred: true, optional: true }, { via: 'env B', inferred: true, optional: true })).toEqual({ via: 'env A, env B', optional: true, inferred: true });
    expect(mergeDetail({ via: 'env A', inferred: true, optional: true }, { via: 'webhook' })).toEqual({ via: 'env A, webhook', optional: true });
    expect(mergeDetail({ via: 'webhook' }, { via: 'env A', inferred: true, optional: true })).toEqual({ via: 'env A, webhook', optional: true });
  });
});
