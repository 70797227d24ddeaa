import { describe, expect, it } from 'vitest';
import { disabledReason, type ToolMode } from './tool-gating.js';

const READ_ONLY: ToolMode = { allowWrites: false, allowDestructive: false };
const graphTool = { name: 'k8s-relation-query', access: 'read' as const, needs: ['knowledge-graph' as const] };

describe('disabledReason', () => {
  it('hides a tool that needs the knowledge graph while the graph is off, and says why and how to turn it on', () => {
    const reason = disabledReason(graphTool, { ...READ_ONLY, knowledgeGraph: false });
    expect(reason).toMatch(/^Tool "k8s-relation-query" is unavailable: it needs the knowledge graph/);
    expect(reason).toContain('ENABLE_KNOWLEDGE_GRAPH=true');
  });

  it('offers it when the graph is on or the mode does not say', () => {
    expect(disabledReason(graphTool, { ...READ_ONLY, knowledgeGraph: true })).toBeUndefined();
    expect(disabledReason(graphTool, READ_ONLY)).toBeUndefined();
  });

  it('leaves tools that need no feature alone when the graph is off', () => {
    expect(disabledReason({ name: 'k8s-get-pods', access: 'read' }, { ...READ_ONLY, knowledgeGraph: false })).toBeUndefined();
  });

  it('still applies the safety mode first', () => {
    expect(disabledReason({ name: 'k8s-scale', access: 'write' }, READ_ONLY)).toMatch(/read-only/);
    expect(disabledReason({ name: 'k8s-delete', access: 'destructive' }, { allowWrites: true, allowDestructive: false })).toMatch(/destructive/);
    expect(disabledReason(graphTool, { ...READ_ONLY, allowedTools: ['k8s-get-pods'] })).toMatch(/K8S_MCP_ALLOWED_TOOLS/);
  });
});
