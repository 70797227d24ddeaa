import { type RelationResult, toDot, toJson, toMermaid } from '@k8s-mcp/graph';
import { type Command, formatOption } from '../command.js';
import { withRuntime } from '../open-runtime.js';
import { answerRelation, RELATION_OPTIONS, relationRequest, withinDepthBound } from '../relation-query.js';
import { requireGraph } from './require-graph.js';

const EXPORTERS: Readonly<Record<string, (result: RelationResult) => string>> = {
  mermaid: toMermaid,
  dot: toDot,
  json: (result) => toJson(result, { pretty: true }),
};

/** `k8s-mcp graph <object>`: a relation query exported as Mermaid, Graphviz DOT or JSON. */
export const graphCommand: Command = {
  name: 'graph',
  summary: 'Export the relationships of an object as a Mermaid or Graphviz diagram, or JSON.',
  synopsis: '<Kind/namespace/name | Kind/name | Kind name> [--format mermaid|dot|json] [--query <query>] [options]',
  description: `Runs a knowledge-graph query (as relations does) and prints it as a diagram: mermaid (a
flowchart to paste into Markdown), dot (render with: dot -Tsvg), or json. Missing objects and
broken references are drawn dashed and red.`,
  options: [...RELATION_OPTIONS, formatOption(['mermaid', 'dot', 'json'])],
  usesCluster: true,
  examples: ['k8s-mcp graph Ingress/shop/storefront --depth 4', 'k8s-mcp graph deploy web -n shop --query neighbors --format dot | dot -Tsvg > web.svg'],
  async run(context) {
    const request = relationRequest(context.args, 'k8s-mcp graph');
    const exporter = EXPORTERS[context.args.string('format') ?? 'mermaid'] as (result: RelationResult) => string;
    await withRuntime(context, async ({ config, runtime }) => {
      const answer = answerRelation(requireGraph(runtime, 'graph'), withinDepthBound(request, context.io, config.graphMaxDepth), runtime.namespace);
      context.io.stdout.write(`${exporter(answer.type === 'path' ? answer.steps : answer.tree)}\n`);
    });
  },
};
