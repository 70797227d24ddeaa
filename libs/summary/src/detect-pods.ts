import type { ClusterIndex } from './cluster-index.js';
import { conditionLine, containerLine, eventLines, newestEventTime } from './evidence.js';
import type { CauseRef, ObjectRef, RawFinding, Severity } from './finding.js';
import { containerSpecFindings } from './detect-container-spec.js';
import { explainContainer } from './explain-container.js';
import { conditionOf, type ContainerStatus, type Pod } from './kube-types.js';
import { unschedulableCauses } from './node-fit.js';
import { probeEventText, readinessFailure } from './probe-check.js';
import type { AnomalyThresholds } from './thresholds.js';
import { formatAge, plural, shorten, timeOf } from './text.js';

const IMAGE_PULL = new Set(['ImagePullBackOff', 'ErrImagePull', 'ErrImageNeverPull', 'RegistryUnavailable', 'SignatureValidationFailed']);
const RUN_ERRORS = new Set(['RunContainerError', 'CreateContainerError', 'PreStartHookError', 'PostStartHookError']);
const MOUNT_EVENTS = ['FailedMount', 'FailedAttachVolume', 'FailedCreatePodSandBox', 'FailedScheduling'];

/** A missing ConfigMap or Secret named in a kubelet message (`secret "db-creds" not found`). */
export function missingRefFromMessage(message: string | undefined, namespace: string): CauseRef | undefined {
  if (!message) return undefined;
  const match = /\b(secret|configmap)s? "([^"]+)" not found/i.exec(message);
  if (!match) return undefined;
  const kind = (match[1] as string).toLowerCase() === 'secret' ? 'Secret' : 'ConfigMap';
  return { ref: { kind, namespace, name: match[2] as string }, relation: 'references', missing: true };
}

interface PodContext {
  readonly index: ClusterIndex;
  readonly pod: Pod;
  readonly ref: ObjectRef;
  readonly t: AnomalyThresholds;
}

function finding(
  ctx: PodContext,
  severity: Severity,
  reason: string,
  message: string,
  evidence: string[],
  nextStep: string,
  extra: { key?: string; causes?: CauseRef[]; lastSeen?: number | undefined; status?: string } = {},
): RawFinding {
  return {
    severity,
    reason,
    object: ctx.ref,
    message,
    evidence,
    nextStep,
    ...(extra.key === undefined ? {} : { key: extra.key }),
    ...(extra.causes === undefined ? {} : { causes: extra.causes }),
    ...(extra.lastSeen === undefined ? {} : { lastSeen: extra.lastSeen }),
    ...(extra.status === undefined ? {} : { status: extra.status }),
  };
}

/** `last exit: Error, code 127 = command not found` (the meaning from `exitText`, when known). */
function lastTermination(status: ContainerStatus, exitText = ''): string {
  const t = status.lastState?.terminated ?? status.state?.terminated;
  if (!t) return '';
  if (exitText) return `last exit: ${t.reason ?? 'unknown'}, ${exitText}`;
  return `last exit: ${t.reason ?? 'unknown'}${t.exitCode === undefined ? '' : `, code ${t.exitCode}`}`;
}

/** `main; clause; clause`: the message with the explanation's clauses. */
function withClauses(main: string, clauses: readonly string[]): string {
  return [main, ...clauses].join('; ');
}

/** What most containers yield (shared: this runs for every container of every pod). */
const NO_FINDINGS: readonly RawFinding[] = [];

