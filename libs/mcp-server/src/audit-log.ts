import { parseYamlDocuments } from '@k8s-mcp/k8s-client';
import { redactArgv, redactCommandText } from './redact-command-line.js';

/**
 * What is audited: MCP tool calls, resource reads and prompts, and `session` for a request the
 * app refused before it reached an MCP server (another caller's session, the session cap).
 */
export type AuditedMethod = 'tools/call' | 'resources/read' | 'prompts/get' | 'session';

/** One audit record: a JSON line in `logs/audit.log`. */
export interface AuditRecord {
  readonly time: string;
  /** Who called: the name or fingerprint of the credential the app identified, never a secret; `unknown` when not given. */
  readonly caller: string;
  /** Transport name: `stdio`, `sse`, `streamable-http`, ... */
  readonly transport: string;
  /** MCP session id, when the transport has sessions. */
  readonly session?: string;
  /** The request: a tool call, a resource read or a prompt. */
  readonly method: AuditedMethod;
  /** What was called: the tool name, the resource URI or the prompt name (bounded, as sent). */
  readonly tool: string;
  /** The arguments (or `{uri}`), redacted and bounded by {@link redactArgs}. */
  readonly args: Record<string, unknown>;
  readonly outcome: 'ok' | 'error' | 'denied';
  readonly durationMs: number;
  /** Error code of a failed call (`INVALID_ARGUMENT`, `UNKNOWN_TOOL`, `RESOURCE_NOT_FOUND`, ...). */
  readonly error?: string;
}

/** Receives audit records (the app appends them to a file; tests collect them). */
export interface AuditSink {
  write(record: AuditRecord): void;
}

/** Limits of a recorded argument value: whatever a caller sends, a record stays small and serialisable. */
const LIMITS = {
  /** Levels below the arguments object; deeper values become a marker. */
  depth: 10,
  /** Values (objects, arrays, strings...) recorded per record. */
  nodes: 2_000,
  /** Characters of strings and keys recorded per record. */
  chars: 32_000,
  /** Characters kept of one string. */
  string: 500,
  /** Characters kept of one key. */
  key: 100,
  /** Entries kept of one object or array. */
  entries: 100,
  /** Longest string parsed as JSON or YAML to look for Secrets in it. */
  parse: 1_000_000,
} as const;

