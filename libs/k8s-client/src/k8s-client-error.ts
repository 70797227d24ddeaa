import { quotePreview } from './message-preview.js';

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
  | 'READ_ONLY'
  | 'SNAPSHOT_INVALID';

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
  // Quoted and bounded: a name may hold anything a caller sent (line breaks, megabytes).
  if (ctx.name) parts.push(quotePreview(ctx.name));
  if (ctx.namespace) parts.push(`in namespace ${quotePreview(ctx.namespace)}`);
  return parts.filter(Boolean).join(' ');
}

interface StatusBody {
  readonly message?: string;
  readonly reason?: string;
}

function parseStatus(body: string): StatusBody {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; reason?: unknown } | null;
    return {
      message: typeof parsed?.message === 'string' ? parsed.message : undefined,
      reason: typeof parsed?.reason === 'string' ? parsed.reason : undefined,
    };
  } catch {
    // not a Status object
    return {};
  }
}

function statusMessage(status: StatusBody, body: string): string {
  return status.message ?? (body.slice(0, 200).trim() || 'no details');
}

/**
 * Maps an HTTP error answer of the API server to a {@link K8sClientError} whose message names
 * the verb, resource and namespace and says what to do. The Status `message` is quoted where it
 * helps (it names fields, never Secret values).
 */
export function fromHttpStatus(status: number, body: string, ctx: RequestContext): K8sClientError {
  const what = describeRequest(ctx);
  const parsed = parseStatus(body);
  const detail = statusMessage(parsed, body);
  const where = ctx.namespace ? ` in namespace "${ctx.namespace}"` : ' cluster-wide';
  const opts = { context: ctx, status };
  switch (status) {
    case 401:
      return new K8sClientError('UNAUTHORIZED', `${what}: the API server at ${ctx.server ?? 'the cluster'} rejected the credentials (401); refresh the token or kubeconfig credentials`, opts);
    case 403:
      return new K8sClientError('FORBIDDEN', `${what}: forbidden (403): this identity may not ${ctx.verb ?? 'access'} ${ctx.resource ?? 'this resource'}${where}; ask for an RBAC Role granting it, or use a namespace you may access (${detail})`, opts);
    case 404:
      return new K8sClientError('NOT_FOUND', `${what}: not found (404); check the name and namespace, or list to see what exists`, opts);
    case 405:
      return new K8sClientError('INVALID', `${what}: the API server does not allow ${ctx.verb ?? 'this verb'} on ${ctx.resource ?? 'this resource'} (405 Method Not Allowed): ${detail}`, opts);
    case 408:
      return new K8sClientError('TIMEOUT', `${what}: the API server timed out (408); retry, or narrow the request with a namespace or selector`, opts);
    case 409:
      if (parsed.reason === 'AlreadyExists') {
        return new K8sClientError('CONFLICT', `${what}: already exists (409): ${detail}; use apply or patch to change it, or pick another name`, opts);
      }
      return new K8sClientError('CONFLICT', `${what}: conflict (409): ${detail}; re-read the object and retry, or for an apply conflict retry with force to take the fields over`, opts);
    case 410:
      return new K8sClientError('GONE', `${what}: resource version too old (410 Gone); relist`, opts);
    case 400:
    case 413:
    case 422:
      return new K8sClientError('INVALID', `${what}: the API server rejected the request (${status}): ${detail}; fix the request and retry`, opts);
    case 415:
      return new K8sClientError('INVALID', `${what}: unsupported patch or content type (415): ${detail}; custom resources accept merge or json patches, not strategic merge patches`, opts);
    case 429:
      return new K8sClientError('TOO_MANY_REQUESTS', `${what}: throttled by the API server (429); retry later`, opts);
    case 504:
      return new K8sClientError('TIMEOUT', `${what}: the API server timed out (504); retry, or narrow the request with a namespace or selector`, opts);
    default:
      return new K8sClientError('SERVER_ERROR', `${what}: the API server answered ${status}: ${detail}${status >= 500 ? '; retry later, and check the API server if it persists' : ''}`, opts);
  }
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);

/**
 * Maps a socket or TLS error (no HTTP answer) to a {@link K8sClientError}: TLS failures to `TLS`,
 * connect timeouts to `TIMEOUT`, everything else (refused, reset, DNS, unreachable network) to
 * `UNREACHABLE`. A {@link K8sClientError} is returned unchanged.
 */
export function fromNetworkError(error: unknown, ctx: RequestContext): K8sClientError {
  if (error instanceof K8sClientError) return error;
  const raw = (error as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' ? raw : '';
  const message = error instanceof Error ? error.message : String(error);
  const what = describeRequest(ctx);
  const server = ctx.server ?? 'the API server';
  const opts = { context: ctx, cause: error };
  if (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || /certificate|SSL|TLS/i.test(message)) {
    return new K8sClientError('TLS', `${what}: TLS handshake with ${server} failed (${code || message}); check certificate-authority in the kubeconfig (or the CA file), or that the server address matches its certificate`, opts);
  }
  if (TIMEOUT_CODES.has(code)) {
    return new K8sClientError('TIMEOUT', `${what}: connection to ${server} timed out (${code}); check the address and network`, opts);
  }
  if (DNS_CODES.has(code)) {
    return new K8sClientError('UNREACHABLE', `${what}: cannot resolve the host of ${server} (${code}); check the server address in the kubeconfig or K8S_API_SERVER`, opts);
  }
  return new K8sClientError('UNREACHABLE', `${what}: cannot reach ${server} (${code || message}); check that the cluster is running and the kubeconfig's server address`, opts);
}
