import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { clusterHealthCheckText, operationsExpertText, type PromptSetting, troubleshootPodText, troubleshootWorkloadText } from './prompt-text.js';

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'];

function user(text: string): GetPromptResult {
  return { messages: [{ role: 'user', content: { type: 'text', text } }] };
}

// Clients drop empty arguments or send "" (Dify); both mean "not given".
const given = (value: string | undefined) => (value && value.trim() !== '' ? value.trim() : undefined);

/**
 * Registers the diagnosis prompts on `server`. Every argument is a flat string; the texts name
 * only the tools enabled in the mode and state its safety rules (a read-only server refuses
 * changes and offers the kubectl command instead):
 * - `k8s-operations-expert` (`request`, `namespace`, both optional): works out what the user
 *   wants, asks for a missing namespace or name, investigates with the tools and the Events,
 *   sums up with next steps;
 * - `troubleshoot-pod` (`name`, `namespace`);
 * - `troubleshoot-workload` (`name`, `kind` default Deployment, `namespace`);
 * - `cluster-health-check` (`namespace`, optional).
 */
export function registerKubernetesPrompts(server: McpServer, setting: PromptSetting): void {
  const namespaceArg = z.string().optional().describe(`Namespace; default ${setting.defaultNamespace}.`);

  server.registerPrompt(
    'k8s-operations-expert',
    {
      title: 'Kubernetes operations expert',
      description: 'Diagnose a Kubernetes problem read-only: clarify the request, ask for a missing namespace or name, investigate with the tools and Events, then sum up with next steps.',
      argsSchema: {
        request: z.string().optional().describe('What the user wants to know or fix, in their words.'),
        namespace: namespaceArg,
      },
    },
    (args) => user(operationsExpertText(given(args.request), given(args.namespace), setting)),
  );

  server.registerPrompt(
    'troubleshoot-pod',
    {
      title: 'Troubleshoot a pod',
      description: 'Find out why a pod is Pending, crash-looping, not ready or failing, from its status, events and logs.',
      argsSchema: { name: z.string().describe('Pod name.'), namespace: namespaceArg },
    },
    (args) => user(troubleshootPodText(args.name.trim(), given(args.namespace), setting)),
  );

  server.registerPrompt(
    'troubleshoot-workload',
    {
      title: 'Troubleshoot a workload',
      description: 'Find out why a Deployment, StatefulSet, DaemonSet or Job is not healthy: replicas, conditions, rollout, its failing pods and what depends on it.',
      argsSchema: {
        name: z.string().describe('Workload name.'),
        kind: z.string().optional().describe(`Workload kind: ${WORKLOAD_KINDS.join(', ')}; default Deployment.`),
        namespace: namespaceArg,
      },
    },
    (args) => {
      const wanted = given(args.kind)?.toLowerCase();
      const kind = WORKLOAD_KINDS.find((k) => k.toLowerCase() === wanted) ?? given(args.kind) ?? 'Deployment';
      return user(troubleshootWorkloadText(kind, args.name.trim(), given(args.namespace), setting));
    },
  );

  server.registerPrompt(
    'cluster-health-check',
    {
      title: 'Cluster health check',
      description: 'Check the health of the cluster (or one namespace): nodes, workloads, warning events and capacity, graded with the most important actions.',
      argsSchema: { namespace: z.string().optional().describe('Only this namespace; default the whole visible cluster.') },
    },
    (args) => user(clusterHealthCheckText(given(args.namespace), setting)),
  );
}
