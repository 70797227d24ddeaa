import { describe, expect, it } from 'vitest';
import { edgeStrings, graphOf, obj, pod } from '../spec-support/graph-fixtures.js';

const ns = (name: string, labels: Record<string, string>) => obj('Namespace', undefined, name, {}, { labels: { 'kubernetes.io/metadata.name': name, ...labels } });

const policy = obj('NetworkPolicy', 'shop', 'db', {
  spec: {
    podSelector: { matchLabels: { app: 'db' } },
    ingress: [
      {
        from: [
          { podSelector: { matchLabels: { app: 'web' } } },
          { namespaceSelector: { matchLabels: { team: 'ops' } }, podSelector: { matchLabels: { app: 'backup' } } },
          { namespaceSelector: { matchLabels: { monitoring: 'true' } } },
          { ipBlock: { cidr: '10.0.0.0/8' } },
        ],
        ports: [{ protocol: 'TCP', port: 5432 }, { port: 'metrics' }],
      },
      { ports: [{ port: 9000, endPort: 9100 }] },
    ],
    egress: [{ to: [{ podSelector: {} }], ports: [{ protocol: 'UDP', port: 53 }] }],
  },
});

describe('networkPolicyRule', () => {
  const base = [
    ns('shop', {}),
    ns('ops', { team: 'ops' }),
    ns('prom', { monitoring: 'true' }),
    pod('shop', 'db', {}, { app: 'db' }),
    pod('shop', 'web', {}, { app: 'web' }),
    pod('ops', 'backup', {}, { app: 'backup' }),
    pod('shop', 'backup', {}, { app: 'backup' }),
    pod('prom', 'prometheus', {}, { app: 'prometheus' }),
  ];

  it('links the pods it applies to, its ingress and egress peers, with ports', () => {
    const graph = graphOf([...base, policy]);
    expect(edgeStrings(graph).filter((e) => e.startsWith('a'))).toEqual([
      'allows-from NetworkPolicy/shop/db -> Namespace/_cluster/prom {"port":"TCP/5432, TCP/metrics"}',
      'allows-from NetworkPolicy/shop/db -> Pod/ops/backup {"port":"TCP/5432, TCP/metrics"}',
      'allows-from NetworkPolicy/shop/db -> Pod/shop/web {"port":"TCP/5432, TCP/metrics"}',
      'allows-to NetworkPolicy/shop/db -> Pod/shop/backup {"port":"UDP/53"}',
      'allows-to NetworkPolicy/shop/db -> Pod/shop/db {"port":"UDP/53"}',
      'allows-to NetworkPolicy/shop/db -> Pod/shop/web {"port":"UDP/53"}',
      'applies-to NetworkPolicy/shop/db -> Pod/shop/db',
    ]);
  });

  it('applies to every pod of its namespace with an empty podSelector', () => {
    const graph = graphOf([...base, obj('NetworkPolicy', 'shop', 'deny-all', { spec: { podSelector: {}, policyTypes: ['Ingress'] } })]);
    expect(edgeStrings(graph, 'applies-to')).toEqual([
      'applies-to NetworkPolicy/shop/deny-all -> Pod/shop/backup',
      'applies-to NetworkPolicy/shop/deny-all -> Pod/shop/db',
      'applies-to NetworkPolicy/shop/deny-all -> Pod/shop/web',
    ]);
  });

  it('follows namespace label changes, namespaces and pods appearing after the policy', () => {
    const graph = graphOf([policy, pod('shop', 'db', {}, { app: 'db' })]);
    graph.upsert('Pod', pod('ops', 'backup', {}, { app: 'backup' }).object);
    expect(edgeStrings(graph, 'allows-from')).toEqual([]); // namespace ops not known yet
    graph.upsert('Namespace', ns('ops', { team: 'ops' }).object);
    expect(edgeStrings(graph, 'allows-from')).toEqual(['allows-from NetworkPolicy/shop/db -> Pod/ops/backup {"port":"TCP/5432, TCP/metrics"}']);
    graph.upsert('Namespace', ns('ops', { team: 'dev' }).object);
    expect(edgeStrings(graph, 'allows-from')).toEqual([]);
    graph.upsert('Namespace', ns('ops', { team: 'ops', monitoring: 'true' }).object);
    expect(edgeStrings(graph, 'allows-from')).toEqual([
      'allows-from NetworkPolicy/shop/db -> Namespace/_cluster/ops {"port":"TCP/5432, TCP/metrics"}',
      'allows-from NetworkPolicy/shop/db -> Pod/ops/backup {"port":"TCP/5432, TCP/metrics"}',
    ]);
    graph.remove('Namespace', undefined, 'ops');
    expect(edgeStrings(graph, 'allows-from')).toEqual([]);
  });
});
