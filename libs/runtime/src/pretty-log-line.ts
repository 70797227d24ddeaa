const LEVEL_TAGS: Readonly<Record<string, string>> = { debug: 'DEBUG', info: 'INFO ', warn: 'WARN ', error: 'ERROR' };
const BARE = /^[^\s"=]+$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * One JSON log record (a line as the logger writes it: `level`, ISO `time`, fields, `msg`)
 * rewritten for a human: `12:00:00.123 WARN  message key=value`, the local time of day first.
 * Continuation lines of a multi-line message follow as they are, then the `stack` field
 * indented. A line that is not such a record is returned unchanged.
 */
export function prettyLogLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof record !== 'object' || record === null) return line;
  const { level, time, msg, stack, ...fields } = record;
  const at = new Date(typeof time === 'string' || typeof time === 'number' ? time : Number.NaN);
  const clock = Number.isNaN(at.getTime()) ? '--:--:--.---' : `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
  const tag = LEVEL_TAGS[String(level)] ?? String(level).toUpperCase();
  const extra = Object.entries(fields).map(([key, value]) => ` ${key}=${typeof value === 'string' && BARE.test(value) ? value : JSON.stringify(value)}`);
  const trace = typeof stack === 'string' ? `\n${stack.replace(/^/gm, '  ')}` : '';
  return `${clock} ${tag} ${typeof msg === 'string' ? msg : ''}${extra.join('')}${trace}\n`;
}
