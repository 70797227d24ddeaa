import { loadConfig } from '@k8s-mcp/config';
import { describe, expect, it } from 'vitest';
import { startHttpServer } from './start-http-server.js';

describe('startHttpServer', () => {
  it('listens on the configured host and serves /health', async () => {
    const config = loadConfig({
      argv: ['--k8s-mcp-host', '127.0.0.1'],
      env: {},
      envFile: false,
      readFile: () => '',
      cwd: '/',
      homedir: '/root',
    });
    const running = await startHttpServer(config, { name: 'k8s-mcp', version: '0.0.0' }, { port: 0 });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${running.url}/health`);
      expect(await response.json()).toEqual({ status: 'ok' });
      expect((await fetch(`${running.url}/metrics`)).status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
