import type { FuzzCall } from './fuzz-calls.js';
import type { Observation } from './fuzz-harness.js';
import { findPlanted } from './fuzz-secrets.js';

/**
 * Error codes a tool may answer hostile input with: the caller's mistake (bad argument, unknown
 * tool or kind, missing object), the policy (forbidden, disabled, read-only) or an ability this
 * server lacks (offline snapshot: no exec, metrics or Helm). INTERNAL, SERVER_ERROR, TIMEOUT and
 * anything else mean the server broke on the input.
 */
export const ACCEPTED_CODES: ReadonlySet<string> = new Set([
  'INVALID_ARGUMENT',
  'INVALID',
  'INVALID_OPTIONS',
  'INVALID_RESOURCE_ID',
  'SUMMARY_BUDGET_TOO_SMALL',
  'UNKNOWN_TOOL',
  'UNKNOWN_KIND',
  'NOT_FOUND',
  'FORBIDDEN',
  'NAMESPACE_FORBIDDEN',
  'TOOL_DISABLED',
  'READ_ONLY',
  'NOT_AVAILABLE',
  'METRICS_UNAVAILABLE',
  'SUMMARY_UNAVAILABLE',
  'GRAPH_DISABLED',
  'POD_NOT_RUNNING',
]);

/** JSON-RPC codes for a malformed request: invalid params, and the spec's resource-not-found. */
export const ACCEPTED_PROTOCOL_CODES: ReadonlySet<number> = new Set([-32602, -32002]);

/** What a property needs to judge one request. */
export interface Judged {
  readonly observation: Observation;
  readonly maxOutputBytes: number;
  readonly machinePaths: readonly string[];
}

/** A broken promise, in one line; undefined when the property holds. */
export type Verdict = string | undefined;

const ERROR_TEXT = /^Error \(([A-Z][A-Z_]*)\): (\S[^\n\r]*)$/;

/** Every string in the server's answer (text content, structured content, resource contents, messages, error messages). */
function texts(o: Observation): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const line of o.answer.split('\n')) {
    if (line.trim() === '') continue;
    try {
      walk(JSON.parse(line));
    } catch {
      out.push(line);
    }
  }
  if (o.protocolError) out.push(o.protocolError.message);
  return out;
}

/** The `error` of the server's JSON-RPC answer, as sent (before the client adds its prefix). */
function wireError(o: Observation): { code?: unknown; message?: unknown } | undefined {
  for (const line of o.answer.split('\n')) {
    try {
      const message = JSON.parse(line) as { error?: { code?: unknown; message?: unknown } };
      if (message.error) return message.error;
    } catch {
      // not JSON: judged elsewhere
    }
  }
  return undefined;
}

/** The server answered within the per-call timeout. */
export function answered({ observation: o }: Judged): Verdict {
  if (o.timedOut) return `no answer within the timeout (${Math.round(o.ms)} ms)`;
  if (!o.result && !o.other && !o.protocolError) return 'no answer';
  return undefined;
}

/** A well-formed `tools/call` gets a tool result, never a JSON-RPC error. */
export function answeredWithResult({ observation: o }: Judged): Verdict {
  if (o.protocolError) return `JSON-RPC error ${o.protocolError.code}: ${o.protocolError.message.slice(0, 200)}`;
  return undefined;
}

