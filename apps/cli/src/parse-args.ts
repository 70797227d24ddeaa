import { envToFlag, listSettings } from '@k8s-mcp/config';
import { UsageError } from './usage-error.js';

/** What an option's value is: `flag` takes none; the others take one and are checked here. */
export type OptionType = 'flag' | 'string' | 'integer' | 'number';

/** One command-line option of a command (or of every command, for the global ones). */
export interface OptionSpec {
  /** Long name without dashes: `format` is written `--format`. */
  readonly name: string;
  /** One-letter alias without the dash: `n` is written `-n`. */
  readonly short?: string;
  readonly type: OptionType;
  /** The only values accepted (string options). */
  readonly choices?: readonly string[];
  /** Smallest accepted value (integer and number options). Default: none. */
  readonly min?: number;
  /** Exclusive lower bound (number options), e.g. 0 for "positive". */
  readonly above?: number;
  /** Placeholder shown in help, e.g. `<namespace>`. */
  readonly valueName?: string;
  /** One line for the help text. */
  readonly description: string;
  /** Also hands the value to the configuration as this flag, e.g. `--k8s-context`. */
  readonly configFlag?: string;
  /** For a `flag` with a `configFlag`: the value the configuration gets, e.g. `true`. */
  readonly configValue?: string;
}

interface ConfigFlag {
  readonly boolean: boolean;
}

const BOOLEAN_WORDS = /^(true|false|1|0|yes|no)$/i;

let configFlagTable: ReadonlyMap<string, ConfigFlag> | undefined;

/** Every configuration flag (`--k8s-mcp-port`, aliases included), and whether it is boolean. */
function configFlags(): ReadonlyMap<string, ConfigFlag> {
  if (!configFlagTable) {
    const table = new Map<string, ConfigFlag>();
    for (const setting of listSettings()) {
      for (const env of [setting.env, ...(setting.aliases ?? [])]) table.set(envToFlag(env), { boolean: setting.boolean === true });
    }
    configFlagTable = table;
  }
  return configFlagTable;
}

/** The options and positional arguments of one command line, values already checked. */
export class ParsedArgs {
  /** Builds the result; use {@link parseArgs}. */
  constructor(
    /** Arguments that are not options, in order. */
    readonly positionals: readonly string[],
    private readonly values: ReadonlyMap<string, string | true>,
    /** Configuration flags (`--name=value`) for `loadConfig`, global options translated. */
    readonly configArgs: readonly string[],
    /** `-h` or `--help` was given. */
    readonly help: boolean,
  ) {}

  /** Whether the option was given. */
  has(name: string): boolean {
    return this.values.has(name);
  }

  /** A string option's value, or undefined when not given. */
  string(name: string): string | undefined {
    const value = this.values.get(name);
    return typeof value === 'string' ? value : undefined;
  }

  /** A numeric option's value (already validated), or undefined when not given. */
  number(name: string): number | undefined {
    const value = this.string(name);
    return value === undefined ? undefined : Number(value);
  }

  /** Whether a `flag` option was given. */
  flag(name: string): boolean {
    return this.values.get(name) === true;
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function checkValue(spec: OptionSpec, value: string, command: string): void {
  const flag = `--${spec.name}`;
  if (spec.choices && !spec.choices.includes(value)) {
    throw new UsageError(`${command}: ${flag} must be one of ${spec.choices.join(', ')}, got ${JSON.stringify(value)}`);
  }
  if (spec.type === 'integer' || spec.type === 'number') {
    const n = Number(value);
    const whole = spec.type === 'integer';
    const ok =
      value.trim() !== '' && Number.isFinite(n) && (!whole || Number.isInteger(n)) && (spec.min === undefined || n >= spec.min) && (spec.above === undefined || n > spec.above);
    if (!ok) {
      const bound = spec.min !== undefined ? ` >= ${spec.min}` : spec.above !== undefined ? ` > ${spec.above}` : '';
      throw new UsageError(`${command}: ${flag} must be ${whole ? 'a whole number' : 'a number'}${bound}, got ${JSON.stringify(value)}`);
    }
  }
}

/**
 * Finds the command word: the first argument that is neither an option nor the value of a
 * global or configuration option (`k8s-mcp -n shop summary` finds `summary`). Returns it and the
 * other arguments, or no command when there is none.
 */
export function splitCommand(argv: readonly string[], globals: readonly OptionSpec[]): { command?: string; rest: string[] } {
  const takesValue = (arg: string): boolean => {
    if (arg.includes('=')) return false;
    const spec = arg.startsWith('--') ? globals.find((o) => `--${o.name}` === arg) : globals.find((o) => o.short !== undefined && `-${o.short}` === arg);
    if (spec) return spec.type !== 'flag';
    const config = configFlags().get(arg);
    return config !== undefined && !config.boolean;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') return { command: arg, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
    if (takesValue(arg)) i++;
  }
  return { rest: [...argv] };
}

/**
 * Parses one command's arguments: `--name value`, `--name=value`, `-n value`, flags standing
 * alone, positional arguments, and `--` (everything after it is positional). Every
 * configuration setting's flag (`--k8s-mcp-port ...`) is accepted too and handed over in
 * `configArgs`; so are the values of options with a `configFlag`.
 *
 * @param command how to name the command in messages, e.g. `k8s-mcp summary`
 * @throws UsageError for an unknown option (naming the closest known one), a missing value, a
 *   value given to a flag, or a value outside the option's choices or range
 */
export function parseArgs(argv: readonly string[], options: readonly OptionSpec[], command: string): ParsedArgs {
  const byLong = new Map(options.map((o) => [`--${o.name}`, o]));
  const byShort = new Map(options.filter((o) => o.short !== undefined).map((o) => [`-${o.short}`, o]));
  const config = configFlags();
  const positionals: string[] = [];
  const values = new Map<string, string | true>();
  const configArgs: string[] = [];
  let help = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    const spec = byLong.get(name) ?? byShort.get(name);
    if (spec) {
      if (spec.type === 'flag') {
        if (inline !== undefined) throw new UsageError(`${command}: ${name} takes no value; write ${name} alone`);
        values.set(spec.name, true);
        if (spec.configFlag) configArgs.push(`${spec.configFlag}=${spec.configValue ?? 'true'}`);
        continue;
      }
      let value = inline;
      if (value === undefined) {
        const next = argv[i + 1];
        if (next === undefined || (next.startsWith('-') && next !== '-')) {
          throw new UsageError(`${command}: ${name} needs a value (${name} ${spec.valueName ?? '<value>'})`);
        }
        value = next;
        i++;
      }
      checkValue(spec, value, command);
      values.set(spec.name, value);
      if (spec.configFlag) configArgs.push(`${spec.configFlag}=${value}`);
      continue;
    }
    const setting = name.startsWith('--') ? config.get(name) : undefined;
    if (setting) {
      if (inline !== undefined) {
        configArgs.push(arg);
        continue;
      }
      const next = argv[i + 1];
      const takesNext = next !== undefined && !next.startsWith('-') && (!setting.boolean || BOOLEAN_WORDS.test(next));
      if (takesNext) {
        configArgs.push(`${name}=${next}`);
        i++;
      } else if (setting.boolean) {
        configArgs.push(`${name}=true`);
      } else {
        throw new UsageError(`${command}: ${name} needs a value (${name}=<value>)`);
      }
      continue;
    }
    const known = [...byLong.keys(), ...byShort.keys(), ...config.keys()];
    const suggestion = closest(name, known);
    throw new UsageError(`${command}: unknown option ${name}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; run ${command} --help to list the options`);
  }
  return new ParsedArgs(positionals, values, configArgs, help);
}