const SECRET_KEY = /token|password|passwd|secret|credential|apikey|api_key|authorization|private/i;
// Fields of a Secret (or of anything inside one) that hold its values.
const SECRET_VALUE_KEYS = new Set(['data', 'stringData', 'binaryData']);
const DEEP = `<nested deeper than ${LIMITS.depth} levels: not recorded>`;
const FULL = '<record budget spent: not recorded>';

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max).replace(/[\uD800-\uDBFF]$/, '')}…(${text.length} chars)`;
}

/** `key -> byte length` of a Secret's `data` (base64) or `stringData` map: the keys stay, the values never. */
function valueSizes(map: unknown, base64: boolean): unknown {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) return '<redacted>';
  const out: [string, string][] = [];
  for (const key of Object.keys(map).slice(0, LIMITS.entries)) {
    const value = (map as Record<string, unknown>)[key];
    const bytes = typeof value === 'string' ? (base64 ? Buffer.from(value, 'base64').length : Buffer.byteLength(value)) : undefined;
    out.push([clip(key, LIMITS.key), bytes === undefined ? '<redacted>' : `<redacted: ${bytes} bytes>`]);
  }
  return Object.fromEntries(out);
}

/** Whether `text` may hold a structure (a manifest): a single line without brackets is a scalar or one `key: value`. */
function mayBeStructured(text: string): boolean {
  return /[\n{[]/.test(text) || /^\s*(?:---|%|!|&|\? |- )/.test(text);
}

/** The documents `text` parses to as JSON, else YAML; undefined when it parses to neither. */
function parseDocuments(text: string): unknown[] | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return [JSON.parse(trimmed) as unknown];
    } catch {
      // Not JSON; flow-style YAML ({kind: Secret}) is tried next.
    }
  }
  try {
    return parseYamlDocuments(text);
  } catch {
    return undefined;
  }
}

function isSecretLike(obj: object): boolean {
  const kind = Object.hasOwn(obj, 'kind') ? (obj as { kind?: unknown }).kind : undefined;
  return typeof kind === 'string' && /secret/i.test(kind);
}

/**
 * A copy of tool arguments safe to log, built from the parsed value, never from the raw text:
 * - values under secret-looking keys (`token`, `password`, ...) become `<redacted>`;
 * - any object whose `kind` names a Secret (a manifest object, or a string that parses as JSON
 *   or YAML: unicode escapes, several documents and `List` items included) keeps its keys but
 *   its `data`/`stringData` values become their sizes, in it and in everything under it;
 * - strings that look structured but parse as neither JSON nor YAML are not recorded, since
 *   what they hold cannot be checked;
 * - command lines have credentials redacted (`--password=x`, `-pSECRET`, `PASSWORD=x`,
 *   `sh -c '...'`, see {@link redactArgv});
 * - values nested deeper than 10 levels become a marker; strings are cut at 500 characters,
 *   objects and arrays at 100 entries, and the whole at 2,000 values and 32,000 characters.
 *
 * Never throws, whatever `args` holds.
 */
export function redactArgs(args: unknown): Record<string, unknown> {
  let nodes = 0;
  let chars = 0;
  const walk = (value: unknown, key: string, depth: number, inSecret: boolean): unknown => {
    if (key !== '' && SECRET_KEY.test(key)) return '<redacted>';
    if (depth > LIMITS.depth) return DEEP;
    if (++nodes > LIMITS.nodes || chars > LIMITS.chars) return FULL;
    if (typeof value === 'string') return walkString(value, depth, inSecret);
    if (value === null || typeof value !== 'object') return typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol' ? String(typeof value) : value;
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (Array.isArray(value)) {
      const items = value.slice(0, LIMITS.entries);
      const argv = items.every((v) => typeof v === 'string') ? redactArgv(items as string[]).words : items;
      const out = argv.map((v) => walk(v, '', depth + 1, inSecret));
      if (value.length > LIMITS.entries) out.push(`<${value.length - LIMITS.entries} more items>`);
      return out;
    }
    const secret = inSecret || isSecretLike(value);
    const out: [string, unknown][] = [];
    let count = 0;
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      if (++count > LIMITS.entries) {
        out.push(['<more keys>', 'not recorded']);
        break;
      }
      const v = (value as Record<string, unknown>)[k];
      chars += Math.min(k.length, LIMITS.key);
      out.push([clip(k, LIMITS.key), secret && SECRET_VALUE_KEYS.has(k) ? valueSizes(v, k === 'data' || k === 'binaryData') : walk(v, k, depth + 1, secret)]);
    }
    return Object.fromEntries(out);
  };
  const walkString = (text: string, depth: number, inSecret: boolean): unknown => {
    if (mayBeStructured(text)) {
      if (text.length > LIMITS.parse) return `<${text.length} chars: too long to check for secrets, not recorded>`;
      const documents = parseDocuments(text);
      if (documents === undefined) return `<${text.length} chars that parse as neither JSON nor YAML: not recorded>`;
      const [only] = documents;
      const structured = documents.length > 1 || (only !== null && typeof only === 'object');
      if (structured) return walk(documents.length === 1 ? only : documents, '', depth, inSecret);
    }
    // Only a prefix is recorded, so only a prefix is redacted (a cut never reveals more: the
    // value after a cut-off option is not recorded either).
    const head = text.slice(0, 2 * LIMITS.string);
    const redacted = redactCommandText(head);
    chars += Math.min(redacted.length, LIMITS.string);
    if (head.length === text.length && redacted.length <= LIMITS.string) return redacted;
    return `${redacted.slice(0, LIMITS.string).replace(/[\uD800-\uDBFF]$/, '')}…(${text.length} chars)`;
  };
  try {
    const top = args === undefined || args === null ? {} : args;
    // Arguments that name a Secret (kind=secret with a patch) make everything in them Secret data.
    const inSecret = typeof top === 'object' && isSecretLike(top);
    const recorded = walk(top, '', 0, inSecret);
    return recorded !== null && typeof recorded === 'object' && !Array.isArray(recorded) ? (recorded as Record<string, unknown>) : { '<arguments>': recorded };
  } catch {
    return { '<arguments>': 'not recorded: they could not be read' };
  }
}

/**
 * `record` as one JSON line. Never throws: a record that cannot be serialised (only possible
 * for arguments not redacted by {@link redactArgs}) is written without its arguments.
 */
export function auditLine(record: AuditRecord): string {
  try {
    return JSON.stringify(record);
  } catch {
    return JSON.stringify({ ...record, args: { '<arguments>': 'not recorded: they could not be serialised' } });
  }
}
