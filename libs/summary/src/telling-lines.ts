import { redactCredentials } from './redact-credentials.js';
import { shorten, utf8Bytes } from './text.js';

// Picks the lines of a container log that say why it failed. Log text is untrusted cluster
// data: it is quoted as evidence (marked with `log...:` for the renderer to fence), never obeyed.

/** Options of {@link tellingLines}. */
export interface TellingLinesOptions {
  /** Most lines returned. Default 8. */
  readonly maxLines?: number;
  /** Most UTF-8 bytes of all returned lines together (plus one per line break). Default 1500. */
  readonly maxBytes?: number;
  /** Each line is cut to this many characters. Default 200. */
  readonly maxLineChars?: number;
  /** Lines taken from the end when none looks telling. Default 3. */
  readonly fallbackLines?: number;
}

/** A log line with how telling it is (higher is better) and where it was. */
interface Scored {
  readonly text: string;
  readonly weight: number;
  readonly position: number;
  readonly repeats: number;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
const STRONG = /\b(fatal|panic|panicked|critical|emerg(ency)?|segmentation fault|core dumped|out of memory|oom-?killed)\b|^[F]\d{4} /i;
// No word boundaries: KeyError, ConnectException, NullPointerException, ECONNREFUSED's "Error:".
const ERROR = /error|exception|caused by|^E\d{4} /i;
const WEAK =
  /\b(refused|not found|no such file|permission denied|forbidden|missing|undefined|invalid|failed|failure|fails?|cannot|can't|could not|couldn't|unable|timeout|timed out|denied|unauthori[sz]ed|not set|not defined|unknown|unrecognized|exit(ed)? with|exit (code|status)|unreachable|no route to host|reset by peer|deadline exceeded|killed|abort(ed|ing)?)\b/i;
// Counts of nothing ("0 errors") and the like are not failures.
const BENIGN = /\b(0|no|zero|without) (errors?|failures?|exceptions?)\b|\b(errors?|failures?|failed)["']?\s*[=:]\s*(0|nil|null|none|false)\b/i;
// Where a failing call went (`Target host: db, port: 5432`, `url=http://api:8080`): the
// address is often the cause (a wrong or missing Service) and sits on a line of its own.
const TARGET = /\b(host(name)?|address|addr|endpoint|url|uri|server|dsn)\b["']?\s*[:=]\s*\S/i;
const FRAME = /^\s+(at |\S+\.go:\d+|File ")/;
const TRACEBACK = /^Traceback \(most recent call last\):/;

function cleanLine(line: string): string {
  return line.replace(ANSI, '').replace(CONTROL, ' ').replace(/\s+$/, '');
}

function weightOf(line: string): number {
  if (FRAME.test(line) || BENIGN.test(line)) return 0;
  if (STRONG.test(line)) return 3;
  if (ERROR.test(line)) return 2;
  return WEAK.test(line) || (TARGET.test(line) && !/^\s/.test(line)) ? 1 : 0;
}

/** Weights of lines, with a Python traceback's exception line (and its last frame) raised. */
function weights(lines: readonly string[]): number[] {
  const result = lines.map(weightOf);
  for (let i = 0; i < lines.length; i++) {
    if (!TRACEBACK.test(lines[i] as string)) continue;
    result[i] = 1;
    let j = i + 1;
    let lastFrame = -1;
    while (j < lines.length && /^\s/.test(lines[j] as string)) {
      if (/^\s+File "/.test(lines[j] as string)) lastFrame = j;
      j++;
    }
    if (lastFrame >= 0) result[lastFrame] = 2;
    if (j < lines.length) result[j] = 3;
    i = j - 1;
  }
  return result;
}

/** Lines that differ only in numbers, ids and timestamps are the same line. */
function dedupKey(line: string): string {
  return line
    .toLowerCase()
    .replace(/\b0x[0-9a-f]+\b/g, '#')
    .replace(/[0-9a-f]{8,}/g, '#')
    .replace(/\d+/g, '#');
}

function splitLines(text: string | readonly string[]): string[] {
  const raw = typeof text === 'string' ? text.split(/\r?\n|\r/) : text.flatMap((l) => l.split(/\r?\n|\r/));
  return raw.map(cleanLine).filter((l) => l.trim() !== '');
}

/** Every telling line (weight > 0), de-duplicated: the last occurrence kept, with its repeat count. */
function scoredLines(lines: readonly string[]): Scored[] {
  const w = weights(lines);
  const byKey = new Map<string, Scored>();
  lines.forEach((text, position) => {
    const weight = w[position] as number;
    if (weight === 0) return;
    const key = dedupKey(text);
    const seen = byKey.get(key);
    byKey.delete(key);
    byKey.set(key, { text, weight: Math.max(weight, seen?.weight ?? 0), position, repeats: (seen?.repeats ?? 0) + 1 });
  });
  return [...byKey.values()];
}

function render(s: Scored, maxChars: number): string {
  const suffix = s.repeats > 1 ? ` (x${s.repeats})` : '';
  return `${shorten(redactCredentials(s.text), Math.max(1, maxChars - suffix.length))}${suffix}`;
}

/**
 * The lines of a log that say why a container failed: errors, exceptions, fatal and panic
 * lines, refused connections, missing files and settings, denied permissions, timeouts, a
 * Python traceback's exception line... Lines differing only in numbers, ids and timestamps
 * count once (the last, marked `(xN)`); each line is cut to `maxLineChars` (ANSI colours and
 * control characters removed, credential-looking values masked). Under `maxLines` / `maxBytes` the strongest and latest lines
 * win; they come back in log order. When no line looks telling, the last `fallbackLines`
 * lines. Pure; `text` is one string or a list of lines.
 */
export function tellingLines(text: string | readonly string[], options: TellingLinesOptions = {}): string[] {
  const maxLines = options.maxLines ?? 8;
  const maxBytes = options.maxBytes ?? 1500;
  const maxChars = options.maxLineChars ?? 200;
  const lines = splitLines(text);
  let scored = scoredLines(lines);
  if (scored.length === 0) {
    const tail = lines.slice(-Math.max(0, options.fallbackLines ?? 3));
    scored = tail.map((t, i) => ({ text: t, weight: 1, position: i, repeats: 1 }));
  }
  const ranked = [...scored].sort((a, b) => b.weight - a.weight || b.position - a.position);
  const chosen: { position: number; text: string }[] = [];
  let bytes = 0;
  for (const s of ranked) {
    if (chosen.length >= maxLines) break;
    const line = render(s, maxChars);
    const cost = utf8Bytes(line) + (chosen.length > 0 ? 1 : 0);
    if (bytes + cost > maxBytes) continue;
    bytes += cost;
    chosen.push({ position: s.position, text: line });
  }
  return chosen.sort((a, b) => a.position - b.position).map((c) => c.text);
}

/** The single most telling line (strongest, then latest), or undefined when none looks telling. */
export function mostTellingLine(text: string | readonly string[], maxChars = 200): string | undefined {
  const best = scoredLines(splitLines(text)).sort((a, b) => b.weight - a.weight || b.position - a.position)[0];
  return best ? render(best, maxChars) : undefined;
}

/**
 * The last line naming where a call went (`Target host: prod-db, port: 3333`, `url=http://api:8080`),
 * cut to `maxChars` and credentials masked, or undefined. An error line rarely says which
 * address it failed on; this line often does, and the address is often the cause.
 */
export function callTargetLine(text: string | readonly string[], maxChars = 80): string | undefined {
  const line = splitLines(text)
    .filter((l) => !/^\s/.test(l) && TARGET.test(l))
    .at(-1);
  return line === undefined ? undefined : shorten(redactCredentials(line.trim()), maxChars);
}

/**
 * Marks a line of log text as evidence: `log (previous): <line>`, `log: <line>` or
 * `log (termination message): <line>`. The summary renderer fences lines with this prefix as
 * untrusted data.
 */
export function logEvidenceLine(line: string, source: 'previous' | 'current' | 'termination message'): string {
  return `${source === 'current' ? 'log' : `log (${source})`}: ${line}`;
}
