import { parseCommandLine } from './tools/command-line.js';

/** What replaces a credential found in a command line. */
const REDACTED = '<redacted>';

/** Names that announce a credential: as a variable, an option, a `key=value` pair or a header. */
const SENSITIVE = /pass(?:word|wd)?|pwd|token|secret|credential|api[-_]?key|auth|private[-_]?key|cookie/i;

// `NAME=value` wherever it starts a word or follows `=`, `-`, `,`, `;`, `&`, `|` or a quote:
// PASSWORD=x, --password=x, --from-literal=db_password=x, a=1;TOKEN=y.
const ASSIGNMENT = /(?<=^|[=\s,;&|'"-])([A-Za-z_][\w.-]*)=/g;
const VALUE = /^[^\s,;&|'"]*/;
// Credentials in a URL: scheme://user:password@host.
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]*@/gi;
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

function redactWord(word: string): string {
  let out = '';
  let from = 0;
  // The value is not consumed by the match, so `--from-literal=db_password=x` finds both names.
  for (const match of word.matchAll(ASSIGNMENT)) {
    if (match.index < from || !SENSITIVE.test(match[1] as string)) continue;
    const valueAt = match.index + match[0].length;
    const value = VALUE.exec(word.slice(valueAt))?.[0] ?? '';
    out += `${word.slice(from, valueAt)}${REDACTED}`;
    from = valueAt + value.length;
  }
  return `${out}${word.slice(from)}`.replace(URL_USERINFO, `$1:${REDACTED}@`);
}

/**
 * Redacts credentials in argv words: `NAME=value` and `--name=value` where the name announces a
 * credential (password, token, secret, key, auth...), the value after such an option
 * (`--password x`), mysql's `-pVALUE` and `-p VALUE`, curl's `-u user:password`, credential
 * headers (`Authorization: ...`), passwords in URLs, and the script of `sh -c '...'` (split and
 * redacted the same way). Returns the words and whether anything was replaced.
 */
export function redactArgv(words: readonly string[]): { words: string[]; changed: boolean } {
  const out: string[] = [];
  let changed = false;
  const program = (words[0] ?? '').split('/').pop() ?? '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const next = words[i + 1];
    let redacted = redactWord(word);
    // How the next word is redacted when this word is an option that takes it as its value.
    let takesNext: ((value: string) => string) | undefined;
    let optionValue = true;
    const header = /^([\w-]+)\s*:\s*\S/.exec(word);
    if (header && SENSITIVE.test(header[1] as string) && !word.includes('://')) {
      redacted = `${header[1]}: ${REDACTED}`;
    } else if (/^-p.+/.test(word)) {
      redacted = `-p${REDACTED}`;
    } else if (word === '-p' || (/^--?[A-Za-z][\w.-]*$/.test(word) && SENSITIVE.test(word))) {
      takesNext = () => REDACTED;
    } else if (word === '-u' || word === '--user') {
      takesNext = (value) => (value.includes(':') ? `${value.slice(0, value.indexOf(':'))}:${REDACTED}` : value);
    } else if (SHELLS.has(program) && /^-[a-z]*c[a-z]*$/.test(word)) {
      takesNext = (script) => redactCommandText(script);
      optionValue = false;
    }
    out.push(redacted);
    if (redacted !== word) changed = true;
    // An option's value never starts with "-" (that is the next option); a script may.
    if (takesNext && next !== undefined && !(optionValue && next.startsWith('-'))) {
      const value = takesNext(next);
      out.push(value);
      if (value !== next) changed = true;
      i++;
    }
  }
  return { words: out, changed };
}

/**
 * `text` with the credentials {@link redactArgv} finds replaced, the words re-joined (quoted
 * where needed); `text` itself when there was nothing to replace. Never throws: a line that
 * does not split (an unclosed quote) is split at whitespace.
 */
export function redactCommandText(text: string): string {
  let words: string[];
  try {
    words = parseCommandLine(text);
  } catch {
    words = text.split(/\s+/).filter(Boolean);
  }
  const { words: redacted, changed } = redactArgv(words);
  if (!changed) return text;
  return redacted.map((w) => (w === '' || /[\s'"\\]/.test(w) ? JSON.stringify(w) : w)).join(' ');
}
