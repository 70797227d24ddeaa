import { describe, expect, it } from 'vitest';
import { appErrorListener, isClientDisconnect } from './app-errors.js';

const coded = (code: string, message = code): Error => Object.assign(new Error(message), { code });

describe('isClientDisconnect', () => {
  it('knows the ways a socket says the client went away', () => {
    for (const code of ['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_DESTROYED']) expect(isClientDisconnect(coded(code)), code).toBe(true);
    expect(isClientDisconnect(new Error('aborted'))).toBe(true);
    expect(isClientDisconnect(coded('ECONNREFUSED'))).toBe(false);
    expect(isClientDisconnect(new Error('boom'))).toBe(false);
    expect(isClientDisconnect('ECONNRESET')).toBe(false);
    expect(isClientDisconnect(undefined)).toBe(false);
  });
});

describe('appErrorListener', () => {
  function listen() {
    const logged: [string, string, Readonly<Record<string, unknown>> | undefined][] = [];
    return { logged, listener: appErrorListener((level, message, fields) => void logged.push([level, message, fields])) };
  }

  it('logs a client that went away at debug, naming the request, without the error (no stack)', () => {
    const { logged, listener } = listen();
    listener(coded('ECONNRESET', 'read ECONNRESET'), { method: 'GET', path: '/sse' });
    listener(new Error('aborted'), { method: 'POST', path: '/mcp' });
    expect(logged).toEqual([
      ['debug', 'client disconnected: GET /sse (ECONNRESET)', undefined],
      ['debug', 'client disconnected: POST /mcp (aborted)', undefined],
    ]);
  });

  it('logs what Koa answers itself (404, exposed 4xx) at debug and anything else at error with the error', () => {
    const { logged, listener } = listen();
    listener(Object.assign(new Error('Not Found'), { status: 404 }), { method: 'GET', path: '/nope' });
    listener(Object.assign(new Error('Bad Request'), { status: 400, expose: true }));
    const failure = new Error('cannot read properties of undefined');
    listener(failure, { method: 'POST', path: '/messages' });
    listener('a string');
    expect(logged).toEqual([
      ['debug', 'GET /nope: Not Found', undefined],
      ['debug', 'HTTP: Bad Request', undefined],
      ['error', 'POST /messages: cannot read properties of undefined', { error: failure }],
      ['error', 'HTTP: a string', { error: 'a string' }],
    ]);
  });
});
