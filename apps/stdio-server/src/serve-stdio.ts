import type { Readable, Writable } from 'node:stream';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

/** Streams and identity for {@link serveStdio}; the process's own streams in production. */
export interface ServeStdioOptions {
  /** JSON-RPC input (process.stdin). */
  readonly input: Readable;
  /** JSON-RPC output (process.stdout); nothing else is ever written to it. */
  readonly output: Writable;
  /** Log output (process.stderr). */
  readonly log: Writable;
  /** The MCP server of this one session (e.g. `runtime.createMcpServer({ transport: 'stdio' })`). */
  readonly server: McpServer;
  /** First log line, e.g. what cluster is served. */
  readonly banner: string;
}

/**
 * Serves one MCP session over newline-delimited JSON-RPC on `input`/`output`. Resolves once
 * `input` ends (the client closed stdin) and the server is closed. Logs only to `log`.
 */
export async function serveStdio(options: ServeStdioOptions): Promise<void> {
  const { server } = options;
  const transport = new StdioServerTransport(options.input, options.output);
  transport.onerror = (error) => options.log.write(`stdio transport error: ${error.message}\n`);
  const ended = new Promise<void>((resolve) => {
    options.input.once('end', resolve);
    options.input.once('close', resolve);
  });
  await server.connect(transport);
  options.log.write(`${options.banner}\n`);
  await ended;
  await server.close();
  options.log.write('stdin closed: stopped\n');
}
