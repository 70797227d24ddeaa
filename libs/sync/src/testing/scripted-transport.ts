import { K8sClientError, type KubeObject, type KubeRequest, type KubeTransport } from '@k8s-mcp/k8s-client';

/** One open watch of a {@link ScriptedTransport}, driven by the test. */
export interface ScriptedWatch {
  readonly request: KubeRequest;
  /** Sends one watch event line. */
  send(type: string, object: unknown): void;
  /** Sends a raw line. */
  line(text: string): void;
  /** The server closes the stream normally. */
  end(): void;
  /** The stream fails (network error, HTTP status, ...). */
  fail(error: Error): void;
  /** Whether the client aborted it. */
  readonly aborted: boolean;
  /** Whether it has ended in any way. */
  readonly closed: boolean;
}

/** Answers a list page request: return the body or throw a K8sClientError. */
export type ListHandler = (request: KubeRequest) => unknown;

/**
 * A scripted {@link KubeTransport} for unit tests of the sync logic: list requests go to a
 * handler, each watch becomes a {@link ScriptedWatch} the test feeds. Not the Kubernetes API:
 * integration tests use the real control plane.
 */
export class ScriptedTransport implements KubeTransport {
  readonly server = 'https://scripted.invalid';
  readonly lists: KubeRequest[] = [];
  readonly watches: ScriptedWatch[] = [];
  /** Whether close() was called. */
  closed = false;
  private readonly waiters: Array<() => void> = [];

  constructor(public onList: ListHandler) {}

  async json<T>(request: KubeRequest): Promise<T> {
    this.lists.push(request);
    const signal = request.signal;
    if (signal?.aborted) throw new K8sClientError('ABORTED', 'aborted');
    // Like the real transport, an abort rejects a pending request.
    const aborted = new Promise<never>((_, reject) =>
      signal?.addEventListener('abort', () => reject(new K8sClientError('ABORTED', 'aborted')), { once: true }),
    );
    return (await Promise.race([Promise.resolve().then(() => this.onList(request)), aborted])) as T;
  }

  text(): Promise<string> {
    return Promise.reject(new Error('ScriptedTransport.text is not scripted'));
  }

  stream(request: KubeRequest, onLine: (line: string) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let closed = false;
      let aborted = false;
      const finish = (error?: Error) => {
        if (closed) return;
        closed = true;
        if (error) reject(error);
        else resolve();
      };
      const watch: ScriptedWatch = {
        request,
        send: (type, object) => watch.line(JSON.stringify({ type, object })),
        line: (text) => {
          if (closed) throw new Error('ScriptedTransport: line sent on a closed watch');
          try {
            onLine(text);
          } catch (error) {
            finish(error as Error);
          }
        },
        end: () => finish(),
        fail: (error) => finish(error),
        get aborted() {
          return aborted;
        },
        get closed() {
          return closed;
        },
      };
      request.signal?.addEventListener(
        'abort',
        () => {
          aborted = true;
          finish(new K8sClientError('ABORTED', 'watch aborted'));
        },
        { once: true },
      );
      this.watches.push(watch);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  close(): void {
    this.closed = true;
  }

  /** The watch opened after `count` watches, once it exists. */
  async watchNumber(index: number): Promise<ScriptedWatch> {
    while (this.watches.length <= index) await new Promise<void>((r) => this.waiters.push(r));
    return this.watches[index] as ScriptedWatch;
  }
}

/** A list response body. */
export function listBody(items: readonly KubeObject[], resourceVersion: string, continueToken?: string): unknown {
  return { metadata: { resourceVersion, ...(continueToken ? { continue: continueToken } : {}) }, items };
}

/** A minimal object fixture. */
export function obj(
  name: string,
  namespace: string | undefined,
  resourceVersion: string,
  labels?: Record<string, string>,
): KubeObject {
  return {
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      resourceVersion,
      ...(labels ? { labels } : {}),
    },
  };
}
