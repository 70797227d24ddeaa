import type { KnowledgeGraph } from '@k8s-mcp/graph';
import type { Runtime } from '@k8s-mcp/runtime';
import { UsageError } from '../usage-error.js';

/** The runtime's knowledge graph. @throws UsageError when ENABLE_KNOWLEDGE_GRAPH is off */
export function requireGraph(runtime: Runtime, command: string): KnowledgeGraph {
  if (!runtime.graph) throw new UsageError(`k8s-mcp ${command} needs the knowledge graph, which ENABLE_KNOWLEDGE_GRAPH=false turns off; unset it`);
  return runtime.graph;
}
