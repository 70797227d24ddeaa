import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig, type LoadConfigOptions } from './load-config.js';

function notFound(path: string): never {
  throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
}

/** Options with no flags, no environment and an in-memory file system. */
function options(overrides: Partial<LoadConfigOptions> & { files?: Record<string, string> } = {}): LoadConfigOptions {
  const { files = {}, ...rest } = overrides;
  return {
    argv: [],
    env: {},
    cwd: '/work',
    homedir: '/home/dev',
    readFile: (path) => files[path] ?? notFound(path),
    ...rest,
  };
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig defaults', () => {
  it('gives every documented default when nothing is set', () => {
    const config = loadConfig(options());
    expect(config).toEqual({
      kubeconfigPaths: ['/home/dev/.kube/config'],
      serviceAccountDir: '/var/run/secrets/kubernetes.io/serviceaccount',
      namespace: 'default',
      maxResources: 100,
      allowedNamespaces: [],
      forbiddenNamespaces: [],
      allowWrites: false,
      allowDestructive: false,
      auditEnabled: true,
      auditLogPath: 'logs/audit.log',
      allowedTools: [],
      maxOutputKb: 24,
      host: 'localhost',
      port: 8766,
      stateless: false,
      allowInsecureBind: false,
      maxBodyKb: 4096,
      authTokens: [],
      allowedHosts: [],
      monitoringPublic: false,
      maxSessions: 100,
      sessionIdleTimeoutSeconds: 300,
      debug: false,
      logLevel: 'INFO',
      knowledgeGraphEnabled: true,
      syncIntervalSeconds: 300,
      graphMaxDepth: 3,
      graphTtlSeconds: 3600,
      graphMemoryLimitMb: 1024,
      watchTimeoutSeconds: 600,
      maxRetryCount: 3,
      maxSummarySizeKb: 10,
      summaryLogs: true,
      summaryLogContainers: 6,
      summaryLogTailLines: 100,
      monitoringEnabled: true,
      metricsCollectionIntervalSeconds: 30,
      metricsHistorySize: 1000,
      alertApiResponseTimeMaxSeconds: 5,
      alertCpuPercentMax: 80,
      alertMemoryPercentMax: 85,
      alertErrorRatePercentMax: 5,
      alertSyncDelayMaxSeconds: 300,
      demo: 'auto',
    });
    expect(config.kubeContext).toBeUndefined();
    expect(config.apiServer).toBeUndefined();
    expect(config.apiToken).toBeUndefined();
    expect(config.snapshot).toBeUndefined();
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig(options({ env: { K8S_ALLOWED_NAMESPACES: 'a,b' } }));
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.allowedNamespaces)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => (config.allowedNamespaces as string[]).push('c')).toThrow(TypeError);
  });

  it('never reads the real process environment', () => {
    process.env['K8S_MCP_PORT'] = '1234';
    try {
      expect(loadConfig(options()).port).toBe(8766);
    } finally {
      delete process.env['K8S_MCP_PORT'];
    }
  });
});

