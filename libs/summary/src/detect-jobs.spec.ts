import { describe, expect, it } from 'vitest';
import { parseCronSchedule, previousFireTimes } from './cron-schedule.js';
import { findingsOf, only } from './testing/detect.js';
import { ago, type ClusterBuilder, healthyCluster, NOW } from './testing/fixtures.js';

describe('job detectors', () => {
  it('reports failed Jobs with their reason', () => {
    const b = healthyCluster();
    b.add('Job', { metadata: { name: 'import', namespace: 'shop' }, spec: { backoffLimit: 0 }, status: { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastTransitionTime: ago(5) }] } });
    b.add('Job', { metadata: { name: 'slow', namespace: 'shop' }, status: { conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }] } });
    const findings = findingsOf(b);
    expect(only(findings, 'BackoffLimitExceeded').message).toContain('backoffLimit 0');
    expect(only(findings, 'DeadlineExceeded').severity).toBe('critical');
  });

  it('treats a failed run of a CronJob that succeeded later as history (info)', () => {
    const b = healthyCluster();
    b.add('Job', {
      metadata: { name: 'report-1', namespace: 'shop', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', uid: 'u', controller: true }] },
      status: { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', lastTransitionTime: ago(120) }] },
    });
    expect(only(findingsOf(b), 'BackoffLimitExceeded').severity).toBe('info');
  });

  it('reports CronJobs that are suspended, invalid, or without a recent success', () => {
    const b = healthyCluster();
    b.add('CronJob', { metadata: { name: 'paused', namespace: 'shop' }, spec: { schedule: '*/5 * * * *', suspend: true } });
    b.add('CronJob', { metadata: { name: 'broken', namespace: 'shop' }, spec: { schedule: '61 * * * *' } });
    b.add('CronJob', { metadata: { name: 'stale', namespace: 'shop', creationTimestamp: ago(3 * 60 * 24) }, spec: { schedule: '@hourly' }, status: { lastScheduleTime: ago(10), lastSuccessfulTime: ago(300) } });
    const findings = findingsOf(b);
    expect(only(findings, 'CronJobSuspended').severity).toBe('info');
    expect(only(findings, 'InvalidSchedule').message).toContain('out of range 0-59');
    expect(only(findings, 'NoRecentSuccess').message).toBe('no successful run for 5h (schedule "@hourly")');
  });
});

type Json = Record<string, unknown>;

/** A failed pod of Job `job` whose container `app` ran `command` and ended as `terminated`. */
function jobPod(b: ClusterBuilder, job: string, name: string, terminated: Json, command?: string[]): void {
  b.add('Pod', {
    metadata: { name, namespace: 'shop', labels: { 'job-name': job }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job, uid: `uid-${job}`, controller: true }] },
    spec: { containers: [{ name: 'app', image: 'registry.example/tools:1', ...(command ? { command } : {}) }], nodeName: 'node-1' },
    status: { phase: 'Failed', containerStatuses: [{ name: 'app', restartCount: 0, state: { terminated: { finishedAt: ago(5), ...terminated } } }] },
  });
}

function failedJob(name: string, reason: 'BackoffLimitExceeded' | 'DeadlineExceeded'): Json & { metadata: Json & { name: string } } {
  const message = reason === 'BackoffLimitExceeded' ? 'Job has reached the specified backoff limit' : 'Job was active longer than specified deadline';
  return {
    metadata: { name, namespace: 'shop' },
    spec: { backoffLimit: 1, template: { spec: { containers: [{ name: 'app' }] } } },
    status: { failed: 2, conditions: [{ type: 'Failed', status: 'True', reason, message, lastTransitionTime: ago(5) }] },
  };
}

