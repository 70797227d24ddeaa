import { describe, expect, it } from 'vitest';
import type { CliIo, LaunchRequest, LaunchResult } from '../cli-io.js';
import type { HttpServerLocation } from '../http-server-entry.js';
import { EXIT_CODES, run } from '../run.js';

const ENTRY = '/opt/k8s-mcp/apps/http-server/dist/main.js';

/** A CliIo whose launcher records the request and answers `result` (or throws `fails`). */
function io(options: { result?: LaunchResult; fails?: Error; location?: HttpServerLocation | null; env?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const launched: LaunchRequest[] = [];
  const value: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: options.env ?? { HOME: '/home/dev' },
    readFile: (path) => {
      throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    },
    cwd: '/work',
    homedir: '/home/dev',
    version: '1.2.3',
    launch: async (request) => {
      launched.push(request);
      if (options.fails) throw options.fails;
      return options.result ?? { exitCode: 0, signal: null };
    },
    ...(options.location === null ? {} : { locateHttpServer: () => options.location ?? { entry: ENTRY, searched: [ENTRY] } }),
  };
  return { io: value, out: () => stdout, err: () => stderr, launched };
}

describe('serve http: the HTTP server app as a child process', () => {
  it('passes every cluster shorthand, HTTP option and configuration flag on as the server\'s configuration flags', async () => {
    const t = io({ env: { K8S_MCP_AUTH_TOKENS: 'tok' } });
    const argv = [
      '--context',
      'prod',
      'serve',
      'http',
      '-n',
      'shop',
      '--kubeconfig',
      'kube.yaml',
      '--snapshot=dump.json',
      '--demo',
      '--port',
      '9000',
      '--host',
      '0.0.0.0',
      '--k8s-mcp-stateless',
      '--k8s-max-resources',
      '500',
      '--log-level=DEBUG',
    ];
    expect(await run(argv, t.io)).toBe(EXIT_CODES.ok);
    expect(t.launched).toEqual([
      {
        script: ENTRY,
        args: [
          '--k8s-context=prod',
          '--k8s-namespace=shop',
          '--kubeconfig-path=kube.yaml',
          '--k8s-mcp-snapshot=dump.json',
          '--k8s-mcp-demo=true',
          '--k8s-mcp-port=9000',
          '--k8s-mcp-host=0.0.0.0',
          '--k8s-mcp-stateless=true',
          '--k8s-max-resources=500',
          '--log-level=DEBUG',
        ],
        // Same directory (relative paths, .env) and environment (tokens, KUBECONFIG) as the CLI.
        cwd: '/work',
        env: { K8S_MCP_AUTH_TOKENS: 'tok' },
      },
    ]);
    expect(t.out()).toBe('');
    expect(t.err()).toBe('');
  });

  it('starts the server with no flags when none are given', async () => {
    const t = io();
    expect(await run(['serve', 'http'], t.io)).toBe(0);
    expect(t.launched.map((r) => r.args)).toEqual([[]]);
  });

  it.each([
    [{ exitCode: 2, signal: null }, EXIT_CODES.usage, 'k8s-mcp serve http: the HTTP server refused its configuration (exit code 2; see above)\n'],
    [{ exitCode: 1, signal: null }, EXIT_CODES.error, 'k8s-mcp serve http: the HTTP server exited with code 1\n'],
    [{ exitCode: 7, signal: null }, EXIT_CODES.error, 'k8s-mcp serve http: the HTTP server exited with code 7\n'],
    [{ exitCode: null, signal: 'SIGKILL' }, EXIT_CODES.error, 'k8s-mcp serve http: the HTTP server was killed by SIGKILL\n'],
  ])('maps the server ending %j to exit code %i', async (result, code, message) => {
    const t = io({ result });
    expect(await run(['serve', 'http', '--demo'], t.io)).toBe(code);
    expect(t.err()).toBe(message);
  });

  it('exits 1 saying where it looked and what to do when the server app is missing, without launching', async () => {
    const searched = ['/opt/k8s-mcp/apps/http-server/dist/main.js', 'the installed package @k8s-mcp/http-server (not installed)'];
    const t = io({ location: { searched } });
    expect(await run(['serve', 'http', '--context', 'prod'], t.io)).toBe(EXIT_CODES.error);
    expect(t.launched).toEqual([]);
    expect(t.err()).toBe(
      [
        'k8s-mcp serve http: the HTTP server app (@k8s-mcp/http-server) is not built or not installed; looked for:',
        '  /opt/k8s-mcp/apps/http-server/dist/main.js',
        '  the installed package @k8s-mcp/http-server (not installed)',
        'In the k8s-mcp repository, build it with "npm run build" (or "npx tsc -b apps/http-server/tsconfig.app.json");',
        'elsewhere, install @k8s-mcp/http-server beside @k8s-mcp/cli, or run the server\'s container image (docs/deployment.md).',
        '',
      ].join('\n'),
    );
  });

  it('counts a CliIo without a locator as a missing server', async () => {
    const t = io({ location: null });
    expect(await run(['serve', 'http'], t.io)).toBe(EXIT_CODES.error);
    expect(t.err()).toMatch(/^k8s-mcp serve http: the HTTP server app \(@k8s-mcp\/http-server\) is not built or not installed\.\nIn the k8s-mcp repository/);
  });

  it('exits 1 naming the script when the server cannot be started at all', async () => {
    const t = io({ fails: Object.assign(new Error('spawn EACCES'), { code: 'EACCES' }) });
    expect(await run(['serve', 'http'], t.io)).toBe(EXIT_CODES.error);
    expect(t.err()).toBe(`k8s-mcp serve http: cannot start the HTTP server ${ENTRY}: spawn EACCES\n`);
  });

  it('documents serve http, --port and --host in serve --help', async () => {
    const t = io();
    expect(await run(['serve', 'http', '--help'], t.io)).toBe(0);
    expect(t.launched).toEqual([]);
    expect(t.out()).toMatch(/^serve http: runs the HTTP server app \(@k8s-mcp\/http-server/m);
    expect(t.out()).toMatch(/^ {6}--port <port> +serve http: port to listen on \(K8S_MCP_PORT, default 8766\)\.$/m);
    expect(t.out()).toMatch(/^ {6}--host <address> +serve http: address to bind/m);
    expect(t.out()).toContain('k8s-mcp serve http --context prod --port 9000');
  });
});