describe('loadConfig value parsing', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['Yes', true],
    [' no ', false],
    ['0', false],
    ['False', false],
  ])('reads boolean %j as %s', (value, expected) => {
    expect(loadConfig(options({ env: { K8S_MCP_DEBUG: value } })).debug).toBe(expected);
  });

  it('reads numbers, durations with decimals, and enums case-insensitively', () => {
    const config = loadConfig(
      options({
        env: {
          K8S_MCP_PORT: ' 9000 ',
          SYNC_INTERVAL: '0.5',
          ALERT_ERROR_RATE_MAX: '2.5',
          LOG_LEVEL: 'warning',
          K8S_MCP_DEMO: 'FALSE',
        },
      }),
    );
    expect(config.port).toBe(9000);
    expect(config.syncIntervalSeconds).toBe(0.5);
    expect(config.alertErrorRatePercentMax).toBe(2.5);
    expect(config.logLevel).toBe('WARNING');
    expect(config.demo).toBe(false);
    expect(loadConfig(options({ env: { K8S_MCP_DEMO: 'Auto' } })).demo).toBe('auto');
    expect(loadConfig(options({ env: { K8S_MCP_DEMO: 'yes' } })).demo).toBe(true);
  });

  it('trims comma lists and drops empty items', () => {
    const config = loadConfig(
      options({
        env: {
          K8S_ALLOWED_NAMESPACES: ' team-a , ,team-b,, ',
          K8S_FORBIDDEN_NAMESPACES: 'kube-system',
          K8S_MCP_ALLOWED_HOSTS: 'mcp.example.com, host.docker.internal:8766',
        },
      }),
    );
    expect(config.allowedNamespaces).toEqual(['team-a', 'team-b']);
    expect(config.forbiddenNamespaces).toEqual(['kube-system']);
    expect(config.allowedHosts).toEqual(['mcp.example.com', 'host.docker.internal:8766']);
  });

  it('treats an empty value as unset', () => {
    const config = loadConfig(options({ env: { K8S_MCP_PORT: '', K8S_CONTEXT: '  ', K8S_ALLOWED_NAMESPACES: '' } }));
    expect(config.port).toBe(8766);
    expect(config.kubeContext).toBeUndefined();
    expect(config.allowedNamespaces).toEqual([]);
  });

  it('reads optional strings and URLs', () => {
    const config = loadConfig(
      options({
        env: { K8S_CONTEXT: 'kind-dev', K8S_API_SERVER: 'https://10.0.0.1:6443', K8S_API_TOKEN: 'tok' },
      }),
    );
    expect(config.kubeContext).toBe('kind-dev');
    expect(config.apiServer).toBe('https://10.0.0.1:6443');
    expect(config.apiToken).toBe('tok');
  });
});

describe('loadConfig precedence: flag > environment > .env > default', () => {
  const dotenvFiles = { '/work/.env': 'K8S_MCP_PORT=7000\nK8S_NAMESPACE=from-dotenv\nLOG_LEVEL=error\n' };

  it('uses the .env file over defaults', () => {
    const config = loadConfig(options({ files: dotenvFiles }));
    expect(config.port).toBe(7000);
    expect(config.namespace).toBe('from-dotenv');
    expect(config.logLevel).toBe('ERROR');
  });

  it('uses the environment over the .env file', () => {
    const config = loadConfig(options({ files: dotenvFiles, env: { K8S_MCP_PORT: '8000' } }));
    expect(config.port).toBe(8000);
    expect(config.namespace).toBe('from-dotenv');
  });

  it('uses flags over the environment, in both --name=value and --name value forms', () => {
    const config = loadConfig(
      options({
        files: dotenvFiles,
        env: { K8S_MCP_PORT: '8000', K8S_NAMESPACE: 'from-env' },
        argv: ['--k8s-mcp-port', '9000', '--k8s-namespace=from-flag'],
      }),
    );
    expect(config.port).toBe(9000);
    expect(config.namespace).toBe('from-flag');
    expect(config.logLevel).toBe('ERROR');
  });

  it('falls through an empty higher-precedence value', () => {
    const config = loadConfig(options({ files: dotenvFiles, env: { K8S_MCP_PORT: '' } }));
    expect(config.port).toBe(7000);
  });

  it('reads the .env file from an injected path, relative to cwd', () => {
    const config = loadConfig(
      options({ envFile: 'conf/k8s.env', files: { '/work/conf/k8s.env': 'K8S_MCP_HOST=0.0.0.0' } }),
    );
    expect(config.host).toBe('0.0.0.0');
  });

  it('ignores the .env file when envFile is false, and a missing .env file is fine', () => {
    expect(loadConfig(options({ envFile: false, files: dotenvFiles })).port).toBe(8766);
    expect(loadConfig(options({ files: {} })).port).toBe(8766);
  });

  it('ignores variables in .env that are not settings', () => {
    expect(loadConfig(options({ files: { '/work/.env': 'UNRELATED=1\nK8S_MCP_PORT=7001' } })).port).toBe(7001);
  });
});