/** The text content of a tool result. */
function resultText(o: Observation): string {
  return (o.result?.content ?? []).map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

/** An error result is one line, `Error (CODE): message`, with CODE in {@link ACCEPTED_CODES}. */
export function errorShape({ observation: o }: Judged): Verdict {
  if (!o.result?.isError) return undefined;
  const text = resultText(o);
  const m = ERROR_TEXT.exec(text);
  if (!m) {
    const lines = text.split(/\r?\n|\r/).length;
    const shown = text.length > 320 ? `${JSON.stringify(text.slice(0, 200))} … ${JSON.stringify(text.slice(-120))}` : JSON.stringify(text);
    return `error text is not one line "Error (CODE): message" (${lines} line(s), ${Buffer.byteLength(text)} bytes): ${shown}`;
  }
  if (!ACCEPTED_CODES.has(m[1] ?? '')) return `error code ${m[1]} is not acceptable for caller input: ${text.slice(0, 200)}`;
  return undefined;
}

/** The code of an error result, if it is one. */
export function errorCode(o: Observation): string | undefined {
  if (!o.result?.isError) return undefined;
  const first = o.result.content[0];
  return first?.type === 'text' ? /^Error \(([A-Z_]+)\)/.exec(first.text)?.[1] : undefined;
}

const PLAIN_NAME = /^[\w$ .-]{1,64}$/;

/** Input that is invalid whatever the cluster holds is refused: INVALID_ARGUMENT naming the argument (UNKNOWN_TOOL for an unknown tool). */
export function badInputRefused(judged: Judged, call: FuzzCall): Verdict {
  const o = judged.observation;
  const code = errorCode(o);
  if (call.unknownTool) return code === 'UNKNOWN_TOOL' ? undefined : `an unknown tool answered ${code ?? (o.result ? 'a success' : 'no result')}`;
  if (call.invalid.length === 0) return undefined;
  if (!o.result) return undefined; // judged by answeredWithResult
  if (code !== 'INVALID_ARGUMENT') return `invalid ${call.invalid.map((a) => JSON.stringify(a.slice(0, 40))).join(', ')} answered ${code ?? 'a success'}: ${resultText(o).slice(0, 160)}`;
  const plain = call.invalid.filter((a) => PLAIN_NAME.test(a));
  const text = resultText(o);
  if (plain.length === call.invalid.length && !plain.some((a) => text.includes(a))) return `the message names none of ${plain.map((a) => JSON.stringify(a)).join(', ')}: ${text.slice(0, 160)}`;
  return undefined;
}

/**
 * A JSON-RPC error is -32602 (invalid params) or -32002 (resource not found), with a one-line
 * message that carries no "MCP error" prefix; a malformed request gets one, -32602.
 */
export function protocolErrorShape({ observation: o }: Judged, malformed: boolean): Verdict {
  const error = wireError(o);
  if (!error) return malformed && !o.timedOut ? `a malformed request was answered without an error: ${o.answer.slice(0, 160)}` : undefined;
  const message = typeof error.message === 'string' ? error.message : '';
  if (malformed && error.code !== -32602) return `a malformed request got ${String(error.code)} instead of -32602: ${message.slice(0, 160)}`;
  if (typeof error.code !== 'number' || !ACCEPTED_PROTOCOL_CODES.has(error.code)) return `JSON-RPC error ${String(error.code)} is not acceptable for caller input: ${message.slice(0, 160)}`;
  if (message.trim() === '' || /[\n\r]/.test(message)) return `the error message is not one line: ${JSON.stringify(message.slice(0, 160))}`;
  if (/^MCP error -?\d+/.test(message)) return `the error message carries the code inside: ${message.slice(0, 120)}`;
  return undefined;
}

/** The answer's text (every text item together) and its structured content each fit the output cap. */
export function withinCap({ observation: o, maxOutputBytes }: Judged): Verdict {
  const content = o.result?.content ?? [];
  const textBytes = content.reduce((n, c) => n + (c.type === 'text' ? Buffer.byteLength(c.text) : 0), 0);
  if (textBytes > maxOutputBytes) return `text of ${textBytes} bytes exceeds the cap of ${maxOutputBytes}`;
  const structured = o.result?.structuredContent ? Buffer.byteLength(JSON.stringify(o.result.structuredContent)) : 0;
  if (structured > maxOutputBytes) return `structuredContent of ${structured} bytes exceeds the cap of ${maxOutputBytes}`;
  const contents = (o.other?.['contents'] ?? []) as { text?: unknown }[];
  const resourceBytes = contents.reduce((n, c) => n + (typeof c.text === 'string' ? Buffer.byteLength(c.text) : 0), 0);
  if (resourceBytes > maxOutputBytes) return `resource text of ${resourceBytes} bytes exceeds the cap of ${maxOutputBytes}`;
  const error = wireError(o);
  const errorBytes = typeof error?.message === 'string' ? Buffer.byteLength(error.message) : 0;
  if (errorBytes > maxOutputBytes) return `JSON-RPC error message of ${errorBytes} bytes exceeds the cap of ${maxOutputBytes}`;
  return undefined;
}

const STACK_AND_INTERNALS: readonly [string, RegExp][] = [
  ['a stack frame', /^\s*at (?:async )?[\w$.<>[\]]+ \(|\bat (?:async )?[\w$.<>]+ \((?:file:|node:|\/|[A-Za-z]:\\)/m],
  ['a source location', /\b[\w.-]+\.(?:ts|js|mjs|cjs):\d+/],
  ['a JavaScript engine error', /Maximum call stack size exceeded|Cannot read properties of|is not a function|is not iterable|\[object Object\]|Unexpected token|Unexpected end of JSON/],
  ['a zod issue dump', /"code":\s*"invalid_type"|"expected":\s*"|ZodError/],
  ['an internal function name', /\b(?:resolveKind|listKinds|coerceArgs|redactArgs|fitText)\b/],
];

/** No path of this machine, stack frame or raw engine error appears, unless the caller sent it. */
export function noMachineDetails({ observation: o, machinePaths }: Judged): Verdict {
  const answer = [o.answer, ...texts(o)].join('\n');
  for (const path of [...machinePaths, '/root/', '/home/', '/Users/', 'node_modules']) {
    if (answer.includes(path) && !o.request.includes(path)) return `the answer shows ${JSON.stringify(path)}: …${excerpt(answer, answer.indexOf(path))}…`;
  }
  for (const text of texts(o)) {
    for (const [what, pattern] of STACK_AND_INTERNALS) {
      const m = pattern.exec(text);
      if (m && !o.request.includes(m[0].trim())) return `the answer shows ${what}: …${excerpt(text, m.index)}…`;
    }
  }
  return undefined;
}

function excerpt(text: string, at: number): string {
  return JSON.stringify(text.slice(Math.max(0, at - 60), at + 80)).slice(1, -1);
}

/** The request left an audit record naming it (a long name may be shortened), and no audit write failed. */
export function audited({ observation: o }: Judged, name: string | undefined): Verdict {
  const failed = o.logged.find((l) => /audit/i.test(l));
  if (failed) return `the audit write failed: ${failed.slice(0, 200)}`;
  if (o.audit.length === 0) return 'no audit record';
  for (const line of o.audit) {
    let record: { tool?: unknown };
    try {
      record = JSON.parse(line) as { tool?: unknown };
    } catch {
      return `an audit line is not JSON: ${line.slice(0, 120)}`;
    }
    if (name === undefined) return undefined;
    const tool = typeof record.tool === 'string' ? (record.tool.split('…')[0] ?? '') : '';
    if (record.tool === name || (tool.length >= 16 && name.startsWith(tool))) return undefined;
  }
  return `no audit record names ${JSON.stringify((name ?? '').slice(0, 60))}: ${o.audit[0]?.slice(0, 160)}`;
}

/** The planted Secret value (raw, base64, hex) is not in the answer. */
export function secretNotInAnswer({ observation: o }: Judged): Verdict {
  const found = findPlanted([o.answer, ...texts(o)].join('\n'));
  if (!found) return undefined;
  const answer = [o.answer, ...texts(o)].join('\n');
  return `the answer holds the planted value: …${excerpt(answer, answer.indexOf(found))}…`;
}

/** The planted Secret value (raw, base64, hex) is not in the audit log. */
export function secretNotInAudit({ observation: o }: Judged): Verdict {
  for (const line of o.audit) {
    const found = findPlanted(line);
    if (found) return `the audit record holds the planted value: …${excerpt(line, line.indexOf(found))}…`;
  }
  return undefined;
}
