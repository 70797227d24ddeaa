import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveClusterAccess, type ClusterAccess, type ClusterAccessOptions } from './cluster-access.js';
import { K8sClientError } from './k8s-client-error.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-access-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Options that never see the real machine's service account. */
function opts(extra: Partial<ClusterAccessOptions>): ClusterAccessOptions {
  return {
    inCluster: { tokenPath: join(dir, 'sa/token'), caPath: join(dir, 'sa/ca.crt'), namespacePath: join(dir, 'sa/namespace') },
    ...extra,
  };
}

interface KcEntry {
  clusters?: [string, string][];
  users?: [string, string][];
  contexts?: [string, string, string, string?][];
  current?: string;
}

function kubeconfig({ clusters = [], users = [], contexts = [], current }: KcEntry): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const [name, server] of clusters) lines.push(`- name: ${name}`, '  cluster:', `    server: ${server}`);
  lines.push('users:');
  for (const [name, token] of users) lines.push(`- name: ${name}`, '  user:', `    token: ${token}`);
  lines.push('contexts:');
  for (const [name, cluster, user, ns] of contexts) {
    lines.push(`- name: ${name}`, '  context:', `    cluster: ${cluster}`, `    user: ${user}`, ...(ns ? [`    namespace: ${ns}`] : []));
  }
  if (current) lines.push(`current-context: ${current}`);
  return `${lines.join('\n')}\n`;
}

async function authHeader(access: ClusterAccess): Promise<unknown> {
  const headers: Record<string, string> = {};
  const options: https.RequestOptions = { headers };
  await access.kubeConfig.applyToHTTPSOptions(options);
  return (options.headers as Record<string, string>)['Authorization'];
}

function thrown(fn: () => unknown): K8sClientError {
  try {
    fn();
  } catch (error) {
    if (error instanceof K8sClientError) return error;
    throw error;
  }
  throw new Error('expected a K8sClientError');
}

const ONE = kubeconfig({
  clusters: [['prod', 'https://prod.example:6443']],
  users: [['alice', 'alice-secret-token']],
  contexts: [['prod-alice', 'prod', 'alice', 'shop']],
  current: 'prod-alice',
});

