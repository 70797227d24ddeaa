// MCP client side of the peer benchmark: starts a server (stdio child, or an HTTP child reached
// over Streamable HTTP), times tool calls and reads the server's RSS.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const CALL_TIMEOUT_MS = 300_000;
const START_TIMEOUT_MS = 300_000;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** VmRSS of a process in MB (NaN when it is gone). */
export function readRssMb(pid) {
  try {
    const kb = Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)/m)?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/**
 * One tool call, timed: latency, the text an LLM would read (content text parts), its UTF-8
 * size, and the size of the whole JSON-RPC result on the wire (structured content included).
 * Protocol errors and timeouts come back as `isError` answers so one bad call does not end a run.
 */
export async function timedCall(client, params) {
  const t0 = performance.now();
  try {
    const result = await client.callTool(params, undefined, { timeout: CALL_TIMEOUT_MS });
    const ms = performance.now() - t0;
    const text = (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
    return { ms, text, isError: result.isError === true, textBytes: Buffer.byteLength(text), wireBytes: Buffer.byteLength(JSON.stringify(result)) };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return { ms: performance.now() - t0, text, isError: true, textBytes: 0, wireBytes: 0 };
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * Starts `server` and connects a client; resolves once `tools/list` answered. Returns the client,
 * the server's pid, `spawnedAt` (performance.now() at spawn), `toolsListMs` and `close()`.
 */
export async function connectServer(server) {
  const env = { ...getDefaultEnvironment(), ...server.env };
  const client = new Client({ name: 'k8s-mcp-peer-bench', version: '1.0.0' });
  const spawnedAt = performance.now();
  let stderr = '';
  let pid;
  let child;
  if (server.transport === 'stdio') {
    const transport = new StdioClientTransport({ command: server.command, args: server.args, env, stderr: 'pipe' });
    transport.stderr?.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
    await withTimeout(client.connect(transport), START_TIMEOUT_MS, `${server.id} initialize`).catch((error) => {
      throw new Error(`${error.message}; stderr: ${stderr.slice(-500)}`);
    });
    pid = transport.pid;
  } else {
    child = spawn(server.command, server.args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
    pid = child.pid;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${server.id} exited ${child.exitCode}: ${stderr.slice(-500)}`);
      try {
        await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
        break;
      } catch {
        if (performance.now() - spawnedAt > START_TIMEOUT_MS) throw new Error(`${server.id} did not listen within ${START_TIMEOUT_MS} ms`);
        await pause(25);
      }
    }
  }
  await withTimeout(client.listTools(), START_TIMEOUT_MS, `${server.id} tools/list`);
  const toolsListMs = performance.now() - spawnedAt;
  return {
    client,
    pid,
    spawnedAt,
    toolsListMs,
    async close() {
      await client.close().catch(() => undefined);
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await withTimeout(exited, 15_000, `${server.id} shutdown`).catch(() => child.kill('SIGKILL'));
      }
    },
  };
}