describe('why Jobs fail', () => {
  it('says what the failed pods say: the exit code, its meaning and the command', () => {
    const b = healthyCluster();
    b.add('Job', failedJob('migrate-db', 'BackoffLimitExceeded'));
    jobPod(b, 'migrate-db', 'migrate-db-a1', { reason: 'Error', exitCode: 127 }, ['/bin/migrat', '--all']);
    jobPod(b, 'migrate-db', 'migrate-db-b2', { reason: 'Error', exitCode: 127 }, ['/bin/migrat', '--all']);
    const f = only(findingsOf(b), 'BackoffLimitExceeded');
    expect(f.message).toBe(
      'container app exit 127 (command not found: /bin/migrat --all) in 2 pods; job failed: Job has reached the specified backoff limit (2 failed pods, backoffLimit 1)',
    );
    expect(f.chain[0]?.status).toBe('BackoffLimitExceeded (exit 127, command not found)');
  });

  it('prefers OOMKilled to a plain error and keeps the termination message', () => {
    const b = healthyCluster();
    b.add('Job', failedJob('etl', 'BackoffLimitExceeded'));
    jobPod(b, 'etl', 'etl-a', { reason: 'Error', exitCode: 1, message: 'fatal: input file missing' });
    jobPod(b, 'etl', 'etl-b', { reason: 'OOMKilled', exitCode: 137 });
    const f = only(findingsOf(b), 'BackoffLimitExceeded');
    expect(f.message).toMatch(/^container app OOMKilled \(exit 137, no memory limit\); job failed/);
    b.objects['Pod'] = b.objects['Pod']!.filter((p) => p.metadata.name !== 'etl-b');
    expect(only(findingsOf(b), 'BackoffLimitExceeded').message).toMatch(/^container app exit 1 \(application error\); fatal: input file missing; job failed/);
  });

  it('explains a Job past its deadline without pods by why they were rejected', () => {
    const b = healthyCluster();
    b.add('Job', { ...failedJob('nightly', 'DeadlineExceeded'), status: { conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline', lastTransitionTime: ago(5) }] } });
    b.event('shop', { kind: 'Job', name: 'nightly' }, 'FailedCreate', 'Error creating: pods "nightly-" is forbidden: error looking up service account shop/batch-runner: serviceaccount "batch-runner" not found', { count: 12, minutesAgo: 20 });
    const f = only(findingsOf(b), 'DeadlineExceeded');
    expect(f.message).toContain('pods could not be created: ServiceAccount batch-runner not found');
    expect(f.chain.at(-1)).toMatchObject({ ref: { kind: 'ServiceAccount', name: 'batch-runner' }, missing: true });
  });

  it('reports a running Job that cannot create pods, and one whose template names a missing ServiceAccount', () => {
    const b = healthyCluster();
    b.add('Job', { metadata: { name: 'import', namespace: 'shop' }, spec: { template: { spec: { containers: [{ name: 'app' }] } } }, status: { active: 0 } });
    b.event('shop', { kind: 'Job', name: 'import' }, 'FailedCreate', 'Error creating: pods "import-" is forbidden: maximum memory usage per Container is 1Gi, but limit is 4Gi', { count: 5 });
    b.add('Job', { metadata: { name: 'report-once', namespace: 'shop' }, spec: { template: { spec: { serviceAccountName: 'reporter', containers: [{ name: 'app' }] } } }, status: {} });
    const findings = findingsOf(b);
    expect(only(findings, 'FailedCreate', 'import').message).toBe('LimitRange: maximum memory usage per Container is 1Gi, but limit is 4Gi; cannot create pods (no pods running)');
    const sa = only(findings, 'MissingServiceAccount', 'report-once');
    expect(sa).toMatchObject({ severity: 'critical', object: { kind: 'Job' } });
    expect(sa.message).toBe('ServiceAccount reporter (named by the pod template) does not exist; its pods cannot be created (no pods running)');
  });
});

describe('PodSecurity from the spec', () => {
  it('reports a Job whose template violates the level its namespace enforces, after the events are gone', () => {
    const b = healthyCluster();
    const ns = b.objects['Namespace']!.find((n) => n.metadata.name === 'shop')! as unknown as { metadata: Json };
    ns.metadata['labels'] = { 'pod-security.kubernetes.io/enforce': 'restricted' };
    const hardened = { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };
    b.add('Job', { metadata: { name: 'reindex', namespace: 'shop' }, spec: { template: { spec: { containers: [{ name: 'app', securityContext: { runAsNonRoot: true } }] } } }, status: {} });
    b.add('Job', { metadata: { name: 'compliant', namespace: 'shop' }, spec: { template: { spec: { containers: [{ name: 'app', securityContext: hardened }] } } }, status: {} });
    const findings = findingsOf(b);
    const f = only(findings, 'PodSecurityViolation', 'reindex');
    expect(f.message).toBe(
      'violates PodSecurity "restricted:latest" (namespace shop): allowPrivilegeEscalation != false, unrestricted capabilities, seccompProfile; its pods cannot be created (no pods running)',
    );
    expect(f.evidence.at(-1)).toBe('namespace shop PodSecurity labels: enforce=restricted');
    expect(findings.some((x) => x.object.name === 'compliant')).toBe(false);
    // The CronJob's latest run succeeded: its pods are admitted (exempt, or labelled since).
    expect(findings.some((x) => x.object.name === 'report')).toBe(false);
    // An observed FailedCreate says more than the spec: it wins.
    b.event('shop', { kind: 'Job', name: 'reindex' }, 'FailedCreate', 'Error creating: pods "reindex-" is forbidden: violates PodSecurity "restricted:latest": seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")');
    const observed = findingsOf(b).filter((x) => x.object.name === 'reindex');
    expect(observed.map((x) => x.reason)).toEqual(['FailedCreate']);
  });
});

describe('CronJob checks', () => {
  it('reports an unknown time zone and a bad starting deadline', () => {
    const b = healthyCluster();
    b.add('CronJob', { metadata: { name: 'mars', namespace: 'shop' }, spec: { schedule: '0 * * * *', timeZone: 'Mars/Olympus_Mons' } });
    b.add('CronJob', { metadata: { name: 'neg', namespace: 'shop' }, spec: { schedule: '0 * * * *', startingDeadlineSeconds: -5 }, status: { lastSuccessfulTime: ago(1) } });
    b.add('CronJob', { metadata: { name: 'tight', namespace: 'shop' }, spec: { schedule: '0 * * * *', startingDeadlineSeconds: 5 }, status: { lastSuccessfulTime: ago(1) } });
    b.add('CronJob', { metadata: { name: 'berlin', namespace: 'shop' }, spec: { schedule: '0 * * * *', timeZone: 'Europe/Berlin' }, status: { lastSuccessfulTime: ago(1) } });
    const findings = findingsOf(b);
    expect(only(findings, 'InvalidTimeZone', 'mars').message).toContain('"Mars/Olympus_Mons" is not a known IANA time zone');
    expect(findings.some((f) => f.object.name === 'mars' && f.reason === 'NoRecentSuccess')).toBe(false);
    expect(only(findings, 'InvalidStartingDeadline', 'neg').severity).toBe('critical');
    expect(only(findings, 'InvalidStartingDeadline', 'tight').severity).toBe('warning');
    expect(findings.some((f) => f.object.name === 'berlin')).toBe(false);
  });

  it('reports a CronJob whose Jobs cannot create pods, and a job template naming a missing ServiceAccount, once', () => {
    const b = healthyCluster();
    b.add('CronJob', { metadata: { name: 'backup', namespace: 'shop', creationTimestamp: ago(600) }, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { serviceAccountName: 'backup-sa' } } } } } });
    for (const name of ['backup-1', 'backup-2']) {
      b.add('Job', { metadata: { name, namespace: 'shop', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'backup', uid: 'u', controller: true }] }, spec: { template: { spec: { serviceAccountName: 'backup-sa' } } }, status: { active: 0 } });
      b.event('shop', { kind: 'Job', name }, 'FailedCreate', `Error creating: pods "${name}-" is forbidden: error looking up service account shop/backup-sa: serviceaccount "backup-sa" not found`, { count: 4 });
    }
    const findings = findingsOf(b).filter((f) => f.severity !== 'info');
    const f = only(findings, 'MissingServiceAccount');
    expect(f.object).toEqual({ kind: 'CronJob', namespace: 'shop', name: 'backup' });
    expect(f.message).toBe('ServiceAccount backup-sa does not exist: admission rejects the pods that name it; cannot create pods');
    expect(findings.filter((x) => x.object.name.startsWith('backup')).map((x) => x.reason)).toEqual(['MissingServiceAccount']);
  });

  it('reports a CronJob that cannot create Jobs', () => {
    const b = healthyCluster();
    b.add('CronJob', { metadata: { name: 'sync', namespace: 'shop', creationTimestamp: ago(600) }, spec: { schedule: '*/5 * * * *' } });
    b.event('shop', { kind: 'CronJob', name: 'sync' }, 'FailedCreate', 'Error creating job: jobs.batch "sync-29170560" is forbidden: exceeded quota: object-counts, requested: count/jobs.batch=1, used: count/jobs.batch=10, limited: count/jobs.batch=10');
    expect(only(findingsOf(b), 'FailedCreate', 'sync').message).toBe('exceeded quota: object-counts (count/jobs.batch requested 1, used 10, limited 10); cannot create Jobs');
  });

  it('says why the last Job of an overdue CronJob failed', () => {
    const b = healthyCluster();
    const cron = b.objects['CronJob']![0]! as unknown as { status: Json };
    cron.status = { lastScheduleTime: ago(10), lastSuccessfulTime: ago(300) };
    b.add('Job', { ...failedJob('report-2', 'BackoffLimitExceeded'), metadata: { name: 'report-2', namespace: 'shop', creationTimestamp: ago(10), ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', uid: 'u', controller: true }] } });
    jobPod(b, 'report-2', 'report-2-x', { reason: 'Error', exitCode: 2 });
    const f = only(findingsOf(b), 'NoRecentSuccess');
    expect(f.message).toBe('last Job report-2 failed: BackoffLimitExceeded (container app exit 2 (misuse: bad arguments or a shell syntax error)); no successful run for 5h (schedule "0 * * * *")');
  });
});

describe('cron schedules', () => {
  it('parses fields, names, steps, ranges and descriptors', () => {
    const r = parseCronSchedule('*/15 9-17 * JAN,jul mon-fri');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...r.schedule.minutes]).toEqual([0, 15, 30, 45]);
    expect([...r.schedule.months]).toEqual([1, 7]);
    expect([...r.schedule.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
    expect(parseCronSchedule('@daily').ok).toBe(true);
    expect(parseCronSchedule('@every 90m').ok).toBe(true);
    for (const bad of ['* * * *', '0 24 * * *', '5-1 * * * *', '*/0 * * * *', 'x * * * *', '@every soon']) expect(parseCronSchedule(bad).ok, bad).toBe(false);
  });

  it('finds the previous fire times in UTC', () => {
    const daily = parseCronSchedule('30 2 * * *');
    if (!daily.ok) throw new Error('parse');
    expect(previousFireTimes(daily.schedule, NOW, 2).map((t) => new Date(t).toISOString())).toEqual(['2025-06-01T02:30:00.000Z', '2025-05-31T02:30:00.000Z']);
    const never = parseCronSchedule('0 0 30 2 *');
    if (!never.ok) throw new Error('parse');
    expect(previousFireTimes(never.schedule, NOW, 1)).toEqual([]);
    // Day of month OR day of week when both are restricted (cron semantics).
    const either = parseCronSchedule('0 0 1 * 0');
    if (!either.ok) throw new Error('parse');
    expect(new Date(previousFireTimes(either.schedule, NOW, 1)[0]!).toISOString()).toBe('2025-06-01T00:00:00.000Z');
    expect(new Date(previousFireTimes(either.schedule, NOW - 86_400_000, 1)[0]!).toISOString()).toBe('2025-05-25T00:00:00.000Z');
  });
});
