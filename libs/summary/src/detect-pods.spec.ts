import { describe, expect, it } from 'vitest';
import type { ContainerLog } from './crash-log.js';
import { missingRefFromMessage, schedulerStatus } from './detect-pods.js';
import { findingsOf, only } from './testing/detect.js';
import { ago, type ClusterBuilder, healthyCluster, type PodState } from './testing/fixtures.js';

const cluster = (): ClusterBuilder => healthyCluster();

describe('pod detectors', () => {
  it('reports CrashLoopBackOff with the last termination reason and exit code', () => {
    const f = only(findingsOf(cluster().pod('shop', 'worker', { state: 'oomkilled' })), 'CrashLoopBackOff');
    expect(f.severity).toBe('critical');
    expect(f.object).toEqual({ kind: 'Pod', namespace: 'shop', name: 'worker' });
    expect(f.message).toContain('OOMKilled, code 137');
    expect(f.message).toContain('7 restarts');
    expect(f.nextStep).toContain('memory limit');
    expect(f.evidence[0]).toContain('last terminated OOMKilled, exit 137');
  });

  it('reports ImagePullBackOff and InvalidImageName with the image', () => {
    const pull = only(findingsOf(cluster().pod('shop', 'a', { state: 'imagepull' })), 'ImagePullBackOff');
    expect(pull.message).toContain('registry.example/app:1.0');
    expect(only(findingsOf(cluster().pod('shop', 'b', { state: 'invalidimage' })), 'InvalidImageName').severity).toBe('critical');
  });

  it('reads a missing Secret out of CreateContainerConfigError and chains to it', () => {
    const f = only(findingsOf(cluster().pod('shop', 'cfg', { state: 'configerror' }), { useGraph: false }), 'CreateContainerConfigError');
    expect(f.chain.at(-1)).toMatchObject({ ref: { kind: 'Secret', namespace: 'shop', name: 'db-creds' } });
    expect(missingRefFromMessage('couldn\'t find key x in ConfigMap shop/cfg', 'shop')).toBeUndefined();
    expect(missingRefFromMessage('configmap "app-cfg" not found', 'shop')?.ref).toEqual({ kind: 'ConfigMap', namespace: 'shop', name: 'app-cfg' });
  });

  it('reports RunContainerError', () => {
    const b = cluster().pod('shop', 'run', { state: 'running' });
    const pod = b.objects['Pod']!.at(-1)! as unknown as { status: { containerStatuses: { state: unknown }[] } };
    pod.status.containerStatuses[0]!.state = { waiting: { reason: 'RunContainerError', message: 'exec: "/app": permission denied' } };
    expect(only(findingsOf(b), 'RunContainerError').message).toContain('permission denied');
  });

  it('reports pods stuck in ContainerCreating with FailedMount events, and chains to the missing Secret', () => {
    const b = cluster().pod('shop', 'mount', { state: 'creating' });
    b.event('shop', { kind: 'Pod', name: 'mount' }, 'FailedMount', 'MountVolume.SetUp failed for volume "creds" : secret "gone" not found', { count: 12 });
    const f = only(findingsOf(b), 'FailedMount');
    expect(f.severity).toBe('critical');
    expect(f.evidence.join('\n')).toContain('x12');
    expect(f.chain.at(-1)).toMatchObject({ ref: { kind: 'Secret', name: 'gone' }, missing: true });
    // Without events and not yet old, creating is normal.
    const fresh = cluster().pod('shop', 'new', { state: 'creating' });
    (fresh.objects['Pod']!.at(-1)!.status as { conditions: { lastTransitionTime: string }[] }).conditions[0]!.lastTransitionTime = ago(1);
    expect(findingsOf(fresh)).toEqual([]);
  });

  it('reports Unschedulable with the scheduler message and the nodeSelector nobody matches', () => {
    const f = only(findingsOf(cluster().pod('shop', 'big', { state: 'unschedulable', spec: { nodeSelector: { disktype: 'ssd' } } })), 'Unschedulable');
    expect(f.message).toContain('0/3 nodes are available');
    expect(f.evidence).toContain('no node has labels disktype=ssd (pod nodeSelector)');
    expect(f.nextStep).toContain('nodeSelector disktype=ssd');
  });

  it('reports SchedulingGated and Evicted', () => {
    expect(only(findingsOf(cluster().pod('shop', 'g', { state: 'gated' })), 'SchedulingGated').message).toContain('example.com/quota');
    expect(only(findingsOf(cluster().pod('shop', 'e', { state: 'evicted' })), 'Evicted').message).toContain('low on resource: memory');
  });

  it('reports terminated non-zero containers of failed pods', () => {
    const f = only(findingsOf(cluster().pod('shop', 'task', { state: 'error' })), 'TerminatedWithError');
    expect(f.message).toContain('exit code 1');
  });

  it('reports running-but-unready pods with Unhealthy events, and quietly waits without them', () => {
    const b = cluster().pod('shop', 'slow', { state: 'unready' });
    b.event('shop', { kind: 'Pod', name: 'slow' }, 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', { count: 30 });
    expect(only(findingsOf(b), 'Unhealthy').message).toContain('HTTP 503');
    // Unready for 30 minutes without events: NotReady.
    expect(only(findingsOf(cluster().pod('shop', 'quiet', { state: 'unready' })), 'NotReady').message).toContain('30m');
  });

  it('checks init containers too', () => {
    const b = cluster().pod('shop', 'init', { state: 'running' });
    const pod = b.objects['Pod']!.at(-1)! as unknown as { status: Record<string, unknown> };
    pod.status['phase'] = 'Pending';
    pod.status['initContainerStatuses'] = [{ name: 'migrate', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'Error', exitCode: 3 } } }];
    const f = only(findingsOf(b), 'CrashLoopBackOff');
    expect(f.message).toContain('init container migrate');
    expect(f.message).toContain('code 3');
  });

  it('reports high restart counts of running pods', () => {
    const f = only(findingsOf(cluster().pod('shop', 'flaky', { state: 'restarting' })), 'HighRestartCount');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('restarted 9 times');
  });

  it('ignores Succeeded and Terminating pods', () => {
    expect(findingsOf(cluster().pod('shop', 'done', { state: 'succeeded' }))).toEqual([]);
    expect(findingsOf(cluster().pod('shop', 'bye', { state: 'crashloop', deleted: ago(1) }))).toEqual([]);
  });
});

