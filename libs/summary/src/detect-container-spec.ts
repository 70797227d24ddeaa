import type { ClusterIndex } from './cluster-index.js';
import { explainExit } from './container-diagnosis.js';
import { mayReferenceVariables, unsetEnvReferences, unsetReferencesText } from './env-references.js';
import type { ObjectRef, RawFinding, Severity } from './finding.js';
import type { Container, ContainerStatus, Pod } from './kube-types.js';
import { portsText, probeLine, probePortProblems, type ProbePortProblem } from './probe-check.js';
import type { AnomalyThresholds } from './thresholds.js';

function crashLooping(status: ContainerStatus | undefined, t: AnomalyThresholds): boolean {
  return status?.state?.waiting?.reason === 'CrashLoopBackOff' || (status?.restartCount ?? 0) >= t.restartCount;
}

/** The probe evidently works: a numeric port that is only undeclared (the app listens there). */
function probePasses(problem: ProbePortProblem, status: ContainerStatus | undefined): boolean {
  if (problem.unknownName || !status) return false;
  if (problem.kind === 'readiness') return status.ready === true;
  return status.state?.running !== undefined && (status.restartCount ?? 0) === 0 && status.started !== false;
}

function probeFinding(ref: ObjectRef, container: Container, status: ContainerStatus | undefined, problem: ProbePortProblem, t: AnomalyThresholds): RawFinding {
  const killing = problem.kind !== 'readiness';
  const looping = killing && crashLooping(status, t);
  const terminated = status?.lastState?.terminated ?? status?.state?.terminated;
  const exit = explainExit(terminated);
  const lastExit = exit ? ` (last exit ${terminated?.exitCode ?? '?'}: ${exit.short})` : '';
  const severity: Severity = looping ? 'critical' : probePasses(problem, status) ? 'info' : 'warning';
  const what = problem.unknownName
    ? `names port "${problem.port}", which container ${container.name} does not have (the kubelet cannot resolve it, so the probe always fails)`
    : `calls port ${problem.port}, which container ${container.name} does not declare`;
  const effect = looping
    ? exit === undefined || exit.aboutProbes
      ? `; likely cause of its restarts${lastExit}`
      : `; the container is crash-looping${lastExit}`
    : problem.kind === 'readiness' && status?.ready === false
      ? '; likely why it is not ready'
      : severity === 'info'
        ? ' (the probe passes, so the port is only undeclared)'
        : '';
  return {
    severity,
    reason: 'ProbePortMismatch',
    object: ref,
    message: `${problem.kind} probe ${what} (ports: ${portsText(container)})${effect}`,
    evidence: [`container ${container.name} ${probeLine(problem.kind, problem.probe)}`, `declared ports: ${portsText(container)}`],
    nextStep: `Point the ${problem.kind} probe of container ${container.name} at a port it listens on (${problem.unknownName ? 'or declare the named port' : 'and declare it in ports'})`,
    key: `${container.name}/${problem.kind}`,
    status: `${problem.kind} probe on ${problem.unknownName ? 'unknown port name' : 'undeclared port'} ${problem.port}`,
  };
}

/**
 * Checks of a pod's container specs: probes aimed at ports the container does not have
 * (`ProbePortMismatch`: critical for a liveness/startup probe of a crash-looping container,
 * info when a numeric port is only undeclared and the probe evidently passes, else warning),
 * and `$(VAR)` references to variables the container does not define (`UnsetEnvReference`,
 * warning: the kubelet passes them literally).
 */
export function containerSpecFindings(index: ClusterIndex, pod: Pod, ref: ObjectRef, t: AnomalyThresholds): RawFinding[] {
  const findings: RawFinding[] = [];
  const spec = pod.spec;
  // Called for every pod: no per-pod arrays, and statuses read only for containers worth checking.
  if (spec?.initContainers) containerGroupFindings(findings, index, pod, ref, t, spec.initContainers, true);
  if (spec?.containers) containerGroupFindings(findings, index, pod, ref, t, spec.containers, false);
  return findings;
}

function containerGroupFindings(findings: RawFinding[], index: ClusterIndex, pod: Pod, ref: ObjectRef, t: AnomalyThresholds, containers: readonly Container[], init: boolean): void {
  for (const container of containers) {
    // Most containers have neither a probe nor a `$(VAR)`: nothing below could report them.
    if (!container.livenessProbe && !container.readinessProbe && !container.startupProbe && !mayReferenceVariables(container)) continue;
    const statuses: readonly ContainerStatus[] | undefined = init ? pod.status?.initContainerStatuses : pod.status?.containerStatuses;
    const status = statuses?.find((s) => s.name === container.name);
    for (const problem of probePortProblems(container)) findings.push(probeFinding(ref, container, status, problem, t));
    const unset = unsetEnvReferences(index, pod, container);
    if (unset.length === 0) continue;
    const names = [...new Set(unset.map((u) => u.name))];
    findings.push({
      severity: 'warning',
      reason: 'UnsetEnvReference',
      object: ref,
      message: `container ${container.name} references unset ${names.length === 1 ? 'variable' : 'variables'} ${unsetReferencesText(unset)}; the kubelet passes ${names.length === 1 ? 'it' : 'them'} literally${crashLooping(status, t) ? ' (the container is crash-looping)' : ''}`,
      evidence: unset.map((u) => `container ${container.name}: $(${u.name}) in ${u.where} is not defined in env or envFrom${u.definedLater ? ' before it' : ''}`),
      nextStep: `Define ${names.join(', ')} in the env (or envFrom) of container ${container.name}${unset.some((u) => u.definedLater) ? ' before the variables that use them' : ''}, or fix the references`,
      key: container.name,
    });
  }
}
