import type { ClusterIndex } from './cluster-index.js';
import type { Container, ContainerState, Node, Pod } from './kube-types.js';
import { redactCredentials } from './redact-credentials.js';
import { shorten } from './text.js';

/** What an exit code (or signal) says about why a container stopped. */
export interface ExitExplanation {
  /** One phrase for messages (no `; `): `command not found`, `out of memory (SIGKILL)`. */
  readonly meaning: string;
  /** A few words for chain statuses: `command not found`, `OOMKilled`, `SIGSEGV`. */
  readonly short: string;
  /** The container's command is the likely culprit (show it). */
  readonly aboutCommand: boolean;
  /** A liveness or startup probe may have caused it (check the probes). */
  readonly aboutProbes: boolean;
  /** Memory may have caused it (show the memory limit). */
  readonly aboutMemory: boolean;
}

/** Longest command line quoted, in characters. */
export const MAX_COMMAND_CHARS = 120;

const SIGNALS: Readonly<Record<number, readonly [string, string]>> = {
  1: ['SIGHUP', 'hangup'],
  2: ['SIGINT', 'interrupted'],
  3: ['SIGQUIT', 'quit with a core dump'],
  4: ['SIGILL', 'illegal instruction (a binary for another CPU?)'],
  6: ['SIGABRT', 'aborted (a failed assertion or fatal runtime error)'],
  7: ['SIGBUS', 'bus error'],
  8: ['SIGFPE', 'arithmetic error'],
  9: ['SIGKILL', 'killed by a failed liveness probe, the OOM killer or an eviction'],
  11: ['SIGSEGV', 'segmentation fault'],
  13: ['SIGPIPE', 'broken pipe'],
  15: ['SIGTERM', 'stopped from outside (a failed liveness probe, or a shutdown)'],
};

const START_FAILURES = new Set(['StartError', 'ContainerCannotRun']);

function explanation(meaning: string, short: string, about: { command?: boolean; probes?: boolean; memory?: boolean } = {}): ExitExplanation {
  return { meaning, short, aboutCommand: about.command ?? false, aboutProbes: about.probes ?? false, aboutMemory: about.memory ?? false };
}

/**
 * The meaning of a container's termination, from its exit code, reason and signal: 0 (exited
 * on its own: its command ends, or a probe stopped it), 1 (application error), 2 (bad
 * arguments or shell misuse), 126 (found but not executable), 127 (command not found), 128 and
 * runtime start errors (could not start), 128+n (signal n: 137 SIGKILL or OOMKilled, 139
 * SIGSEGV, 143 SIGTERM, 134 SIGABRT...), other codes (application-defined). `undefined` when
 * the termination has neither exit code nor signal.
 */
export function explainExit(terminated: ContainerState['terminated']): ExitExplanation | undefined {
  if (!terminated) return undefined;
  const { reason, exitCode } = terminated;
  if (reason === 'OOMKilled') return explanation('out of memory (SIGKILL)', 'OOMKilled', { memory: true });
  if (reason !== undefined && START_FAILURES.has(reason)) {
    return explanation('the runtime could not start it (bad command, entrypoint or mount)', 'could not start', { command: true });
  }
  const code = exitCode ?? (terminated.signal ? 128 + terminated.signal : undefined);
  if (code === undefined) return undefined;
  if (code === 0) return explanation('exited on its own (its command ended, or a liveness probe stopped it)', 'exited on its own', { command: true, probes: true });
  if (code === 1) return explanation('application error', 'application error');
  if (code === 2) return explanation('misuse: bad arguments or a shell syntax error', 'bad arguments', { command: true });
  if (code === 126) return explanation('command found but not executable (permission denied)', 'not executable', { command: true });
  if (code === 127) return explanation('command not found', 'command not found', { command: true });
  if (code === 128) return explanation('the runtime could not start the process (bad command, entrypoint or mount)', 'could not start', { command: true });
  if (code > 128 && code < 160) {
    const signal = SIGNALS[code - 128];
    if (!signal) return explanation(`signal ${code - 128}`, `signal ${code - 128}`);
    const [name, text] = signal;
    return explanation(`${name}: ${text}`, name, { probes: name === 'SIGKILL' || name === 'SIGTERM', memory: name === 'SIGKILL' });
  }
  return explanation('application error (its own exit code)', 'application error');
}

/** `value` quoted when it has spaces or quotes, so the command reads as typed. */
function quoteWord(word: string): string {
  return word === '' || /[\s"'\\]/.test(word) ? JSON.stringify(word) : word;
}

/**
 * The container's command and arguments as one line (`/app/server --port 8080`,
 * `<image entrypoint> --debug` when only args are set), credentials masked, cut to
 * `maxChars`. `undefined` when neither is set (the image's own ENTRYPOINT and CMD run).
 */
export function commandText(container: Container | undefined, maxChars = MAX_COMMAND_CHARS): string | undefined {
  const command = container?.command ?? [];
  const args = container?.args ?? [];
  if (command.length === 0 && args.length === 0) return undefined;
  const words = [...(command.length === 0 ? ['<image entrypoint>'] : command.map(quoteWord)), ...args.map(quoteWord)];
  return shorten(redactCredentials(words.join(' ')), maxChars);
}

/**
 * The memory the container may use: `memory limit 256Mi`, or `no memory limit (node node-1 has
 * 16Gi allocatable)` (the node part when the node is known).
 */
export function memoryText(index: ClusterIndex, pod: Pod, container: Container | undefined): string {
  const limit = container?.resources?.limits?.['memory'];
  if (limit) return `memory limit ${limit}`;
  const nodeName = pod.spec?.nodeName;
  const node = nodeName ? index.get<Node>({ kind: 'Node', name: nodeName }) : undefined;
  const allocatable = node?.status?.allocatable?.['memory'];
  return allocatable ? `no memory limit (node ${nodeName} has ${allocatable} allocatable)` : 'no memory limit';
}

/** The spec of the (init) container named `name`. */
export function containerSpec(pod: Pod, name: string, init: boolean): Container | undefined {
  return (init ? pod.spec?.initContainers : pod.spec?.containers)?.find((c) => c.name === name);
}
