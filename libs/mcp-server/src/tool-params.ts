import { clipText, quotePreview } from '@k8s-mcp/k8s-client';

/** JSON types a tool parameter may have: exactly one per property, so every client accepts it. */
export type ParamType = 'string' | 'integer' | 'number' | 'boolean' | 'array';

/** One flat, top-level tool parameter. */
export interface ParamSpec {
  readonly type: ParamType;
  readonly description: string;
  /** Accepted values (strings only). */
  readonly enum?: readonly string[];
  readonly required?: boolean;
  /** Applied when the argument is absent, null or empty. */
  readonly default?: string | number | boolean | readonly string[];
  /** Bounds for integer and number parameters. */
  readonly minimum?: number;
  readonly maximum?: number;
  /**
   * A value above `maximum` is passed on instead of refused: the tool clamps it to `maximum` and
   * says so in its answer (for bounds an operator configures, e.g. MAX_SUMMARY_SIZE_KB). The
   * listed schema still shows `maximum`.
   */
  readonly clampsAboveMaximum?: boolean;
}

/** The parameters of one tool, by name. */
export type ParamsSpec = Readonly<Record<string, ParamSpec>>;

type TypeOf<P extends ParamSpec> = P['type'] extends 'string'
  ? string
  : P['type'] extends 'integer' | 'number'
    ? number
    : P['type'] extends 'boolean'
      ? boolean
      : readonly string[];

/** The typed arguments a tool's `run` receives for a {@link ParamsSpec}. */
export type ArgsOf<S extends ParamsSpec> = {
  readonly [K in keyof S]: S[K] extends { required: true } | { default: unknown } ? TypeOf<S[K]> : TypeOf<S[K]> | undefined;
};

/** A bad tool argument; the tool call answers with an `isError` result carrying this message. */
export class ToolArgumentError extends Error {
  readonly code = 'INVALID_ARGUMENT' as const;
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(message);
    this.name = 'ToolArgumentError';
  }
}

/** The JSON Schema of a tool's input: flat, one `type` per property, a description on each. */
export function toInputSchema(spec: ParamsSpec): {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
} {
  const properties: Record<string, Record<string, unknown>> = {};
  const required: string[] = [];
  for (const [name, p] of Object.entries(spec)) {
    const prop: Record<string, unknown> = { type: p.type, description: p.description };
    if (p.type === 'array') prop['items'] = { type: 'string' };
    if (p.enum) prop['enum'] = [...p.enum];
    if (p.default !== undefined) prop['default'] = p.default;
    if (p.minimum !== undefined) prop['minimum'] = p.minimum;
    if (p.maximum !== undefined) prop['maximum'] = p.maximum;
    properties[name] = prop;
    if (p.required) required.push(name);
  }
  return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
}

function expected(p: ParamSpec): string {
  if (p.enum) return `one of ${p.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  const range =
    p.minimum !== undefined && p.maximum !== undefined
      ? ` from ${p.minimum} to ${p.maximum}`
      : p.minimum !== undefined
        ? ` >= ${p.minimum}`
        : p.maximum !== undefined
          ? ` <= ${p.maximum}`
          : '';
  switch (p.type) {
    case 'integer':
      return `an integer${range}`;
    case 'number':
      return `a number${range}`;
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list of strings (a JSON array, or comma-separated)';
    default:
      return 'a string';
  }
}

/**
 * What a message says a value was: a short prefix of a string, never a whole structure (a
 * value may be megabytes long or 10,000 levels deep, and serialising it could throw).
 */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return quotePreview(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} item(s)`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

function coerceOne(name: string, p: ParamSpec, value: unknown): unknown {
  const fail = (): never => {
    throw new ToolArgumentError(name, `Invalid argument "${name}": got ${describeValue(value)}; expected ${expected(p)}.`);
  };
  switch (p.type) {
    case 'integer':
    case 'number': {
      // Lenient: clients such as Dify send numbers as strings.
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n) || (p.type === 'integer' && !Number.isInteger(n))) fail();
      if ((p.minimum !== undefined && n < p.minimum) || (p.maximum !== undefined && n > p.maximum && !p.clampsAboveMaximum)) fail();
      return n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      // Never String() an array or object: a deeply nested one overflows the stack.
      if (typeof value !== 'string' && typeof value !== 'number') return fail();
      const s = String(value).trim().toLowerCase();
      if (['true', '1', 'yes'].includes(s)) return true;
      if (['false', '0', 'no'].includes(s)) return false;
      return fail();
    }
    case 'array': {
      let list: unknown = value;
      if (typeof value === 'string') {
        const s = value.trim();
        if (s.startsWith('[')) {
          try {
            list = JSON.parse(s);
          } catch {
            fail();
          }
        } else {
          list = s.split(',').map((x) => x.trim()).filter(Boolean);
        }
      }
      if (!Array.isArray(list) || !list.every((x) => typeof x === 'string' || typeof x === 'number')) fail();
      return (list as unknown[]).map(String);
    }
    default: {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') fail();
      const s = String(value);
      if (p.enum && !p.enum.includes(s)) fail();
      return s;
    }
  }
}

/**
 * Validates and coerces raw tool arguments against `spec`: numbers and booleans sent as strings
 * are accepted, arrays may come as JSON strings or comma lists, absent/null/empty values take the
 * default. Unknown arguments are refused (a typo should not be silently ignored).
 *
 * @throws ToolArgumentError naming the argument and what it accepts.
 */
export function coerceArgs<S extends ParamsSpec>(spec: S, raw: Readonly<Record<string, unknown>> | undefined): ArgsOf<S> {
  const input = raw ?? {};
  // A "__proto__" key that went through an object spread or a schema library sets the prototype
  // instead of a property: it shows only as a changed prototype.
  const proto: unknown = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) {
    throw new ToolArgumentError('__proto__', `Unknown argument "__proto__"; this tool accepts ${Object.keys(spec).map((k) => `"${k}"`).join(', ') || 'no arguments'}.`);
  }
  for (const name of Object.keys(input)) {
    // Own properties only: `constructor`, `toString` or `__proto__` are not parameters of any tool.
    if (!Object.hasOwn(spec, name)) {
      const known = Object.keys(spec);
      throw new ToolArgumentError(
        clipText(name),
        `Unknown argument ${quotePreview(name)}; this tool accepts ${known.length > 0 ? known.map((k) => `"${k}"`).join(', ') : 'no arguments'}.`,
      );
    }
  }
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(spec)) {
    const value = Object.hasOwn(input, name) ? input[name] : undefined;
    const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
    if (empty) {
      if (p.default !== undefined) out[name] = p.default;
      else if (p.required) throw new ToolArgumentError(name, `Missing argument "${name}": ${p.description} Expected ${expected(p)}.`);
      continue;
    }
    out[name] = coerceOne(name, p, value);
  }
  return out as ArgsOf<S>;
}
