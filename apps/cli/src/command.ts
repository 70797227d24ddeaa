import type { CliIo } from './cli-io.js';
import type { OptionSpec, ParsedArgs } from './parse-args.js';

/** What a command gets: the injected process facts and its parsed arguments. */
export interface CommandContext {
  readonly io: CliIo;
  readonly args: ParsedArgs;
}

/**
 * One `k8s-mcp` subcommand. `run` writes its result to stdout and throws typed errors for
 * failures (UsageError, CommandFailedError, library errors); it never decides the exit code.
 */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Arguments after the command name, e.g. `<object> [options]`. */
  readonly synopsis: string;
  /** What it does, for `--help` (may span lines). */
  readonly description: string;
  /** Options besides the global ones. */
  readonly options: readonly OptionSpec[];
  /** Whether the global cluster options (--context, --kubeconfig, ...) apply. */
  readonly usesCluster: boolean;
  readonly examples?: readonly string[];
  run(context: CommandContext): Promise<void>;
}

/** Options every command accepts. */
export const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', type: 'flag', description: 'Show this help.' };

/**
 * Options of every command that reads a cluster. Each sets the configuration setting named in
 * its `configFlag`, so `--context x` equals `--k8s-context=x` or `K8S_CONTEXT=x`.
 */
export const CLUSTER_OPTIONS: readonly OptionSpec[] = [
  { name: 'kubeconfig', type: 'string', valueName: '<path>', description: 'Kubeconfig file(s), ":"-separated (KUBECONFIG_PATH).', configFlag: '--kubeconfig-path' },
  { name: 'context', type: 'string', valueName: '<name>', description: 'Kubeconfig context (K8S_CONTEXT); default: its current-context.', configFlag: '--k8s-context' },
  {
    name: 'namespace',
    short: 'n',
    type: 'string',
    valueName: '<namespace>',
    description: 'Namespace to work in (K8S_NAMESPACE); commands that summarise or list scope to it when given.',
    configFlag: '--k8s-namespace',
  },
  {
    name: 'snapshot',
    type: 'string',
    valueName: '<dump>',
    description: 'Read an offline dump (kubectl get -o json/yaml, a directory, cluster-info dump) instead of a cluster (K8S_MCP_SNAPSHOT).',
    configFlag: '--k8s-mcp-snapshot',
  },
  { name: 'demo', type: 'flag', description: 'Use the bundled demo cluster (K8S_MCP_DEMO=true).', configFlag: '--k8s-mcp-demo', configValue: 'true' },
];

/** A `--format` option with these choices, the first being the default. */
export function formatOption(choices: readonly string[]): OptionSpec {
  return { name: 'format', type: 'string', choices, valueName: `<${choices.join('|')}>`, description: `Output format (default ${choices[0]}).` };
}

/** The options a command parses: its own, the cluster ones when it reads a cluster, and --help. */
export function optionsOf(command: Command): OptionSpec[] {
  return [...command.options, ...(command.usesCluster ? CLUSTER_OPTIONS : []), HELP_OPTION];
}
