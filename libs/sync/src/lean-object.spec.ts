import { BUILTIN_KINDS, type KubeObject, type ResourceKind } from '@k8s-mcp/k8s-client';
import { describe, expect, it } from 'vitest';
import { LAST_APPLIED_ANNOTATION, leanObject, leanWithSize } from './lean-object.js';

const kind = (name: string): ResourceKind => BUILTIN_KINDS.find((k) => k.kind === name)!;

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'shop',
    labels: { app: 'web' },
    annotations: { [LAST_APPLIED_ANNOTATION]: '{"huge":"json"}', team: 'a' },
    managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:spec': {} } }],
  },
  spec: { containers: [{ name: 'app', image: 'web:1' }] },
};

const secret: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'db',
    namespace: 'shop',
    annotations: { [LAST_APPLIED_ANNOTATION]: '{"data":{"password":"c2VjcmV0"}}' },
    managedFields: [{ manager: 'kubectl' }],
  },
  type: 'Opaque',
  data: { password: 'c2VjcmV0', user: 'YWRtaW4=' },
  stringData: { extra: 'plain-secret', user: 'admin' },
};

describe('leanObject', () => {
  it('drops managedFields and the last-applied annotation, keeping everything else', () => {
    const lean = leanObject(pod);
    expect(lean.metadata).toEqual({ name: 'web-1', namespace: 'shop', labels: { app: 'web' }, annotations: { team: 'a' } });
    expect(lean['spec']).toBe(pod['spec']);
    expect(lean.kind).toBe('Pod');
  });

  it('removes an annotations map that held only last-applied', () => {
    const lean = leanObject({ metadata: { name: 'x', annotations: { [LAST_APPLIED_ANNOTATION]: '{}' } } });
    expect(lean.metadata).toEqual({ name: 'x' });
  });

  it('does not modify its input', () => {
    const copy = structuredClone(pod);
    leanObject(pod);
    expect(pod).toEqual(copy);
  });

  it('keeps only metadata, type and the sorted key names of a Secret: no value survives', () => {
    const lean = leanObject(secret);
    expect(lean).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'shop' },
      type: 'Opaque',
      dataKeys: ['extra', 'password', 'user'],
    });
    const text = JSON.stringify(lean);
    for (const value of ['c2VjcmV0', 'YWRtaW4=', 'plain-secret', 'admin"']) expect(text).not.toContain(value);
  });

  it('treats an object as a Secret when the caller names the kind (list items have no kind)', () => {
    const { kind: _k, apiVersion: _a, ...item } = secret;
    expect(leanObject(item as KubeObject, 'Secret')).not.toHaveProperty('data');
    expect(leanObject({ metadata: { name: 'empty' } }, 'Secret')).toEqual({ kind: 'Secret', metadata: { name: 'empty' }, dataKeys: [] });
  });
});

describe('leanWithSize', () => {
  it('fills in apiVersion and kind of list items and measures the lean JSON once', () => {
    const { kind: _k, apiVersion: _a, ...item } = pod;
    const { object, bytes } = leanWithSize(item as KubeObject, kind('Deployment'));
    expect(object.apiVersion).toBe('apps/v1');
    expect(object.kind).toBe('Deployment');
    expect(bytes).toBe(JSON.stringify(object).length);
    expect(bytes).toBeLessThan(JSON.stringify(pod).length);
  });

  it('keeps a Secret value-free even from a list item', () => {
    const { kind: _k, apiVersion: _a, ...item } = secret;
    const { object } = leanWithSize(item as KubeObject, kind('Secret'));
    expect(object).toMatchObject({ apiVersion: 'v1', kind: 'Secret', dataKeys: ['extra', 'password', 'user'] });
    expect(JSON.stringify(object)).not.toContain('c2VjcmV0');
  });
});
