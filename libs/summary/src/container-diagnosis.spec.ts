import { describe, expect, it } from 'vitest';
import { ClusterIndex } from './cluster-index.js';
import { stateFromObjects } from './cluster-state.js';
import { commandText, explainExit, memoryText } from './container-diagnosis.js';
import type { Pod } from './kube-types.js';
import { ClusterBuilder, NOW } from './testing/fixtures.js';

describe('explainExit', () => {
  it.each([
    [0, 'Completed', 'exited on its own (its command ended, or a liveness probe stopped it)'],
    [1, 'Error', 'application error'],
    [2, 'Error', 'misuse: bad arguments or a shell syntax error'],
    [126, 'Error', 'command found but not executable (permission denied)'],
    [127, 'Error', 'command not found'],
    [128, 'StartError', 'the runtime could not start it (bad command, entrypoint or mount)'],
    [134, 'Error', 'SIGABRT: aborted (a failed assertion or fatal runtime error)'],
    [137, 'OOMKilled', 'out of memory (SIGKILL)'],
    [137, 'Error', 'SIGKILL: killed by a failed liveness probe, the OOM killer or an eviction'],
    [139, 'Error', 'SIGSEGV: segmentation fault'],
    [143, 'Error', 'SIGTERM: stopped from outside (a failed liveness probe, or a shutdown)'],
    [158, 'Error', 'signal 30'],
    [42, 'Error', 'application error (its own exit code)'],
  ])('exit %i (%s) means %s', (exitCode, reason, meaning) => {
    expect(explainExit({ exitCode, reason })?.meaning).toBe(meaning);
  });

  it('says which part of the spec to look at', () => {
    expect(explainExit({ exitCode: 127 })).toMatchObject({ short: 'command not found', aboutCommand: true, aboutProbes: false, aboutMemory: false });
    expect(explainExit({ exitCode: 0 })).toMatchObject({ aboutCommand: true, aboutProbes: true });
    expect(explainExit({ exitCode: 137 })).toMatchObject({ short: 'SIGKILL', aboutProbes: true, aboutMemory: true });
    expect(explainExit({ exitCode: 143 })).toMatchObject({ short: 'SIGTERM', aboutProbes: true, aboutMemory: false });
    expect(explainExit({ reason: 'ContainerCannotRun', exitCode: 127 })?.short).toBe('could not start');
    expect(explainExit({ signal: 11 })?.short).toBe('SIGSEGV');
    expect(explainExit({ reason: 'Error' })).toBeUndefined();
    expect(explainExit(undefined)).toBeUndefined();
  });
});

describe('commandText', () => {
  it('joins command and args, quotes words with spaces, masks credentials and bounds the length', () => {
    expect(commandText({ name: 'a', command: ['sh', '-c', 'exec nginx -g "daemon off;"'] })).toBe('sh -c "exec nginx -g \\"daemon off;\\""');
    expect(commandText({ name: 'a', args: ['--port', '8080'] })).toBe('<image entrypoint> --port 8080');
    expect(commandText({ name: 'a', command: ['/app', '--db-password=hunter2'] })).toBe('/app --db-password=***');
    expect(commandText({ name: 'a' })).toBeUndefined();
    const long = commandText({ name: 'a', command: ['/app', ...Array.from({ length: 60 }, (_, i) => `--flag-${i}`)] }) as string;
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('memoryText', () => {
  it('states the limit, or the node memory when there is none', () => {
    const b = new ClusterBuilder().node('node-1').namespace('shop');
    b.pod('shop', 'p', { node: 'node-1' });
    const index = new ClusterIndex(stateFromObjects(b.build()), { now: NOW });
    const pod = index.list<Pod>('Pod')[0] as Pod;
    expect(memoryText(index, pod, { name: 'app', resources: { limits: { memory: '512Mi' } } })).toBe('memory limit 512Mi');
    expect(memoryText(index, pod, { name: 'app' })).toBe('no memory limit (node node-1 has 16Gi allocatable)');
    expect(memoryText(index, { ...pod, spec: {} }, { name: 'app' })).toBe('no memory limit');
  });
});