describe('loadConfig kubeconfig paths', () => {
  it('expands ~ and resolves relative paths against cwd', () => {
    const files = { '/home/dev/clusters/dev.yaml': '', '/work/kube/config': '' };
    const config = loadConfig(options({ env: { KUBECONFIG_PATH: '~/clusters/dev.yaml' }, files }));
    expect(config.kubeconfigPaths).toEqual(['/home/dev/clusters/dev.yaml']);
    expect(loadConfig(options({ env: { KUBECONFIG_PATH: 'kube/config' }, files })).kubeconfigPaths).toEqual([
      '/work/kube/config',
    ]);
  });

  it('honours KUBECONFIG with several files joined by ":"', () => {
    const config = loadConfig(options({ env: { KUBECONFIG: '/etc/k/a.yaml::~/b.yaml:rel.yaml' }, files: { '/work/rel.yaml': '' } }));
    expect(config.kubeconfigPaths).toEqual(['/etc/k/a.yaml', '/home/dev/b.yaml', '/work/rel.yaml']);
  });

  it('prefers KUBECONFIG_PATH over KUBECONFIG in the same source', () => {
    const config = loadConfig(options({ env: { KUBECONFIG: '/a', KUBECONFIG_PATH: '/b' }, files: { '/b': '' } }));
    expect(config.kubeconfigPaths).toEqual(['/b']);
  });

  it('keeps source precedence across the alias: env KUBECONFIG beats .env KUBECONFIG_PATH', () => {
    const config = loadConfig(options({ env: { KUBECONFIG: '/env' }, files: { '/work/.env': 'KUBECONFIG_PATH=/dotenv', '/env': '' } }));
    expect(config.kubeconfigPaths).toEqual(['/env']);
  });

  it('accepts the --kubeconfig flag', () => {
    expect(loadConfig(options({ argv: ['--kubeconfig=/x:/y'], files: { '/y': '' } })).kubeconfigPaths).toEqual(['/x', '/y']);
  });

  it('refuses a kubeconfig that is named but does not exist, naming the variable, its source and the path', () => {
    const error = configError(() => loadConfig(options({ env: { KUBECONFIG_PATH: '/nonexistent' } })));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ variable: 'KUBECONFIG_PATH', source: 'environment', value: '/nonexistent' });
    expect(error.message).toContain('KUBECONFIG_PATH="/nonexistent" (from environment): no kubeconfig file exists at /nonexistent');
    expect(error.message).toContain('point KUBECONFIG_PATH at an existing kubeconfig file, or unset it');
    const alias = configError(() => loadConfig(options({ env: { KUBECONFIG: '~/a:~/b' } })));
    expect(alias.message).toContain('KUBECONFIG="~/a:~/b" (from environment): no kubeconfig file exists at /home/dev/a, /home/dev/b; point KUBECONFIG at');
    const flag = configError(() => loadConfig(options({ argv: ['--kubeconfig', 'missing.yaml'] })));
    expect(flag.message).toContain('(from flag --kubeconfig): no kubeconfig file exists at /work/missing.yaml');
  });

  it('counts a directory or an unreadable file as present (resolving the cluster reports it), only ENOENT/ENOTDIR as missing', () => {
    const unreadable = (path: string): string => {
      if (path === '/locked') throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      if (path === '/file/below') throw Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR' });
      return notFound(path);
    };
    expect(loadConfig(options({ env: { KUBECONFIG_PATH: '/locked' }, readFile: unreadable })).kubeconfigPaths).toEqual(['/locked']);
    expect(configError(() => loadConfig(options({ env: { KUBECONFIG_PATH: '/file/below' }, readFile: unreadable }))).issues[0]?.variable).toBe('KUBECONFIG_PATH');
  });

  it('leaves the default ~/.kube/config alone when missing: nothing configured may fall back to the demo', () => {
    expect(loadConfig(options()).kubeconfigPaths).toEqual(['/home/dev/.kube/config']);
  });

  it('does not check a kubeconfig that would not be read (snapshot, demo, explicit server)', () => {
    const env = { KUBECONFIG_PATH: '/nonexistent' };
    expect(loadConfig(options({ env: { ...env, K8S_MCP_SNAPSHOT: '/dump.json' } })).snapshot).toBe('/dump.json');
    expect(loadConfig(options({ env: { ...env, K8S_MCP_DEMO: 'true' } })).demo).toBe(true);
    expect(loadConfig(options({ env: { ...env, K8S_API_SERVER: 'https://api:6443', K8S_API_TOKEN: 't' } })).apiServer).toBe('https://api:6443');
    expect(configError(() => loadConfig(options({ env: { ...env, K8S_MCP_DEMO: 'auto' } }))).issues[0]?.variable).toBe('KUBECONFIG_PATH');
  });
});

