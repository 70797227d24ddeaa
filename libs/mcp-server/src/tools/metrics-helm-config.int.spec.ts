import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createDiscovery, createLiveCluster, createNamespacePolicy, describeKubeconfig, listHelmReleases, resolveClusterAccess } from '@k8s-mcp/k8s-client';
import { integrationTest as test, podFixture, type ControlPlaneInfo, waitFor } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect } from 'vitest';
import { createMcpServer } from '../create-mcp-server.js';
import type { ToolContext } from './tool-context.js';

const PLANTED = 'PLANTED-HELM-VALUE-7e2a';
const MANIFEST_MARK = 'MANIFEST-MARKER-41c9';

/** A Helm 3 release payload as `helm install` stores it: base64(gzip(JSON)). */
function helmPayload(name: string, namespace: string, revision: number, status: string, chartVersion: string): string {
  const release = {
    name,
    namespace,
    version: revision,
    info: { status, first_deployed: '2026-01-10T08:00:00Z', last_deployed: `2026-01-1${revision}T08:00:00Z`, description: 'Upgrade complete', notes: `NOTES ${PLANTED}` },
    chart: { metadata: { name: 'webapp', version: chartVersion, appVersion: '2.4.1' }, values: { image: { tag: PLANTED } }, templates: [] },
    config: { password: PLANTED },
    manifest: `---\n# ${MANIFEST_MARK}\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}-db\nstringData:\n  password: ${PLANTED}\n`,
  };
  return gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');
}

function releaseSecret(name: string, namespace: string, revision: number, status: string, chartVersion: string) {
  return {
    metadata: { name: `sh.helm.release.v1.${name}.v${revision}`, labels: { owner: 'helm', name, status, version: String(revision) } },
    type: 'helm.sh/release.v1',
    // The API base64-encodes Secret data once more.
    data: { release: Buffer.from(helmPayload(name, namespace, revision, status, chartVersion)).toString('base64') },
  };
}

async function connect(cp: ControlPlaneInfo, namespace: string, forbidden: string[] = []) {
  const access = resolveClusterAccess({ kubeconfigPaths: [cp.adminKubeconfig], defaultNamespace: namespace });
  const policy = createNamespacePolicy({ allowed: [], forbidden });
  const cluster = createLiveCluster({ transport: access.transport, discovery: createDiscovery(access.transport), policy, maxResources: 100 });
  // What the runtime gives a live server (libs/runtime live-tool-access.ts).
  const context: ToolContext = {
    reader: cluster,
    writer: cluster,
    defaultNamespace: namespace,
    maxResources: 100,
    now: Date.now,
    helmReleases: (ns) => listHelmReleases(access.transport, policy, ns ? { namespace: ns } : {}),
    kubeconfigView: () => describeKubeconfig(access.kubeConfig, access.mode),
  };
  const server = createMcpServer({ name: 'k8s-mcp', version: 'test', call: { transport: 'memory' }, kubernetes: { context, mode: { allowWrites: false, allowDestructive: false } } });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'int', version: '0' });
  await Promise.all([server.connect(a), client.connect(b)]);
  const outputs: string[] = [];
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const result = await client.callTool({ name, arguments: args });
    const text = (result.content as { text: string }[])[0]?.text ?? '';
    outputs.push(text, JSON.stringify(result.structuredContent ?? {}));
    return { text, isError: result.isError === true, structured: result.structuredContent as Record<string, unknown> | undefined };
  };
  return { client, call, outputs, close: () => access.transport.close() };
}

