import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClusterReader, createNamespacePolicy, describeKubeconfig, type HelmRelease, loadSnapshot, resolveClusterAccess } from '@k8s-mcp/k8s-client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../create-mcp-server.js';
import type { ToolContext } from './tool-context.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

/** Every credential in the kubeconfig below; none may appear in any output. */
const CREDENTIALS = ['TOKEN-9a8b7c', 'Q0xJRU5ULUtFWS1EQVRB', 'Q0xJRU5ULUNFUlQtREFUQQ==', 'hunter2-password', 'EXEC-ENV-SECRET-77', 'aws-iam-authenticator', 'url-pass'];
const KUBECONFIG = `
apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: prod-cluster
  cluster: {server: 'https://admin:url-pass@prod.example.com:6443', certificate-authority-data: Q0EtREFUQQ==}
- name: dev-cluster
  cluster: {server: 'https://dev.example.com', insecure-skip-tls-verify: true}
users:
- name: u-bearer
  user: {token: TOKEN-9a8b7c}
- name: u-cert
  user: {client-certificate-data: Q0xJRU5ULUNFUlQtREFUQQ==, client-key-data: Q0xJRU5ULUtFWS1EQVRB}
- name: u-basic
  user: {username: someone, password: hunter2-password}
- name: u-plugin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws-iam-authenticator
      args: [token, -i, prod]
      env: [{name: AWS_SECRET, value: EXEC-ENV-SECRET-77}]
contexts:
- {name: prod, context: {cluster: prod-cluster, user: u-plugin, namespace: shop}}
- {name: dev, context: {cluster: dev-cluster, user: u-bearer}}
- {name: cert, context: {cluster: dev-cluster, user: u-cert}}
- {name: basic, context: {cluster: dev-cluster, user: u-basic}}
`;

const RELEASES: HelmRelease[] = [
  { name: 'web', namespace: 'shop', revision: 1, status: 'superseded', chart: 'nginx', chartVersion: '1.0.0', appVersion: '1.25', lastDeployed: '2026-02-01T12:00:00Z', decoded: true },
  { name: 'web', namespace: 'shop', revision: 2, status: 'deployed', chart: 'nginx', chartVersion: '1.1.0', appVersion: '1.27', lastDeployed: '2026-02-28T12:00:00Z', decoded: true },
  { name: 'db', namespace: 'data', revision: 4, status: 'failed', chart: 'postgresql', chartVersion: '15.2.1', appVersion: '16.4', lastDeployed: '2026-03-01T11:00:00Z', decoded: true },
  { name: 'odd', namespace: 'data', revision: 1, status: 'deployed', decoded: false },
];