describe('loadConfig log directory', () => {
  it('is unset by default; the audit log keeps its own default', () => {
    const config = loadConfig(options());
    expect(config.logDir).toBeUndefined();
    expect(config.auditLogPath).toBe('logs/audit.log');
  });

  it('resolves K8S_MCP_LOG_DIR and puts the audit log there unless K8S_AUDIT_LOG is set', () => {
    const config = loadConfig(options({ env: { K8S_MCP_LOG_DIR: 'var/log' } }));
    expect(config.logDir).toBe('/work/var/log');
    expect(config.auditLogPath).toBe('/work/var/log/audit.log');
    const own = loadConfig(options({ env: { K8S_MCP_LOG_DIR: '~/logs', K8S_AUDIT_LOG: '/audit/k8s.log' } }));
    expect(own.logDir).toBe('/home/dev/logs');
    expect(own.auditLogPath).toBe('/audit/k8s.log');
  });
});

describe('loadConfig token files', () => {
  it('reads K8S_API_TOKEN_FILE (trimmed) into apiToken', () => {
    const config = loadConfig(
      options({
        env: { K8S_API_SERVER: 'https://k8s:6443', K8S_API_TOKEN_FILE: 'secrets/token' },
        files: { '/work/secrets/token': 'abc123\n' },
      }),
    );
    expect(config.apiToken).toBe('abc123');
    expect(config.apiTokenFile).toBe('/work/secrets/token');
  });

  it('reads K8S_MCP_AUTH_TOKENS_FILE: lines or commas, # comments ignored', () => {
    const config = loadConfig(
      options({
        env: { K8S_MCP_AUTH_TOKENS_FILE: '/run/tokens' },
        files: { '/run/tokens': '# rotated 2025-01\nt1\nt2, t3\n\n' },
      }),
    );
    expect(config.authTokens).toEqual(['t1', 't2', 't3']);
  });

  it('rejects a missing or empty token file and both forms at once', () => {
    const missing = configError(() =>
      loadConfig(options({ env: { K8S_API_SERVER: 'https://k8s', K8S_API_TOKEN_FILE: '/nope' } })),
    );
    expect(missing.message).toContain('K8S_API_TOKEN_FILE="/nope" (from environment): cannot read /nope: ENOENT');
    const empty = configError(() =>
      loadConfig(
        options({ env: { K8S_API_SERVER: 'https://k8s', K8S_API_TOKEN_FILE: '/t' }, files: { '/t': ' \n' } }),
      ),
    );
    expect(empty.message).toContain('K8S_API_TOKEN_FILE="/t" (from environment): the file is empty');
    const both = configError(() =>
      loadConfig(
        options({
          env: { K8S_MCP_AUTH_TOKENS: 'a', K8S_MCP_AUTH_TOKENS_FILE: '/t' },
          files: { '/t': 'b' },
        }),
      ),
    );
    expect(both.message).toContain('K8S_MCP_AUTH_TOKENS (from environment) and K8S_MCP_AUTH_TOKENS_FILE (from environment) are both set');
  });
});

