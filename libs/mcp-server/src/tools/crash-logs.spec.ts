import type { ClusterReader, LogOptions } from '@k8s-mcp/k8s-client';
import { describe, expect, it } from 'vitest';
import { CRASH_LOG_MAX_BYTES, readCrashLogs } from './crash-logs.js';

/** A reader serving `logs[pod][previous|current]`; anything else is refused, as a kubelet would. */
function reader(logs: Record<string, { previous?: string; current?: string }>): { reader: ClusterReader; calls: LogOptions[] } {
  const calls: LogOptions[] = [];
  const fail = (): never => {
    throw new Error('not used');
  };
  return {
    calls,
    reader: {
      source: 'live',
      resolveKind: fail,
      listKinds: fail,
      list: fail,
      get: fail,
      async logs(options) {
        calls.push(options);
        const text = logs[options.name]?.[options.previous ? 'previous' : 'current'];
        if (text === undefined) throw Object.assign(new Error('previous terminated container not found'), { code: 'INVALID' });
        return text;
      },
    },
  };
}

const settings = { maxContainers: 2, tailLines: 50 };
const lines = (text: string) => text.split('\n').filter((l) => l.includes('ERROR'));

describe('readCrashLogs', () => {
  it("reads a crashed container's previous log first, a terminated one's current log, and bounds every read", async () => {
    const { reader: r, calls } = reader({ crash: { previous: 'start\nERROR: no DB', current: 'start' }, done: { current: 'ERROR: exit' }, third: { current: 'ERROR: never read' } });
    const logs = await readCrashLogs(
      r,
      [
        { namespace: 'shop', pod: 'crash', container: 'app' },
        { namespace: 'shop', pod: 'done', container: 'app', previous: false, reason: 'TerminatedWithError' },
        { namespace: 'shop', pod: 'third', container: 'app' },
      ],
      settings,
      lines,
    );
    expect(Object.fromEntries(logs)).toEqual({ 'shop/crash/app': { lines: ['ERROR: no DB'], previous: true }, 'shop/done/app': { lines: ['ERROR: exit'], previous: false } });
    // maxContainers: the third target is never read; every read is bounded.
    expect(calls.map((c) => c.name)).not.toContain('third');
    expect(calls.every((c) => c.tailLines === 50 && c.limitBytes === CRASH_LOG_MAX_BYTES)).toBe(true);
  });

  it('falls back to the previous instance for a terminated container, never for a running one, and never throws', async () => {
    const { reader: r, calls } = reader({ job: { previous: 'ERROR: from before' }, web: { previous: 'ERROR: stale' } });
    const logs = await readCrashLogs(
      r,
      [
        { namespace: 'shop', pod: 'job', container: 'app', previous: false, reason: 'TerminatedWithError' },
        { namespace: 'shop', pod: 'web', container: 'app', previous: false, reason: 'Running' },
      ],
      settings,
      lines,
    );
    expect(Object.fromEntries(logs)).toEqual({ 'shop/job/app': { lines: ['ERROR: from before'], previous: true } });
    expect(calls.filter((c) => c.name === 'web').map((c) => c.previous)).toEqual([false]);
  });
});
