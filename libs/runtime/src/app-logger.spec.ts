import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@k8s-mcp/config';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppLogger, logLevelOf } from './app-logger.js';

const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-app-logger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (env: Record<string, string>) => loadConfig({ argv: [], env, readFile: () => '', cwd: dir, homedir: '/nonexistent', envFile: false });

function capture(env: Record<string, string>, isTTY = false, quiet = false) {
  let text = '';
  const logger = createAppLogger(config(env), { output: { write: (t: string) => (text += t) }, isTTY }, { quiet });
  return { logger, text: () => text };
}

describe('logLevelOf', () => {
  it('maps LOG_LEVEL, lets K8S_MCP_DEBUG win, and makes INFO quiet for one-shot commands', () => {
    expect(logLevelOf(config({}))).toBe('info');
    expect(logLevelOf(config({ LOG_LEVEL: 'warning' }))).toBe('warn');
    expect(logLevelOf(config({ LOG_LEVEL: 'ERROR' }))).toBe('error');
    expect(logLevelOf(config({ LOG_LEVEL: 'debug' }))).toBe('debug');
    expect(logLevelOf(config({ LOG_LEVEL: 'ERROR', K8S_MCP_DEBUG: 'true' }))).toBe('debug');
    expect(logLevelOf(config({}), { quiet: true })).toBe('warn');
    expect(logLevelOf(config({ LOG_LEVEL: 'DEBUG' }), { quiet: true })).toBe('debug');
    expect(logLevelOf(config({ LOG_LEVEL: 'ERROR' }), { quiet: true })).toBe('error');
  });
});

describe('createAppLogger', () => {
  it('LOG_LEVEL=ERROR drops info and warn records', () => {
    const { logger, text } = capture({ LOG_LEVEL: 'ERROR' });
    logger.info('initial sync: listing every kind');
    logger.warn('sync Pod failed');
    logger.error('cannot continue');
    expect(text().trim().split('\n').map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['cannot continue']);
  });

  it('K8S_MCP_DEBUG logs debug records and stack traces', () => {
    const { logger, text } = capture({ K8S_MCP_DEBUG: 'true' });
    logger.debug('client disconnected');
    logger.error('failed', { error: new Error('boom') });
    const [first, second] = text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(first).toMatchObject({ level: 'debug', msg: 'client disconnected' });
    expect(second?.['stack']).toMatch(/^Error: boom\n\s+at /);
    const plain = capture({});
    plain.logger.debug('client disconnected');
    plain.logger.error('failed', { error: new Error('boom') });
    expect(plain.text()).not.toContain('client disconnected');
    expect(plain.text()).not.toContain('stack');
  });

  it('is pretty on a terminal and JSON otherwise', () => {
    const tty = capture({}, true);
    tty.logger.info('hello');
    expect(tty.logger.pretty).toBe(true);
    expect(tty.text()).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}hello\n$/);
    const pipe = capture({}, false);
    pipe.logger.info('hello');
    expect(JSON.parse(pipe.text())).toMatchObject({ level: 'info', msg: 'hello' });
  });

  it('writes k8s-mcp.log and error.log to K8S_MCP_LOG_DIR', () => {
    const { logger } = capture({ K8S_MCP_LOG_DIR: 'logs' });
    logger.info('routine');
    logger.warn('attention');
    logger.close();
    expect(readFileSync(join(dir, 'logs', 'k8s-mcp.log'), 'utf8')).toMatch(/"msg":"routine"[\s\S]*"msg":"attention"/);
    expect(readFileSync(join(dir, 'logs', 'error.log'), 'utf8')).not.toContain('routine');
  });

  it('refuses a K8S_MCP_LOG_DIR it cannot write to with a ConfigError naming it', () => {
    writeFileSync(join(dir, 'a-file'), '');
    let thrown: unknown;
    try {
      capture({ K8S_MCP_LOG_DIR: join(dir, 'a-file', 'logs') });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).issues[0]).toMatchObject({ variable: 'K8S_MCP_LOG_DIR' });
    expect((thrown as ConfigError).message).toMatch(/K8S_MCP_LOG_DIR=".*a-file\/logs": cannot write the log files there \((ENOTDIR|EEXIST)\); point it at a directory/);
  });
});
