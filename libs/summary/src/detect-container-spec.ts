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
export function containerSpecFindings(index: ClusterIndex, pod: Pod, ref: ObjectRef, t: AnomalyThresholds): readonly RawFinding[] {
  const checked = containersToCheck(pod);
  if (checked.length === 0) return NO_FINDINGS;
  const findings: RawFinding[] = [];
  for (const { container, init } of checked) containerFindings(findings, index, pod, ref, t, container, init);
  return findings;
}

/** What most pods yield (shared: this runs for every pod). */
const NO_FINDINGS: readonly RawFinding[] = [];

/** A container with a probe or a `$(`: the only ones {@link containerSpecFindings} can report. */
interface CheckedContainer {
  readonly container: Container;
  readonly init: boolean;
}

const NONE: readonly CheckedContainer[] = [];
// Asked for every pod of every summary, and most pods have nothing to check: the answer is kept
// per pod object (objects are never modified in place; an update is a new object, and repeated
// summaries of a cache see the same ones).
const checkedContainers = new WeakMap<Pod, readonly CheckedContainer[]>();

function containersToCheck(pod: Pod): readonly CheckedContainer[] {
  let list = checkedContainers.get(pod);
  if (list) return list;
  const found: CheckedContainer[] = [];
  const spec = pod.spec;
  for (const container of spec?.initContainers ?? []) if (worthChecking(container)) found.push({ container, init: true });
  for (const container of spec?.containers ?? []) if (worthChecking(container)) found.push({ container, init: false });
  list = found.length === 0 ? NONE : found;
  checkedContainers.set(pod, list);
  return list;
}

/** Whether a container has a probe or a `$(VAR)`: nothing else can be reported about it. */
function worthChecking(container: Container): boolean {
  return Boolean(container.livenessProbe || container.readinessProbe || container.startupProbe) || mayReferenceVariables(container);
}

function containerFindings(findings: RawFinding[], index: ClusterIndex, pod: Pod, ref: ObjectRef, t: AnomalyThresholds, container: Container, init: boolean): void {
  const statuses: readonly ContainerStatus[] | undefined = init ? pod.status?.initContainerStatuses : pod.status?.containerStatuses;
  const status = statuses?.find((s) => s.name === container.name);
  for (const problem of probePortProblems(container)) findings.push(probeFinding(ref, container, status, problem, t));
  const unset = unsetEnvReferences(index, pod, container);
  if (unset.length === 0) return;
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
