import { loadAllYaml } from '@kubernetes/client-node';
import { K8sClientError } from './k8s-client-error.js';

/** How a snapshot file is parsed, chosen by its extension. */
export type SnapshotFormat = 'json' | 'yaml';

/** One parsed document of a file. */
export interface SnapshotDocument {
  readonly value: unknown;
  /** 1-based index of the document in its file. */
  readonly index: number;
}

const EXPECTED = 'expected kubectl output (-o json or -o yaml), a List, or Kubernetes objects';

/** The error every malformed input raises: names the file, where, and what was expected. */
export function snapshotInvalid(file: string, where: string, problem: string): K8sClientError {
  return new K8sClientError('SNAPSHOT_INVALID', `loadSnapshot: ${file}${where ? ` (${where})` : ''}: ${problem}`);
}

function lineColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function parseJson(text: string, file: string): SnapshotDocument[] {
  try {
    return [{ value: JSON.parse(text) as unknown, index: 1 }];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 quotes the text around the error ('..."password": "x"... is not valid JSON'): never repeat
    // file content in a message, it may be a Secret's.
    const reason = message.replace(/,\s*(?:\.\.\.)?".*$/s, '').replace(/ in JSON at position \d+.*$/s, '');
    const position = /at position (\d+)/.exec(message)?.[1];
    const where = position === undefined ? yamlErrorLine(text) : lineColumn(text, Number(position));
    throw snapshotInvalid(file, where, `not valid JSON (${reason}); ${EXPECTED}`);
  }
}

/** Where a YAML parse of `text` fails (JSON is YAML, so this locates JSON errors V8 does not). */
function yamlErrorLine(text: string): string {
  try {
    loadAllYaml(text, { listener: () => undefined });
  } catch (error) {
    const line = isYamlError(error) ? error.mark?.line : undefined;
    if (line !== undefined) return `line ${line + 1}`;
  }
  return '';
}

interface YamlMark {
  readonly line?: number;
  readonly column?: number;
}

function isYamlError(error: unknown): error is Error & { reason?: string; mark?: YamlMark } {
  return error instanceof Error && error.name === 'YAMLException';
}

function parseYaml(text: string, file: string): SnapshotDocument[] {
  // loadAllYaml turns each document into the client library's typed model: it drops fields the
  // model does not know (newer API fields) and turns timestamps into Dates. The parser's own
  // event listener hands over each document's plain value before that happens, so that is what
  // is kept; the typed result is discarded (and a failure of that typing step is irrelevant).
  const documents: unknown[] = [];
  let depth = 0;
  const listener = (event: 'open' | 'close', state: { result: unknown }): void => {
    if (event === 'open') {
      depth++;
    } else if (--depth === 0) {
      documents.push(state.result);
    }
  };
  try {
    loadAllYaml(text, { filename: file, listener });
  } catch (error) {
    if (isYamlError(error)) {
      const line = error.mark?.line;
      const where = [`document ${documents.length + 1}`, line === undefined ? '' : `line ${line + 1}`].filter(Boolean).join(', ');
      throw snapshotInvalid(file, where, `not valid YAML (${error.reason ?? error.message}); ${EXPECTED}`);
    }
  }
  return documents.map((value, i) => ({ value: plain(value), index: i + 1 }));
}

// YAML timestamps written without quotes parse as Dates; the API server's JSON has strings.
function plain(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString().replace('.000Z', 'Z');
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

/**
 * Parses a snapshot file's text into documents: one for JSON, one per `---` document for YAML
 * (empty documents are dropped). Values are plain JSON (strings, numbers, booleans, null,
 * arrays, objects).
 *
 * @throws K8sClientError `SNAPSHOT_INVALID` naming the file, the document and line where the
 *   parser gives them, and what was expected.
 */
export function parseSnapshotText(text: string, file: string, format: SnapshotFormat): SnapshotDocument[] {
  const documents = format === 'json' ? parseJson(text, file) : parseYaml(text, file);
  return documents.filter((d) => d.value !== null && d.value !== undefined);
}
