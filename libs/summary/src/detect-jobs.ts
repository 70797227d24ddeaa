import type { ClusterIndex } from './cluster-index.js';
import { parseCronSchedule, previousFireTimes } from './cron-schedule.js';
import { conditionLine, eventLines, newestEventTime } from './evidence.js';
import { refId, type CauseRef, type ObjectRef, type RawFinding } from './finding.js';
import { jobPodCause, podsByJob, type JobPodCause } from './job-pod-cause.js';
import { conditionOf, type CronJob, type Job, type Pod } from './kube-types.js';
import type { AnomalyThresholds } from './thresholds.js';
import { compareText, formatAge, timeOf } from './text.js';
import { type LiveServiceAccountUse, liveServiceAccountUse } from './template-checks.js';
import { createFailure, EVENT_TTL_MS, workloadCreationFindings, type FailureSource } from './workload-failures.js';

// Kubernetes applies a CronJob's timeZone; schedules are evaluated in UTC here, so a zoned
// CronJob gets this much slack before it counts as overdue.
const MAX_ZONE_OFFSET_MS = 14 * 3_600_000;

/** The CronJob controller syncs every 10 s; a shorter starting deadline can skip runs. */
const MIN_STARTING_DEADLINE_SECONDS = 10;

interface JobContext {
  readonly index: ClusterIndex;
  readonly t: AnomalyThresholds;
  readonly liveUse: LiveServiceAccountUse;
  /** Pods by their Job's `namespace/name`. */
  readonly pods: ReadonlyMap<string, readonly Pod[]>;
  /** Jobs by their CronJob's id. */
  readonly jobsByCron: ReadonlyMap<string, readonly Job[]>;
}

function isTrue(job: Job, type: string): boolean {
  return conditionOf(job.status?.conditions, type)?.status === 'True';
}

function podCauseOf(ctx: JobContext, job: Job): JobPodCause | undefined {
  return jobPodCause(ctx.pods.get(`${job.metadata.namespace}/${job.metadata.name}`) ?? []);
}

function ownerCronJob(ctx: JobContext, job: Job): CronJob | undefined {
  const owner = ctx.index.controllerOf(job);
  return owner?.kind === 'CronJob' ? ctx.index.get<CronJob>(owner) : undefined;
}

function failedJobFinding(ctx: JobContext, job: Job): RawFinding | undefined {
  const { index } = ctx;
  const ref = index.refOf('Job', job);
  const failed = conditionOf(job.status?.conditions, 'Failed');
  if (failed?.status !== 'True') return undefined;
  const reason = failed.reason === 'DeadlineExceeded' ? 'DeadlineExceeded' : failed.reason === 'BackoffLimitExceeded' ? 'BackoffLimitExceeded' : 'JobFailed';
  const cron = ownerCronJob(ctx, job);
  const failedAt = timeOf(failed.lastTransitionTime);
  // A failed run of a CronJob that has succeeded since is history, not a current problem.
  const recovered = cron !== undefined && failedAt !== undefined && (timeOf(cron.status?.lastSuccessfulTime) ?? 0) > failedAt;
  // Why: what its pods say, else why they could not be created (a Job past its deadline
  // without pods was usually rejected at admission).
  const pods = podCauseOf(ctx, job);
  const creation = pods ? undefined : createFailure(index, [{ ref }], true, ctx.t);
  // The cause leads: a one-line summary keeps the leading clause.
  const why = pods ? `${pods.text}; ` : creation ? `pods could not be created: ${creation.cause.summary}; ` : '';
  const causes: CauseRef[] = [];
  if (creation?.cause.type === 'service-account' && creation.cause.name) {
    const sa: ObjectRef = { kind: 'ServiceAccount', namespace: ref.namespace as string, name: creation.cause.name };
    causes.push({ ref: sa, relation: 'runs as', ...(index.get(sa) ? {} : { missing: true }) });
  }
  return {
    severity: recovered ? 'info' : 'critical',
    reason,
    object: ref,
    message: `${why}job failed: ${failed.message ?? failed.reason ?? 'no message'} (${job.status?.failed ?? 0} failed pods, backoffLimit ${job.spec?.backoffLimit ?? 6})`,
    evidence: [conditionLine(failed), ...(creation ? creation.evidence : eventLines(index.events(ref), index.now))],
    nextStep: pods
      ? `Read the failed pods' logs: \`kubectl -n ${ref.namespace} logs -l job-name=${ref.name} --tail=50\``
      : creation
        ? `Fix why its pods were rejected, then re-run the Job: \`kubectl -n ${ref.namespace} describe job ${ref.name}\``
        : `Read the failed pods' logs: \`kubectl -n ${ref.namespace} logs -l job-name=${ref.name} --tail=50\``,
    status: `${reason}${pods ? ` (${pods.short})` : creation ? ` (${creation.cause.status})` : ''}`,
    ...(causes.length > 0 ? { causes } : {}),
    ...(failedAt === undefined ? {} : { lastSeen: failedAt }),
  };
}

