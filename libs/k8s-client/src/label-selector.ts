import { K8sClientError } from './k8s-client-error.js';
import { quotePreview } from './message-preview.js';

/** Operators of a label selector requirement, as the API server's `labels` package names them. */
export type LabelOperator = 'Equals' | 'NotEquals' | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** One requirement of a label selector, e.g. `tier in (web,api)`. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** Values for Equals/NotEquals (one) and In/NotIn (one or more); empty for Exists/DoesNotExist. */
  readonly values: readonly string[];
}

/** A parsed label selector: every requirement must hold (logical AND). */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  /** Whether `labels` satisfy every requirement. An empty selector matches everything. */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
}

/** A `metav1.LabelSelector` as found in Deployment, PDB or NetworkPolicy specs. */
export interface LabelSelectorSpec {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[];
  }[];
}

type Token = { readonly type: 'word' | 'op' | '(' | ')' | ',' | '!'; readonly text: string; readonly at: number };

const WORD = /[A-Za-z0-9._/-]/;
// A qualified name (optional DNS-subdomain prefix) and a label value, as the API server checks them.
const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const EXAMPLE = 'e.g. app=web,tier!=db,env in (prod,staging),!canary';

function invalid(selector: string, problem: string): K8sClientError {
  return new K8sClientError(
    'INVALID',
    `invalid label selector ${quotePreview(selector)}: ${problem}; write requirements separated by commas, ${EXAMPLE}`,
  );
}

function tokenize(selector: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < selector.length) {
    const ch = selector.charAt(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: ch, text: ch, at: i++ });
    } else if (ch === '!' && selector[i + 1] === '=') {
      tokens.push({ type: 'op', text: '!=', at: i });
      i += 2;
    } else if (ch === '!') {
      tokens.push({ type: '!', text: '!', at: i++ });
    } else if (ch === '=') {
      const text = selector[i + 1] === '=' ? '==' : '=';
      tokens.push({ type: 'op', text, at: i });
      i += text.length;
    } else if (WORD.test(ch)) {
      const start = i;
      while (i < selector.length && WORD.test(selector.charAt(i))) i++;
      tokens.push({ type: 'word', text: selector.slice(start, i), at: start });
    } else {
      throw invalid(selector, `unexpected character ${quotePreview(ch)} at position ${i}`);
    }
  }
  return tokens;
}

function checkKey(selector: string, token: Token | undefined): string {
  if (token?.type !== 'word') {
    throw invalid(selector, token ? `expected a label key at position ${token.at}, found ${quotePreview(token.text)}` : 'expected a label key at the end');
  }
  if (!KEY.test(token.text) || token.text.length > 317) {
    throw invalid(selector, `${quotePreview(token.text)} is not a valid label key`);
  }
  return token.text;
}

function checkValue(selector: string, value: string): string {
  if (!VALUE.test(value)) throw invalid(selector, `${quotePreview(value)} is not a valid label value`);
  return value;
}

/**
 * Parses a label selector string the way the API server does: equality-based (`a=b`, `a==b`,
 * `a!=b`) and set-based (`a in (x,y)`, `a notin (x)`, `a`, `!a`) requirements separated by
 * commas. `a!=b` and `a notin (...)` also match objects without label `a`. The empty string is
 * the selector that matches everything.
 *
 * @throws K8sClientError `INVALID` naming the selector and what is wrong with it.
 */
