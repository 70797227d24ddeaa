import type { Readable, Writable } from 'node:stream';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

/** Where {@link serveStdio} logs: level, message and fields (`error` for the error behind it). */
export type StdioLog = (level: 'info' | 'warn', message: string, fields?: Readonly<Record<string, unknown>>) => void;

/** Streams and identity for {@link serveStdio}; the process's own streams in production. */
export interface ServeStdioOptions {
  /** JSON-RPC input (process.stdin). */
  readonly input: Readable;
  /** JSON-RPC output (process.stdout); nothing else is ever written to it. */
  readonly output: Writable;
  /** Log records (the app's logger, which writes to stderr and files, never to `output`). */
  readonly log: StdioLog;
  /** The MCP server of this one session (e.g. `runtime.createMcpServer({ transport: 'stdio' })`). */
  readonly server: McpServer;
  /** First log record, e.g. what cluster is served. */
  readonly banner: string;
  /** Stops serving when aborted (SIGTERM), as if stdin had closed. */
  readonly stop?: AbortSignal;
}

/**
 * Serves one MCP session over newline-delimited JSON-RPC on `input`/`output`. Resolves once
 * `input` ends (the client closed stdin) or `stop` is aborted, and the server is closed. Logs
 * only through `log`.
 */
export async function serveStdio(options: ServeStdioOptions): Promise<void> {
  const { server, log, stop } = options;
  const transport = new StdioServerTransport(options.input, options.output);
  transport.onerror = (error) => log('warn', `stdio transport error: ${error.message}`, { error });
  let why = 'stdin closed';
  const ended = new Promise<void>((resolve) => {
    options.input.once('end', resolve);
    options.input.once('close', resolve);
    if (stop?.aborted) resolve();
    stop?.addEventListener('abort', () => {
      why = String(stop.reason ?? 'stop requested');
      resolve();
    });
  });
  if (stop?.aborted) why = String(stop.reason ?? 'stop requested');
  await server.connect(transport);
  log('info', options.banner);
  await ended;
  await server.close();
  log('info', `${why}: stopped`);
}
