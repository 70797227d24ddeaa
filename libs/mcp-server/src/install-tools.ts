import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, type CallToolResult, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { type AuditSink, redactArgs } from './audit-log.js';
import { fitText } from './output-budget.js';
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

function errorResult(code: string, message: string): CallToolResult {
  return { content: [{ type: 'text', text: `Error (${code}): ${message}` }], isError: true };
}

/**
 * Serves `tools` on `server` through the low-level `tools/list` and `tools/call` handlers, so
 * input schemas stay flat JSON Schema (one type per property, which every client accepts) and
 * arguments are coerced leniently. The safety mode is applied at list time and again at call
 * time; every call is audited (redacted arguments) and reported to `onToolCall`. All tools are
 * listed on one page.
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

  inner.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const { name, arguments: rawArgs } = request.params;
    const tool = byName.get(name);
    if (!tool) return errorResult('UNKNOWN_TOOL', `there is no tool "${name}"; call tools/list to see the available tools.`);
    const started = now();
    const finish = (outcome: 'ok' | 'error' | 'denied', result: CallToolResult, code?: string): CallToolResult => {
      const durationMs = now() - started;
      options.audit?.write({
        time: new Date(started).toISOString(),
        caller: options.call.caller ?? 'unknown',
        transport: options.call.transport,
        tool: name,
        args: redactArgs(rawArgs ?? {}),
        outcome,
        durationMs,
        ...(code ? { error: code } : {}),
      });
      options.onToolCall?.({ tool: name, durationMs, ok: outcome === 'ok', ...(code ? { code } : {}) });
      return result;
    };

    const denied = disabledReason(tool, options.mode);
    if (denied) return finish('denied', errorResult('TOOL_DISABLED', denied), 'TOOL_DISABLED');
    try {
      const args = coerceArgs(tool.params, rawArgs);
      const result = await tool.run(args, options.context, options.call);
      const text = fitText(result.text, maxOutputBytes);
      if (result.isError) return finish('error', { content: [{ type: 'text', text }], isError: true }, 'TOOL_ERROR');
      if (tool.outputSchema && !result.structured) {
        // A client validates structuredContent against the declared schema; answering without it breaks the call.
        return finish('error', errorResult('INTERNAL', `tool "${name}" declares an output schema but returned no structured content`), 'INTERNAL');
      }
      return finish('ok', {
        content: [{ type: 'text', text }],
        ...(tool.outputSchema ? { structuredContent: result.structured } : {}),
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && error instanceof Error) return finish('error', errorResult(code, error.message), code);
      const message = error instanceof Error ? error.message : String(error);
      return finish('error', errorResult('INTERNAL', `the tool failed unexpectedly: ${message}`), 'INTERNAL');
    }
  });
}
