import type { IncomingMessage } from 'node:http';

/** A failure with an HTTP status and a JSON body; the app's error middleware renders it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: object,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`HTTP ${status}`);
    this.name = 'HttpError';
  }
}

/** A JSON-RPC error object with a null id, as MCP transports answer transport-level failures. */
export function jsonRpcError(code: number, message: string): object {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}

/**
 * Reads and parses a JSON request body.
 *
 * @throws HttpError 413 above `limit` bytes, 400 when the body is not JSON.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new HttpError(413, jsonRpcError(-32600, `Request body larger than ${limit} bytes`));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, jsonRpcError(-32600, `Request body larger than ${limit} bytes`));
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, jsonRpcError(-32700, 'Parse error: the body is not valid JSON'));
  }
}
