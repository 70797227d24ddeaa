import { toJson } from '@k8s-mcp/graph';
import { type Command, formatOption } from '../command.js';
import { withRuntime } from '../open-runtime.js';
import { answerRelation, RELATION_OPTIONS, relationRequest, withinDepthBound } from '../relation-query.js';
import { renderPath, renderTree } from '../render-relations.js';
import { requireGraph } from './require-graph.js';

/** `k8s-mcp relations <object>`: a knowledge-graph query as an indented list or JSON. */
export const relationsCommand: Command = {
  name: 'relations',
  summary: 'What an object depends on, what depends on it, its blast radius, or the path to another.',
  synopsis: '<Kind/namespace/name | Kind/name | Kind name> [--query <query>] [--target <object>] [options]',
  description: `Queries the knowledge graph of the cluster (ownership, selectors, endpoints, ingress routes,
ConfigMap/Secret/PVC references, RBAC, policies, ...). Missing referenced objects and broken
edges are marked. markdown prints an indented list; json prints the query result.`,
  options: [...RELATION_OPTIONS, formatOption(['markdown', 'json'])],
  usesCluster: true,
  examples: [
    'k8s-mcp relations Deployment/shop/web',
    'k8s-mcp relations svc web -n shop --query dependents --depth 2',
    'k8s-mcp relations Secret/shop/db-creds --query impact',
    'k8s-mcp relations Ingress/shop/web --query path --target Pod/shop/web-7d9f-abcde',
  ],
  async run(context) {
    const request = relationRequest(context.args, 'k8s-mcp relations');
    await withRuntime(context, async ({ config, runtime }) => {
      const answer = answerRelation(requireGraph(runtime, 'relations'), withinDepthBound(request, context.io, config.graphMaxDepth), runtime.namespace);
      const json = context.args.string('format') === 'json';
      if (answer.type === 'path') {
        context.io.stdout.write(json ? `${toJson(answer.steps, { pretty: true })}\n` : renderPath(answer.from, answer.to, answer.steps));
      } else {
        context.io.stdout.write(json ? `${toJson(answer.tree, { pretty: true })}\n` : renderTree(answer.tree));
      }
    });
  },
};
