import type { ClusterReader } from '@k8s-mcp/k8s-client';
import type { ContainerLog, CrashLogTarget } from '@k8s-mcp/summary';

/** How much crash log a summary may read (K8S_MCP_SUMMARY_LOG_*). */
export interface CrashLogSettings {
  /** Most containers read per summary. */
  readonly maxContainers: number;
  /** Lines read from the end of each log. */
  readonly tailLines: number;
}

/**
 * One container whose log a summary wants: a `crashLogTargets` entry, of which only the
 * container is required. `previous` (default true): read the previous instance first. `reason`
 * `Running`: read without falling back to a previous instance it may not have; a terminated
 * container falls back to it when its current log is empty (some runtimes serve a finished
 * container's log only so).
 */
export type CrashLogReadTarget = Pick<CrashLogTarget, 'namespace' | 'pod' | 'container'> & Partial<Pick<CrashLogTarget, 'previous' | 'reason'>>;

/** Bytes read per log at most: a tail of a chatty container must not cost the summary's latency. */
export const CRASH_LOG_MAX_BYTES = 64 * 1024;
/** Reads in flight at once: a summary must not storm the API server (or kubelets) with log requests. */
export const CRASH_LOG_CONCURRENCY = 3;
/** Time one log read may take before it is given up (the summary goes on without it). */
export const CRASH_LOG_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([promise.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Reads the log tails of `targets` (the previous, crashed container's first unless the target
 * says `previous: false`; then the other instance when the first log is empty, except for
 * `Running` targets) through `reader`, which applies the namespace policy, and
 * keeps the lines `select` finds telling. Bounded: at most `settings.maxContainers` targets,
 * `settings.tailLines` lines and {@link CRASH_LOG_MAX_BYTES} per log, {@link CRASH_LOG_CONCURRENCY}
 * reads at a time, {@link CRASH_LOG_TIMEOUT_MS} per read. A log that cannot be read (forbidden,
 * gone, timed out, snapshot without logs) is left out; this never throws.
 *
 * @returns telling lines by `namespace/pod/container`
 */
export async function readCrashLogs(
  reader: ClusterReader,
  targets: readonly CrashLogReadTarget[],
  settings: CrashLogSettings,
  select: (text: string) => readonly string[],
): Promise<Map<string, ContainerLog>> {
  const result = new Map<string, ContainerLog>();
  const queue = targets.slice(0, settings.maxContainers);
  const read = async (t: CrashLogReadTarget, previous: boolean): Promise<string | undefined> =>
    withTimeout(
      reader.logs({ namespace: t.namespace, name: t.pod, container: t.container, previous, tailLines: settings.tailLines, limitBytes: CRASH_LOG_MAX_BYTES }),
      CRASH_LOG_TIMEOUT_MS,
    );
  const worker = async (): Promise<void> => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      const order = t.previous !== false ? [true, false] : t.reason === 'Running' ? [false] : [false, true];
      let text: string | undefined;
      let previous = false;
      for (const p of order) {
        text = await read(t, p);
        previous = p;
        if (text?.trim()) break;
      }
      const lines = text?.trim() ? select(text) : [];
      if (lines.length > 0) result.set(`${t.namespace}/${t.pod}/${t.container}`, { lines, previous });
    }
  };
  await Promise.all(Array.from({ length: CRASH_LOG_CONCURRENCY }, worker));
  return result;
}