function containerFindings(ctx: PodContext, status: ContainerStatus, init: boolean): readonly RawFinding[] {
  const { pod, ref, index, t } = ctx;
  const waiting = status.state?.waiting;
  const reason = waiting?.reason ?? '';
  const term = status.state?.terminated;
  // Fast path for the common healthy container: nothing below would report it.
  if (!waiting && !(term && (term.exitCode ?? 0) !== 0) && (status.restartCount ?? 0) < t.restartCount) return NO_FINDINGS;
  const namespace = ref.namespace as string;
  const label = `${init ? 'init container' : 'container'} ${status.name}`;
  const evidence = [containerLine(status, init)];
  const events = index.events(ref);
  const kubectl = `kubectl -n ${namespace} describe pod ${pod.metadata.name}`;

  if (reason === 'CrashLoopBackOff') {
    const last = status.lastState?.terminated;
    const oom = last?.reason === 'OOMKilled';
    const why = explainContainer(index, pod, status, init, last, { restarting: true, quoteTermination: true });
    const detail = lastTermination(status, why.exitText);
    const logCommand = `\`kubectl -n ${namespace} logs ${pod.metadata.name} -c ${status.name} --previous\``;
    return [
      finding(
        ctx,
        'critical',
        'CrashLoopBackOff',
        withClauses(`${label} is crash-looping (${detail || 'no exit recorded'}, ${plural(status.restartCount ?? 0, 'restart')})`, why.clauses),
        [...evidence, ...why.evidence, ...eventLines(events, index.now, ['BackOff']).slice(0, 1)],
        why.nextStep ? `${why.nextStep}; full log: ${logCommand}` : `Read the crash log: ${logCommand}`,
        {
          key: status.name,
          lastSeen: timeOf(last?.finishedAt) ?? newestEventTime(events),
          status: `CrashLoopBackOff${oom ? ' (OOMKilled)' : why.statusDetail ? ` (${why.statusDetail})` : ''}`,
        },
      ),
    ];
  }
  if (IMAGE_PULL.has(reason) || reason === 'InvalidImageName') {
    const invalid = reason === 'InvalidImageName';
    const image = status.image ?? pod.spec?.containers?.find((c) => c.name === status.name)?.image ?? 'unknown image';
    return [
      finding(
        ctx,
        'critical',
        invalid ? 'InvalidImageName' : 'ImagePullBackOff',
        `${label} cannot pull image ${image} (${reason})`,
        [...evidence, ...eventLines(events, index.now, ['Failed', 'BackOff', 'InspectFailed'])],
        invalid
          ? `Fix the image reference of ${label}`
          : `Check that image ${image} exists and the registry is reachable; add imagePullSecrets if it is private`,
        { key: status.name, lastSeen: newestEventTime(events), status: invalid ? 'InvalidImageName' : 'ImagePullBackOff' },
      ),
    ];
  }
  if (reason === 'CreateContainerConfigError') {
    const cause = missingRefFromMessage(waiting?.message, namespace);
    return [
      finding(
        ctx,
        'critical',
        'CreateContainerConfigError',
        `${label} cannot start: ${waiting?.message ?? 'invalid container configuration'}`,
        [...evidence, ...eventLines(events, index.now, ['Failed'])],
        cause
          ? `Create ${cause.ref.kind} ${cause.ref.name} in ${namespace}, or fix the reference in the pod template`
          : `Fix the ConfigMap/Secret keys the container references; see \`${kubectl}\``,
        { key: status.name, lastSeen: newestEventTime(events), ...(cause ? { causes: [cause] } : {}) },
      ),
    ];
  }
  if (RUN_ERRORS.has(reason)) {
    return [
      finding(
        ctx,
        'critical',
        'RunContainerError',
        `${label} fails to start (${reason}): ${waiting?.message ?? 'no message'}`,
        [...evidence, ...eventLines(events, index.now)],
        `Check the container command, security context and mounts; see \`${kubectl}\``,
        { key: status.name, lastSeen: newestEventTime(events) },
      ),
    ];
  }
  if (reason === 'ContainerCreating' || reason === 'PodInitializing') {
    const mountEvents = events.filter((e) => e.type === 'Warning' && MOUNT_EVENTS.includes(e.reason));
    const since = timeOf(conditionOf(pod.status?.conditions, 'PodScheduled')?.lastTransitionTime) ?? timeOf(pod.metadata.creationTimestamp);
    const age = since === undefined ? undefined : index.now - since;
    const stuck = age !== undefined && age >= t.stuckAfterMs;
    const first = mountEvents[0];
    if (!first && !stuck) return [];
    const cause = missingRefFromMessage(first?.message, namespace);
    const code = first ? first.reason : 'ContainerCreatingStuck';
    return [
      finding(
        ctx,
        stuck ? 'critical' : 'warning',
        code,
        `${label} stuck in ${reason}${age === undefined ? '' : ` for ${formatAge(age)}`}${first ? ` (${first.reason}: ${first.message})` : ''}`,
        [...evidence, ...eventLines(mountEvents, index.now)],
        cause
          ? `Create ${cause.ref.kind} ${cause.ref.name} in ${namespace}, or fix the volume reference`
          : `Check volumes and the pod sandbox: \`${kubectl}\``,
        { key: status.name, lastSeen: newestEventTime(mountEvents), ...(cause ? { causes: [cause] } : {}) },
      ),
    ];
  }
  if (term && (term.exitCode ?? 0) !== 0) {
    const oom = term.reason === 'OOMKilled';
    // A main container dead in a pod still Running (between restarts, or a runtime that does not
    // restart it) leaves the pod without it: as bad as a crash loop. Failed pods are their
    // controller's (Job) business first.
    const severity: Severity = !init && pod.status?.phase === 'Running' ? 'critical' : 'warning';
    const why = explainContainer(index, pod, status, init, term, { restarting: false, quoteTermination: false });
    const logCommand = `\`kubectl -n ${namespace} logs ${pod.metadata.name} -c ${status.name}\``;
    return [
      finding(
        ctx,
        severity,
        oom ? 'OOMKilled' : 'TerminatedWithError',
        withClauses(`${label} terminated with exit code ${term.exitCode} (${term.reason ?? 'Error'})${why.meaningText ? ` = ${why.meaningText}` : ''}`, why.clauses),
        [...evidence, ...why.evidence],
        why.nextStep ? `${why.nextStep}; full log: ${logCommand}` : `Read its log: ${logCommand}`,
        { key: status.name, lastSeen: timeOf(term.finishedAt), ...(why.statusDetail ? { status: `${oom ? 'OOMKilled' : 'TerminatedWithError'} (${why.statusDetail})` } : {}) },
      ),
    ];
  }
  const restarts = status.restartCount ?? 0;
  if (restarts >= t.restartCount) {
    const last = status.lastState?.terminated;
    const finished = timeOf(last?.finishedAt);
    const why = explainContainer(index, pod, status, init, last, { restarting: true, quoteTermination: true });
    const detail = lastTermination(status, why.exitText);
    const logCommand = `\`kubectl -n ${namespace} logs ${pod.metadata.name} -c ${status.name} --previous\``;
    return [
      finding(
        ctx,
        'warning',
        'HighRestartCount',
        withClauses(`${label} restarted ${restarts} times${detail ? ` (${detail}${finished === undefined ? '' : `, ${formatAge(index.now - finished)} ago`})` : ''}`, why.clauses),
        [...evidence, ...why.evidence],
        why.nextStep ? `${why.nextStep}; full log: ${logCommand}` : `Read the previous log: ${logCommand}`,
        { key: status.name, lastSeen: finished },
      ),
    ];
  }
  return [];
}

