import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createLogger, LOG_FILES, type LoggerOptions } from './logger.js';

const NOW = Date.parse('2026-11-22T10:20:30.456Z');
const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-logger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(options: Partial<LoggerOptions> = {}) {
  let text = '';
  const logger = createLogger({ level: 'info', output: { write: (t: string) => (text += t) }, now: () => NOW, ...options });
  return { logger, text: () => text, records: () => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger: JSON lines', () => {
  it('writes one JSON record per line with level, ISO time, fields and msg', () => {
    const { logger, text, records } = capture();
    logger.info('listening', { url: 'http://127.0.0.1:8766', sessions: 0 });
    expect(text().endsWith('\n')).toBe(true);
    expect(records()).toEqual([{ level: 'info', time: '2026-11-22T10:20:30.456Z', url: 'http://127.0.0.1:8766', sessions: 0, msg: 'listening' }]);
  });

  it('writes only records at or above its level', () => {
    const { logger, records } = capture({ level: 'warn' });
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(records().map((r) => [r['level'], r['msg']])).toEqual([
      ['warn', 'w'],
      ['error', 'e'],
    ]);
    expect(logger.level).toBe('warn');
    const verbose = capture({ level: 'debug' });
    verbose.logger.debug('d');
    expect(verbose.records().map((r) => r['level'])).toEqual(['debug']);
  });

  it('writes an error as its message, with its stack only when stacks are on', () => {
    const error = new Error('read ECONNRESET');
    const plain = capture();
    plain.logger.error('request failed', { error });
    expect(plain.records()[0]).toMatchObject({ error: 'read ECONNRESET', msg: 'request failed' });
    expect(plain.text()).not.toContain('stack');
    expect(plain.text()).not.toMatch(/\bat .*logger\.spec/);
    const debug = capture({ stacks: true });
    debug.logger.error('request failed', { error });
    expect(debug.records()[0]?.['stack']).toMatch(/^Error: read ECONNRESET\n\s+at /);
    const thrown = capture({ stacks: true });
    thrown.logger.warn('odd', { error: 'a string was thrown' });
    expect(thrown.records()[0]).toEqual(expect.objectContaining({ error: 'a string was thrown' }));
    expect(thrown.records()[0]).not.toHaveProperty('stack');
  });

  it('never writes to stdout', () => {
    const stdout = vi.spyOn(process.stdout, 'write');
    try {
      const { logger } = capture({ level: 'debug', pretty: true, stacks: true });
      for (const level of ['debug', 'info', 'warn', 'error'] as const) logger[level]('to the output only', { error: new Error('x') });
      expect(stdout).not.toHaveBeenCalled();
    } finally {
      stdout.mockRestore();
    }
  });
});

describe('createLogger: pretty lines', () => {
  it('writes time of day, level and message, then fields as key=value', () => {
    const { logger, text } = capture({ pretty: true });
    logger.warn('sync Pod: failed', { kind: 'Pod', reason: 'connection refused', attempts: 3 });
    expect(logger.pretty).toBe(true);
    expect(text()).toMatch(/^\d\d:\d\d:\d\d\.456 WARN {2}sync Pod: failed kind=Pod reason="connection refused" attempts=3\n$/);
  });

  it('keeps the lines of a multi-line message and indents a stack below it', () => {
    const { logger, text } = capture({ pretty: true, stacks: true });
    logger.info('k8s-mcp listening\n  cluster:  demo\n  namespace: shop');
    logger.error('failed', { error: new Error('boom') });
    const lines = text().split('\n');
    expect(lines.slice(0, 3)).toEqual([expect.stringMatching(/ INFO {2}k8s-mcp listening$/), '  cluster:  demo', '  namespace: shop']);
    expect(lines[3]).toMatch(/ ERROR failed error=boom$/);
    expect(lines[4]).toBe('  Error: boom');
    expect(lines[5]).toMatch(/^ {6}at /);
  });
});

describe('createLogger: log files', () => {
  it('creates the directory and writes k8s-mcp.log (its level) and error.log (warn and error, whatever the level)', () => {
    const logDir = join(dir, 'nested', 'logs');
    const { logger, records } = capture({ level: 'error', directory: logDir });
    logger.info('routine');
    logger.warn('slow sync');
    logger.error('gone', { error: new Error('unreachable') });
    logger.close();
    const file = (name: string) => readFileSync(join(logDir, name), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records().map((r) => r['msg'])).toEqual(['gone']);
    expect(file(LOG_FILES.all).map((r) => r['msg'])).toEqual(['gone']);
    expect(file(LOG_FILES.errors).map((r) => [r['level'], r['msg']])).toEqual([
      ['warn', 'slow sync'],
      ['error', 'gone'],
    ]);
    expect(file(LOG_FILES.errors)[1]).toMatchObject({ time: '2026-11-22T10:20:30.456Z', error: 'unreachable' });
  });

  it('appends JSON lines to the files even when the output is pretty, and writes only the output after close', () => {
    const logDir = join(dir, 'append');
    for (const run of [1, 2]) {
      const { logger } = capture({ level: 'debug', pretty: true, directory: logDir });
      logger.debug(`run ${run}`);
      logger.close();
      logger.close();
      logger.error('after close');
    }
    const lines = readFileSync(join(logDir, LOG_FILES.all), 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['run 1', 'run 2']);
    expect(existsSync(join(logDir, LOG_FILES.errors))).toBe(true);
    expect(readFileSync(join(logDir, LOG_FILES.errors), 'utf8')).toBe('');
  });

  it('throws when the directory cannot be created', () => {
    expect(() => capture({ directory: join(dir, 'append', LOG_FILES.all, 'below-a-file') })).toThrow(/ENOTDIR|EEXIST/);
  });
});
