import { loadConfig } from '@k8s-mcp/config';
import { startRuntime } from '@k8s-mcp/runtime';
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
});
