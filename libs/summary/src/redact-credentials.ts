// Command lines and log lines may carry credentials (`--password=...`, `postgres://u:p@db`);
// summaries quote them, so the values are masked first.

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]+):([^\s@/]+)@/gi;
const KEY_VALUE = /\b([\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[\w.-]*)(["']?\s*[=:]\s*["']?)([^\s"',;&]+)/gi;
const BEARER = /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;

/**
 * `text` with credential-looking values masked as `***`: the password of URLs
 * (`scheme://user:***@host`), values of keys naming a password, secret, token, API or access
 * key or credentials (`--db-password=***`, `token: ***`), and `Bearer`/`Basic` tokens. Names
 * and the rest of the line are kept so the line still says what failed.
 */
export function redactCredentials(text: string): string {
  return text
    .replace(URL_USERINFO, '$1$2:***@')
    .replace(KEY_VALUE, '$1$2***')
    .replace(BEARER, '$1 ***');
}
