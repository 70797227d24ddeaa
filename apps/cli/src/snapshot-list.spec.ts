import { BUILTIN_KINDS, type KubeObject, type ResourceKind } from '@k8s-mcp/k8s-client';
import { describe, expect, it } from 'vitest';
import { INCOMPLETE, RECORDED_AT, RECORDED_BY, snapshotItem, snapshotList } from './snapshot-list.js';

const kind = (name: string): ResourceKind => BUILTIN_KINDS.find((k) => k.kind === name) as ResourceKind;
const VALUE = 's3cr3t-value';

describe('snapshotItem', () => {
  it('fills in apiVersion and kind and drops managedFields and the last-applied annotation', () => {
    const item = snapshotItem(kind('Deployment'), {
      metadata: { name: 'web', namespace: 'shop', managedFields: [{ manager: 'kubectl' }], annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', keep: 'me' } },
      spec: { replicas: 2 },
    });
    expect(item).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', annotations: { keep: 'me' } }, spec: { replicas: 2 } });
    const bare = snapshotItem(kind('ConfigMap'), { metadata: { name: 'c', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } } });
    expect(bare.metadata).toEqual({ name: 'c' });
  });

  it('never writes a Secret value: raw values become sized placeholders, placeholders stay, cache key lists become keys', () => {
    const raw: KubeObject = {
      metadata: { name: 's', namespace: 'shop' },
      type: 'Opaque',
      data: { password: Buffer.from(VALUE).toString('base64'), old: '<redacted: 4 bytes>' },
      stringData: { token: VALUE },
    };
    const item = snapshotItem(kind('Secret'), raw);
    expect(item).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'shop' },
      type: 'Opaque',
      data: { password: `<redacted: ${VALUE.length} bytes>`, old: '<redacted: 4 bytes>' },
      stringData: { token: `<redacted: ${VALUE.length} bytes>` },
    });
    expect(JSON.stringify(item)).not.toContain(VALUE);
    expect(JSON.stringify(item)).not.toContain(Buffer.from(VALUE).toString('base64'));
    // The sync cache keeps Secrets lean: key names only.
    const lean = snapshotItem(kind('Secret'), { kind: 'Secret', metadata: { name: 'l', namespace: 'shop' }, type: 'Opaque', dataKeys: ['a', 'b'] });
    expect(lean).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'l', namespace: 'shop' }, type: 'Opaque', data: { a: '<redacted>', b: '<redacted>' } });
    const empty = snapshotItem(kind('Secret'), { metadata: { name: 'e', namespace: 'shop' }, dataKeys: [] });
    expect(empty).not.toHaveProperty('data');
  });
});

describe('snapshotList', () => {
  it('is a kubectl-style List annotated with when, by what, and what is incomplete', () => {
    const list = snapshotList([{ metadata: { name: 'x' } }], new Date('2026-01-02T03:04:05.678Z'), [{ kind: 'Secret', reason: 'FORBIDDEN' }]);
    expect(list).toEqual({
      apiVersion: 'v1',
      kind: 'List',
      metadata: { resourceVersion: '', annotations: { [RECORDED_AT]: '2026-01-02T03:04:05Z', [RECORDED_BY]: 'k8s-mcp snapshot', [INCOMPLETE]: 'Secret (FORBIDDEN)' } },
      items: [{ metadata: { name: 'x' } }],
    });
    expect((snapshotList([], new Date(0), []).metadata as { annotations: object }).annotations).not.toHaveProperty(INCOMPLETE);
  });
});
