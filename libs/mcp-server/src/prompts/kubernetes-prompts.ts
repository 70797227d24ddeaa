import { quotePreview } from '@k8s-mcp/k8s-client';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { GetPromptRequestSchema, type GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { invalidParams } from '../protocol-error.js';
import { clusterHealthCheckText, operationsExpertText, type PromptSetting, troubleshootPodText, troubleshootWorkloadText } from './prompt-text.js';

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'];
// Object names, namespaces and kinds are at most 253 characters; free text gets more room.
const NAME_CHARS = 253;
const TEXT_CHARS = 4_000;

interface PromptArgument {
  readonly description: string;
  readonly required?: boolean;
  readonly maxChars: number;
}

interface PromptDefinition {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly args: Readonly<Record<string, PromptArgument>>;
  /** The prompt text; given arguments are trimmed, absent and blank ones are undefined. */
  text(args: Readonly<Record<string, string | undefined>>): string;
}

function user(text: string): GetPromptResult {
  return { messages: [{ role: 'user', content: { type: 'text', text } }] };
}

/** The prompts and their arguments (every argument a flat string). */
function definitions(setting: PromptSetting): PromptDefinition[] {
  const namespace: PromptArgument = { description: `Namespace; default ${setting.defaultNamespace}.`, maxChars: NAME_CHARS };
  return [
    {
      name: 'k8s-operations-expert',
      title: 'Kubernetes operations expert',
      description: 'Diagnose a Kubernetes problem read-only: clarify the request, ask for a missing namespace or name, investigate with the tools and Events, then sum up with next steps.',
      args: { request: { description: 'What the user wants to know or fix, in their words.', maxChars: TEXT_CHARS }, namespace },
      text: (a) => operationsExpertText(a['request'], a['namespace'], setting),
    },
    {
      name: 'troubleshoot-pod',
      title: 'Troubleshoot a pod',
      description: 'Find out why a pod is Pending, crash-looping, not ready or failing, from its status, events and logs.',
      args: { name: { description: 'Pod name.', required: true, maxChars: NAME_CHARS }, namespace },
      text: (a) => troubleshootPodText(a['name'] ?? '', a['namespace'], setting),
    },
    {
      name: 'troubleshoot-workload',
      title: 'Troubleshoot a workload',
      description: 'Find out why a Deployment, StatefulSet, DaemonSet or Job is not healthy: replicas, conditions, rollout, its failing pods and what depends on it.',
      args: {
        name: { description: 'Workload name.', required: true, maxChars: NAME_CHARS },
        kind: { description: `Workload kind: ${WORKLOAD_KINDS.join(', ')}; default Deployment.`, maxChars: NAME_CHARS },
        namespace,
      },
      text: (a) => {
        const wanted = a['kind']?.toLowerCase();
        const kind = WORKLOAD_KINDS.find((k) => k.toLowerCase() === wanted) ?? a['kind'] ?? 'Deployment';
        return troubleshootWorkloadText(kind, a['name'] ?? '', a['namespace'], setting);
      },
    },
    {
      name: 'cluster-health-check',
      title: 'Cluster health check',
      description: 'Check the health of the cluster (or one namespace): nodes, workloads, warning events and capacity, graded with the most important actions.',
      args: { namespace: { description: 'Only this namespace; default the whole visible cluster.', maxChars: NAME_CHARS } },
      text: (a) => clusterHealthCheckText(a['namespace'], setting),
    },
  ];
}

/**
 * The trimmed arguments of `prompt` from `raw`; blank means not given (Dify sends "").
 *
 * @throws ProtocolError -32602 for an unknown, missing or over-long argument.
 */
function promptArguments(prompt: PromptDefinition, raw: Readonly<Record<string, string>> | undefined): Record<string, string | undefined> {
  const input = raw ?? {};
  const accepted = Object.keys(prompt.args);
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(prompt.args, key)) {
      throw invalidParams(`Unknown argument ${quotePreview(key)} for prompt "${prompt.name}"; it accepts ${accepted.map((k) => `"${k}"`).join(', ')}.`);
    }
  }
  const out: Record<string, string | undefined> = {};
  for (const [key, spec] of Object.entries(prompt.args)) {
    const value = Object.hasOwn(input, key) ? input[key]?.trim() : undefined;
    if (value !== undefined && value.length > spec.maxChars) {
      throw invalidParams(`Argument "${key}" of prompt "${prompt.name}" is ${value.length} characters long; at most ${spec.maxChars} are accepted.`);
    }
    if (spec.required && !value) throw invalidParams(`Missing argument "${key}" for prompt "${prompt.name}": ${spec.description}`);
    out[key] = value || undefined;
  }
  return out;
}

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
 *
 * `prompts/get` is answered here rather than by the SDK, so an unknown prompt or argument, a
 * missing or an over-long one is -32602 with a one-line message naming it.
 */
export function registerKubernetesPrompts(server: McpServer, setting: PromptSetting): void {
  const prompts = new Map<string, PromptDefinition>();
  for (const prompt of definitions(setting)) {
    prompts.set(prompt.name, prompt);
    const argsSchema = Object.fromEntries(
      Object.entries(prompt.args).map(([key, spec]) => [key, spec.required ? z.string().describe(spec.description) : z.string().optional().describe(spec.description)]),
    );
    // The SDK lists the prompt (and completes its arguments); getting it is handled below.
    server.registerPrompt(prompt.name, { title: prompt.title, description: prompt.description, argsSchema }, () => user(prompt.text({})));
  }
  server.server.setRequestHandler(GetPromptRequestSchema, (request) => {
    const { name, arguments: raw } = request.params;
    const prompt = prompts.get(name);
    if (!prompt) throw invalidParams(`Unknown prompt ${quotePreview(name)}; prompts/list shows the available prompts.`);
    return user(prompt.text(promptArguments(prompt, raw)));
  });
}
