import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createMcpServer } from '@k8s-mcp/mcp-server';
import { serveStdio } from './serve-stdio.js';

function collect(stream: PassThrough): { text: () => string } {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  return { text: () => text };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('serveStdio', () => {
  it('answers JSON-RPC on stdout only, logs on stderr, and stops when stdin ends', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const logged: string[] = [];
    const out = collect(output);
    const done = serveStdio({
      input,
      output,
      log: (level, message) => void logged.push(`${level} ${message}`),
      server: createMcpServer({ name: 'k8s-mcp', version: '4.5.6' }),
      banner: 'k8s-mcp 4.5.6: serving MCP on stdio',
    });

    const send = (message: object): boolean => input.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'spec', version: '0' } },
    });
    await until(() => out.text().includes('"id":0'));
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'k8s-mcp-info', arguments: {} } });
    await until(() => out.text().includes('"id":1'));

    input.end();
    await done;

    const messages = out
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: number; result: Record<string, unknown> });
    expect(messages.map((m) => m.id)).toEqual([0, 1]);
    expect(messages[0]?.result).toMatchObject({ protocolVersion: '2025-06-18', serverInfo: { name: 'k8s-mcp', version: '4.5.6' } });
    expect(messages[1]?.result).toMatchObject({ structuredContent: { name: 'k8s-mcp', version: '4.5.6' } });
    expect(logged).toEqual(['info k8s-mcp 4.5.6: serving MCP on stdio', 'info stdin closed: stopped']);
  });

  it('stops when its stop signal is aborted, stdin still open, and never writes to stdout', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const out = collect(output);
    const logged: string[] = [];
    const stop = new AbortController();
    const done = serveStdio({ input, output, log: (level, message) => void logged.push(`${level} ${message}`), server: createMcpServer({ name: 'k8s-mcp', version: '1' }), banner: 'serving', stop: stop.signal });
    await until(() => logged.length === 1);
    stop.abort('SIGTERM');
    await done;
    expect(logged).toEqual(['info serving', 'info SIGTERM: stopped']);
    expect(out.text()).toBe('');
  });
});
