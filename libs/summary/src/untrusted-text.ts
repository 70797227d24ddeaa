// Text a workload or user wrote (logs, events, messages, annotations) reaches the model inside
// `<untrusted-data>` tags. The one rule that keeps such text from ending its block early lives
// here, so the summary and the MCP tools (which depend on this lib) share one definition.

/** Name of the tag that fences untrusted cluster text: `<untrusted-data ...>…</untrusted-data>`. */
export const UNTRUSTED_TAG = 'untrusted-data';

/** `<` and characters drawn like it. */
const ANGLE = '<\u02C2\u1438\u2039\u2329\u276C\u276E\u27E8\u3008\uFE64\uFF1C';
/** `/` and characters drawn like it. */
const SLASH = '/\u2044\u2215\u2571\u27CB\u29F8\uFF0F';
/**
 * What may sit between the bracket, the slash and the word without a reader noticing: white
 * space and line breaks, invisible format characters (zero-width spaces and joiners, word
 * joiner, BOM, soft hyphen, bidi controls), combining marks, and the `\n` `\r` `\t` escapes a
 * JSON dump writes for line breaks and tabs.
 */
const IGNORABLE = String.raw`(?:[\s\p{Cf}\p{M}]|\\[nrt])`;
const TAG_START = new RegExp(`[${ANGLE}]${IGNORABLE}*(?:[${SLASH}]${IGNORABLE}*)?`, 'gu');
const ANY_ANGLE = new RegExp(`[${ANGLE}]`, 'u');
const INVISIBLE = /^[\p{Cf}\p{M}]$/u;
const WORD = 'untrusted';

/** Letters of other scripts (and small capitals) drawn like the letters of {@link WORD}; NFKC maps fullwidth and mathematical ones. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  υ: 'u',
  ս: 'u',
  ᴜ: 'u',
  ո: 'n',
  ɴ: 'n',
  т: 't',
  τ: 't',
  ᴛ: 't',
  г: 'r',
  ʀ: 'r',
  ѕ: 's',
  ꜱ: 's',
  е: 'e',
  ᴇ: 'e',
  ԁ: 'd',
  ᴅ: 'd',
};

/** Whether the text at `from` reads as the word `untrusted` (any case, width or look-alike letters, invisible characters inside). */
function readsAsWord(text: string, from: number): boolean {
  let seen = '';
  for (let i = from; i < text.length; ) {
    const ch = String.fromCodePoint(text.codePointAt(i) as number);
    i += ch.length;
    if (INVISIBLE.test(ch)) continue;
    for (const c of ch.normalize('NFKC').toLowerCase()) seen += LOOK_ALIKES[c] ?? c;
    if (!WORD.startsWith(seen.slice(0, WORD.length))) return false;
    if (seen.length >= WORD.length) return true;
  }
  return false;
}

/**
 * Neutralises every spelling of the `<untrusted-data>` tag (closing or opening) in untrusted
 * text, so the text cannot end the block it is quoted in, nor pretend to start another. A
 * spelling is: `<` or a look-alike (`＜ ﹤ ‹ 〈 ⟨ 〈 ❮ ❬ ˂ ᐸ`), optionally `/` or a look-alike
 * (`／ ⁄ ∕ ⧸ ╱ ⟋`), with any white space, line breaks, invisible characters or `\n`-style
 * escapes around them, then the word `untrusted` in any case or width (fullwidth, mathematical),
 * with invisible characters inside it or common Cyrillic, Greek and small-capital look-alike
 * letters. So `</Untrusted-Data>`, `</ untrusted-data >`, `</untrusted-data\n>`, `< /UNTRUSTED`
 * and `＜／ｕｎｔｒｕｓｔｅｄ` are all caught; `&lt;/untrusted-data>` and `\u003c/...` are escaped
 * text, not tags, and stay as they are.
 *
 * Each such bracket becomes `&lt;`; everything else is kept. Inside a JSON string that keeps
 * the JSON valid (the value reads `&lt;/untrusted-data...`). Idempotent; text without a bracket
 * is returned as it is.
 */
export function neutraliseDelimiters(text: string): string {
  if (!ANY_ANGLE.test(text)) return text;
  return text.replace(TAG_START, (match: string, offset: number) => (readsAsWord(text, offset + match.length) ? `&lt;${match.slice(1)}` : match));
}

/**
 * `text` fenced on one line, `<untrusted-data kind="...">text</untrusted-data>`, with line
 * breaks flattened to spaces and every tag spelling inside neutralised. Used where a block of
 * its own would not fit, e.g. a summary's evidence lines.
 */
export function fenceInline(text: string, kind?: string): string {
  const flat = neutraliseDelimiters(text.replace(/[\r\n\u2028\u2029]+/g, ' '));
  return `<${UNTRUSTED_TAG}${kind ? ` kind="${kind}"` : ''}>${flat}</${UNTRUSTED_TAG}>`;
}

/** A whole inline fence: its opening tag (optionally with a kind), content without a tag, its closing tag. */
const INLINE_FENCE = new RegExp(`(<${UNTRUSTED_TAG}(?: kind="[a-z-]*")?>)((?:(?!</?${UNTRUSTED_TAG})[\\s\\S])*?)(</${UNTRUSTED_TAG}>)`, 'g');

/**
 * Neutralises every tag spelling in text that mixes cluster text with inline fences of
 * {@link fenceInline} (a finding message quoting a log line): each whole fence is kept, with its
 * content neutralised again, and everything outside the fences is neutralised, lone tags
 * included. So the result holds only whole, well-formed fences, whatever the cluster wrote.
 */
export function neutraliseOutsideFences(text: string): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(INLINE_FENCE)) {
    out += `${neutraliseDelimiters(text.slice(at, m.index))}${m[1] as string}${neutraliseDelimiters(m[2] as string)}${m[3] as string}`;
    at = m.index + m[0].length;
  }
  return out + neutraliseDelimiters(text.slice(at));
}

/**
 * Repairs text cut from one holding inline fences (a message shortened to one line): a tag cut in
 * half at the end (before any `…`) is dropped, and a fence left open is closed after the `…`.
 */
export function closeCutFences(text: string): string {
  const ellipsis = text.endsWith('…') ? '…' : '';
  let body = ellipsis ? text.slice(0, -1) : text;
  const lt = body.lastIndexOf('<');
  if (lt >= 0 && !body.includes('>', lt)) {
    const tail = body.slice(lt);
    if (`</${UNTRUSTED_TAG}>`.startsWith(tail) || `<${UNTRUSTED_TAG} kind="`.startsWith(tail) || tail.startsWith(`<${UNTRUSTED_TAG} kind="`)) body = body.slice(0, lt).trimEnd();
  }
  const opens = body.match(new RegExp(`<${UNTRUSTED_TAG}(?: kind="[a-z-]*")?>`, 'g'))?.length ?? 0;
  const closes = body.split(`</${UNTRUSTED_TAG}>`).length - 1;
  return `${body}${ellipsis}${opens > closes ? `</${UNTRUSTED_TAG}>` : ''}`;
}

const FENCE_TAG = new RegExp(`</?${UNTRUSTED_TAG}(?: kind="[a-z-]*")?>`, 'g');

/** Characters of `text` that are fence tags (markup a length bound need not count). */
export function fenceTagChars(text: string): number {
  let chars = 0;
  for (const m of text.matchAll(FENCE_TAG)) chars += m[0].length;
  return chars;
}