function jobFindings(ctx: JobContext, job: Job): RawFinding[] {
  const failedFinding = failedJobFinding(ctx, job);
  if (failedFinding) return [failedFinding];
  // A CronJob's Jobs are checked (and reported) as the CronJob.
  if (isTrue(job, 'Complete') || job.spec?.suspend || ownerCronJob(ctx, job)) return [];
  const ref = ctx.index.refOf('Job', job);
  const active = job.status?.active ?? 0;
  const progress = { short: active === 0, ...(active === 0 ? { text: 'no pods running' } : {}) };
  return workloadCreationFindings(ctx.index, ctx.t, ctx.liveUse, { ref, spec: job.spec?.template?.spec, sources: [{ ref }], progress });
}

/** Whether the runtime knows IANA time zone `zone` (Kubernetes also rejects `Local`). */
function knownTimeZone(zone: string): boolean {
  if (zone.toLowerCase() === 'local') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Problems in a CronJob's spec that stop it from ever running as intended. */
function cronSpecFindings(ctx: JobContext, cj: CronJob, ref: ObjectRef): RawFinding[] {
  const { index } = ctx;
  const findings: RawFinding[] = [];
  const events = index.events(ref).filter((e) => e.type === 'Warning' && e.time !== undefined && index.now - e.time <= EVENT_TTL_MS);
  const zone = cj.spec?.timeZone;
  const zoneEvents = events.filter((e) => e.reason === 'UnknownTimeZone');
  if ((zone !== undefined && !knownTimeZone(zone)) || zoneEvents.length > 0) {
    findings.push({
      severity: 'critical',
      reason: 'InvalidTimeZone',
      object: ref,
      message: `timeZone "${zone ?? ''}" is not a known IANA time zone: the controller creates no Jobs`,
      evidence: eventLines(zoneEvents, index.now),
      nextStep: 'Set spec.timeZone to an IANA name such as "Europe/Berlin" or "Etc/UTC"',
      ...(newestEventTime(zoneEvents) === undefined ? {} : { lastSeen: newestEventTime(zoneEvents) as number }),
    });
  }
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (deadline !== undefined && deadline < MIN_STARTING_DEADLINE_SECONDS) {
    const negative = deadline < 0;
    findings.push({
      severity: negative ? 'critical' : 'warning',
      reason: 'InvalidStartingDeadline',
      object: ref,
      message: negative
        ? `startingDeadlineSeconds is negative (${deadline}): every run counts as missed`
        : `startingDeadlineSeconds ${deadline} is under ${MIN_STARTING_DEADLINE_SECONDS}s (the controller's sync period): runs may be skipped`,
      evidence: [],
      nextStep: `Set spec.startingDeadlineSeconds to at least ${MIN_STARTING_DEADLINE_SECONDS} (or remove it)`,
    });
  }
  return findings;
}

/** `last Job x failed: ...; ` when the newest Job of a CronJob failed (with why), else empty. */
function lastRunText(ctx: JobContext, cj: CronJob): string {
  const jobs = [...(ctx.jobsByCron.get(refId(ctx.index.refOf('CronJob', cj))) ?? [])].sort(
    (a, b) => (timeOf(b.metadata.creationTimestamp) ?? 0) - (timeOf(a.metadata.creationTimestamp) ?? 0) || compareText(b.metadata.name, a.metadata.name),
  );
  const last = jobs[0];
  if (!last) return '';
  const failed = conditionOf(last.status?.conditions, 'Failed');
  if (failed?.status !== 'True') return '';
  const pods = podCauseOf(ctx, last);
  return `last Job ${last.metadata.name} failed: ${failed.reason ?? 'Failed'}${pods ? ` (${pods.text})` : ''}; `;
}

function cronJobFindings(ctx: JobContext, cj: CronJob): RawFinding[] {
  const { index } = ctx;
  const ref = index.refOf('CronJob', cj);
  const schedule = cj.spec?.schedule ?? '';
  const parsed = parseCronSchedule(schedule);
  const findings = cronSpecFindings(ctx, cj, ref);
  if (!parsed.ok) {
    const invalidEvents = index.events(ref).filter((e) => e.reason === 'InvalidSchedule');
    findings.push({
      severity: 'critical',
      reason: 'InvalidSchedule',
      object: ref,
      message: `schedule "${schedule}" is invalid: ${parsed.error}`,
      evidence: eventLines(invalidEvents, index.now, ['InvalidSchedule']),
      nextStep: 'Fix spec.schedule (5 cron fields, e.g. "*/15 * * * *")',
    });
    return findings;
  }
  if (cj.spec?.suspend) {
    findings.push({
      severity: 'info',
      reason: 'CronJobSuspended',
      object: ref,
      message: `suspended (schedule "${schedule}")`,
      evidence: [],
      nextStep: `Resume it if it should run: \`kubectl -n ${ref.namespace} patch cronjob ${ref.name} -p '{"spec":{"suspend":false}}'\``,
    });
    return findings;
  }
  findings.push(...cronCreationFindings(ctx, cj, ref));
  if (findings.some((f) => f.severity === 'critical')) return findings;
  const fires = previousFireTimes(parsed.schedule, index.now, 2);
  if (fires.length === 0) {
    findings.push({
      severity: 'warning',
      reason: 'NeverScheduled',
      object: ref,
      message: `schedule "${schedule}" has not fired in eight years (e.g. a date that does not exist)`,
      evidence: [],
      nextStep: 'Fix spec.schedule',
    });
    return findings;
  }
  // Overdue: no success since the run before last (one missed or failed run is tolerated).
  const created = timeOf(cj.metadata.creationTimestamp) ?? 0;
  const slack = cj.spec?.timeZone ? MAX_ZONE_OFFSET_MS : 0;
  const due = fires[fires.length - 1] as number;
  const lastSuccess = timeOf(cj.status?.lastSuccessfulTime);
  if (fires.length === 2 && created < due - slack && (lastSuccess ?? 0) < due - slack) {
    const lastSchedule = timeOf(cj.status?.lastScheduleTime);
    const lastRun = lastRunText(ctx, cj);
    findings.push({
      severity: 'warning',
      reason: 'NoRecentSuccess',
      object: ref,
      message:
        lastRun +
        (lastSuccess === undefined
          ? `no successful run yet (schedule "${schedule}", created ${formatAge(index.now - created)} ago)`
          : `no successful run for ${formatAge(index.now - lastSuccess)} (schedule "${schedule}")`),
      evidence: [`last scheduled: ${lastSchedule === undefined ? 'never' : `${formatAge(index.now - lastSchedule)} ago`}`],
      nextStep: `Check its recent Jobs: \`kubectl -n ${ref.namespace} get jobs -o wide\``,
      ...(lastSchedule === undefined ? {} : { lastSeen: lastSchedule }),
    });
  }
  return findings;
}

/**
 * Why a CronJob's Jobs or their pods cannot be created: `Error creating job` events on the
 * CronJob, FailedCreate events on its unfinished Jobs, and its job template (a missing
 * ServiceAccount, a PodSecurity violation).
 */
function cronCreationFindings(ctx: JobContext, cj: CronJob, ref: ObjectRef): RawFinding[] {
  const jobs = (ctx.jobsByCron.get(refId(ref)) ?? []).filter((j) => !isTrue(j, 'Complete'));
  const sources: FailureSource[] = [{ ref }, ...jobs.map((j) => ({ ref: ctx.index.refOf('Job', j) }))];
  // Short unless one of its Jobs has pods running or its latest scheduled run succeeded.
  const lastSuccess = timeOf(cj.status?.lastSuccessfulTime);
  const latestSucceeded = lastSuccess !== undefined && lastSuccess >= (timeOf(cj.status?.lastScheduleTime) ?? 0);
  const short = !latestSucceeded && !jobs.some((j) => (j.status?.active ?? 0) > 0);
  return workloadCreationFindings(ctx.index, ctx.t, ctx.liveUse, { ref, spec: cj.spec?.jobTemplate?.spec?.template?.spec, sources, progress: { short } });
}

/**
 * Job and CronJob checks: Job failed (BackoffLimitExceeded, DeadlineExceeded) with the most
 * telling reason its pods give (exit code and meaning, OOMKilled, image or config errors) or
 * why they could not be created; Jobs that cannot create pods (FailedCreate read for its cause)
 * or name a missing ServiceAccount. CronJob with an invalid schedule, time zone or
 * startingDeadlineSeconds, suspended, unable to create Jobs or pods, never firing, or without a
 * successful run in the last two scheduled periods (with its last Job's failure).
 */
export function detectJobs(index: ClusterIndex, t: AnomalyThresholds): RawFinding[] {
  const jobsByCron = new Map<string, Job[]>();
  for (const job of index.list<Job>('Job')) {
    const owner = index.controllerOf(job);
    if (owner?.kind !== 'CronJob') continue;
    const id = refId(owner);
    const list = jobsByCron.get(id);
    if (list) list.push(job);
    else jobsByCron.set(id, [job]);
  }
  const ctx: JobContext = { index, t, liveUse: liveServiceAccountUse(index), pods: podsByJob(index), jobsByCron };
  return [...index.list<Job>('Job').flatMap((job) => jobFindings(ctx, job)), ...index.list<CronJob>('CronJob').flatMap((cj) => cronJobFindings(ctx, cj))];
}