let dir: string;
let snapshot: ClusterReader;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k8s-mcp-helm-config-'));
  await writeFile(join(dir, 'kubeconfig'), KUBECONFIG);
  await writeFile(join(dir, 'ns.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }));
  snapshot = await loadSnapshot(join(dir, 'ns.json'), { policy: createNamespacePolicy({ allowed: [], forbidden: [] }), maxResources: 100 });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function connect(extra: Partial<ToolContext>) {
  const context: ToolContext = { reader: snapshot, defaultNamespace: 'shop', maxResources: 100, now: () => NOW, ...extra };
  const server = createMcpServer({ name: 'k8s-mcp', version: 'test', kubernetes: { context, mode: { allowWrites: false, allowDestructive: false } } });
  const client = new Client({ name: 'spec', version: '0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(a), client.connect(b)]);
  return async (name: string, args: Record<string, unknown> = {}) => {
    const r = await client.callTool({ name, arguments: args });
    return { text: (r.content as { text: string }[])[0]?.text ?? '', isError: r.isError === true, structured: r.structuredContent as Record<string, unknown> | undefined };
  };
}

describe('k8s-list-helm-releases', () => {
  const asked: (string | undefined)[] = [];
  const helmReleases = async (namespace?: string) => (asked.push(namespace), RELEASES.filter((r) => !namespace || r.namespace === namespace));

  it('shows the newest revision of each release with its chart, across namespaces by default', async () => {
    const call = await connect({ helmReleases });
    const result = await call('k8s-list-helm-releases');
    const lines = result.text.split('\n');
    expect(lines[0]).toBe('Helm releases in all visible namespaces: 3 release(s) (source: live API; values and manifests are never shown).');
    expect(lines[1]).toMatch(/^NAMESPACE\s+NAME\s+REVISION\s+STATUS\s+CHART\s+APP VERSION\s+DEPLOYED\s+AGE$/);
    expect(lines[2]).toMatch(/^data\s+db\s+4\s+failed\s+postgresql-15\.2\.1\s+16\.4\s+2026-03-01T11:00:00Z\s+60m$/);
    expect(lines[3]).toMatch(/^data\s+odd\s+1\s+deployed\s+\(undecodable record\)\s+-\s+-\s+-$/);
    expect(lines[4]).toMatch(/^shop\s+web\s+2\s+deployed\s+nginx-1\.1\.0\s+1\.27\s+2026-02-28T12:00:00Z\s+24h$/);
    expect(result.structured).toMatchObject({ namespace: '*', returned: 3, truncated: false });
    expect(asked.at(-1)).toBeUndefined();
  });

  it('filters by namespace and status, shows history, and pages with limit', async () => {
    const call = await connect({ helmReleases });
    expect((await call('k8s-list-helm-releases', { namespace: 'shop', history: true })).text).toMatch(/shop\s+web\s+2\s+deployed[\s\S]*\nshop\s+web\s+1\s+superseded/);
    expect(asked.at(-1)).toBe('shop');
    const failed = await call('k8s-list-helm-releases', { status: 'FAILED' });
    expect(failed.structured?.['rows']).toEqual([['data', 'db', '4', 'failed', 'postgresql-15.2.1', '16.4', '2026-03-01T11:00:00Z', '60m']]);
    const own = await call('k8s-list-helm-releases', { all_namespaces: false });
    expect(own.text).toMatch(/^Helm releases in namespace shop: 1 release/);
    const limited = await call('k8s-list-helm-releases', { limit: 1 });
    expect(limited.text).toMatch(/Showing 1 of 3/);
    expect(limited.structured).toMatchObject({ returned: 1, truncated: true });
  });

  it('says releases need a live cluster on a snapshot', async () => {
    const result = await (await connect({}))('k8s-list-helm-releases');
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^Error \(NOT_AVAILABLE\): this server reads an offline snapshot.*needs a live cluster/);
  });
});

describe('k8s-view-config', () => {
  it('shows contexts, clusters and namespaces and no credential at all', async () => {
    const access = resolveClusterAccess({ kubeconfigPaths: [join(dir, 'kubeconfig')], defaultNamespace: 'default' });
    const call = await connect({ kubeconfigView: () => describeKubeconfig(access.kubeConfig, access.mode) });
    const result = await call('k8s-view-config');
    expect(result.isError).toBe(false);
    expect(result.text).toContain('Connected through a kubeconfig file.');
    expect(result.text).toContain('Current context: prod; its namespace: shop; tools default to namespace shop.');
    expect(result.text).toMatch(/\*\s+prod\s+prod-cluster\s+u-plugin\s+shop/);
    expect(result.text).toMatch(/prod-cluster\s+https:\/\/prod\.example\.com:6443\s+verified/);
    expect(result.text).toMatch(/dev-cluster\s+https:\/\/dev\.example\.com\s+NOT VERIFIED/);
    expect(result.structured).toMatchObject({ mode: 'kubeconfig', currentContext: 'prod', currentNamespace: 'shop', defaultNamespace: 'shop' });
    const everything = `${result.text}\n${JSON.stringify(result.structured)}`;
    for (const secret of CREDENTIALS) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/token|password|client-key|client-certificate|exec|AWS_SECRET|Q0EtREFUQQ/i);
  });

  it('says what an explicit-token or in-cluster connection is', async () => {
    const tokenFile = join(dir, 'token');
    await writeFile(tokenFile, 'TOKEN-FROM-FILE-123\n');
    const access = resolveClusterAccess({ server: 'https://api.example.com:6443', tokenFile });
    const result = await (await connect({ kubeconfigView: () => describeKubeconfig(access.kubeConfig, access.mode) }))('k8s-view-config');
    expect(result.text).toContain('Connected through an explicit API server URL and bearer token (K8S_API_SERVER; there is no kubeconfig file).');
    expect(result.text).not.toContain('TOKEN-FROM-FILE-123');
    expect(result.text).not.toContain(tokenFile);
  });

  it('says a snapshot has no contexts', async () => {
    const result = await (await connect({}))('k8s-view-config');
    expect(result.isError).toBe(false);
    expect(result.text).toMatch(/^This server reads an offline snapshot.*there are no contexts or clusters\. Default namespace: shop\./);
    expect(result.structured).toMatchObject({ mode: 'snapshot', contexts: [], clusters: [] });
  });
});