export function parseLabelSelector(selector: string): LabelSelector {
  const tokens = tokenize(selector);
  const requirements: LabelRequirement[] = [];
  let i = 0;
  const next = (): Token | undefined => tokens[i++];
  const peek = (): Token | undefined => tokens[i];

  while (i < tokens.length) {
    let requirement: LabelRequirement;
    if (peek()?.type === '!') {
      next();
      requirement = { key: checkKey(selector, next()), operator: 'DoesNotExist', values: [] };
    } else {
      const key = checkKey(selector, next());
      const op = peek();
      if (op === undefined || op.type === ',') {
        requirement = { key, operator: 'Exists', values: [] };
      } else if (op.type === 'op') {
        next();
        // `a=` selects the empty value, as the API server allows.
        const value = peek()?.type === 'word' ? (next() as Token).text : '';
        requirement = { key, operator: op.text === '!=' ? 'NotEquals' : 'Equals', values: [checkValue(selector, value)] };
      } else if (op.type === 'word' && (op.text === 'in' || op.text === 'notin')) {
        next();
        if (next()?.type !== '(') throw invalid(selector, `expected "(" after ${quotePreview(op.text)} at position ${op.at}`);
        const values: string[] = [];
        for (;;) {
          const t = next();
          if (t?.type === 'word') values.push(checkValue(selector, t.text));
          else throw invalid(selector, `expected a value in the set after ${quotePreview(`${key} ${op.text}`)}`);
          const sep = next();
          if (sep?.type === ')') break;
          if (sep?.type !== ',') throw invalid(selector, `expected "," or ")" in the set after ${quotePreview(`${key} ${op.text}`)}`);
        }
        requirement = { key, operator: op.text === 'in' ? 'In' : 'NotIn', values };
      } else {
        throw invalid(selector, `expected an operator (=, ==, !=, in, notin) or "," after ${quotePreview(key)} at position ${op.at}, found ${quotePreview(op.text)}`);
      }
    }
    requirements.push(requirement);
    const sep = next();
    if (sep !== undefined && sep.type !== ',') {
      throw invalid(selector, `expected "," at position ${sep.at}, found ${quotePreview(sep.text)}`);
    }
    if (sep !== undefined && peek() === undefined) throw invalid(selector, 'trailing ","');
  }
  return makeSelector(requirements);
}

function makeSelector(requirements: readonly LabelRequirement[]): LabelSelector {
  const frozen = Object.freeze(requirements.map((r) => Object.freeze({ ...r, values: Object.freeze([...r.values]) })));
  return Object.freeze({
    requirements: frozen,
    matches: (labels: Readonly<Record<string, string>> | undefined) => frozen.every((r) => matchRequirement(r, labels ?? {})),
  });
}

function matchRequirement(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Equals':
    case 'In':
      return has && r.values.includes(value as string);
    case 'NotEquals':
    case 'NotIn':
      return !has || !r.values.includes(value as string);
  }
}

/**
 * Builds a {@link LabelSelector} from a `metav1.LabelSelector` (`matchLabels` and
 * `matchExpressions` with operators In, NotIn, Exists, DoesNotExist). `{}` matches everything;
 * callers decide what an absent selector means (for a PDB: nothing).
 *
 * @throws K8sClientError `INVALID` for an unknown operator, or In/NotIn without values.
 */
export function labelSelectorFromSpec(spec: LabelSelectorSpec): LabelSelector {
  const requirements: LabelRequirement[] = Object.entries(spec.matchLabels ?? {}).map(([key, value]) => ({
    key,
    operator: 'Equals' as const,
    values: [value],
  }));
  for (const expr of spec.matchExpressions ?? []) {
    const values = expr.values ?? [];
    if (expr.operator === 'In' || expr.operator === 'NotIn') {
      if (values.length === 0) {
        throw new K8sClientError('INVALID', `label selector: ${quotePreview(expr.key)} ${expr.operator} needs at least one value`);
      }
      requirements.push({ key: expr.key, operator: expr.operator, values });
    } else if (expr.operator === 'Exists' || expr.operator === 'DoesNotExist') {
      requirements.push({ key: expr.key, operator: expr.operator, values: [] });
    } else {
      throw new K8sClientError(
        'INVALID',
        `label selector: unknown operator ${quotePreview(String(expr.operator))} for key ${quotePreview(expr.key)}; expected In, NotIn, Exists or DoesNotExist`,
      );
    }
  }
  return makeSelector(requirements);
}
