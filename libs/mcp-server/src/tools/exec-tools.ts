import type { KubeObject } from '@k8s-mcp/k8s-client';
import { untrustedBlock } from '../output-budget.js';
import { defineTool } from '../tool-definition.js';
import { ToolArgumentError } from '../tool-params.js';
import { parseCommandLine } from './command-line.js';
import { field, list } from './format.js';
import type { ToolContext } from './tool-context.js';

const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';

/** The container to run in: the one asked for (checked), else kubectl's default-container annotation, else the first. */
function chooseContainer(pod: KubeObject, requested: string | undefined): { name: string; defaulted: boolean } {
  const names = [...list(pod, 'spec', 'containers'), ...list(pod, 'spec', 'ephemeralContainers')].map((c) => String(field(c, 'name')));
  if (requested !== undefined) {
    if (!names.includes(requested)) {
      throw new ToolArgumentError('container', `Invalid argument "container": pod ${pod.metadata.name} has no container "${requested}"; its containers are ${names.map((n) => `"${n}"`).join(', ') || 'none'}.`);
    }
    return { name: requested, defaulted: false };
  }
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER];
  if (annotated && names.includes(annotated)) return { name: annotated, defaulted: names.length > 1 };
  const first = names[0];
  if (first === undefined) throw Object.assign(new Error(`pod ${pod.metadata.name} has no containers to run a command in.`), { code: 'INVALID' });
  return { name: first, defaulted: names.length > 1 };
}

/** `k8s-exec`: run one command in a pod container (destructive: it can change anything the container can). */
export const exec = defineTool<
  ToolContext,
  {
    name: { type: 'string'; description: string; required: true };
    namespace: { type: 'string'; description: string };
    container: { type: 'string'; description: string };
    command: { type: 'string'; description: string; required: true };
    timeout_seconds: { type: 'integer'; description: string; default: 30; minimum: 1; maximum: 300 };
    max_output_kb: { type: 'integer'; description: string; default: 64; minimum: 1; maximum: 1024 };
  }
>({
  name: 'k8s-exec',
  title: 'Run a command in a pod',
  description:
    'Run one command in a pod container, like kubectl exec without a TTY or stdin, and return its exit code, stdout and stderr (capped). The command can change or reveal anything the container can reach, Secrets included. Needs K8S_MCP_ALLOW_WRITES and K8S_MCP_ALLOW_DESTRUCTIVE.',
  access: 'destructive',
  idempotent: false,
  openWorld: true,
  params: {
    name: { type: 'string', description: 'Pod name.', required: true },
    namespace: { type: 'string', description: 'Namespace; default K8S_NAMESPACE.' },
    container: { type: 'string', description: "Container; default the pod's default container (annotation kubectl.kubernetes.io/default-container) or its first." },
    command: {
      type: 'string',
      description: 'Command line, split into words like a shell does (quotes respected) but run without a shell, e.g. "cat /etc/resolv.conf"; for pipes or variables use sh -c \'...\'. A JSON array of strings is taken as argv.',
      required: true,
    },
    timeout_seconds: { type: 'integer', description: 'Stop waiting after this many seconds.', default: 30, minimum: 1, maximum: 300 },
    max_output_kb: { type: 'integer', description: 'Most KiB of stdout and stderr kept; the session is closed beyond.', default: 64, minimum: 1, maximum: 1024 },
  },
  run: async (args, ctx) => {
    const command = parseCommandLine(args.command);
    if (!ctx.execInPod) {
      const why = ctx.reader.source === 'snapshot' ? 'this server reads an offline snapshot' : 'this server was started without exec access';
      throw Object.assign(new Error(`${why}; running commands in pods needs a live cluster.`), { code: 'NOT_AVAILABLE' });
    }
    const namespace = args.namespace ?? ctx.defaultNamespace;
    const pod = await ctx.reader.get(await ctx.reader.resolveKind('Pod'), args.name, namespace);
    const phase = field(pod, 'status', 'phase');
    if (phase === 'Succeeded' || phase === 'Failed') {
      throw Object.assign(new Error(`pod ${namespace}/${args.name} has finished (phase ${phase}); a command can only run in a running container.`), { code: 'POD_NOT_RUNNING' });
    }
    const container = chooseContainer(pod, args.container);
    const result = await ctx.execInPod({
      namespace,
      pod: args.name,
      container: container.name,
      command,
      timeoutMs: args.timeout_seconds * 1000,
      maxOutputBytes: args.max_output_kb * 1024,
    });
    const where = `pod ${namespace}/${args.name} container ${container.name}`;
    const outcome = result.timedOut
      ? `did not finish within ${args.timeout_seconds}s (session closed; the process may still run)`
      : result.exitCode !== undefined
        ? `exit code ${result.exitCode}`
        : result.status === 'Failure'
          ? `failed: ${(result.message ?? 'no message').slice(0, 300)}`
          : 'ended without an exit status';
    const notRun = result.status === 'Failure' && result.exitCode === undefined && !result.timedOut;
    const lines = [
      `Ran ${JSON.stringify(command)} in ${where}${container.defaulted ? ' (defaulted; pass container to choose)' : ''}: ${outcome}.`,
      ...(result.truncated ? [`Output was cut at ${args.max_output_kb} KiB and the session closed.`] : []),
      untrustedBlock('exec-stdout', where, result.stdout.trimEnd() || '(no output)'),
      ...(result.stderr.trim() ? [untrustedBlock('exec-stderr', where, result.stderr.trimEnd())] : []),
    ];
    return { text: lines.join('\n'), ...(notRun ? { isError: true } : {}) };
  },
});