/**
 * The short status of an unschedulable pod: the scheduler's reasons without the node count and
 * the preemption part (`0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: ...`
 * gives `Unschedulable (3 Insufficient nvidia.com/gpu)`), so chains and one-line forms keep them.
 */
export function schedulerStatus(message: string | undefined): { status?: string } {
  const reasons = /nodes are available: (.+?)(?:\. preemption:|\.?$)/.exec(message ?? '')?.[1]?.trim();
  return reasons ? { status: `Unschedulable (${shorten(reasons, 120)})` } : {};
}

function podLevelFinding(ctx: PodContext): RawFinding | undefined {
  const { pod, ref, index, t } = ctx;
  const status = pod.status ?? {};
  const namespace = ref.namespace as string;
  if (status.phase === 'Running' && conditionOf(status.conditions, 'Ready')?.status === 'True') return undefined;
  const scheduled = conditionOf(status.conditions, 'PodScheduled');
  const events = index.events(ref);
  if (status.phase === 'Failed' && status.reason === 'Evicted') {
    return finding(ctx, 'warning', 'Evicted', `evicted: ${status.message ?? 'no message'}`, eventLines(events, index.now), `Check the node's pressure conditions; delete the evicted pod once understood`, {
      lastSeen: newestEventTime(events) ?? timeOf(status.startTime),
    });
  }
  if (status.phase === 'Pending' && (scheduled?.reason === 'SchedulingGated' || (pod.spec?.schedulingGates?.length ?? 0) > 0)) {
    const gates = (pod.spec?.schedulingGates ?? []).map((g) => g.name).sort();
    return finding(
      ctx,
      'warning',
      'SchedulingGated',
      `not scheduled: waiting for scheduling gates ${gates.join(', ') || '(unnamed)'}`,
      scheduled ? [conditionLine(scheduled)] : [],
      `Find the controller that should remove the gates (${gates.join(', ')}) or remove them if it is gone`,
      { lastSeen: timeOf(scheduled?.lastTransitionTime) },
    );
  }
  if (status.phase === 'Pending' && scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    const fit = unschedulableCauses(index, pod);
    return finding(
      ctx,
      'critical',
      'Unschedulable',
      `cannot be scheduled: ${scheduled.message ?? 'no scheduler message'}`,
      [conditionLine(scheduled), ...fit.evidence, ...eventLines(events, index.now, ['FailedScheduling']).slice(0, 1)],
      fit.nextStep ?? `Compare the pod's nodeSelector, affinity, tolerations and requests with the nodes: \`kubectl -n ${namespace} describe pod ${pod.metadata.name}\``,
      { lastSeen: newestEventTime(events) ?? timeOf(scheduled.lastTransitionTime), causes: fit.causes, ...schedulerStatus(scheduled.message) },
    );
  }
  if (status.phase === 'Unknown') {
    return finding(ctx, 'warning', 'PodUnknown', `state unknown: its node ${pod.spec?.nodeName ?? ''} stopped reporting`.trim(), [], `Check node ${pod.spec?.nodeName ?? ''}`.trim(), {
      ...(pod.spec?.nodeName ? { causes: [{ ref: { kind: 'Node', name: pod.spec.nodeName }, relation: 'runs on' }] } : {}),
    });
  }
  if (status.phase === 'Running') {
    const ready = conditionOf(status.conditions, 'Ready');
    const allRunning = (status.containerStatuses ?? []).every((c) => c.state?.running);
    if (ready?.status === 'False' && allRunning) {
      const unhealthy = events.filter((e) => e.reason === 'Unhealthy');
      const since = timeOf(ready.lastTransitionTime);
      const age = since === undefined ? undefined : index.now - since;
      if (unhealthy.length > 0) {
        const probe = readinessFailure(pod, unhealthy);
        return finding(
          ctx,
          'warning',
          'Unhealthy',
          `running but not ready: ${probe?.text ?? probeEventText(unhealthy[0])}`,
          [conditionLine(ready), ...(probe ? [probe.evidence] : []), ...eventLines(unhealthy, index.now)],
          probe
            ? `Check what the readiness probe ${probe.call} of container ${probe.container} gets (path, port, timings): \`kubectl -n ${namespace} describe pod ${pod.metadata.name}\``
            : `Check the readiness probe and what it calls: \`kubectl -n ${namespace} describe pod ${pod.metadata.name}\``,
          { lastSeen: newestEventTime(unhealthy), status: 'not ready (probe failing)' },
        );
      }
      if (age !== undefined && age >= t.stuckAfterMs) {
        return finding(ctx, 'warning', 'NotReady', `running but not ready for ${formatAge(age)}`, [conditionLine(ready)], `Check readiness gates and probes: \`kubectl -n ${namespace} describe pod ${pod.metadata.name}\``, {
          lastSeen: since,
          status: 'not ready',
        });
      }
    }
  }
  return undefined;
}

