import type { KubeconfigView } from '@k8s-mcp/k8s-client';
import { defineTool } from '../tool-definition.js';
import { formatTable } from './format.js';
import type { ToolContext } from './tool-context.js';

const CONFIG_OUTPUT_SCHEMA = {
  type: 'object',
  properties: {
    mode: { type: 'string', description: 'kubeconfig, in-cluster, token, or snapshot.' },
    currentContext: { type: 'string' },
    currentNamespace: { type: 'string', description: 'Namespace of the current context, when it names one.' },
    defaultNamespace: { type: 'string', description: 'Namespace tools use when none is given (K8S_NAMESPACE).' },
    contexts: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, cluster: { type: 'string' }, user: { type: 'string' }, namespace: { type: 'string' }, current: { type: 'boolean' } },
        required: ['name', 'cluster', 'current'],
      },
    },
    clusters: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, server: { type: 'string' }, insecureSkipTlsVerify: { type: 'boolean' } },
        required: ['name', 'server', 'insecureSkipTlsVerify'],
      },
    },
  },
  required: ['mode', 'defaultNamespace', 'contexts', 'clusters'],
} as const;

const MODE_TEXT: Readonly<Record<KubeconfigView['mode'], string>> = {
  kubeconfig: 'a kubeconfig file',
  'in-cluster': "the service account of the pod this server runs in (in-cluster; there is no kubeconfig file)",
  token: 'an explicit API server URL and bearer token (K8S_API_SERVER; there is no kubeconfig file)',
};

/** `k8s-view-config`: which contexts and clusters this server knows, never credentials. */
export const viewConfig = defineTool<ToolContext, Record<string, never>>({
  name: 'k8s-view-config',
  title: 'View the cluster configuration',
  description:
    'Show how this server reaches Kubernetes: the current context and namespace, the kubeconfig contexts (cluster, user name, namespace) and clusters (name and server URL). Credentials (tokens, keys, passwords, exec plugins) are never shown.',
  access: 'read',
  idempotent: true,
  openWorld: false,
  params: {},
  outputSchema: CONFIG_OUTPUT_SCHEMA,
  run: async (_args, ctx) => {
    if (!ctx.kubeconfigView) {
      const snapshot = ctx.reader.source === 'snapshot';
      const text = snapshot
        ? `This server reads an offline snapshot (or the bundled demo cluster), not a live cluster: there are no contexts or clusters. Default namespace: ${ctx.defaultNamespace}.`
        : `This server was started without a kubeconfig view. Default namespace: ${ctx.defaultNamespace}.`;
      return { text, structured: { mode: snapshot ? 'snapshot' : 'unknown', defaultNamespace: ctx.defaultNamespace, contexts: [], clusters: [] } };
    }
    const view = ctx.kubeconfigView();
    const lines = [
      `Connected through ${MODE_TEXT[view.mode]}.`,
      `Current context: ${view.currentContext ?? '<none>'}; its namespace: ${view.currentNamespace ?? '<none>'}; tools default to namespace ${ctx.defaultNamespace}.`,
      'Contexts:',
      view.contexts.length > 0
        ? formatTable(['CURRENT', 'NAME', 'CLUSTER', 'USER', 'NAMESPACE'], view.contexts.map((c) => [c.current ? '*' : '', c.name, c.cluster, c.user ?? '', c.namespace ?? '']))
        : '(none)',
      'Clusters:',
      view.clusters.length > 0 ? formatTable(['NAME', 'SERVER', 'TLS'], view.clusters.map((c) => [c.name, c.server, c.server.startsWith('http:') ? 'none (plain HTTP)' : c.insecureSkipTlsVerify ? 'NOT VERIFIED' : 'verified'])) : '(none)',
    ];
    return { text: lines.join('\n'), structured: { ...view, defaultNamespace: ctx.defaultNamespace } };
  },
});
