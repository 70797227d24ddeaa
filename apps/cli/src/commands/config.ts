import { describeConfig } from '@k8s-mcp/config';
import type { Command } from '../command.js';
import { loadCliConfig } from '../open-runtime.js';
import { UsageError } from '../usage-error.js';

/** `k8s-mcp config`: the effective configuration, secrets masked. */
export const configCommand: Command = {
  name: 'config',
  summary: 'Print the effective configuration (secrets masked); fails on invalid settings.',
  synopsis: '[options]',
  description: `Loads the configuration as every command does (flags, then environment, then .env, then
defaults) and prints one VARIABLE=value line per setting, secrets as <redacted>. Exits 2 and
lists every problem when a setting is invalid. Does not contact the cluster.`,
  options: [],
  usesCluster: true,
  examples: ['k8s-mcp config --context prod -n shop'],
  async run(context) {
    if (context.args.positionals.length > 0) throw new UsageError(`k8s-mcp config: unexpected argument ${JSON.stringify(context.args.positionals[0])}`);
    context.io.stdout.write(describeConfig(loadCliConfig(context)));
  },
};
