import type { ClusterIndex } from './cluster-index.js';
import { parseCronSchedule, previousFireTimes } from './cron-schedule.js';
import { conditionLine, eventLines } from './evidence.js';
import type { RawFinding } from './finding.js';
import { conditionOf, type CronJob, type Job } from './kube-types.js';
import type { AnomalyThresholds } from './thresholds.js';
import { formatAge, timeOf } from './text.js';

// Kubernetes applies a CronJob's timeZone; schedules are evaluated in UTC here, so a zoned
// CronJob gets this much slack before it counts as overdue.
const MAX_ZONE_OFFSET_MS = 14 * 3_600_000;

function jobFindings(index: ClusterIndex, job: Job): RawFinding[] {
  const ref = index.refOf('Job', job);
  const failed = conditionOf(job.status?.conditions, 'Failed');
  if (failed?.status !== 'True') return [];
  const reason = failed.reason === 'DeadlineExceeded' ? 'DeadlineExceeded' : failed.reason === 'BackoffLimitExceeded' ? 'BackoffLimitExceeded' : 'JobFailed';
  const cron = index.controllerOf(job);
  const ownerCron = cron?.kind === 'CronJob' ? index.get<CronJob>(cron) : undefined;
  const failedAt = timeOf(failed.lastTransitionTime);
  // A failed run of a CronJob that has succeeded since is history, not a current problem.
  const recovered = ownerCron !== undefined && failedAt !== undefined && (timeOf(ownerCron.status?.lastSuccessfulTime) ?? 0) > failedAt;
  return [
    {
      severity: recovered ? 'info' : 'critical',
      reason,
      object: ref,
      message: `job failed: ${failed.message ?? failed.reason ?? 'no message'} (${job.status?.failed ?? 0} failed pods, backoffLimit ${job.spec?.backoffLimit ?? 6})`,
      evidence: [conditionLine(failed), ...eventLines(index.events(ref), index.now)],
      nextStep: `Read the failed pods' logs: \`kubectl -n ${ref.namespace} logs -l job-name=${ref.name} --tail=50\``,
      ...(failedAt === undefined ? {} : { lastSeen: failedAt }),
    },
  ];
}

function cronJobFindings(index: ClusterIndex, cj: CronJob): RawFinding[] {
  const ref = index.refOf('CronJob', cj);
  const schedule = cj.spec?.schedule ?? '';
  const parsed = parseCronSchedule(schedule);
  if (!parsed.ok) {
    return [
      {
        severity: 'critical',
        reason: 'InvalidSchedule',
        object: ref,
        message: `schedule "${schedule}" is invalid: ${parsed.error}`,
        evidence: [],
        nextStep: 'Fix spec.schedule (5 cron fields, e.g. "*/15 * * * *")',
      },
    ];
  }
  if (cj.spec?.suspend) {
    return [
      {
        severity: 'info',
        reason: 'CronJobSuspended',
        object: ref,
        message: `suspended (schedule "${schedule}")`,
        evidence: [],
        nextStep: `Resume it if it should run: \`kubectl -n ${ref.namespace} patch cronjob ${ref.name} -p '{"spec":{"suspend":false}}'\``,
      },
    ];
  }
  const fires = previousFireTimes(parsed.schedule, index.now, 2);
  if (fires.length === 0) {
    return [
      {
        severity: 'warning',
        reason: 'NeverScheduled',
        object: ref,
        message: `schedule "${schedule}" has not fired in eight years (e.g. a date that does not exist)`,
        evidence: [],
        nextStep: 'Fix spec.schedule',
      },
    ];
  }
  // Overdue: no success since the run before last (one missed or failed run is tolerated).
  const created = timeOf(cj.metadata.creationTimestamp) ?? 0;
  const slack = cj.spec?.timeZone ? MAX_ZONE_OFFSET_MS : 0;
  const due = fires[fires.length - 1] as number;
  const lastSuccess = timeOf(cj.status?.lastSuccessfulTime);
  if (fires.length === 2 && created < due - slack && (lastSuccess ?? 0) < due - slack) {
    const lastSchedule = timeOf(cj.status?.lastScheduleTime);
    return [
      {
        severity: 'warning',
        reason: 'NoRecentSuccess',
        object: ref,
        message:
          lastSuccess === undefined
            ? `no successful run yet (schedule "${schedule}", created ${formatAge(index.now - created)} ago)`
            : `no successful run for ${formatAge(index.now - lastSuccess)} (schedule "${schedule}")`,
        evidence: [`last scheduled: ${lastSchedule === undefined ? 'never' : `${formatAge(index.now - lastSchedule)} ago`}`],
        nextStep: `Check its recent Jobs: \`kubectl -n ${ref.namespace} get jobs -o wide\``,
        ...(lastSchedule === undefined ? {} : { lastSeen: lastSchedule }),
      },
    ];
  }
  return [];
}

/**
 * Job and CronJob checks: Job failed (BackoffLimitExceeded, DeadlineExceeded); CronJob with an
 * invalid schedule, suspended, never firing, or without a successful run in the last two
 * scheduled periods.
 */
export function detectJobs(index: ClusterIndex, _t: AnomalyThresholds): RawFinding[] {
  return [
    ...index.list<Job>('Job').flatMap((job) => jobFindings(index, job)),
    ...index.list<CronJob>('CronJob').flatMap((cj) => cronJobFindings(index, cj)),
  ];
}
