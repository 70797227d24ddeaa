import { describe, expect, it } from 'vitest';
import { K8sClientError } from './k8s-client-error.js';
import { parseDumpLogs, selectPodLog } from './snapshot-logs.js';

const base = { namespace: 'app', name: 'web-1' };

function thrown(fn: () => unknown): K8sClientError {
  try {
    fn();
  } catch (error) {
    if (error instanceof K8sClientError) return error;
    throw error;
  }
  throw new Error('expected a K8sClientError');
}

describe('parseDumpLogs and selectPodLog', () => {
  it('treats a file without markers as the only container log', () => {
    const logs = parseDumpLogs('a\nb\nc\n');
    expect(selectPodLog(logs, base)).toBe('a\nb\nc\n');
    expect(selectPodLog(logs, { ...base, container: 'anything' })).toBe('a\nb\nc\n');
    expect(selectPodLog(logs, { ...base, tailLines: 0 })).toBe('');
    expect(selectPodLog(logs, { ...base, tailLines: 10 })).toBe('a\nb\nc\n');
  });

  it('keeps an empty container section empty and cuts limitBytes on whole characters', () => {
    const logs = parseDumpLogs(
      '==== START logs for container app of pod app/web-1 ====\n==== END logs for container app of pod app/web-1 ====\n' +
        '==== START logs for container utf of pod app/web-1 ====\nhé\n==== END logs for container utf of pod app/web-1 ====\n',
    );
    expect(selectPodLog(logs, { ...base, container: 'app', tailLines: 5 })).toBe('');
    // "é" is two bytes: a 2-byte limit must not split it.
    expect(selectPodLog(logs, { ...base, container: 'utf', limitBytes: 2 })).toBe('h');
  });

  it('names the containers it has when asked for another', () => {
    const logs = parseDumpLogs('==== START logs for container app of pod app/web-1 ====\nx\n==== END logs for container app of pod app/web-1 ====\n');
    const error = thrown(() => selectPodLog(logs, { ...base, container: 'sidecar' }));
    expect([error.code, error.message]).toEqual(['NOT_FOUND', expect.stringContaining('it has logs for: app')]);
  });
});
