import { Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import { fromHttpStatus, fromNetworkError, type RequestContext } from './k8s-client-error.js';
import type { NamespacePolicy } from './namespace-policy.js';
import { checkInteger, checkName, checkNamespace, rejectInput } from './validate-input.js';

/** Options of {@link execInPod}. */
export interface ExecInPodOptions {
  readonly namespace: string;
  readonly pod: string;
  /** Container name (the API server needs it for pods with several containers). */
  readonly container: string;
  /** The program and its arguments; no shell is involved unless the command runs one. */
  readonly command: readonly string[];
  /** Stop waiting (and close the session) after this long. Default 30 000 ms. */
  readonly timeoutMs?: number;
  /** Most bytes of stdout and stderr together that are kept; the session is closed beyond. Default 64 KiB. */
  readonly maxOutputBytes?: number;
}

/** What a command run by {@link execInPod} produced. */
export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit code, when the API server reported one (0 on success). */
  readonly exitCode?: number;
  /** The API server's final status: `Success`, `Failure`, or `unknown` when the session ended without one. */
  readonly status: string;
  /** The final status's message on failure. */
  readonly message?: string;
  /** The command did not finish within `timeoutMs`; the session was closed (the process may still run). */
  readonly timedOut: boolean;
  /** Output beyond `maxOutputBytes` was dropped and the session closed. */
  readonly truncated: boolean;
}

const CONTAINER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A sink keeping the first `room()` bytes it is given and reporting overflow. */
class CappedSink extends Writable {
  private readonly chunks: Buffer[] = [];
  constructor(
    private readonly budget: { left: number },
    private readonly onOverflow: () => void,
  ) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (buf.length > this.budget.left) {
      this.chunks.push(buf.subarray(0, Math.max(0, this.budget.left)));
      this.budget.left = 0;
      this.onOverflow();
    } else {
      this.chunks.push(buf);
      this.budget.left -= buf.length;
    }
    callback();
  }
  text(): string {
    // A cut may split a multi-byte character: drop the replacement character it leaves.
    return Buffer.concat(this.chunks).toString('utf8').replace(/\uFFFD$/, '');
  }
}

function exitCodeOf(status: V1Status): number | undefined {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const fromCause = cause?.message !== undefined ? Number(cause.message) : NaN;
  if (Number.isInteger(fromCause)) return fromCause;
  // Some runtimes (kwok's fake kubelet) only say so in the message.
  const match = /exit status (\d+)/.exec(status.message ?? '');
  return match ? Number(match[1]) : undefined;
}

function connectError(error: unknown, ctx: RequestContext & { container: string }) {
  const message = (error as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' ? message : String(error);
  // ws reports a refused upgrade as "Unexpected server response: 403".
  const status = /Unexpected server response: (\d{3})/.exec(text);
  if (status?.[1] === '400') {
    // ws does not pass the body on; a 400 here is almost always a container that does not exist or does not run.
    return fromHttpStatus(400, JSON.stringify({ message: `check that container "${ctx.container}" exists in the pod and is running` }), ctx);
  }
  if (status) return fromHttpStatus(Number(status[1]), '', ctx);
  return fromNetworkError((error as { error?: unknown } | null)?.error ?? error, ctx);
}

/**
 * Runs `command` in a container of a pod through the API server's `exec` subresource (a
 * websocket, as `kubectl exec` does), without a TTY or stdin, and collects its output up to
 * `maxOutputBytes`. The namespace policy is checked before anything is sent. The output is the
 * program's own: it may contain anything the container can read, Secrets included.
 *
 * Resolves when the API server reports the command's status, when the session closes, when the
 * output cap is reached (`truncated`) or after `timeoutMs` (`timedOut`; the remote process is
 * not killed by closing the session on every runtime).
 *
 * @throws K8sClientError `INVALID` (bad namespace, pod, container, command, timeout or cap),
 *   `NAMESPACE_FORBIDDEN`, and the API server's answer to the upgrade: `NOT_FOUND` (no such pod),
 *   `FORBIDDEN` (no `create` on `pods/exec`), `UNAUTHORIZED`, `UNREACHABLE`, `TLS`, ...
 */
export async function execInPod(kubeConfig: KubeConfig, policy: NamespacePolicy, options: ExecInPodOptions): Promise<ExecResult> {
  const operation = 'exec in pods';
  checkNamespace(operation, options.namespace);
  checkName(operation, options.pod, true);
  if (!CONTAINER_NAME.test(options.container) || options.container.length > 63) {
    rejectInput(operation, `container "${options.container}" is not a valid container name`);
  }
  if (options.command.length === 0 || options.command[0] === '') rejectInput(operation, 'the command is empty; name a program to run');
  if (options.command.some((arg) => typeof arg !== 'string' || arg.includes('\0'))) rejectInput(operation, 'every command argument must be a string without NUL characters');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxOutputBytes = options.maxOutputBytes ?? 64 * 1024;
  checkInteger(operation, 'timeoutMs', timeoutMs, 1);
  checkInteger(operation, 'maxOutputBytes', maxOutputBytes, 1);
  policy.assertAllowed(options.namespace, 'exec');

  const ctx: RequestContext = {
    server: kubeConfig.getCurrentCluster()?.server,
    verb: 'exec in',
    resource: 'pods',
    namespace: options.namespace,
    name: options.pod,
  };
  let finish: (how: { status?: V1Status; timedOut?: boolean }) => void = () => undefined;
  const finished = new Promise<{ status?: V1Status; timedOut?: boolean }>((resolve) => (finish = resolve));
  const budget = { left: maxOutputBytes };
  let truncated = false;
  const overflow = () => {
    truncated = true;
    finish({});
  };
  const stdout = new CappedSink(budget, overflow);
  const stderr = new CappedSink(budget, overflow);
  const timer = setTimeout(() => finish({ timedOut: true }), timeoutMs);

  const exec = new Exec(kubeConfig);
  const connecting = exec.exec(options.namespace, options.pod, options.container, [...options.command], stdout, stderr, null, false, (status) => finish({ status }));
  let socket: Awaited<typeof connecting> | undefined;
  try {
    const opened = await Promise.race([connecting, finished.then(() => undefined)]);
    if (opened) {
      socket = opened;
      opened.on('close', () => finish({}));
    } else {
      // Timed out before the session opened: close it if it opens later.
      connecting.then((late) => late.close()).catch(() => undefined);
    }
  } catch (error) {
    clearTimeout(timer);
    throw connectError(error, { ...ctx, container: options.container });
  }
  const outcome = await finished;
  clearTimeout(timer);
  socket?.close();
  // Let the sinks take the last frames already handed to them.
  await new Promise((resolve) => setImmediate(resolve));
  const status = outcome.status;
  const exitCode = status ? exitCodeOf(status) : undefined;
  return {
    stdout: stdout.text(),
    stderr: stderr.text(),
    ...(exitCode !== undefined ? { exitCode } : {}),
    status: status?.status ?? 'unknown',
    ...(status && status.status !== 'Success' && status.message ? { message: status.message } : {}),
    timedOut: outcome.timedOut === true,
    truncated,
  };
}
