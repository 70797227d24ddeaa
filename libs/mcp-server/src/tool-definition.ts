import type { ArgsOf, ParamsSpec } from './tool-params.js';

/** What a tool may do: read, write, or destroy (delete, exec, apply). */
export type ToolAccess = 'read' | 'write' | 'destructive';

/** A server feature a tool cannot work without; the tool is not offered when the feature is off. */
export type ToolFeature = 'knowledge-graph';

/** Who called and how, for audit records. */
export interface ToolCallInfo {
  /** Transport name, e.g. `stdio`, `sse`, `streamable-http`. */
  readonly transport: string;
  /** Caller identity when known (a token's name or fingerprint, given by the app), never a secret. */
  readonly caller?: string;
  /** MCP session id (HTTP transports with sessions); absent for stdio and stateless requests. */
  readonly session?: string;
}

/** What a tool returns: compact text, and structured data when the tool declares an output schema. */
export interface ToolResult {
  readonly text: string;
  readonly structured?: Record<string, unknown>;
  readonly isError?: boolean;
}

/**
 * One MCP tool. `params` is flat (see {@link ParamsSpec}); `run` gets coerced, typed arguments
 * and the context the server was built with. Expected failures are thrown as errors with a
 * `code` (K8sClientError, ToolArgumentError, ...) and become `isError` results.
 */
export interface ToolDefinition<C = unknown, S extends ParamsSpec = ParamsSpec> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly access: ToolAccess;
  /** Calling twice with the same arguments has no further effect. */
  readonly idempotent: boolean;
  /** Touches something outside the server (the cluster). */
  readonly openWorld: boolean;
  /** Features the tool needs (see {@link ToolFeature}); while one is off the tool is hidden and refused. */
  readonly needs?: readonly ToolFeature[];
  readonly params: S;
  /** JSON Schema of `structured`; when given, every non-error result must carry `structured`. */
  readonly outputSchema?: Readonly<Record<string, unknown>>;
  run(args: ArgsOf<S>, context: C, call: ToolCallInfo): Promise<ToolResult>;
}

/** Identity helper that infers the argument types of `run` from `params`. */
export function defineTool<C, S extends ParamsSpec>(definition: ToolDefinition<C, S>): ToolDefinition<C, S> {
  return definition;
}

/** The MCP annotations of a tool, derived from its access level so they cannot disagree. */
export function annotationsOf(tool: Pick<ToolDefinition, 'title' | 'access' | 'idempotent' | 'openWorld'>): {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
} {
  return {
    title: tool.title,
    readOnlyHint: tool.access === 'read',
    destructiveHint: tool.access === 'destructive',
    idempotentHint: tool.idempotent,
    openWorldHint: tool.openWorld,
  };
}
