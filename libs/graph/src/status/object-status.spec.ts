import { describe, expect, it } from 'vitest';
import { objectStatus } from './object-status.js';

const o = (fields: Record<string, unknown>, meta: Record<string, unknown> = {}) => ({ metadata: { name: 'x', ...meta }, ...fields });

describe('objectStatus', () => {
  it.each([
    ['Deployment', o({ spec: { replicas: 3 }, status: { readyReplicas: 2, updatedReplicas: 3 } }), '2/3 ready'],
    [
      'Deployment',
      o({ spec: { replicas: 3, paused: true }, status: { updatedReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] } }),
      '0/3 ready, 1 updated, ProgressDeadlineExceeded, paused',
    ],
    ['DaemonSet', o({ status: { numberReady: 4, desiredNumberScheduled: 5 } }), '4/5 ready'],
    ['Node', o({ status: { conditions: [{ type: 'Ready', status: 'True' }] } }), 'Ready'],
    [
      'Node',
      o({ spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'MemoryPressure', status: 'True' }] } }),
      'NotReady, MemoryPressure, cordoned',
    ],
    ['Node', o({ status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } }), 'NotReady (Unknown)'],
    ['Job', o({ status: { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] } }), 'Failed (BackoffLimitExceeded)'],
    ['Job', o({ status: { conditions: [{ type: 'Complete', status: 'True' }] } }), 'Complete'],
    ['Service', o({ spec: { type: 'LoadBalancer', selector: { app: 'a' } }, status: { loadBalancer: {} } }), 'LoadBalancer, pending'],
    ['Ingress', o({ status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }, { hostname: 'lb.example.com' }] } } }), 'address 1.2.3.4, lb.example.com'],
    ['PersistentVolumeClaim', o({ status: { phase: 'Lost' } }), 'Lost'],
    ['Namespace', o({ status: { phase: 'Terminating' } }), 'Terminating'],
    ['Secret', o({ type: 'kubernetes.io/tls', data: { 'tls.key': 'c2VjcmV0' } }), 'kubernetes.io/tls'],
    ['ConfigMap', o({ data: { a: '1', b: '2' } }), '2 keys'],
    ['Widget', o({}), 'present'],
    ['Deployment', o({ spec: { replicas: 1 } }, { deletionTimestamp: '2024-01-01T00:00:00Z' }), 'Terminating, 0/1 ready'],
  ])('%s %#', (kind, object, expected) => {
    expect(objectStatus(kind, object)).toBe(expected);
  });

  it('never shows Secret data', () => {
    expect(objectStatus('Secret', o({ data: { password: 'aHVudGVyMg==' } }))).not.toContain('aHVudGVyMg');
  });
});
