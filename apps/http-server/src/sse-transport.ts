import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Options of {@link RelativeSseServerTransport}. */
export interface RelativeSseOptions {
  /**
   * Where clients POST messages, relative to the SSE URL (default `messages`): a client that
   * resolves it against its configured URL keeps any reverse-proxy path prefix, which the SDK's
   * root-relative `/messages` would drop.
   */
  readonly endpoint?: string;
  /** Interval of `: keep-alive` comments, so proxies and clients' read timeouts see bytes. Default 15 000 ms. */
  readonly keepAliveMs?: number;
}

/**
 * Legacy MCP SSE transport (protocol 2024-11-05) for clients such as Dify: the `endpoint` event
 * is written at once with a relative URL, keep-alive comments follow, and proxy buffering is
 * switched off (`X-Accel-Buffering: no`). Messages arrive through {@link handlePost}.
 */
export class RelativeSseServerTransport implements Transport {
  readonly sessionId = randomUUID();
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];
  private keepAlive: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: RelativeSseOptions = {},
  ) {}

  async start(): Promise<void> {
    this.res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    this.res.write(`event: endpoint\ndata: ${this.options.endpoint ?? 'messages'}?sessionId=${this.sessionId}\n\n`);
    this.keepAlive = setInterval(() => this.res.write(': keep-alive\n\n'), this.options.keepAliveMs ?? 15_000);
    this.keepAlive.unref();
    this.res.on('close', () => this.finish());
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error('RelativeSseServerTransport.send: the SSE stream is closed');
    this.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  async close(): Promise<void> {
    this.res.end();
    this.finish();
  }

  /**
   * Hands one POSTed JSON-RPC message to the server.
   *
   * @throws Error prefixed `handlePost:` when the body is not a JSON-RPC message (the route answers 400).
   */
  handlePost(body: unknown, headers: IncomingHttpHeaders): void {
    const parsed = JSONRPCMessageSchema.safeParse(body);
    if (!parsed.success) throw new Error('handlePost: the body is not a JSON-RPC 2.0 message');
    this.onmessage?.(parsed.data, { requestInfo: { headers } });
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    this.onclose?.();
  }
}
