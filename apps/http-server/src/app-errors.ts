/** Log levels the HTTP server writes at; the app's logger methods of the same names fit. */
export type HttpLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where the HTTP server logs: level, message and fields (`error` for the error behind it). */
export type HttpLog = (level: HttpLogLevel, message: string, fields?: Readonly<Record<string, unknown>>) => void;

// What a socket reports when the client went away mid-request or mid-stream (an SSE client
// closing its tab, a proxy timing out): routine, not a server fault.
const DISCONNECT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_DESTROYED']);

const codeOf = (error: unknown): string | undefined => {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
};

/** Whether `error` says the client closed or reset its connection (ECONNRESET, EPIPE, "aborted", ...). */
export function isClientDisconnect(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined && DISCONNECT_CODES.has(code)) return true;
  return error instanceof Error && error.message === 'aborted';
}

/**
 * The Koa `app.on('error')` listener: installing one replaces Koa's default, which prints every
 * error's stack to stderr. A client that went away is logged at debug without a stack; an error
 * Koa answers itself (404, or one marked `expose`, i.e. a 4xx) at debug; anything else at error,
 * with the error (the logger shows its stack only in debug mode). Never throws.
 */
export function appErrorListener(log: HttpLog): (error: unknown, ctx?: { readonly method?: string; readonly path?: string }) => void {
  return (error, ctx) => {
    const where = ctx?.method !== undefined && ctx.path !== undefined ? `${ctx.method} ${ctx.path}` : 'HTTP';
    const message = error instanceof Error ? error.message : String(error);
    if (isClientDisconnect(error)) {
      log('debug', `client disconnected: ${where} (${codeOf(error) ?? message})`);
      return;
    }
    const { status, expose } = (typeof error === 'object' && error !== null ? error : {}) as { status?: unknown; expose?: unknown };
    if (status === 404 || expose === true) {
      log('debug', `${where}: ${message}`);
      return;
    }
    log('error', `${where}: ${message}`, { error });
  };
}