describe('resolveClusterAccess: kubeconfig', () => {
  it('uses current-context, its server, user and namespace', async () => {
    const access = resolveClusterAccess(opts({ kubeconfigPaths: [file('config', ONE)] }));
    expect(access.mode).toBe('kubeconfig');
    expect(access.context).toBe('prod-alice');
    expect(access.server).toBe('https://prod.example:6443');
    expect(access.transport.server).toBe('https://prod.example:6443');
    expect(access.namespace).toBe('shop');
    expect(await authHeader(access)).toBe('Bearer alice-secret-token');
  });

  it('describes itself without credentials', () => {
    const path = file('config', ONE);
    const text = resolveClusterAccess(opts({ kubeconfigPaths: [path] })).describe();
    expect(text).toBe(`kubeconfig ${path}, context "prod-alice", server https://prod.example:6443, namespace "shop"`);
    expect(text).not.toContain('alice-secret-token');
  });

  it('skips files that do not exist', () => {
    const access = resolveClusterAccess(opts({ kubeconfigPaths: [join(dir, 'missing'), file('config', ONE)] }));
    expect(access.context).toBe('prod-alice');
  });

  it('merges several files like kubectl: the first definition of a name and the first current-context win', async () => {
    const first = file(
      'a',
      kubeconfig({ clusters: [['shared', 'https://first:6443']], users: [['u', 'first-token']], contexts: [['ctx-a', 'shared', 'u']] }),
    );
    const second = file(
      'b',
      kubeconfig({
        clusters: [['shared', 'https://second:6443'], ['other', 'https://other:6443']],
        users: [['u', 'second-token'], ['v', 'v-token']],
        contexts: [['ctx-a', 'other', 'v'], ['ctx-b', 'other', 'v', 'team-b']],
        current: 'ctx-a',
      }),
    );
    const third = file('c', kubeconfig({ current: 'ctx-b' }));
    const access = resolveClusterAccess(opts({ kubeconfigPaths: [first, second, third] }));
    // current-context comes from the second file (the first that sets it), ctx-a from the first.
    expect(access.context).toBe('ctx-a');
    expect(access.server).toBe('https://first:6443');
    expect(await authHeader(access)).toBe('Bearer first-token');

    const b = resolveClusterAccess(opts({ kubeconfigPaths: [first, second, third], context: 'ctx-b' }));
    expect(b.server).toBe('https://other:6443');
    expect(b.namespace).toBe('team-b');
    expect(await authHeader(b)).toBe('Bearer v-token');
  });

  it('uses a named context', () => {
    const two = kubeconfig({
      clusters: [['prod', 'https://prod:6443'], ['dev', 'http://127.0.0.1:8001']],
      users: [['alice', 't']],
      contexts: [['prod-alice', 'prod', 'alice'], ['dev-alice', 'dev', 'alice', 'dev-ns']],
      current: 'prod-alice',
    });
    const access = resolveClusterAccess(opts({ kubeconfigPaths: [file('config', two)], context: 'dev-alice' }));
    expect(access.context).toBe('dev-alice');
    expect(access.server).toBe('http://127.0.0.1:8001');
    expect(access.kubeConfig.getCurrentContext()).toBe('dev-alice');
  });

  it('accepts a plain-HTTP server (kubectl proxy) that client-node alone would refuse', async () => {
    const proxy = kubeconfig({ clusters: [['proxy', 'http://127.0.0.1:8001']], users: [['u', 'tok']], contexts: [['p', 'proxy', 'u']], current: 'p' });
    const access = resolveClusterAccess(opts({ kubeconfigPaths: [file('config', proxy)] }));
    expect(await authHeader(access)).toBe('Bearer tok');
  });

  it('refuses an unknown context with CONFIG_INVALID listing the available ones', () => {
    const path = file('config', ONE);
    const error = thrown(() => resolveClusterAccess(opts({ kubeconfigPaths: [path], context: 'staging' })));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(
      `resolveClusterAccess: context "staging" (K8S_CONTEXT) is not defined in kubeconfig ${path}; available contexts: prod-alice`,
    );
  });

  it('refuses a current-context that no file defines', () => {
    const path = file('config', kubeconfig({ clusters: [['c', 'https://c']], contexts: [['x', 'c', 'u']], current: 'gone' }));
    const error = thrown(() => resolveClusterAccess(opts({ kubeconfigPaths: [path] })));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('context "gone" (current-context)');
    expect(error.message).toContain('available contexts: x');
  });

  it('refuses a kubeconfig without current-context when no context is named', () => {
    const path = file('config', kubeconfig({ clusters: [['c', 'https://c']], contexts: [['x', 'c', 'u']] }));
    const error = thrown(() => resolveClusterAccess(opts({ kubeconfigPaths: [path] })));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`kubeconfig ${path} has no current-context; set K8S_CONTEXT (available contexts: x)`);
  });

  it('refuses malformed YAML, naming the file', () => {
    const path = file('config', 'clusters: [\n  - {name: x\n');
    const error = thrown(() => resolveClusterAccess(opts({ kubeconfigPaths: [path] })));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`kubeconfig ${path} is malformed`);
  });

  it('refuses invalid entries and a context whose cluster or user is missing', () => {
    const noServer = file('a', 'clusters:\n- name: c\n  cluster: {}\n');
    expect(thrown(() => resolveClusterAccess(opts({ kubeconfigPaths: [noServer] }))).message).toContain('clusters[0].cluster.server is missing');

    const noCluster = file('b', kubeconfig({ users: [['u', 't']], contexts: [['x', 'nowhere', 'u']], current: 'x' }));
    const e1 = thrown(() => resolveClusterAccess(opts({ kubeconfigPaths: [noCluster] })));
    expect(e1.code).toBe('CONFIG_INVALID');
    expect(e1.message).toContain('names cluster "nowhere"');

    const noUser = file('c', kubeconfig({ clusters: [['c', 'https://c']], contexts: [['x', 'c', 'ghost']], current: 'x' }));
    expect(thrown(() => resolveClusterAccess(opts({ kubeconfigPaths: [noUser] }))).message).toContain('names user "ghost"');
  });

  it('refuses a server that is not an http(s) URL', () => {
    const path = file('config', kubeconfig({ clusters: [['c', 'ftp://c']], users: [['u', 't']], contexts: [['x', 'c', 'u']], current: 'x' }));
    const error = thrown(() => resolveClusterAccess(opts({ kubeconfigPaths: [path] })));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('must be an http:// or https:// URL');
  });

  it('resolves a relative certificate-authority against the kubeconfig directory and requires it to exist', () => {
    const text = (ca: string) =>
      `clusters:\n- name: c\n  cluster:\n    server: https://c:6443\n    certificate-authority: ${ca}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n`;
    file('ca.crt', 'not checked here');
    const ok = resolveClusterAccess(opts({ kubeconfigPaths: [file('ok', text('ca.crt'))] }));
    expect(ok.kubeConfig.getCurrentCluster()?.caFile).toBe(join(dir, 'ca.crt'));

    const error = thrown(() => resolveClusterAccess(opts({ kubeconfigPaths: [file('bad', text('missing-ca.crt'))] })));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`names ${join(dir, 'missing-ca.crt')}, which does not exist`);
  });

  it('treats an empty file as an empty config', () => {
    const access = resolveClusterAccess(opts({ kubeconfigPaths: [file('empty', '\n'), file('config', ONE)] }));
    expect(access.context).toBe('prod-alice');
    const error = thrown(() => resolveClusterAccess(opts({ kubeconfigPaths: [file('empty2', '')] })));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('it defines no contexts');
  });

  it('takes the namespace from the in-cluster namespace file, then the default, when the context has none', () => {
    const noNs = file('config', kubeconfig({ clusters: [['c', 'https://c']], users: [['u', 't']], contexts: [['x', 'c', 'u']], current: 'x' }));
    expect(resolveClusterAccess(opts({ kubeconfigPaths: [noNs], defaultNamespace: 'fallback' })).namespace).toBe('fallback');
    expect(resolveClusterAccess(opts({ kubeconfigPaths: [noNs] })).namespace).toBe('default');
    const access = resolveClusterAccess({
      kubeconfigPaths: [noNs],
      defaultNamespace: 'fallback',
      inCluster: { tokenPath: join(dir, 'none'), namespacePath: file('ns', 'from-file\n') },
    });
    expect(access.namespace).toBe('from-file');
  });

  it('reads through the injected file functions', () => {
    const files = new Map([['/virtual/config', ONE]]);
    const access = resolveClusterAccess({
      kubeconfigPaths: ['/virtual/config'],
      fileExists: (p) => files.has(p),
      readFile: (p) => files.get(p) ?? '',
    });
    expect(access.context).toBe('prod-alice');
  });

  it('reports an unreadable file as CONFIG_INVALID', () => {
    const error = thrown(() =>
      resolveClusterAccess({
        kubeconfigPaths: ['/virtual/config'],
        fileExists: () => true,
        readFile: () => {
          throw new Error('EACCES: permission denied');
        },
      }),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe('resolveClusterAccess: cannot read kubeconfig /virtual/config: EACCES: permission denied');
  });
});

