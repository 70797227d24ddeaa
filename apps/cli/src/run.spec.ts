import { describe, expect, it } from 'vitest';
import { EXIT_CODES, run, type CliIo } from './run.js';

function io(overrides: Partial<CliIo> = {}) {
  let stdout = '';
  let stderr = '';
  const value: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
    readFile: (path) => {
      throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    },
    cwd: '/work',
    homedir: '/home/dev',
    version: '1.2.3',
    ...overrides,
  };
  return { io: value, out: () => stdout, err: () => stderr };
}

describe('run', () => {
  it.each([[[]], [['--help']], [['-h']], [['config', '--help']]])('prints help for %j and exits 0', async (argv) => {
    const t = io();
    expect(await run(argv, t.io)).toBe(0);
    expect(t.out()).toContain('Usage: k8s-mcp <command> [options]');
    expect(t.out()).toContain('--k8s-mcp-port=<value>');
    expect(t.err()).toBe('');
  });

  it.each([['--version'], ['-V']])('prints the version for %s', async (flag) => {
    const t = io();
    expect(await run([flag], t.io)).toBe(0);
    expect(t.out()).toBe('1.2.3\n');
  });

  it('prints the effective configuration with secrets masked', async () => {
    const t = io({ env: { K8S_MCP_AUTH_TOKENS: 'tok-1,tok-2', K8S_NAMESPACE: 'shop' } });
    expect(await run(['config', '--k8s-mcp-port', '9000'], t.io)).toBe(0);
    expect(t.out()).toContain('K8S_MCP_PORT=9000\n');
    expect(t.out()).toContain('K8S_NAMESPACE=shop\n');
    expect(t.out()).toContain('K8S_MCP_AUTH_TOKENS=<redacted>\n');
    expect(t.out()).not.toContain('tok-1');
  });

  it('maps a ConfigError to exit code 2 with every problem on stderr', async () => {
    const t = io({ env: { K8S_MCP_PORT: 'abc' } });
    expect(await run(['config', '--log-level=loud'], t.io)).toBe(EXIT_CODES.usage);
    expect(t.err()).toContain('K8S_MCP_PORT="abc" (from environment): expected an integer between 1 and 65535');
    expect(t.err()).toContain('LOG_LEVEL="loud" (from flag --log-level)');
    expect(t.out()).toBe('');
  });

  it('maps an unknown command or flag to exit code 2', async () => {
    const t = io();
    expect(await run(['serve-everything'], t.io)).toBe(2);
    expect(t.err()).toBe('k8s-mcp: unknown command "serve-everything"; run k8s-mcp --help to list the commands\n');
    const u = io();
    expect(await run(['config', '--no-such-flag'], u.io)).toBe(2);
    expect(u.err()).toContain('unknown option --no-such-flag; run with --help to list the options');
  });

  it('maps an unexpected error to exit code 1 with its stack', async () => {
    const t = io({
      env: { K8S_API_SERVER: 'https://k8s', K8S_API_TOKEN_FILE: '/t' },
      readFile: () => {
        throw new TypeError('disk on fire');
      },
    });
    // The .env read fails with a non-ENOENT error: reported as configuration, exit 2.
    expect(await run(['config'], t.io)).toBe(2);
    const boom = io();
    const broken: CliIo = {
      ...boom.io,
      stdout: {
        write: () => {
          throw new Error('EPIPE');
        },
      },
    };
    expect(await run(['--version'], broken)).toBe(EXIT_CODES.unexpected);
    expect(boom.err()).toMatch(/^k8s-mcp: unexpected error: Error: EPIPE/);
  });
});
