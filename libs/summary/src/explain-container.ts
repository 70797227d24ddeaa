import type { ClusterIndex, EventInfo } from './cluster-index.js';
import { commandText, containerSpec, explainExit, memoryText, type ExitExplanation } from './container-diagnosis.js';
import { containerLogKey } from './crash-log.js';
import { callTargetLine, logEvidenceLine, mostTellingLine, tellingLines } from './telling-lines.js';
import { unsetEnvReferences, unsetReferencesText } from './env-references.js';
import { eventLines } from './evidence.js';
import type { Container, ContainerState, ContainerStatus, Pod } from './kube-types.js';
import { fenceInline } from './untrusted-text.js';
import { portsText, probeFailureText, probeKindOfMessage, probeLine, probeOf, probePortProblems, probeText, type ProbeKind } from './probe-check.js';

/** Most log lines quoted as evidence of one finding. */
export const MAX_LOG_EVIDENCE_LINES = 6;
/** Most bytes of log lines quoted as evidence of one finding. */
export const MAX_LOG_EVIDENCE_BYTES = 1200;
/** Longest log line quoted in a finding's message, in characters. */
export const MAX_LOG_MESSAGE_CHARS = 120;

/** Why a container stopped, as far as its spec, status, events and log tell. */
export interface ContainerExplanation {
  readonly exit: ExitExplanation | undefined;
  /** `out of memory (SIGKILL), memory limit 256Mi` (the memory when it may be the cause), or ''. */
  readonly meaningText: string;
  /** `code 137 = ` and {@link meaningText}, or ''. */
  readonly exitText: string;
  /** Message clauses, most telling first: the command, the probe that kills it, unset variables, the log line. */
  readonly clauses: readonly string[];
  /** Evidence lines: command, probes, memory, probe events, log lines (`log (previous): ...`). */
  readonly evidence: readonly string[];
  /** What to do, when the explanation points at something specific. */
  readonly nextStep: string | undefined;
  /** Short chain status detail (`exit 127: command not found`), absent for plain application errors. */
  readonly statusDetail: string | undefined;
}

const KILLING_PROBES: readonly ProbeKind[] = ['liveness', 'startup'];

/** Kubelet events saying a liveness/startup probe of `container` fails or killed it. */
function killingProbeEvents(events: readonly EventInfo[], container: string): EventInfo[] {
  return events.filter((e) => {
    if (e.reason === 'Unhealthy') {
      const kind = probeKindOfMessage(e.message);
      return kind === 'liveness' || kind === 'startup';
    }
    return e.reason === 'Killing' && e.message.includes(`Container ${container} failed`) && /(liveness|startup) probe/.test(e.message);
  });
}

/** The probe behind a restart: a liveness/startup probe on a port the container lacks, or one the events say fails. */
function probeCause(container: Container | undefined, events: readonly EventInfo[], statusName: string): { clause: string; nextStep: string } | undefined {
  const mismatch = probePortProblems(container).find((p) => KILLING_PROBES.includes(p.kind));
  if (mismatch) {
    const what = mismatch.unknownName ? `names port "${mismatch.port}", which the container does not have` : `calls port ${mismatch.port}, which the container does not declare`;
    return {
      clause: `likely cause: ${mismatch.kind} probe ${probeText(mismatch.probe)} ${what} (ports: ${portsText(container)})`,
      nextStep: `Point the ${mismatch.kind} probe of container ${statusName} at a port it listens on (declared: ${portsText(container)})`,
    };
  }
  const failing = killingProbeEvents(events, statusName).find((e) => e.reason === 'Unhealthy');
  if (!failing) return undefined;
  const kind = probeKindOfMessage(failing.message) ?? 'liveness';
  const probe = probeOf(container, kind);
  return {
    clause: `${kind} probe ${probe ? `${probeText(probe)} ` : ''}failing: ${probeFailureText(failing.message)}`,
    nextStep: `Fix the ${kind} probe of container ${statusName}${probe ? ` (${probeText(probe)})` : ''} or what it checks; give it more time if the app starts slowly`,
  };
}