type Json = Record<string, unknown>;

/** Pod `name` in shop whose container `app` has the `container` fields; `last` becomes its last termination, `status` is merged into its status. */
function podWith(b: ClusterBuilder, name: string, state: PodState, container: Json, last?: Json, status: Json = {}): ClusterBuilder {
  b.pod('shop', name, { state, spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0', ...container }] } });
  const pod = b.objects['Pod']!.at(-1)! as unknown as { status: { containerStatuses: Json[] } };
  const cs = pod.status.containerStatuses[0]!;
  if (last) cs['lastState'] = { terminated: { finishedAt: ago(2), ...last } };
  Object.assign(cs, status);
  return b;
}

const http8080 = { ports: [{ containerPort: 8080, name: 'http' }] };

describe('crash loops explained from the spec', () => {
  it('says what exit 127 means and shows the command', () => {
    const b = podWith(cluster(), 'cmd', 'crashloop', { command: ['/app/serverr'], args: ['--port', '8080'] }, { reason: 'Error', exitCode: 127 });
    const f = only(findingsOf(b), 'CrashLoopBackOff');
    expect(f.message).toContain('code 127 = command not found');
    expect(f.message).toContain('command: /app/serverr --port 8080');
    expect(f.nextStep).toContain('Fix the command of container app');
    expect(f.chain[0]?.status).toBe('CrashLoopBackOff (exit 127: command not found)');
    expect(f.evidence).toContain('command: /app/serverr --port 8080');
  });

  it('names the image entrypoint when exit 126 comes from a container without a command', () => {
    const f = only(findingsOf(podWith(cluster(), 'perm', 'crashloop', {}, { reason: 'Error', exitCode: 126 })), 'CrashLoopBackOff');
    expect(f.message).toContain('code 126 = command found but not executable (permission denied)');
    expect(f.message).toContain("command: the image's entrypoint (registry.example/app:1.0)");
  });

  it('states the memory limit of an OOMKilled container, or the node memory when it has none', () => {
    const limited = only(findingsOf(podWith(cluster(), 'oom', 'oomkilled', { resources: { limits: { memory: '256Mi' } } })), 'CrashLoopBackOff');
    expect(limited.message).toContain('OOMKilled, code 137 = out of memory (SIGKILL), memory limit 256Mi, 7 restarts)');
    expect(limited.nextStep).toContain('Raise the memory limit of container app (memory limit 256Mi)');
    const unlimited = only(findingsOf(podWith(cluster(), 'oom2', 'oomkilled', {})), 'CrashLoopBackOff');
    expect(unlimited.message).toContain('no memory limit (node node-1 has 16Gi allocatable)');
  });

  it('explains a SIGKILL without OOMKilled as a kill from outside, with the memory limit', () => {
    const f = only(findingsOf(podWith(cluster(), 'kill', 'crashloop', { resources: { limits: { memory: '1Gi' } } }, { reason: 'Error', exitCode: 137 })), 'CrashLoopBackOff');
    expect(f.message).toContain('code 137 = SIGKILL: killed by a failed liveness probe, the OOM killer or an eviction, memory limit 1Gi');
  });

  it('blames a liveness probe on an undeclared port for exit-0 restarts, in both findings', () => {
    const container = { ...http8080, livenessProbe: { httpGet: { path: '/healthz', port: 8081 }, periodSeconds: 5 } };
    const findings = findingsOf(podWith(cluster(), 'live', 'crashloop', container, { reason: 'Completed', exitCode: 0 }));
    const crash = only(findings, 'CrashLoopBackOff');
    expect(crash.message).toContain('code 0 = exited on its own (its command ended, or a liveness probe stopped it), 7 restarts)');
    expect(crash.message).toContain('likely cause: liveness probe GET :8081/healthz calls port 8081, which the container does not declare (ports: 8080/http)');
    expect(crash.nextStep).toContain('Point the liveness probe of container app at a port it listens on');
    expect(crash.evidence).toContain('liveness probe GET :8081/healthz (delay 0s, period 5s, timeout 1s, failureThreshold 3); ports: 8080/http');
    const probe = only(findings, 'ProbePortMismatch');
    expect(probe.severity).toBe('critical');
    expect(probe.message).toBe('liveness probe calls port 8081, which container app does not declare (ports: 8080/http); likely cause of its restarts (last exit 0: exited on its own)');
  });

  it('shows the command of a container that exits 0 when no probe explains it', () => {
    const f = only(findingsOf(podWith(cluster(), 'once', 'crashloop', { command: ['echo', 'hello world'] }, { reason: 'Completed', exitCode: 0 })), 'CrashLoopBackOff');
    expect(f.message).toContain('command: echo "hello world"');
    expect(f.nextStep).toContain('keep running');
  });

  it('quotes failing liveness probe events for a crash loop, with the probe from the spec', () => {
    const b = podWith(cluster(), 'slowlive', 'crashloop', { ...http8080, livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, timeoutSeconds: 1 } }, { reason: 'Error', exitCode: 143 });
    b.event('shop', { kind: 'Pod', name: 'slowlive' }, 'Unhealthy', 'Liveness probe failed: Get "http://10.0.0.7:8080/healthz": context deadline exceeded', { count: 21 });
    const f = only(findingsOf(b), 'CrashLoopBackOff');
    expect(f.message).toContain('code 143 = SIGTERM');
    expect(f.message).toContain('liveness probe GET :http/healthz failing: Get "http://10.0.0.7:8080/healthz": context deadline exceeded');
    expect(f.nextStep).toContain('Fix the liveness probe of container app (GET :http/healthz)');
    expect(f.evidence.some((e) => e.startsWith('event Warning Unhealthy x21'))).toBe(true);
    // The named port exists: no probe finding.
    expect(findingsOf(b).filter((x) => x.reason === 'ProbePortMismatch')).toEqual([]);
  });

  it('uses the termination message when no log was read', () => {
    const message = 'failed to create containerd task: exec: "/app/serverr": stat /app/serverr: no such file or directory: unknown';
    const f = only(findingsOf(podWith(cluster(), 'start', 'crashloop', { command: ['/app/serverr'] }, { reason: 'StartError', exitCode: 128, message })), 'CrashLoopBackOff');
    expect(f.message).toContain('code 128 = the runtime could not start it');
    expect(f.message).toContain('log: <untrusted-data>"failed to create containerd task');
    expect(f.evidence.some((e) => e.startsWith('log (termination message): ') && e.includes('no such file or directory'))).toBe(true);
  });

  it('explains terminated containers of failed pods', () => {
    const f = only(findingsOf(podWith(cluster(), 'job', 'error', { args: ['--mode', 'batch'] }, undefined, { state: { terminated: { reason: 'Error', exitCode: 2 } } })), 'TerminatedWithError');
    expect(f.message).toContain('exit code 2 (Error) = misuse: bad arguments or a shell syntax error; command: <image entrypoint> --mode batch');
  });
});

describe('probes against declared ports', () => {
  it('always reports a probe naming a port the container does not have', () => {
    const f = only(findingsOf(podWith(cluster(), 'named', 'running', { ...http8080, readinessProbe: { httpGet: { path: '/ready', port: 'metrics' } } }, undefined, { ready: true })), 'ProbePortMismatch');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('readiness probe names port "metrics", which container app does not have');
    expect(f.evidence).toContain('declared ports: 8080/http');
  });

  it('skips numeric ports of containers that declare none, and calls a passing undeclared port info', () => {
    expect(findingsOf(podWith(cluster(), 'none', 'running', { readinessProbe: { tcpSocket: { port: 9000 } } }, undefined, { ready: true }))).toEqual([]);
    const f = only(findingsOf(podWith(cluster(), 'extra', 'running', { ...http8080, readinessProbe: { tcpSocket: { port: 9000 } } }, undefined, { ready: true })), 'ProbePortMismatch');
    expect(f.severity).toBe('info');
    expect(f.message).toContain('the probe passes, so the port is only undeclared');
  });

  it('says that a readiness probe on an undeclared port is likely why the pod is not ready', () => {
    const f = only(findingsOf(podWith(cluster(), 'r', 'unready', { ...http8080, readinessProbe: { grpc: { port: 9090 } } })), 'ProbePortMismatch');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('readiness probe calls port 9090');
    expect(f.message).toContain('likely why it is not ready');
  });

  it('names the readiness probe path, port and timings of an unready pod', () => {
    const b = podWith(cluster(), 'ready404', 'unready', { ...http8080, readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 5 } });
    b.event('shop', { kind: 'Pod', name: 'ready404' }, 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 404', { count: 9 });
    const f = only(findingsOf(b), 'Unhealthy');
    expect(f.message).toBe('running but not ready: readiness probe GET :8080/healthz failing: HTTP 404');
    expect(f.evidence).toContain('container app readiness probe GET :8080/healthz (delay 5s, period 10s, timeout 1s, failureThreshold 3); ports: 8080/http');
    expect(f.nextStep).toContain('GET :8080/healthz');
  });
});

describe('unset env references', () => {
  it('reports $(VAR) in args and env values that no variable defines', () => {
    const container = { args: ['--db=$(DB_HOST)', '--port=$(PORT)'], env: [{ name: 'PORT', value: '8080' }, { name: 'URL', value: 'http://$(HOST):$(PORT)' }] };
    const f = only(findingsOf(podWith(cluster(), 'env', 'running', container)), 'UnsetEnvReference');
    expect(f.severity).toBe('warning');
    expect(f.message).toBe('container app references unset variables $(DB_HOST) in args, $(HOST) in env URL; the kubelet passes them literally');
    expect(f.nextStep).toContain('Define DB_HOST, HOST');
  });

  it('mentions unset variables in the crash-loop message', () => {
    const f = only(findingsOf(podWith(cluster(), 'envcrash', 'crashloop', { args: ['--db=$(DATABASE_URL)'] }, { reason: 'Error', exitCode: 1 })), 'CrashLoopBackOff');
    expect(f.message).toContain('unset $(DATABASE_URL) in args');
  });
});

describe('crash logs in findings', () => {
  const logs = (key: string, lines: string[], previous = true): ReadonlyMap<string, ContainerLog> => new Map([[key, { lines, previous }]]);

  it('quotes the telling log lines as marked evidence and the most telling one in the message', () => {
    const b = podWith(cluster(), 'crash', 'crashloop', {}, { reason: 'Error', exitCode: 1 });
    const containerLogs = logs('shop/crash/app', ['starting server v1.2', 'loading config', 'FATAL: DATABASE_URL is not set', 'shutting down']);
    const f = only(findingsOf(b, { containerLogs }), 'CrashLoopBackOff');
    expect(f.message).toContain('code 1 = application error, 7 restarts); log: <untrusted-data>"FATAL: DATABASE_URL is not set"</untrusted-data>');
    expect(f.evidence).toContain('log (previous): FATAL: DATABASE_URL is not set');
    expect(f.evidence.filter((e) => e.startsWith('log'))).toEqual(['log (previous): FATAL: DATABASE_URL is not set']);
    // Without logs, the message has no log clause.
    expect(only(findingsOf(b), 'CrashLoopBackOff').message).not.toContain('log:');
  });

  it('adds the address a failed call went to when the error line does not name it', () => {
    const b = podWith(cluster(), 'crash', 'crashloop', {}, { reason: 'Error', exitCode: 1 });
    const containerLogs = logs('shop/crash/app', ['Connection attempt 3 failed: java.net.ConnectException: Connection refused', 'Target host: prod-db, port: 3333', 'FATAL: Unable to connect to required database']);
    expect(only(findingsOf(b, { containerLogs }), 'CrashLoopBackOff').message).toContain('log: <untrusted-data>"FATAL: Unable to connect to required database", "Target host: prod-db, port: 3333"</untrusted-data>');
  });

  it('speaks for a group through a member whose log was read', () => {
    const b = cluster().deployment('shop', 'api', { replicas: 3, state: 'crashloop' });
    // Only the last pod's log was read (one container per controller is): the group quotes it.
    const f = only(findingsOf(b, { containerLogs: logs('shop/api-5d9f7c-c2/app', ['FATAL: DEPLOY_ENV is not set']) }), 'CrashLoopBackOff');
    expect(f).toMatchObject({ object: { kind: 'Deployment', name: 'api' }, count: 3 });
    expect(f.message).toContain('log: <untrusted-data>"FATAL: DEPLOY_ENV is not set"</untrusted-data>');
  });

  it('falls back to the last lines as evidence, but quotes none in the message, when nothing looks telling', () => {
    const b = podWith(cluster(), 'quiet', 'error', {}, undefined, { state: { terminated: { reason: 'Error', exitCode: 3 } } });
    const f = only(findingsOf(b, { containerLogs: logs('shop/quiet/app', ['one', 'two', 'three', 'four'], false) }), 'TerminatedWithError');
    expect(f.evidence.filter((e) => e.startsWith('log'))).toEqual(['log: two', 'log: three', 'log: four']);
    expect(f.message).not.toContain('log:');
  });
});

describe('containers terminated in running pods', () => {
  it('reports a main container that died while its pod still runs as critical', () => {
    const b = podWith(cluster(), 'dead', 'running', { command: ['/bin/app'] }, undefined, { ready: false, state: { terminated: { reason: 'Error', exitCode: 127, finishedAt: ago(1) } } });
    const f = only(findingsOf(b), 'TerminatedWithError');
    expect(f.severity).toBe('critical');
    expect(f.message).toBe('container app terminated with exit code 127 (Error) = command not found; command: /bin/app');
  });
});

describe('schedulerStatus', () => {
  it("keeps the scheduler's reasons, without the node count or the preemption part", () => {
    expect(schedulerStatus('0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.')).toEqual({
      status: 'Unschedulable (3 Insufficient nvidia.com/gpu)',
    });
    expect(schedulerStatus("0/5 nodes are available: 2 node(s) had untolerated taint {gpu: true}, 3 node(s) didn't match Pod's node affinity/selector.")).toEqual({
      status: "Unschedulable (2 node(s) had untolerated taint {gpu: true}, 3 node(s) didn't match Pod's node affinity/selector)",
    });
    expect(schedulerStatus(undefined)).toEqual({});
  });
});
