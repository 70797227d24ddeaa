import { describe, expect, it } from 'vitest';
import { ClusterIndex } from './cluster-index.js';
import { stateFromObjects } from './cluster-state.js';
import { crashLogTargets } from './crash-log.js';
import { detectLogErrors } from './detect-log-errors.js';
import { NOW, ClusterBuilder } from './testing/fixtures.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';

function cluster(): ClusterBuilder {
  const b = new ClusterBuilder();
  b.namespace('calc');
  b.pod('calc', 'calc-app', { labels: { app: 'calc' } });
  b.pod('calc', 'broken', { state: 'crashloop' });
  return b;
}

const logs = (entries: Record<string, string[]>) => new Map(Object.entries(entries).map(([k, lines]) => [k, { lines, previous: false }]));

describe('detectLogErrors', () => {
  it('reports a running container whose log shows an exception, quoting the telling line', () => {
    const index = new ClusterIndex(stateFromObjects(cluster().build()), {
      now: NOW,
      containerLogs: logs({ 'calc/calc-app/app': ['Calculating 10 / 2 = 5.0', 'Traceback (most recent call last):', '  File "/app/calc.py", line 7, in <module>', 'ZeroDivisionError: division by zero'] }),
    });
    const [finding, ...rest] = detectLogErrors(index, DEFAULT_THRESHOLDS);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'warning', reason: 'LogErrors', object: { kind: 'Pod', namespace: 'calc', name: 'calc-app' }, key: 'app' });
    expect(finding?.message, finding?.message).toContain('ZeroDivisionError: division by zero');
    expect(finding?.evidence.every((e) => e.startsWith('log: '))).toBe(true);
  });

  it('says nothing for a clean log, and leaves failing containers to the pod checks', () => {
    const index = new ClusterIndex(stateFromObjects(cluster().build()), {
      now: NOW,
      containerLogs: logs({ 'calc/calc-app/app': ['listening on :8080', 'GET / 200 3ms', 'processed 0 errors'], 'calc/broken/app': ['panic: nil map'] }),
    });
    expect(detectLogErrors(index, DEFAULT_THRESHOLDS)).toEqual([]);
  });
});

describe('crashLogTargets with includeRunning', () => {
  it('fills slots after the failing containers with running ones, one per controller', () => {
    const state = stateFromObjects(cluster().build());
    expect(crashLogTargets(state, { namespace: 'calc' }).map((t) => t.pod)).toEqual(['broken']);
    const targets = crashLogTargets(state, { namespace: 'calc', includeRunning: true });
    expect(targets.map((t) => [t.pod, t.reason, t.previous])).toEqual([
      ['broken', 'CrashLoopBackOff', true],
      ['calc-app', 'Running', false],
    ]);
    expect(crashLogTargets(state, { namespace: 'calc', includeRunning: true, maxTargets: 1 }).map((t) => t.pod)).toEqual(['broken']);
  });
});
