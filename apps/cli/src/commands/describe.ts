import { KUBERNETES_TOOLS } from '@k8s-mcp/mcp-server';
import { type Command, formatOption } from '../command.js';
import { namespaceOf, parseObjectArg } from '../object-ref.js';
import { withRuntime } from '../open-runtime.js';
import { UsageError } from '../usage-error.js';

// The CLI describes objects exactly as the MCP tool does, so both stay one implementation.
const DESCRIBE_TOOL = KUBERNETES_TOOLS.find((tool) => tool.name === 'k8s-describe');

/** `k8s-mcp describe <kind> <name>`: one object, kubectl-describe style, or its JSON. */
export const describeCommand: Command = {
  name: 'describe',
  summary: 'Describe one object: status, owners, conditions, containers and recent events.',
  synopsis: '<kind> <name> [-n <namespace>] | <Kind/namespace/name> [--format markdown|json]',
  description: `Prints one object the way the k8s-describe MCP tool does: labels, owners, key status
columns (containers for pods), conditions and recent events. json prints the object itself.
Secret values are never shown (keys only). Any kind the cluster serves works, custom resources
included.`,
  options: [formatOption(['markdown', 'json'])],
  usesCluster: true,
  examples: ['k8s-mcp describe pod web-7d9f-abcde -n shop', 'k8s-mcp describe Node/kwok-node-0', 'k8s-mcp describe deploy/shop/web --format json'],
  async run(context) {
    const { args, io } = context;
    if (args.positionals.length === 0) throw new UsageError('k8s-mcp describe: name an object, e.g. k8s-mcp describe pod web-1 -n shop');
    const object = parseObjectArg(args.positionals, 'k8s-mcp describe');
    await withRuntime(context, async ({ runtime }) => {
      const kind = await runtime.cluster.resolveKind(object.kind);
      const namespace = kind.namespaced ? namespaceOf({ ...object, clusterScoped: false }, runtime.namespace) : undefined;
      if (args.string('format') === 'json') {
        const found = await runtime.cluster.get(kind, object.name, namespace);
        io.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
        return;
      }
      if (!DESCRIBE_TOOL) throw new Error('the k8s-describe tool is missing from @k8s-mcp/mcp-server');
      // KUBERNETES_TOOLS erases each tool's parameter types; these are k8s-describe's.
      const toolArgs = { kind: kind.kind, name: object.name, namespace } as unknown as Parameters<typeof DESCRIBE_TOOL.run>[0];
      const result = await DESCRIBE_TOOL.run(toolArgs, runtime.toolContext, { transport: 'cli' });
      io.stdout.write(`${result.text}\n`);
    });
  },
};
