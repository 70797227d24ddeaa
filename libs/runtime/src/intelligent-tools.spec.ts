import { loadConfig } from '@k8s-mcp/config';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from './start-runtime.js';

// The bundled demo snapshot is real data recorded from the control plane, with planted problems
// (docs/demo-cluster.md); these tests need no cluster.
let runtime: Runtime;
let client: Client;
let call: (name: string, args?: Record<string, unknown>) => Promise<{ text: string; structured?: Record<string, unknown>; isError: boolean }>;

beforeAll(async () => {
  const config = loadConfig({ argv: [], env: { K8S_MCP_DEMO: 'true', K8S_AUDIT_ENABLED: 'false', K8S_FORBIDDEN_NAMESPACES: 'monitoring' }, readFile: () => '', cwd: '/', homedir: '/nonexistent', envFile: false });
  runtime = await startRuntime({ config, server: { name: 'k8s-mcp', version: 'test' }, log: () => undefined, now: () => Date.parse('2026-11-21T00:00:00Z') });
  const server = runtime.createMcpServer({ transport: 'memory' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  client = new Client({ name: 'spec', version: '0' });
  await Promise.all([server.connect(a), client.connect(b)]);
  call = async (name, args = {}) => {
    const r = await client.callTool({ name, arguments: args });
    return { text: (r.content as { text: string }[])[0]?.text ?? '', structured: r.structuredContent as Record<string, unknown> | undefined, isError: r.isError === true };
  };
});
afterAll(() => runtime.close());

describe('intelligent tools on the demo cluster', () => {
  it('k8s-relation-query shows a Deployment depending on its missing Secret', async () => {
    const r = await call('k8s-relation-query', { query_type: 'dependencies', resource_type: 'deploy', resource_name: 'checkout', namespace: 'shop' });
    expect(r.isError).toBe(false);
    expect(r.text).toMatch(/Secret shop\/checkout-db-credentials \[MISSING\]/);
  });

  it('k8s-relation-query gives the blast radius of a Service and a path between objects', async () => {
    const impact = await call('k8s-relation-query', { query_type: 'impact', resource_type: 'service', resource_name: 'checkout', namespace: 'shop' });
    expect(impact.text).toMatch(/Ingress shop\/storefront/);
    const path = await call('k8s-relation-query', { query_type: 'path', resource_type: 'ingress', resource_name: 'storefront', namespace: 'shop', target: 'Secret/shop/checkout-db-credentials' });
    expect(path.text).toMatch(/Ingress shop\/storefront[\s\S]*Service shop\/checkout[\s\S]*checkout-db-credentials \[MISSING\]/);
    expect(path.structured).toMatchObject({ query_type: 'path', root: 'Ingress/shop/storefront', missing: ['Secret/shop/checkout-db-credentials'] });
    const mermaid = await call('k8s-relation-query', { resource_type: 'deploy', resource_name: 'checkout', namespace: 'shop', format: 'mermaid' });
    expect(mermaid.text).toMatch(/flowchart LR/);
  });

  it('k8s-relation-query refuses hidden namespaces and bad arguments clearly', async () => {
    expect((await call('k8s-relation-query', { resource_type: 'deploy', resource_name: 'grafana', namespace: 'monitoring' })).text).toMatch(/NAMESPACE_FORBIDDEN/);
    expect((await call('k8s-relation-query', { resource_type: 'deploy', resource_name: 'checkout', namespace: 'shop', edge_types: 'owns' })).text).toMatch(/INVALID_ARGUMENT.*edge_types/);
    expect((await call('k8s-relation-query', { query_type: 'path', resource_type: 'deploy', resource_name: 'checkout', namespace: 'shop' })).text).toMatch(/Missing argument "target"/);
  });

  it('k8s-cluster-summary names the planted root cause within 10 KB and hides forbidden namespaces', async () => {
    const r = await call('k8s-cluster-summary', { summary_type: 'anomalies' });
    expect(r.isError).toBe(false);
    expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(10 * 1024);
    expect(r.text).toMatch(/checkout-db-credentials/);
    expect(r.text).toMatch(/CrashLoopBackOff/);
    expect(r.text).not.toMatch(/monitoring/);
    expect(r.structured).toMatchObject({ type: 'anomalies', format: 'markdown', source: 'bundled demo cluster (offline snapshot)' });
    const small = await call('k8s-cluster-summary', { summary_type: 'overview', max_size_kb: 2, format: 'json' });
    expect(Buffer.byteLength(small.text)).toBeLessThanOrEqual(2048);
    expect(() => JSON.parse(small.text)).not.toThrow();
    expect((await call('k8s-cluster-summary', { summary_type: 'workload' })).text).toMatch(/INVALID_ARGUMENT.*workload/);
    const workload = await call('k8s-cluster-summary', { summary_type: 'workload', workload_kind: 'Deployment', workload_name: 'checkout', namespace: 'shop' });
    expect(workload.text).toMatch(/checkout/);
  });

  it('serves the summary, graph statistics and object descriptions as resources', async () => {
    const uris = (await client.listResources()).resources.map((r) => r.uri);
    expect(uris).toEqual(expect.arrayContaining(['k8s://cluster/summary', 'k8s://cluster/anomalies', 'k8s://graph/stats']));
    expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toContain('k8s://objects/{kind}/{namespace}/{name}');
    const text = async (uri: string) => ((await client.readResource({ uri })).contents[0] as { text: string }).text;
    const summary = await text('k8s://cluster/summary');
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(10 * 1024);
    expect(summary).toMatch(/checkout/);
    expect(JSON.parse(await text('k8s://graph/stats'))).toMatchObject({ nodes: expect.any(Number), edges: expect.any(Number) });
    expect(await text('k8s://objects/Deployment/shop/checkout')).toMatch(/Deployment shop\/checkout/);
    expect(await text('k8s://objects/Node/_cluster/pool-b-1')).toMatch(/Ready=False/);
    await expect(client.readResource({ uri: 'k8s://objects/Deployment/monitoring/grafana' })).rejects.toThrow(/forbidden|K8S_FORBIDDEN_NAMESPACES/i);
  });
});