describe('top, Helm and config tools on the real control plane', () => {
  test('k8s-top-pods and k8s-top-nodes say metrics-server is not installed, without a stack trace', async ({ admin, controlPlane, namespace }) => {
    await admin.core.createNamespacedPod({ namespace, body: podFixture('busy') });
    await waitFor(async () => (await admin.core.readNamespacedPod({ name: 'busy', namespace })).status?.phase === 'Running', { description: 'pod busy running' });
    const { call, close } = await connect(controlPlane, namespace);
    for (const [tool, args] of [
      ['k8s-top-pods', {}],
      ['k8s-top-pods', { all_namespaces: true, containers: true }],
      ['k8s-top-nodes', {}],
    ] as const) {
      const result = await call(tool, args);
      expect(result.isError, tool).toBe(true);
      expect(result.text, tool).toMatch(/^Error \(METRICS_UNAVAILABLE\): metrics-server is not installed: this cluster does not serve the metrics\.k8s\.io API/);
      expect(result.text, tool).toMatch(/kubectl apply -f https:\/\/github\.com\/kubernetes-sigs\/metrics-server\/releases\/latest\/download\/components\.yaml/);
      expect(result.text, tool).not.toMatch(/\n\s+at |Error: |\.ts:\d+/);
    }
    close();
  });

  test('k8s-list-helm-releases decodes a real release record and never returns its values or manifest', async ({ admin, controlPlane, namespace }) => {
    const forbiddenNs = `${namespace}-hidden`;
    await admin.core.createNamespace({ body: { metadata: { name: forbiddenNs } } });
    try {
      await admin.core.createNamespacedSecret({ namespace, body: releaseSecret('shop', namespace, 1, 'superseded', '1.0.0') });
      await admin.core.createNamespacedSecret({ namespace, body: releaseSecret('shop', namespace, 2, 'deployed', '1.1.0') });
      await admin.core.createNamespacedSecret({ namespace: forbiddenNs, body: releaseSecret('hidden-release', forbiddenNs, 1, 'deployed', '9.9.9') });
      // An ordinary Secret labelled owner=helm but of another type is not a release.
      await admin.core.createNamespacedSecret({ namespace, body: { metadata: { name: 'not-a-release', labels: { owner: 'helm', name: 'decoy' } }, stringData: { release: PLANTED } } });

      const { call, outputs, close } = await connect(controlPlane, namespace, [forbiddenNs]);
      const latest = await call('k8s-list-helm-releases', { namespace });
      expect(latest.isError).toBe(false);
      expect(latest.text).toMatch(new RegExp(`\\n${namespace}\\s+shop\\s+2\\s+deployed\\s+webapp-1\\.1\\.0\\s+2\\.4\\.1\\s+2026-01-12T08:00:00Z`));
      expect(latest.structured).toMatchObject({ namespace, returned: 1, truncated: false });

      const history = await call('k8s-list-helm-releases', { namespace, history: true });
      expect(history.structured?.['rows']).toEqual([
        [namespace, 'shop', '2', 'deployed', 'webapp-1.1.0', '2.4.1', '2026-01-12T08:00:00Z', expect.any(String)],
        [namespace, 'shop', '1', 'superseded', 'webapp-1.0.0', '2.4.1', '2026-01-11T08:00:00Z', expect.any(String)],
      ]);

      // Across namespaces: ours is there, the hidden namespace's release is not even named.
      const everywhere = await call('k8s-list-helm-releases', { all_namespaces: true });
      expect(everywhere.text).toContain(`${namespace}  shop`);
      expect(everywhere.text).not.toContain('hidden-release');
      expect(everywhere.text).not.toContain('decoy');
      const refused = await call('k8s-list-helm-releases', { namespace: forbiddenNs });
      expect(refused.isError).toBe(true);
      expect(refused.text).toMatch(/NAMESPACE_FORBIDDEN/);

      // The record is readable through the generic tools too, redacted.
      const raw = await call('k8s-get-resource', { kind: 'secret', name: 'sh.helm.release.v1.shop.v2' });
      expect(raw.text).toMatch(/"release": "<redacted: \d+ bytes>"/);

      const everything = outputs.join('\n');
      expect(everything).not.toContain(PLANTED);
      expect(everything).not.toContain(MANIFEST_MARK);
      expect(everything).not.toContain(helmPayload('shop', namespace, 2, 'deployed', '1.1.0').slice(0, 40));
      close();
    } finally {
      await admin.core.deleteNamespace({ name: forbiddenNs }).catch(() => undefined);
    }
  });

  test('k8s-view-config shows the context and server of the kubeconfig in use, never its token', async ({ controlPlane, namespace }) => {
    const { call, outputs, close } = await connect(controlPlane, namespace);
    const result = await call('k8s-view-config');
    expect(result.isError).toBe(false);
    expect(result.text).toContain('Connected through a kubeconfig file.');
    expect(result.text).toMatch(/Current context: k8s-mcp-test-admin; its namespace: default; tools default to namespace t-/);
    expect(result.text).toMatch(/\*\s+k8s-mcp-test-admin\s+k8s-mcp-test\s+admin\s+default/);
    expect(result.text).toContain(`k8s-mcp-test  ${controlPlane.server}  verified`);
    const token = /token: (\S+)/.exec(readFileSync(controlPlane.adminKubeconfig, 'utf8'))?.[1];
    expect(token).toBeTruthy();
    expect(outputs.join('\n')).not.toContain(token);
    close();
  });
});