describe('loadConfig errors', () => {
  it('names the variable, value, source and expectation', () => {
    const error = configError(() => loadConfig(options({ env: { K8S_MCP_PORT: 'abc' } })));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('K8S_MCP_PORT="abc" (from environment): expected an integer between 1 and 65535');
    expect(error.issues).toEqual([
      expect.objectContaining({ variable: 'K8S_MCP_PORT', value: 'abc', source: 'environment' }),
    ]);
  });

  it.each([
    ['K8S_MCP_PORT', '0', 'an integer between 1 and 65535'],
    ['K8S_MCP_PORT', '65536', 'an integer between 1 and 65535'],
    ['K8S_MCP_PORT', '80.5', 'an integer between 1 and 65535'],
    ['K8S_MAX_RESOURCES', '1e3', 'an integer between 1 and 10000'],
    ['K8S_MCP_DEBUG', 'maybe', 'a boolean (true/false, 1/0, yes/no)'],
    ['ENABLE_KNOWLEDGE_GRAPH', 'on', 'a boolean (true/false, 1/0, yes/no)'],
    ['SYNC_INTERVAL', '0', 'a number of seconds greater than 0 and at most 604800'],
    ['SYNC_INTERVAL', '5m', 'a number of seconds greater than 0 and at most 604800'],
    ['WATCH_TIMEOUT', '-10', 'a number of seconds greater than 0 and at most 604800'],
    ['ALERT_CPU_PERCENT_MAX', '101', 'a number of percent at least 0 and at most 100'],
    ['LOG_LEVEL', 'verbose', 'one of DEBUG, INFO, WARNING, ERROR (case-insensitive)'],
    ['K8S_NAMESPACE', 'Bad_NS', 'a namespace name (lower-case DNS label)'],
    ['K8S_API_SERVER', 'ftp://x', 'an http:// or https:// URL'],
    ['K8S_MCP_HOST', 'http://localhost', 'a host name or IP address'],
    ['K8S_MCP_DEMO', 'sometimes', 'auto, true or false'],
    ['GRAPH_MAX_DEPTH', '11', 'an integer between 1 and 10'],
  ])('rejects %s=%j', (name, value, expected) => {
    const error = configError(() => loadConfig(options({ env: { [name]: value } })));
    expect(error.message).toContain(`${name}=${JSON.stringify(value)} (from environment): expected ${expected}`);
  });

  it('names the bad items of a list', () => {
    const error = configError(() => loadConfig(options({ env: { K8S_FORBIDDEN_NAMESPACES: 'ok,Not_OK,also ok' } })));
    expect(error.message).toContain(
      'K8S_FORBIDDEN_NAMESPACES="ok,Not_OK,also ok" (from environment): expected a comma-separated list of namespace names (lower-case DNS labels) (not valid: "Not_OK", "also ok")',
    );
  });

  it('reports every bad variable at once, with each source', () => {
    const error = configError(() =>
      loadConfig(
        options({
          argv: ['--graph-ttl=soon'],
          env: { K8S_MCP_PORT: 'abc', LOG_LEVEL: 'loud' },
          files: { '/work/.env': '# comment\nMAX_RETRY_COUNT=many\n' },
        }),
      ),
    );
    expect(error.issues).toHaveLength(4);
    expect(error.message).toContain('GRAPH_TTL="soon" (from flag --graph-ttl)');
    expect(error.message).toContain('K8S_MCP_PORT="abc" (from environment)');
    expect(error.message).toContain('LOG_LEVEL="loud" (from environment)');
    expect(error.message).toContain('MAX_RETRY_COUNT="many" (from /work/.env:2): expected an integer between 0 and 100');
  });

  it('rejects unknown flags, naming the flag, a likely fix and --help', () => {
    const error = configError(() => loadConfig(options({ argv: ['--k8s-mcp-prot', '9000'] })));
    expect(error.issues).toHaveLength(1);
    expect(error.message).toContain('unknown option --k8s-mcp-prot (did you mean --k8s-mcp-port?); run with --help');
  });

  it('reports a malformed .env line with file and line number', () => {
    const error = configError(() =>
      loadConfig(options({ files: { '/work/.env': 'K8S_MCP_PORT=1\nthis is not a setting\n' } })),
    );
    expect(error.message).toContain('/work/.env:2: expected KEY=value');
  });

  it('reports an unreadable .env file', () => {
    const error = configError(() =>
      loadConfig(
        options({
          readFile: () => {
            throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
          },
        }),
      ),
    );
    expect(error.message).toContain('/work/.env: cannot read the .env file: EACCES');
  });

  it('checks settings that depend on each other', () => {
    expect(configError(() => loadConfig(options({ env: { K8S_API_TOKEN: 't' } }))).message).toContain(
      'K8S_API_TOKEN is set but K8S_API_SERVER is not',
    );
    expect(configError(() => loadConfig(options({ env: { K8S_API_SERVER: 'https://k8s' } }))).message).toContain(
      'K8S_API_SERVER is set but neither K8S_API_TOKEN nor K8S_API_TOKEN_FILE is',
    );
    expect(
      configError(() => loadConfig(options({ env: { K8S_MCP_ALLOW_DESTRUCTIVE: 'true' } }))).message,
    ).toContain('K8S_MCP_ALLOW_DESTRUCTIVE=true requires K8S_MCP_ALLOW_WRITES=true');
    const both = configError(() =>
      loadConfig(
        options({
          env: { K8S_API_SERVER: 'https://k8s', K8S_API_TOKEN: 't' },
          argv: ['--k8s-api-token-file', '/t'],
          files: { '/t': 'x' },
        }),
      ),
    );
    expect(both.message).toContain(
      'K8S_API_TOKEN (from environment) and K8S_API_TOKEN_FILE (from flag --k8s-api-token-file) are both set: set only one of them',
    );
  });
});
