import https from 'node:https';
import http from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  describeRequest,
  fromHttpStatus,
  fromNetworkError,
  K8sClientError,
  type RequestContext,
} from './k8s-client-error.js';

/** One HTTP request to the Kubernetes API. */
export interface KubeRequest {
  /** Default `GET`. */
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute API path, e.g. `/api/v1/namespaces/default/pods`. */
  readonly path: string;
  /** Query parameters; `undefined` values are left out. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** JSON body (serialised here). */
  readonly body?: unknown;
  /** Content type of the body. Default `application/json`. */
  readonly contentType?: string;
  /** Accept header. Default `application/json`. */
  readonly accept?: string;
  /** Abort after this long without a complete response (watch: without any bytes). Default 30 000 ms. */
  readonly timeoutMs?: number;
  /** Aborts the request. */
  readonly signal?: AbortSignal;
  /** What the request was about, for error messages (verb, resource, namespace, name). */
  readonly context?: RequestContext;
}

/**
 * The one way k8s-mcp talks HTTP to a cluster: JSON requests, text requests (logs) and
 * line-delimited streams (watches), with every failure mapped to a {@link K8sClientError}.
 */
export interface KubeTransport {
  /** The API server URL. */
  readonly server: string;
  /** Sends a request and parses the JSON response. */
  json<T>(request: KubeRequest): Promise<T>;
  /** Sends a request and returns the body as text (pod logs). */
  text(request: KubeRequest): Promise<string>;
  /**
   * Streams a response line by line (a watch). Resolves when the server closes the stream,
   * rejects on an HTTP error, a network error, or `timeoutMs` of silence.
   */
  stream(request: KubeRequest, onLine: (line: string) => void): Promise<void>;
  /** Closes idle keep-alive connections. */
  close(): void;
}

