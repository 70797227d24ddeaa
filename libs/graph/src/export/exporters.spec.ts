import { describe, expect, it } from 'vitest';
import { graphOf, obj } from '../spec-support/graph-fixtures.js';
import { toDot } from './to-dot.js';
import { toJson } from './to-json.js';
import { toMermaid } from './to-mermaid.js';

const graph = graphOf([
  obj('Service', 'shop', 'web', { spec: { selector: { app: 'web' } } }),
  obj('Ingress', 'shop', 'shop"quote', { spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } }, tls: [{ secretName: 'tls' }] } }),
]);

describe('toMermaid', () => {
  it('draws nodes with status, labelled edges in their true direction, and dashes what is missing', () => {
    expect(toMermaid(graph.neighbors('Service/shop/web'))).toBe(
      [
        'flowchart LR',
        '  n0["Service shop/web<br/>ClusterIP"]',
        '  n1["Ingress shop/shop#quot;quote<br/>no address"]',
        '  n1 -->|"routes-to :80"| n0',
        '  %% more relations exist beyond depth 1',
      ].join('\n'),
    );
    expect(toMermaid(graph.dependencies('Ingress/shop/shop"quote'))).toBe(
      [
        'flowchart LR',
        '  n0["Ingress shop/shop#quot;quote<br/>no address"]',
        '  n1["Service shop/web<br/>ClusterIP"]',
        '  n2["Secret shop/tls<br/>missing"]',
        '  n0 -->|"routes-to :80"| n1',
        '  n0 -.->|"uses-secret (broken)"| n2',
        '  classDef missing stroke:#c00,stroke-dasharray:5 5,color:#c00',
        '  class n2 missing',
      ].join('\n'),
    );
  });

  it('draws paths and notes omitted nodes', () => {
    expect(toMermaid(graph.path('Secret/shop/tls', 'Service/shop/web')!)).toContain('n1 -.->|"uses-secret (broken)"| n0');
    const bounded = toMermaid(graph.dependencies('Ingress/shop/shop"quote', { maxNodes: 1 }));
    expect(bounded).toContain('%% 1 related object(s) omitted');
  });
});

describe('toDot', () => {
  it('writes a digraph keyed by graph id, escaping quotes', () => {
    expect(toDot(graph.dependencies('Ingress/shop/shop"quote'))).toBe(
      [
        'digraph relations {',
        '  rankdir=LR;',
        '  node [shape=box];',
        '  "Ingress/shop/shop\\"quote" [label="Ingress shop/shop\\"quote\\nno address"];',
        '  "Service/shop/web" [label="Service shop/web\\nClusterIP"];',
        '  "Secret/shop/tls" [label="Secret shop/tls\\nmissing", style=dashed, color=red];',
        '  "Ingress/shop/shop\\"quote" -> "Service/shop/web" [label="routes-to :80"];',
        '  "Ingress/shop/shop\\"quote" -> "Secret/shop/tls" [label="uses-secret (broken)", style=dashed, color=red];',
        '}',
      ].join('\n'),
    );
  });
});

describe('toJson', () => {
  it('round-trips the query result', () => {
    const tree = graph.dependencies('Ingress/shop/shop"quote');
    expect(JSON.parse(toJson(tree))).toEqual(tree);
    expect(toJson(tree, { pretty: true })).toContain('\n  "query": "dependencies"');
    const path = graph.path('Secret/shop/tls', 'Service/shop/web')!;
    expect(JSON.parse(toJson(path))).toEqual(path);
  });
});