describe('resolveClusterAccess: explicit server and token', () => {
  it('wins over an existing kubeconfig and never shows the token', async () => {
    const access = resolveClusterAccess(
      opts({ kubeconfigPaths: [file('config', ONE)], server: 'https://api.example:6443/', token: 'explicit-secret' }),
    );
    expect(access.mode).toBe('token');
    expect(access.context).toBeUndefined();
    expect(access.server).toBe('https://api.example:6443');
    expect(access.namespace).toBe('default');
    expect(await authHeader(access)).toBe('Bearer explicit-secret');
    expect(access.describe()).toBe('explicit server https://api.example:6443 with a bearer token, namespace "default"');
  });

  it('passes CA file and insecure flag to the cluster', () => {
    const ca = file('ca.crt', 'x');
    const access = resolveClusterAccess(opts({ server: 'https://a:1', token: 't', caFile: ca, insecureSkipTlsVerify: true }));
    expect(access.kubeConfig.getCurrentCluster()).toMatchObject({ caFile: ca, skipTLSVerify: true });
  });

  it('reads a token file, trimmed, and re-reads it after a minute', async () => {
    const tokenFile = file('token', 'first\n');
    let now = 1_000_000;
    const access = resolveClusterAccess(opts({ server: 'https://a:1', tokenFile, now: () => now }));
    expect(await authHeader(access)).toBe('Bearer first');
    writeFileSync(tokenFile, 'second\n');
    now += 30_000;
    expect(await authHeader(access)).toBe('Bearer first');
    now += 31_000;
    expect(await authHeader(access)).toBe('Bearer second');
    expect(access.describe()).toContain(`from ${tokenFile}`);
  });

  it.each([
    [{ server: 'https://a:1' }, 'is set but no token'],
    [{ token: 't' }, 'but no server; set K8S_API_SERVER'],
    [{ server: 'https://a:1', token: 't', tokenFile: '/x' }, 'set only one'],
    [{ server: 'not a url', token: 't' }, 'is not a URL'],
    [{ server: 'https://a:1', tokenFile: '/does/not/exist' }, 'token file /does/not/exist (K8S_API_TOKEN_FILE) does not exist'],
    [{ server: 'https://a:1', token: 't', caFile: '/does/not/exist.crt' }, 'CA file /does/not/exist.crt does not exist'],
  ] as [Partial<ClusterAccessOptions>, string][])('refuses %j with CONFIG_INVALID', (extra, text) => {
    const error = thrown(() => resolveClusterAccess(opts(extra)));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(text);
    expect(error.message).not.toContain('"t"');
  });
});

