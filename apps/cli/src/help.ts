import { renderFlagHelp } from '@k8s-mcp/config';
import { CLUSTER_OPTIONS, type Command, HELP_OPTION } from './command.js';
import type { OptionSpec } from './parse-args.js';

function optionLines(options: readonly OptionSpec[]): string[] {
  const heads = options.map((o) => {
    const long = `--${o.name}${o.type === 'flag' ? '' : ` ${o.valueName ?? '<value>'}`}`;
    return o.short ? `-${o.short}, ${long}` : `    ${long}`;
  });
  const width = Math.max(...heads.map((h) => h.length));
  return heads.map((h, i) => `  ${h.padEnd(width)}  ${options[i]?.description ?? ''}`);
}

const EXIT_CODES_TEXT = `Exit codes:
  0  success
  1  error: cluster unreachable, object not found, --fail-on tripped, unhealthy
  2  usage: unknown command or option, bad value, invalid configuration`;

/** `k8s-mcp --help`: the commands, the global options and every configuration flag. */
export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Usage: k8s-mcp <command> [options]

Kubernetes diagnosis from the command line: summaries, anomalies, relationships, snapshots,
and the MCP server over stdio or HTTP.

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run k8s-mcp <command> --help for a command's options.

Cluster options (every command that reads a cluster):
${optionLines(CLUSTER_OPTIONS).join('\n')}

Other options:
${optionLines([HELP_OPTION, { name: 'version', short: 'V', type: 'flag', description: 'Print the version.' }]).join('\n')}

${EXIT_CODES_TEXT}

With no cluster configured (no kubeconfig, no in-cluster account) the bundled demo cluster is
used and stderr says so; set K8S_MCP_DEMO=false to make that an error instead.

Configuration options (each also an environment variable; see docs/configuration.md):
${renderFlagHelp()}`;
}

/** `k8s-mcp <command> --help`. */
export function commandHelp(command: Command, options: readonly OptionSpec[]): string {
  const own = options.filter((o) => command.options.includes(o));
  const rest = options.filter((o) => !command.options.includes(o));
  const sections = [`Usage: k8s-mcp ${command.name} ${command.synopsis}`, command.description];
  if (own.length > 0) sections.push(`Options:\n${optionLines(own).join('\n')}`);
  sections.push(`${command.usesCluster ? 'Cluster and other options' : 'Other options'}:\n${optionLines(rest).join('\n')}`);
  if (command.usesCluster) {
    sections.push('Every configuration setting is also accepted as a flag (e.g. --k8s-max-resources=500);\nrun k8s-mcp --help to list them.');
  }
  if (command.examples && command.examples.length > 0) sections.push(`Examples:\n${command.examples.map((e) => `  ${e}`).join('\n')}`);
  sections.push(EXIT_CODES_TEXT);
  return `${sections.join('\n\n')}\n`;
}
