import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';

/** JSON-RPC error code of MCP's "resource not found" (the MCP specification, resources). */
export const RESOURCE_NOT_FOUND = -32002;

/**
 * A JSON-RPC error answer. Unlike the SDK's `McpError`, its message is the bare text: clients
 * (the SDK's among them) prefix "MCP error <code>:" themselves, so McpError's built-in prefix
 * would show twice. `reason` names the failure in audit records and is not sent.
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** A -32602 "invalid params" answer with `message`. */
export function invalidParams(message: string): ProtocolError {
  return new ProtocolError(ErrorCode.InvalidParams, message, undefined, 'INVALID_PARAMS');
}

// Absolute paths of the server's machine (POSIX roots people install and run from, and drive
// letters); API paths such as /api/v1/... are not among them.
const MACHINE_PATH = /(^|[\s("'=:[])((?:\/(?:home|Users|root|tmp|var|opt|usr|srv|etc|mnt|media|work|workspace|app|private|snap|nix|run|data|proc|builds?)\/|[A-Za-z]:\\)[^\s"'),;\]]*)/g;

/** `text` with absolute paths of the server's machine replaced by `<path>`. */
export function withoutMachinePaths(text: string): string {
  return text.replace(MACHINE_PATH, '$1<path>');
}

/**
 * `message` fit for a caller: its first line, without the SDK's "MCP error <code>:" prefix,
 * absolute paths of the server's machine replaced by `<path>`, at most `max` characters.
 */
export function callerMessage(message: string, max = 300): string {
  const line = (message.split('\n').find((l) => l.trim() !== '') ?? '').trim();
  const bare = withoutMachinePaths(line.replace(/^(?:MCP error -?\d+:\s*)+/, ''));
  return bare.length > max ? `${bare.slice(0, max).replace(/[\uD800-\uDBFF]$/, '')}…` : bare;
}

/** The audit code of a JSON-RPC error code. */
export function reasonOfCode(code: number): string {
  switch (code) {
    case ErrorCode.InvalidParams:
      return 'INVALID_PARAMS';
    case ErrorCode.MethodNotFound:
      return 'METHOD_NOT_FOUND';
    case ErrorCode.InternalError:
      return 'INTERNAL';
    case RESOURCE_NOT_FOUND:
      return 'RESOURCE_NOT_FOUND';
    default:
      return `JSONRPC_${code}`;
  }
}
