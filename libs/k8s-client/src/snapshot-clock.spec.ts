import { describe, expect, it } from 'vitest';
import type { KubeObject } from './kube-object.js';
import { snapshotClock } from './snapshot-clock.js';

const objects: KubeObject[] = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x', creationTimestamp: '2024-06-01T00:00:00Z' } },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'x', creationTimestamp: '2024-06-02T00:00:00Z' },
    status: { conditions: [{ type: 'Ready', lastTransitionTime: '2024-06-03T10:00:00Z' }], containerStatuses: [{ state: { running: { startedAt: '2024-06-03T09:00:00Z' } } }] },
  },
  // Times that can lie ahead of the recording are not evidence of when it was taken.
  { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c', namespace: 'x', creationTimestamp: '2024-05-01T00:00:00Z' }, status: { renewalTime: '2024-08-01T00:00:00Z', notAfter: '2024-09-01T00:00:00Z' } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'q', namespace: 'x', creationTimestamp: 'yesterday', deletionTimestamp: '2024-07-01T00:00:00Z' } },
];

describe('snapshotClock', () => {
  it('is the recording time when the snapshot names a valid one', () => {
    expect(snapshotClock('2024-06-11T12:00:00Z', objects)).toEqual({ at: '2024-06-11T12:00:00Z', basis: 'recorded' });
  });

  it('is otherwise the newest past time stamped in the objects (creation, conditions, container states)', () => {
    expect(snapshotClock(undefined, objects)).toEqual({ at: '2024-06-03T10:00:00.000Z', basis: 'newest-timestamp' });
    expect(snapshotClock('not a time', objects)).toEqual({ at: '2024-06-03T10:00:00.000Z', basis: 'newest-timestamp' });
  });

  it('is undefined when nothing says when', () => {
    expect(snapshotClock(undefined, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }])).toBeUndefined();
  });
});
