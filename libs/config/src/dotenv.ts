import { ConfigError, type ConfigIssue } from './config-error.js';

/** One variable read from a `.env` file, with the 1-based line it came from. */
export interface DotenvEntry {
  /** The value, unquoted and unescaped. */
  readonly value: string;
  /** 1-based line number in the file. */
  readonly line: number;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

/**
 * Parses the text of a `.env` file: `KEY=value` lines, optional `export ` prefix, blank lines and
 * `#` comments, unquoted values (a `#` at the start or after whitespace starts a comment), `'single'` (literal) and
 * `"double"` (with `\n`, `\t`, `\"`, `\\` escapes) quoted values on one line. Later duplicates win.
 *
 * @param text the file contents
 * @param file the file name used in error messages
 * @throws ConfigError naming the file and line of every malformed line
 */
export function parseDotenv(text: string, file: string): ReadonlyMap<string, DotenvEntry> {
  const entries = new Map<string, DotenvEntry>();
  const issues: ConfigIssue[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fail = (what: string): void => {
      issues.push({ variable: `${file}:${line}`, source: file, message: `${file}:${line}: ${what}` });
    };
    const body = trimmed.startsWith('export ') ? trimmed.slice('export '.length).trimStart() : trimmed;
    const eq = body.indexOf('=');
    if (eq < 0) {
      fail('expected KEY=value');
      return;
    }
    const key = body.slice(0, eq).trim();
    if (!KEY.test(key)) {
      fail(`invalid variable name "${key}" (expected letters, digits and _, not starting with a digit)`);
      return;
    }
    const parsed = parseValue(body.slice(eq + 1));
    if (typeof parsed === 'object') {
      fail(parsed.error);
      return;
    }
    entries.set(key, { value: parsed, line });
  });
  if (issues.length > 0) throw new ConfigError(issues);
  return entries;
}

function parseValue(raw: string): string | { error: string } {
  const rest = raw.trim();
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    let value = '';
    let i = 1;
    for (; i < rest.length; i++) {
      const ch = rest[i] as string;
      if (ch === quote) break;
      if (quote === '"' && ch === '\\' && i + 1 < rest.length) {
        const next = rest[i + 1] as string;
        value += ESCAPES[next] ?? `\\${next}`;
        i++;
        continue;
      }
      value += ch;
    }
    if (i >= rest.length) return { error: `unterminated ${quote === '"' ? 'double' : 'single'}-quoted value` };
    const after = rest.slice(i + 1).trim();
    if (after !== '' && !after.startsWith('#')) {
      return { error: `unexpected text after the closing quote: ${JSON.stringify(after)}` };
    }
    return value;
  }
  // A # at the start of the value or after whitespace starts a comment.
  const comment = rest.search(/(^|\s)#/);
  return (comment >= 0 ? rest.slice(0, comment) : rest).trim();
}
