/** Most characters of an offending value that an error message repeats. */
export const PREVIEW_CHARS = 80;

/**
 * `value` quoted for an error message: JSON-quoted (so quotes and line breaks cannot break the
 * message), at most `max` characters of it, and the full length when it was cut
 * (`"AAAA…" (100000 characters)`). A caller that sends megabytes must not get them back.
 */
export function quotePreview(value: string, max = PREVIEW_CHARS): string {
  if (value.length <= max) return JSON.stringify(value);
  let cut = value.slice(0, max);
  // Never end on half a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${JSON.stringify(`${cut}…`)} (${value.length} characters)`;
}

/**
 * `value` cut to at most `max` characters (marked with `…`), unquoted: for the operation that
 * starts a message (`get <kind>`), whose kind may be whatever the caller sent.
 */
export function clipText(value: string, max = PREVIEW_CHARS): string {
  if (value.length <= max) return value;
  let cut = value.slice(0, max);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