/**
 * Pod checks: Unschedulable (with the scheduler's message and the nodes that block it),
 * SchedulingGated, Evicted, CrashLoopBackOff, ImagePullBackOff/ErrImagePull, InvalidImageName,
 * CreateContainerConfigError, RunContainerError, ContainerCreating stuck (FailedMount,
 * FailedCreatePodSandBox), terminated non-zero (critical while the pod still runs), OOMKilled,
 * running-but-unready (Unhealthy events, with the readiness probe from the spec), high restart
 * counts; init containers too. Failing containers are explained (exit code meaning, command,
 * memory limit, killing probes, unset variables, telling log lines from `index.containerLogs`);
 * probes on ports the container lacks and unset `$(VAR)` references are findings of their own.
 * Terminating and Succeeded pods are left to other checks.
 */
export function detectPods(index: ClusterIndex, t: AnomalyThresholds): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const pod of index.list<Pod>('Pod')) {
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded') continue;
    const ctx: PodContext = { index, pod, ref: index.refOf('Pod', pod), t };
    const podFinding = podLevelFinding(ctx);
    if (podFinding) findings.push(podFinding);
    if (podFinding?.reason === 'Evicted') continue;
    findings.push(...containerSpecFindings(index, pod, ctx.ref, t));
    for (const status of pod.status?.initContainerStatuses ?? []) findings.push(...containerFindings(ctx, status, true));
    for (const status of pod.status?.containerStatuses ?? []) findings.push(...containerFindings(ctx, status, false));
  }
  return findings;
}