function buildPath(request: KubeRequest): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${request.path}?${qs}` : request.path;
}

/**
 * Builds a {@link KubeTransport} from a loaded KubeConfig (its current context). TLS material
 * is read once into a keep-alive agent; credentials are re-applied on every request so rotating
 * tokens (in-cluster, exec plugins) keep working.
 *
 * @throws K8sClientError `NO_CLUSTER` when the KubeConfig has no current cluster.
 */
export function createKubeTransport(kubeConfig: KubeConfig): KubeTransport {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) {
    throw new K8sClientError('NO_CLUSTER', 'createKubeTransport: the kubeconfig has no current cluster; set a context with a cluster');
  }
  const server = cluster.server;
  const url = new URL(server);
  const isHttps = url.protocol === 'https:';
  let agent: http.Agent | undefined;

  async function options(request: KubeRequest, body: string | undefined, ctx: RequestContext): Promise<https.RequestOptions> {
    const opts: https.RequestOptions = { headers: {} };
    try {
      await kubeConfig.applyToHTTPSOptions(opts);
    } catch (error) {
      // client-node reads CA/cert/key/token files and runs exec plugins here; a missing file or a
      // failing plugin is a configuration problem, not an unreachable server.
      const detail = error instanceof Error ? error.message : String(error);
      throw new K8sClientError('CONFIG_INVALID', `${describeRequest(ctx)}: cannot load the credentials or TLS files of the current kubeconfig user/cluster (${detail}); fix the kubeconfig or the files it names`, { context: ctx, cause: error });
    }
    if (!agent) {
      agent = isHttps
        ? new https.Agent({
            keepAlive: true,
            // No cap: every watch holds a socket for up to its timeout, and with a cap, enough
            // watches (one per kind and namespace) starve all other requests, which then queue
            // with no timeout (it only starts once a socket is assigned).
            maxSockets: Infinity,
            ca: opts.ca,
            cert: opts.cert,
            key: opts.key,
            rejectUnauthorized: opts.rejectUnauthorized,
            servername: opts.servername,
          })
        : new http.Agent({ keepAlive: true, maxSockets: Infinity });
    }
    const headers: Record<string, string> = { Accept: request.accept ?? 'application/json' };
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      if (typeof v === 'string' || typeof v === 'number') headers[k] = String(v);
    }
    if (opts.auth) headers['Authorization'] = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    if (body !== undefined) {
      headers['Content-Type'] = request.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    return {
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port || (isHttps ? 443 : 80),
      method: request.method ?? 'GET',
      path: `${url.pathname.replace(/\/$/, '')}${buildPath(request)}`,
      headers,
      agent,
    };
  }

  function send(
    request: KubeRequest,
    onResponse: (res: http.IncomingMessage, resolve: () => void, reject: (e: Error) => void) => void,
  ): Promise<void> {
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const ctx: RequestContext = { server, ...request.context };
    return options(request, body, ctx).then(
      (opts) =>
        new Promise<void>((resolve, reject) => {
          let settled = false;
          const fail = (e: Error) => {
            if (settled) return;
            settled = true;
            req.destroy();
            reject(e);
          };
          const done = () => {
            if (settled) return;
            settled = true;
            resolve();
          };
          const req = (isHttps ? https : http).request(opts, (res) => {
            const status = res.statusCode ?? 0;
            if (status >= 400) {
              let text = '';
              res.setEncoding('utf8');
              res.on('data', (c: string) => (text.length < 65_536 ? (text += c) : undefined));
              res.on('end', () => fail(fromHttpStatus(status, text, ctx)));
              res.on('error', (e) => fail(fromNetworkError(e, ctx)));
              return;
            }
            res.on('error', (e) => fail(fromNetworkError(e, ctx)));
            onResponse(res, done, fail);
          });
          const timeoutMs = request.timeoutMs ?? 30_000;
          req.setTimeout(timeoutMs, () =>
            fail(new K8sClientError('TIMEOUT', `${describeRequest(ctx)} timed out after ${timeoutMs} ms; the API server at ${ctx.server} is slow or unreachable, retry or raise the timeout`, { context: ctx })),
          );
          req.on('error', (e) => fail(fromNetworkError(e, ctx)));
          const signal = request.signal;
          if (signal) {
            const onAbort = () => fail(new K8sClientError('ABORTED', `${describeRequest(ctx)} was aborted`, { context: ctx }));
            if (signal.aborted) onAbort();
            signal.addEventListener('abort', onAbort, { once: true });
            // A long-lived signal (one per sync loop) must not collect a listener per request.
            req.once('close', () => signal.removeEventListener('abort', onAbort));
          }
          if (body !== undefined) req.write(body);
          req.end();
        }),
    );
  }

  async function text(request: KubeRequest): Promise<string> {
    let out = '';
    await send(request, (res, resolve) => {
      res.setEncoding('utf8');
      res.on('data', (c: string) => (out += c));
      res.on('end', resolve);
    });
    return out;
  }

  return {
    server: cluster.server,
    async json<T>(request: KubeRequest): Promise<T> {
      const body = await text(request);
      try {
        return JSON.parse(body) as T;
      } catch {
        const ctx: RequestContext = { server, ...request.context };
        throw new K8sClientError('BAD_RESPONSE', `${describeRequest(ctx)}: the API server at ${server} answered with invalid JSON; check that the server address points at a Kubernetes API server`, { context: ctx });
      }
    },
    text,
    stream(request, onLine) {
      return send(request, (res, resolve, reject) => {
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let nl = buffer.indexOf('\n');
          while (nl >= 0) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (line.trim()) {
              try {
                onLine(line);
              } catch (e) {
                reject(e as Error);
                return;
              }
            }
            nl = buffer.indexOf('\n');
          }
        });
        res.on('end', () => {
          // A throw here would escape the event handler and crash the process.
          try {
            if (buffer.trim()) onLine(buffer);
          } catch (e) {
            reject(e as Error);
            return;
          }
          resolve();
        });
        res.on('close', resolve);
      });
    },
    close() {
      agent?.destroy();
      agent = undefined;
    },
  };
}