function logClauseAndEvidence(index: ClusterIndex, pod: Pod, status: ContainerStatus, terminated: ContainerState['terminated'], quoteTermination: boolean): { clause?: string; evidence: string[] } {
  const log = index.containerLogs.get(containerLogKey(pod.metadata.namespace as string, pod.metadata.name, status.name));
  if (log) {
    const lines = tellingLines(log.lines, { maxLines: MAX_LOG_EVIDENCE_LINES, maxBytes: MAX_LOG_EVIDENCE_BYTES });
    const best = mostTellingLine(log.lines, MAX_LOG_MESSAGE_CHARS);
    // The address a failed call went to, when the best line does not name it itself.
    const target = best ? callTargetLine(log.lines) : undefined;
    // The log is the workload's own text: quoted in the message inside an untrusted-data fence.
    const quoted = best ? `log: ${fenceInline(`${JSON.stringify(best)}${target && !best.includes(target) ? `, ${JSON.stringify(target)}` : ''}`)}` : undefined;
    return { ...(quoted ? { clause: quoted } : {}), evidence: lines.map((l) => logEvidenceLine(l, log.previous ? 'previous' : 'current')) };
  }
  // Without a log, the termination message (the runtime's start error, or the app's
  // /dev/termination-log, or its log tail with FallbackToLogsOnError) says the most.
  const message = terminated?.message;
  if (!message) return { evidence: [] };
  const best = mostTellingLine(message, MAX_LOG_MESSAGE_CHARS) ?? tellingLines(message, { maxLines: 1, maxLineChars: MAX_LOG_MESSAGE_CHARS })[0];
  const evidence = quoteTermination ? tellingLines(message, { maxLines: 3, maxBytes: 600 }).map((l) => logEvidenceLine(l, 'termination message')) : [];
  return { ...(best ? { clause: `log: ${fenceInline(JSON.stringify(best))}` } : {}), evidence };
}

/**
 * Explains why a failing container stopped: the meaning of the exit code or signal of
 * `terminated`, its command (when the code points at it), the memory limit (OOMKilled, 137),
 * a liveness/startup probe on a port it lacks or that events show failing (exit 0, 137, 143),
 * `$(VAR)` references that are unset, and the telling lines of its log (from
 * `index.containerLogs`, else its termination message). `crashLooping` adds the probe and
 * events analysis. `quoteTermination`: the termination message is not already in the evidence.
 */
export function explainContainer(
  index: ClusterIndex,
  pod: Pod,
  status: ContainerStatus,
  init: boolean,
  terminated: ContainerState['terminated'],
  options: { readonly restarting: boolean; readonly quoteTermination: boolean },
): ContainerExplanation {
  const spec = containerSpec(pod, status.name, init);
  const exit = explainExit(terminated);
  const clauses: string[] = [];
  const evidence: string[] = [];
  let nextStep: string | undefined;
  const command = commandText(spec);
  if (command) evidence.push(`command: ${command}`);
  const memory = exit?.aboutMemory || terminated?.reason === 'OOMKilled' ? memoryText(index, pod, spec) : undefined;
  const code = terminated?.exitCode ?? (terminated?.signal ? 128 + terminated.signal : undefined);
  // No `; ` inside: one-line renderings cut messages at `; ` and this belongs to the first clause.
  const meaningText = exit ? `${exit.meaning}${memory ? `, ${memory}` : ''}` : '';
  const exitText = exit ? `${code === undefined ? '' : `code ${code} = `}${meaningText}` : '';
  if (exit?.aboutCommand && exit.short !== 'exited on its own') {
    clauses.push(`command: ${command ?? `the image's entrypoint (${status.image ?? spec?.image ?? 'unknown image'})`}`);
    nextStep = `Fix the command of container ${status.name} (${command ?? 'image entrypoint'}): it must exist in the image and be executable`;
  }
  for (const kind of ['liveness', 'readiness', 'startup'] as const) {
    const probe = probeOf(spec, kind);
    if (probe) evidence.push(`${probeLine(kind, probe)}; ports: ${portsText(spec)}`);
  }
  if (options.restarting && (exit === undefined || exit.aboutProbes)) {
    const events = index.events(index.refOf('Pod', pod));
    const cause = probeCause(spec, events, status.name);
    if (cause) {
      clauses.unshift(cause.clause);
      nextStep = cause.nextStep;
      evidence.push(...eventLines(killingProbeEvents(events, status.name), index.now, ['Unhealthy', 'Killing']));
    } else if (exit?.short === 'exited on its own') {
      clauses.push(`command: ${command ?? `the image's entrypoint (${status.image ?? spec?.image ?? 'unknown image'})`}`);
      nextStep = `Make the command of container ${status.name} keep running (a server, not a one-off task), or run it as a Job`;
    }
  }
  if (memory) {
    evidence.push(memory);
    nextStep ??= `Raise the memory limit of container ${status.name} (${memory}) or reduce its memory use`;
  }
  const unset = spec ? unsetEnvReferences(index, pod, spec) : [];
  if (unset.length > 0) {
    clauses.push(`unset ${unsetReferencesText(unset.slice(0, 2))}${unset.length > 2 ? ` (+${unset.length - 2})` : ''}`);
    nextStep ??= `Define ${unset.map((u) => u.name).join(', ')} in the env of container ${status.name}, or fix the references`;
  }
  const log = logClauseAndEvidence(index, pod, status, terminated, options.quoteTermination);
  if (log.clause) clauses.push(log.clause);
  evidence.push(...log.evidence);
  const statusDetail = exit && exit.short !== 'application error' ? `exit ${code ?? '?'}: ${exit.short}` : undefined;
  return { exit, meaningText, exitText, clauses, evidence, nextStep, statusDetail };
}
