/** UTF-8 byte length of `text`. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Shortens one line of cluster-provided text (an event or condition message) to at most
 * `maxChars` characters, at a word boundary where possible, marking the cut with "…". Newlines
 * become spaces so an evidence line stays one line. Whole code points only.
 */
export function shorten(text: string, maxChars: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= maxChars) return flat;
  const head = chars.slice(0, Math.max(1, maxChars - 1)).join('');
  const space = head.lastIndexOf(' ');
  const cut = space > maxChars / 2 ? head.slice(0, space) : head;
  return `${cut}…`;
}

/** `1 pod`, `3 pods`. */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

/** Milliseconds since epoch of an RFC 3339 timestamp, or undefined. */
export function timeOf(timestamp: string | undefined): number | undefined {
  if (!timestamp) return undefined;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A coarse age, `45s`, `12m`, `3h`, `5d`, for messages. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** Compares strings by UTF-16 code units (locale-independent, so output is deterministic). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
