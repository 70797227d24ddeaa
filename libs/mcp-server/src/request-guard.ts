import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { type AuditedMethod, type AuditRecord, type AuditSink, redactArgs } from './audit-log.js';
import { callerMessage, ProtocolError, reasonOfCode } from './protocol-error.js';
import type { ToolCallInfo } from './tool-definition.js';

type RequestHandler = (request: { method: string; params?: unknown }, extra: { sessionId?: string }) => Promise<unknown>;

/** Options of {@link guardRequests}. */
export interface GuardRequestsOptions {
  readonly call: ToolCallInfo;
  readonly audit?: AuditSink;
  readonly now?: () => number;
}

interface ZodLikeError {
  readonly issues: readonly { readonly path?: readonly PropertyKey[]; readonly message?: string }[];
}

function isZodError(error: unknown): error is Error & ZodLikeError {
  return error instanceof Error && Array.isArray((error as Partial<ZodLikeError>).issues);
}

/** One line on what is wrong with a request's params, from the first schema issue. */
function paramsProblem(method: string, error: ZodLikeError): string {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).map(String).join('.');
  const where = path === '' ? 'the request' : path === 'params' ? 'params' : `params.${path.replace(/^params\./, '')}`;
  return callerMessage(`Invalid params for ${method}: ${where}: ${issue?.message ?? 'does not match the schema'}`);
}

/** The error a failed request answers with: a one-line message, its code once, no internals. */
function toProtocolError(method: string, error: unknown): ProtocolError {
  if (isZodError(error)) return new ProtocolError(ErrorCode.InvalidParams, paramsProblem(method, error), undefined, 'INVALID_PARAMS');
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'number' && Number.isSafeInteger(code)) {
    const reason = error instanceof ProtocolError ? error.reason : undefined;
    return new ProtocolError(code, callerMessage(message), (error as { data?: unknown }).data, reason ?? reasonOfCode(code));
  }
  return new ProtocolError(ErrorCode.InternalError, `Internal error: ${callerMessage(message)}`, undefined, 'INTERNAL');
}

const AUDITED = new Set<string>(['tools/call', 'resources/read', 'prompts/get']);

const PROTO_REFUSAL = 'Error (INVALID_ARGUMENT): Unknown argument "__proto__"; no tool has such a parameter (tools/list shows each tool\'s parameters).';

function hasProtoKey(params: unknown): boolean {
  const args = params !== null && typeof params === 'object' ? (params as { arguments?: unknown }).arguments : undefined;
  return args !== null && typeof args === 'object' && Object.hasOwn(args, '__proto__');
}

/** What a request targets, for its audit record: the tool, URI or prompt and its arguments. */
function targetOf(method: string, params: unknown): { tool: string; args: Record<string, unknown> } {
  const p = params !== null && typeof params === 'object' ? (params as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === 'string' ? (v.length > 300 ? `${v.slice(0, 300)}…` : v) : '<missing>');
  if (method === 'resources/read') return { tool: text(p['uri']), args: redactArgs({ uri: p['uri'] }) };
  return { tool: text(p['name']), args: redactArgs(p['arguments']) };
}

/**
 * Wraps every request handler of `server` (call it once all handlers are registered):
 * - params that do not match the method's schema answer `-32602` with one line naming the field,
 *   never `-32603` with the schema library's dump;
 * - every error message carries its code once (the SDK's `McpError` puts "MCP error <code>:"
 *   into the message, which clients prefix again), on one line, without machine paths;
 * - an unexpected failure is `-32603` "Internal error: <first line>";
 * - `resources/read` and `prompts/get` are audited with their outcome and error code, and so is
 *   a `tools/call` that fails before reaching the tool handler (which audits the others);
 * - a `tools/call` with a `__proto__` argument is refused as an unknown argument.
 *
 * The SDK offers no public hook for the errors of its own parsing step, so this wraps its handler
 * table; the spec of this file fails if a new SDK version moves it.
 *
 * @throws Error when the SDK's handler table is not where this expects it.
 */
export function guardRequests(server: Server, options: GuardRequestsOptions): void {
  const now = options.now ?? Date.now;
  const handlers = (server as unknown as { _requestHandlers?: unknown })._requestHandlers;
  if (!(handlers instanceof Map)) throw new Error('guardRequests: the MCP SDK no longer keeps request handlers in Protocol._requestHandlers');
  const table = handlers as Map<string, RequestHandler>;
  for (const [method, handler] of table) {
    table.set(method, async (request, extra) => {
      const started = now();
      const audit = (outcome: AuditRecord['outcome'], error?: string) => {
        if (!options.audit || !AUDITED.has(method)) return;
        const session = options.call.session ?? extra?.sessionId;
        try {
          options.audit.write({
            time: new Date(started).toISOString(),
            caller: options.call.caller ?? 'unknown',
            transport: options.call.transport,
            ...(session ? { session } : {}),
            method: method as AuditedMethod,
            ...targetOf(method, request.params),
            outcome,
            durationMs: now() - started,
            ...(error ? { error } : {}),
          });
        } catch {
          // A failing sink must not fail the request; the file sink reports its own errors.
        }
      };
      if (method === 'tools/call' && hasProtoKey(request.params)) {
        // The SDK's schema parse drops a "__proto__" argument silently (or turns it into the
        // arguments' prototype), so it is refused here, while it can still be seen.
        audit('error', 'INVALID_ARGUMENT');
        return { content: [{ type: 'text', text: PROTO_REFUSAL }], isError: true };
      }
      try {
        const result = await handler(request, extra);
        // tools/call audits itself (with the tool's own outcome and error code).
        if (method !== 'tools/call') audit('ok');
        return result;
      } catch (error) {
        const answer = toProtocolError(method, error);
        audit('error', answer.reason ?? reasonOfCode(answer.code));
        throw answer;
      }
    });
  }
}
