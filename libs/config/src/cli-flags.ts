import type { ConfigIssue } from './config-error.js';
import { envToFlag, listSettings } from './settings.js';

/** A value given on the command line, keyed by the variable name it sets. */
export interface FlagValue {
  /** The raw value. */
  readonly value: string;
  /** The flag as written, e.g. `--k8s-mcp-port`. */
  readonly flag: string;
}

/** Result of {@link parseConfigFlags}: values by variable name, plus every problem found. */
export interface ParsedFlags {
  /** Values by variable name (`K8S_MCP_PORT`); a repeated flag keeps its last value. */
  readonly values: ReadonlyMap<string, FlagValue>;
  /** Unknown flags, missing values and stray arguments. */
  readonly issues: readonly ConfigIssue[];
}

const BOOLEAN_WORDS = /^(true|false|1|0|yes|no)$/i;

interface FlagTarget {
  readonly env: string;
  readonly boolean: boolean;
}

function flagTable(): Map<string, FlagTarget> {
  const table = new Map<string, FlagTarget>();
  for (const setting of listSettings()) {
    for (const env of [setting.env, ...(setting.aliases ?? [])]) {
      table.set(envToFlag(env), { env, boolean: setting.boolean === true });
    }
  }
  return table;
}

/**
 * Parses configuration flags: `--kebab-name=value` or `--kebab-name value`, where the kebab name
 * is the variable name in lower case with `-` for `_` (`--k8s-mcp-port 9000`). A boolean flag
 * may stand alone (`--k8s-mcp-debug` means true). Never throws: problems are returned.
 */
export function parseConfigFlags(argv: readonly string[]): ParsedFlags {
  const table = flagTable();
  const values = new Map<string, FlagValue>();
  const issues: ConfigIssue[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--') || arg === '--') {
      issues.push({
        variable: arg,
        source: 'command line',
        message: `unexpected argument ${JSON.stringify(arg)}: options take the form --name=value; run with --help to list them`,
      });
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const target = table.get(flag);
    if (!target) {
      const suggestion = closest(flag, [...table.keys()]);
      // `--unknown value`: the value belongs to the unknown flag, not a stray argument.
      if (eq < 0 && argv[i + 1] !== undefined && !(argv[i + 1] as string).startsWith('--')) i++;
      issues.push({
        variable: flag,
        source: 'command line',
        message: `unknown option ${flag}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; run with --help to list the options`,
      });
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      const takesNext = next !== undefined && !next.startsWith('--') && (!target.boolean || BOOLEAN_WORDS.test(next));
      if (takesNext) {
        value = next;
        i++;
      } else if (target.boolean) {
        value = 'true';
      }
    }
    if (value === undefined) {
      issues.push({
        variable: flag,
        source: 'command line',
        message: `option ${flag} needs a value (${flag}=value or ${flag} value)`,
      });
      continue;
    }
    values.set(target.env, { value, flag });
  }
  return { values, issues };
}

/** The candidate nearest to `word` by edit distance, if it is close enough to be a likely typo. */
function closest(word: string, candidates: readonly string[]): string | undefined {
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
