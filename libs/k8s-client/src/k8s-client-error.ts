/** Machine-readable reasons a cluster operation failed. Apps map them to HTTP, MCP or exit codes. */
export type K8sClientErrorCode =
  | 'NO_CLUSTER'
  | 'CONFIG_INVALID'
  | 'UNREACHABLE'
  | 'TLS'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NAMESPACE_FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'GONE'
  | 'INVALID'
  | 'TOO_MANY_REQUESTS'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'SERVER_ERROR'
  | 'BAD_RESPONSE'
  | 'UNKNOWN_KIND'
  | 'READ_ONLY';

/** What a failed request was about; every field optional. */
export interface RequestContext {
  readonly server?: string;
  readonly verb?: string;
  readonly resource?: string;
  readonly namespace?: string;
  readonly name?: string;
}

/**
 * Base class of every error the k8s-client library throws. `code` is a stable, machine-readable
 * string (see {@link K8sClientErrorCode}) that entry points map to HTTP status, MCP errors or exit
 * codes; `message` names what failed and what to do; `status` is the HTTP status when the API
 * server answered; `context` says what the request was about.
 */
export class K8sClientError extends Error {
  /** Stable machine-readable error code. */
  readonly code: K8sClientErrorCode;
  /** What the failed request was about. */
  readonly context: RequestContext;
  /** HTTP status of the API server's answer, when there was one. */
  readonly status: number | undefined;

  /** Creates an error with a code and a message that says what happened and what to do. */
  constructor(
    code: K8sClientErrorCode,
    message: string,
    options: { cause?: unknown; context?: RequestContext; status?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.context = options.context ?? {};
    this.status = options.status;
  }
}

/** `get pods "web-1" in namespace "shop"`: a short phrase naming a request, for messages. */
export function describeRequest(ctx: RequestContext): string {
  const parts = [ctx.verb ?? 'request', ctx.resource ?? ''];
  if (ctx.name) parts.push(`"${ctx.name}"`);
  if (ctx.namespace) parts.push(`in namespace "${ctx.namespace}"`);
  return parts.filter(Boolean).join(' ');
}

function statusMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not a Status object
  }
  return body.slice(0, 200).trim();
}

/**
 * Maps an HTTP error answer of the API server to a {@link K8sClientError} whose message names
 * the verb, resource and namespace and says what to do.
 */
export function fromHttpStatus(status: number, body: string, ctx: RequestContext): K8sClientError {
  const what = describeRequest(ctx);
  const detail = statusMessage(body);
  switch (status) {
    case 401:
      return new K8sClientError('UNAUTHORIZED', `${what}: the API server at ${ctx.server ?? 'the cluster'} rejected the credentials (401); refresh the token or kubeconfig credentials`, { context: ctx, status });
    case 403:
      return new K8sClientError('FORBIDDEN', `${what}: forbidden (403): this identity may not ${ctx.verb ?? 'access'} ${ctx.resource ?? 'this resource'}${ctx.namespace ? ` in namespace "${ctx.namespace}"` : ' cluster-wide'}; ask for an RBAC Role granting it, or use a namespace you may access (${detail})`, { context: ctx, status });
    case 404:
      return new K8sClientError('NOT_FOUND', `${what}: not found (404); check the name and namespace, or list to see what exists`, { context: ctx, status });
    case 409:
      return new K8sClientError('CONFLICT', `${what}: conflict (409): ${detail}; re-read the object and retry`, { context: ctx, status });
    case 410:
      return new K8sClientError('GONE', `${what}: resource version too old (410 Gone); relist`, { context: ctx, status });
    case 400:
    case 422:
      return new K8sClientError('INVALID', `${what}: the API server rejected the request (${status}): ${detail}`, { context: ctx, status });
    case 429:
      return new K8sClientError('TOO_MANY_REQUESTS', `${what}: throttled by the API server (429); retry later`, { context: ctx, status });
    case 504:
      return new K8sClientError('TIMEOUT', `${what}: the API server timed out (504); retry, or narrow the request with a namespace or selector`, { context: ctx, status });
    default:
      return new K8sClientError('SERVER_ERROR', `${what}: the API server answered ${status}: ${detail}`, { context: ctx, status });
  }
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** Maps a socket or TLS error (no HTTP answer) to a {@link K8sClientError}. */
export function fromNetworkError(error: unknown, ctx: RequestContext): K8sClientError {
  if (error instanceof K8sClientError) return error;
  const code = (error as { code?: string } | null)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const what = describeRequest(ctx);
  const server = ctx.server ?? 'the API server';
  if (TLS_CODES.has(code) || /certificate|SSL|TLS/i.test(message)) {
    return new K8sClientError('TLS', `${what}: TLS handshake with ${server} failed (${code || message}); check certificate-authority in the kubeconfig, or that the server address matches its certificate`, { context: ctx, cause: error });
  }
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    return new K8sClientError('TIMEOUT', `${what}: connection to ${server} timed out; check the address and network`, { context: ctx, cause: error });
  }
  return new K8sClientError('UNREACHABLE', `${what}: cannot reach ${server} (${code || message}); check that the cluster is running and the kubeconfig's server address`, { context: ctx, cause: error });
}