describe('resolveClusterAccess: in-cluster', () => {
  function serviceAccount(namespace = 'apps\n'): ClusterAccessOptions['inCluster'] {
    return {
      tokenPath: file('token', 'sa-token\n'),
      caPath: file('ca.crt', 'ca'),
      namespacePath: file('namespace', namespace),
      host: '10.96.0.1',
      port: '443',
    };
  }

  it('uses the service account when no kubeconfig exists', async () => {
    const access = resolveClusterAccess({ kubeconfigPaths: [join(dir, 'none')], inCluster: serviceAccount() });
    expect(access.mode).toBe('in-cluster');
    expect(access.server).toBe('https://10.96.0.1:443');
    expect(access.namespace).toBe('apps');
    expect(access.kubeConfig.getCurrentCluster()?.caFile).toBe(join(dir, 'ca.crt'));
    expect(await authHeader(access)).toBe('Bearer sa-token');
    expect(access.describe()).toBe('in-cluster service account at https://10.96.0.1:443, namespace "apps"');
  });

  it('brackets IPv6 hosts and uses http on the insecure ports', () => {
    const sa = serviceAccount();
    expect(resolveClusterAccess({ inCluster: { ...sa, host: 'fd00::1', port: 6443 } }).server).toBe('https://[fd00::1]:6443');
    expect(resolveClusterAccess({ inCluster: { ...sa, port: '8080' } }).server).toBe('http://10.96.0.1:8080');
  });

  it('loses to an existing kubeconfig', () => {
    const access = resolveClusterAccess({ kubeconfigPaths: [file('config', ONE)], inCluster: serviceAccount() });
    expect(access.mode).toBe('kubeconfig');
  });

  it('refuses a token without KUBERNETES_SERVICE_HOST, and a missing CA', () => {
    const sa = serviceAccount();
    const noHost = thrown(() => resolveClusterAccess({ inCluster: { ...sa, host: undefined } }));
    expect(noHost.code).toBe('CONFIG_INVALID');
    expect(noHost.message).toContain('KUBERNETES_SERVICE_HOST / KUBERNETES_SERVICE_PORT are not set');
    const noCa = thrown(() => resolveClusterAccess({ inCluster: { ...sa, caPath: join(dir, 'nope.crt') } }));
    expect(noCa.message).toContain(`in-cluster CA file ${join(dir, 'nope.crt')} does not exist`);
  });
});

describe('resolveClusterAccess: nothing configured', () => {
  it('throws NO_CLUSTER (not CONFIG_INVALID) so the app can fall back to its demo cluster', () => {
    const error = thrown(() => resolveClusterAccess(opts({ kubeconfigPaths: [join(dir, 'config')] })));
    expect(error.code).toBe('NO_CLUSTER');
    expect(error.message).toContain(
      'no cluster configured: set KUBECONFIG_PATH / KUBECONFIG, or K8S_API_SERVER and K8S_API_TOKEN, or run in a pod',
    );
    expect(error.message).toContain(join(dir, 'config'));
  });

  it('throws NO_CLUSTER with no paths at all', () => {
    expect(thrown(() => resolveClusterAccess(opts({}))).code).toBe('NO_CLUSTER');
  });

  it('throws CONFIG_INVALID when a context is named but no kubeconfig exists', () => {
    const error = thrown(() => resolveClusterAccess(opts({ kubeconfigPaths: [join(dir, 'config')], context: 'prod' })));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('context "prod" was requested but no kubeconfig file exists');
  });
});
