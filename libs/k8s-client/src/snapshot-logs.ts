import { K8sClientError } from './k8s-client-error.js';
import { quotePreview } from './message-preview.js';
import type { LogOptions } from './cluster-reader.js';

/** The logs a snapshot holds for one pod, by container. */
export type PodLogs = ReadonlyMap<string, string>;

/** Key of an unmarked logs.txt (no container markers): the pod's only log. */
const ANY_CONTAINER = '';

const MARKER = /^==== (START|END) logs for container (\S+) of pod (\S+) ====$/;

/**
 * Splits the `<ns>/<pod>/logs.txt` of `kubectl cluster-info dump --output-directory` into one
 * log per container, using its `==== START logs for container <c> of pod <ns>/<pod> ====` and
 * `==== END ... ====` lines. A file without markers is the log of the pod's only container.
 */
export function parseDumpLogs(text: string): PodLogs {
  const logs = new Map<string, string>();
  let current: string | undefined;
  let lines: string[] = [];
  let sawMarker = false;
  for (const line of text.split('\n')) {
    const marker = MARKER.exec(line);
    if (marker?.[1] === 'START') {
      sawMarker = true;
      current = marker[2] ?? ANY_CONTAINER;
      lines = [];
    } else if (marker?.[1] === 'END' && current !== undefined) {
      logs.set(current, lines.length > 0 ? `${lines.join('\n')}\n` : '');
      current = undefined;
    } else if (current !== undefined) {
      lines.push(line);
    }
  }
  if (!sawMarker && text.length > 0) logs.set(ANY_CONTAINER, text);
  return logs;
}

function utf8Prefix(text: string, limitBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= limitBytes) return text;
  // Drop a trailing partial character rather than emit a replacement character.
  return bytes.subarray(0, limitBytes).toString('utf8').replace(/\uFFFD$/, '');
}

/**
 * Picks the log `options` ask for out of a pod's snapshot logs and applies `tailLines` and then
 * `limitBytes` (both as the API server does). `sinceSeconds` is not applied: dumped logs carry
 * no timestamps.
 *
 * @throws K8sClientError `NOT_FOUND` for `previous` (dumps hold current logs only) or an unknown
 *   container; `INVALID` when the pod has several containers and none was named.
 */
export function selectPodLog(logs: PodLogs, options: LogOptions): string {
  const pod = `${options.namespace}/${options.name}`;
  const context = { verb: 'logs', resource: 'pods', namespace: options.namespace, name: options.name };
  if (options.previous) {
    throw new K8sClientError('NOT_FOUND', `logs: the snapshot holds no previous (crashed) container logs for pod ${pod}, only the current ones; ask without previous`, { context });
  }
  const containers = [...logs.keys()].filter((c) => c !== ANY_CONTAINER);
  let text: string | undefined;
  if (options.container !== undefined) {
    text = logs.get(options.container) ?? (containers.length === 0 ? logs.get(ANY_CONTAINER) : undefined);
    if (text === undefined) {
      throw new K8sClientError('NOT_FOUND', `logs: the snapshot holds no logs for container ${quotePreview(options.container)} of pod ${pod}; it has logs for: ${containers.join(', ') || '(unnamed container)'}`, { context });
    }
  } else if (containers.length > 1) {
    throw new K8sClientError('INVALID', `logs: pod ${pod} has several containers; name one of: ${containers.join(', ')}`, { context });
  } else {
    text = logs.get(containers[0] ?? ANY_CONTAINER) ?? '';
  }
  if (options.tailLines !== undefined && options.tailLines >= 0) {
    const lines = text === '' ? [] : (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
    const kept = options.tailLines === 0 ? [] : lines.slice(-options.tailLines);
    text = kept.length > 0 ? `${kept.join('\n')}\n` : '';
  }
  if (options.limitBytes !== undefined && options.limitBytes > 0) text = utf8Prefix(text, options.limitBytes);
  return text;
}
