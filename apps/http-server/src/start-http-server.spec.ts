import { ConfigError, loadConfig } from '@k8s-mcp/config';
import type { AuditRecord, ToolCallInfo } from '@k8s-mcp/mcp-server';
import { startRuntime } from '@k8s-mcp/runtime';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { createRuntimeMonitoring, startHttpServer } from './start-http-server.js';

describe('startHttpServer', () => {
  it('serves the demo runtime: /health says demo, monitoring sees the graph', async () => {
    const config = loadConfig({
      argv: ['--k8s-mcp-host', '127.0.0.1', '--k8s-mcp-demo', 'true', '--k8s-audit-enabled', 'false'],
      env: {},
      envFile: false,
      readFile: () => '',
      cwd: '/',
      homedir: '/nonexistent',
    });
    const observed = createRuntimeMonitoring(config);
    const runtime = await startRuntime({ config, server: { name: 'k8s-mcp', version: '0.0.0' }, log: () => undefined });
    observed.attach(runtime);
    const running = await startHttpServer(config, runtime, { authTokens: [], monitoring: observed.monitoring, port: 0 });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = (await (await fetch(`${running.url}/health`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'ok', ready: true, mode: 'demo', demo: true });
      expect(health['cluster']).toMatch(/demo cluster/);
      const status = (await (await fetch(`${running.url}/intelligent/status`)).json()) as Record<string, unknown>;
      expect(JSON.stringify(status)).toMatch(/"nodes":\d{3,}/);
      expect((await fetch(`${running.url}/metrics/prometheus`)).status).toBe(200);
    } finally {
      await running.close();
      await runtime.close();
    }
  });

  it('says "starting" on /health, still with 200, while the initial sync runs', async () => {
    const config = loadConfig({ argv: ['--k8s-mcp-host', '127.0.0.1', '--k8s-mcp-demo', 'true', '--k8s-audit-enabled', 'false'], env: {}, envFile: false, readFile: () => '', cwd: '/', homedir: '/nonexistent' });
    const runtime = await startRuntime({ config, server: { name: 'k8s-mcp', version: '0.0.0' }, log: () => undefined });
    let ready = false;
    const running = await startHttpServer(config, { ...runtime, isReady: () => ready }, { authTokens: [], port: 0 });
    try {
      const starting = await fetch(`${running.url}/health`);
      expect(starting.status).toBe(200);
      expect(await starting.json()).toMatchObject({ status: 'starting', ready: false, mode: 'demo' });
      ready = true;
      expect(await (await fetch(`${running.url}/health`)).json()).toMatchObject({ status: 'ok', ready: true });
    } finally {
      await running.close();
      await runtime.close();
    }
  });

  it('audits tool calls under the token name, with the transport, and gives the server the session id', async () => {
    const config = loadConfig({ argv: ['--k8s-mcp-host', '127.0.0.1', '--k8s-mcp-demo', 'true'], env: {}, envFile: false, readFile: () => '', cwd: '/', homedir: '/nonexistent' });
    const audit: AuditRecord[] = [];
    const runtime = await startRuntime({ config, server: { name: 'k8s-mcp', version: '0.0.0' }, log: () => undefined, audit: { write: (r) => audit.push(r) } });
    const calls: ToolCallInfo[] = [];
    const recording = { ...runtime, createMcpServer: (call: ToolCallInfo) => (calls.push(call), runtime.createMcpServer(call)) };
    const running = await startHttpServer(config, recording, { authTokens: ['alice=token-of-alice'], port: 0 });
    const transport = new StreamableHTTPClientTransport(new URL(`${running.url}/mcp`), { requestInit: { headers: { authorization: 'Bearer token-of-alice' } } });
    const client = new Client({ name: 'spec', version: '0' });
    try {
      await client.connect(transport);
      await client.callTool({ name: 'k8s-get-pods', arguments: { namespace: 'default' } });
      expect(calls).toEqual([{ transport: 'streamable-http', caller: 'alice', session: transport.sessionId }]);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ caller: 'alice', transport: 'streamable-http', session: transport.sessionId, tool: 'k8s-get-pods' });
      expect(JSON.stringify(audit)).not.toContain('token-of-alice');
    } finally {
      await client.close();
      await running.close();
      await runtime.close();
    }
  });

  it("audits a request on another caller's session as denied, naming both callers and never a token", async () => {
    const config = loadConfig({ argv: ['--k8s-mcp-host', '127.0.0.1', '--k8s-mcp-demo', 'true'], env: {}, envFile: false, readFile: () => '', cwd: '/', homedir: '/nonexistent' });
    const audit: AuditRecord[] = [];
    const runtime = await startRuntime({ config, server: { name: 'k8s-mcp', version: '0.0.0' }, log: () => undefined, audit: { write: (r) => audit.push(r) } });
    const running = await startHttpServer(config, runtime, { authTokens: ['alice=token-of-alice', 'bob=token-of-bob'], port: 0, log: () => undefined });
    const transport = new StreamableHTTPClientTransport(new URL(`${running.url}/mcp`), { requestInit: { headers: { authorization: 'Bearer token-of-alice' } } });
    const client = new Client({ name: 'spec', version: '0' });
    try {
      await client.connect(transport);
      const response = await fetch(`${running.url}/mcp`, {
        method: 'POST',
        headers: { authorization: 'Bearer token-of-bob', 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': transport.sessionId ?? '' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(response.status).toBe(403);
      const denied = audit.filter((r) => r.outcome === 'denied');
      expect(denied).toEqual([
        expect.objectContaining({ method: 'session', caller: 'bob', session: transport.sessionId, transport: 'streamable-http', error: 'SESSION_FORBIDDEN', args: { owner: 'alice' } }),
      ]);
      expect(JSON.stringify(audit)).not.toMatch(/token-of-(alice|bob)/);
    } finally {
      await client.close();
      await running.close();
      await runtime.close();
    }
  });

  it('reports a token name given two tokens as a configuration error naming K8S_MCP_AUTH_TOKENS, without the tokens', async () => {
    const config = loadConfig({ argv: ['--k8s-mcp-host', '127.0.0.1', '--k8s-mcp-demo', 'true', '--k8s-audit-enabled', 'false'], env: {}, envFile: false, readFile: () => '', cwd: '/', homedir: '/nonexistent' });
    const runtime = await startRuntime({ config, server: { name: 'k8s-mcp', version: '0.0.0' }, log: () => undefined });
    try {
      const failed = await startHttpServer(config, runtime, { authTokens: ['a=first-secret', 'a=second-secret'], port: 0 }).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(ConfigError);
      expect((failed as Error).message).toMatch(/K8S_MCP_AUTH_TOKENS: the auth token name "a" is given to two different tokens/);
      expect((failed as Error).message).not.toContain('secret');
    } finally {
      await runtime.close();
    }
  });
});
