import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * A JSON value given as its text, for values `JSON.stringify` cannot produce on this side of the
 * wire (10,000 levels of nesting overflow its stack) but a hostile client can still send.
 */
export class RawJson {
  constructor(readonly text: string) {}
  toString(): string {
    return `RawJson(${this.text.length} chars)`;
  }
}

/**
 * `value` as JSON text; {@link RawJson} parts are spliced in verbatim. The token is unique per
 * call, so a fuzzed string can never collide with it.
 */
export function encodeJson(value: unknown): string {
  const raws: string[] = [];
  const token = `@@raw-json-${Math.random().toString(36).slice(2)}@@`;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `${token}${raws.length - 1}`;
    }
    return v;
  });
  if (raws.length === 0) return text;
  return text.replace(new RegExp(`"${token}(\\d+)"`, 'g'), (_m, i: string) => raws[Number(i)] ?? 'null');
}

/**
 * The client end of an in-memory MCP connection that puts every message through JSON text both
 * ways, as stdio and HTTP do: the server sees exactly what `JSON.parse` makes of the bytes (own
 * `__proto__` keys, 10,000-level arrays), and every answer is kept as the text a client would
 * read (`answers`), so sizes and leaks are checked on the wire form.
 */
export class JsonWireTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** Every message the server sent, as JSON text, in order. */
  readonly answers: string[] = [];
  /** Every message this side sent, as JSON text, in order. */
  readonly sent: string[] = [];

  constructor(private readonly inner: Transport) {
    inner.onmessage = (message) => {
      const text = JSON.stringify(message);
      this.answers.push(text);
      this.onmessage?.(JSON.parse(text) as JSONRPCMessage);
    };
    inner.onclose = () => this.onclose?.();
    inner.onerror = (error) => this.onerror?.(error);
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const text = encodeJson(message);
    this.sent.push(text);
    return this.inner.send(JSON.parse(text) as JSONRPCMessage, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
