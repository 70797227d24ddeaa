import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, type CallToolResult, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { quotePreview } from '@k8s-mcp/k8s-client';
import { type AuditRecord, type AuditSink, redactArgs } from './audit-log.js';
import { fitText } from './output-budget.js';
import { callerMessage, withoutMachinePaths } from './protocol-error.js';
import { annotationsOf, type ToolCallInfo, type ToolDefinition } from './tool-definition.js';
import { disabledReason, type ToolMode } from './tool-gating.js';
import { coerceArgs, toInputSchema } from './tool-params.js';

/** A finished tool call, for metrics. */
export interface ToolCallEvent {
  readonly tool: string;
  readonly durationMs: number;
  readonly ok: boolean;
  /** Error code of a failed call (`INVALID_ARGUMENT`, `NOT_FOUND`, ...). */
  readonly code?: string;
}

/** Options of {@link installTools}. */
export interface InstallToolsOptions<C> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly tools: readonly ToolDefinition<C, any>[];
  readonly context: C;
  readonly mode: ToolMode;
  /** Hard cap on a result's text, in UTF-8 bytes. Default 24 000 (~6k tokens). */
  readonly maxOutputBytes?: number;
  readonly call: ToolCallInfo;
  readonly audit?: AuditSink;
  readonly now?: () => number;
  readonly onToolCall?: (event: ToolCallEvent) => void;
}

/** `text` on one line: line breaks (which may come from a caller's value) are written as `\n`. */
function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, (b) => (b === '\r' ? '\\r' : '\\n'));
}

const CUT_MARK = ' …(message cut)';

/** An error result: one line, within the same cap as any result (a long line is cut on it, marked). */
function errorResult(code: string, message: string, maxBytes: number): CallToolResult {
  let text = `Error (${code}): ${oneLine(message)}`;
  if (Buffer.byteLength(text) > maxBytes) {
    const room = Math.max(0, maxBytes - Buffer.byteLength(CUT_MARK));
    // Cut on a code-point boundary: a partial sequence decodes to U+FFFD, which is dropped.
    text = `${Buffer.from(text).subarray(0, room).toString('utf8').replace(/\uFFFD+$/, '')}${CUT_MARK}`;
  }
  return { content: [{ type: 'text', text }], isError: true };
}

/**
 * Serves `tools` on `server` through the low-level `tools/list` and `tools/call` handlers, so
 * input schemas stay flat JSON Schema (one type per property, which every client accepts) and
 * arguments are coerced leniently. The safety mode is applied at list time and again at call
 * time; every call is audited (redacted arguments; calls of unknown tools too) and reported to
 * `onToolCall`. Every result, errors included, fits `maxOutputBytes`; error messages carry no
 * machine paths. All tools are listed on one page.
 */
export function installTools<C>(server: McpServer, options: InstallToolsOptions<C>): void {
  const now = options.now ?? Date.now;
  const maxOutputBytes = options.maxOutputBytes ?? 24_000;
  const byName = new Map(options.tools.map((t) => [t.name, t]));
  const inner = server.server;
  inner.registerCapabilities({ tools: { listChanged: false } });

  inner.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: options.tools
      .filter((t) => disabledReason(t, options.mode) === undefined)
      .map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        inputSchema: toInputSchema(t.params),
        ...(t.outputSchema ? { outputSchema: t.outputSchema as { type: 'object' } } : {}),
        annotations: annotationsOf(t),
      })),
  }));

  inner.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name, arguments: rawArgs } = request.params;
    const tool = byName.get(name);
    const started = now();
    const audit = (outcome: AuditRecord['outcome'], durationMs: number, code?: string) => {
      const session = options.call.session ?? extra.sessionId;
      try {
        options.audit?.write({
          time: new Date(started).toISOString(),
          caller: options.call.caller ?? 'unknown',
          transport: options.call.transport,
          ...(session ? { session } : {}),
          method: 'tools/call',
          tool: name.length > 300 ? `${name.slice(0, 300)}…` : name,
          args: redactArgs(rawArgs),
          outcome,
          durationMs,
          ...(code ? { error: code } : {}),
        });
      } catch {
        // A failing sink must not fail the call; the file sink reports its own errors.
      }
    };
    if (!tool) {
      // Audited, but not reported to onToolCall: metrics labelled by whatever name a caller sends would grow without bound.
      audit('error', now() - started, 'UNKNOWN_TOOL');
      return errorResult('UNKNOWN_TOOL', `there is no tool ${quotePreview(name)}; call tools/list to see the available tools.`, maxOutputBytes);
    }
    const finish = (outcome: AuditRecord['outcome'], result: CallToolResult, code?: string): CallToolResult => {
      const durationMs = now() - started;
      audit(outcome, durationMs, code);
      options.onToolCall?.({ tool: name, durationMs, ok: outcome === 'ok', ...(code ? { code } : {}) });
      return result;
    };

    const denied = disabledReason(tool, options.mode);
    if (denied) return finish('denied', errorResult('TOOL_DISABLED', denied, maxOutputBytes), 'TOOL_DISABLED');
    try {
      const args = coerceArgs(tool.params, rawArgs);
      const result = await tool.run(args, options.context, options.call);
      const text = fitText(result.text, maxOutputBytes);
      if (result.isError) return finish('error', { content: [{ type: 'text', text }], isError: true }, 'TOOL_ERROR');
      if (tool.outputSchema && !result.structured) {
        // A client validates structuredContent against the declared schema; answering without it breaks the call.
        return finish('error', errorResult('INTERNAL', `tool "${name}" declares an output schema but returned no structured content`, maxOutputBytes), 'INTERNAL');
      }
      return finish('ok', {
        content: [{ type: 'text', text }],
        ...(tool.outputSchema ? { structuredContent: result.structured } : {}),
      });
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && error instanceof Error) return finish('error', errorResult(code, oneLine(withoutMachinePaths(error.message)), maxOutputBytes), code);
      // An unexpected failure says what happened in one line, without a stack or machine paths.
      const message = error instanceof Error ? error.message : String(error);
      return finish('error', errorResult('INTERNAL', `the tool failed unexpectedly: ${callerMessage(message)}`, maxOutputBytes), 'INTERNAL');
    }
  });
}
