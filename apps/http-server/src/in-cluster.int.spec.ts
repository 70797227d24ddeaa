import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BUILTIN_KINDS } from '@k8s-mcp/k8s-client';
import { type ControlPlaneInfo, deploymentFixture, freePort, integrationTest as test, podFixture, waitFor } from '@k8s-mcp/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { beforeAll, describe, expect } from 'vitest';

// deploy/kubernetes applied for real to the control plane (kubectl apply -k, no dry run), the
// ServiceAccount's rights checked with its own token (SelfSubjectAccessReviews), then the built server started as a pod would start it: no kubeconfig,
// KUBERNETES_SERVICE_HOST/PORT, and the service-account token, CA and namespace read from files.
// Each test deploys into its own namespace with a name suffix on the cluster-scoped objects, so
// parallel runs on the shared control plane do not collide.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const deployDir = join(root, 'deploy/kubernetes');
const main = join(root, 'apps/http-server/dist/main.js');
const run = promisify(execFile);

beforeAll(() => {
  // The test runs the real built entry point, as the container image does.
  execFileSync('npx', ['tsc', '-b', 'apps/http-server/tsconfig.app.json'], { cwd: root, stdio: 'inherit' });
}, 600_000);

interface Deployed {
  /** Namespace k8s-mcp runs in (the base's `k8s-mcp`, renamed). */
  readonly namespace: string;
  /** Name suffix of every object, cluster-scoped ones included. */
  readonly suffix: string;
  readonly serviceAccount: string;
  readonly dir: string;
  kubectl(args: readonly string[], input?: string): Promise<string>;
  remove(): Promise<void>;
}

/** `kubectl apply -k` of `variant` (a directory under deploy/kubernetes) through a renaming overlay. */
async function deploy(cp: ControlPlaneInfo, variant: string): Promise<Deployed> {
  const id = randomBytes(3).toString('hex');
  const namespace = `k8s-mcp-${id}`;
  const suffix = `-${id}`;
  const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-deploy-'));
  // NodePort 30080 is cluster-wide: let the API server pick one so parallel runs do not clash.
  const nodePortPatch = variant.endsWith('dify-nodeport')
    ? ['patches:', '  - target: {kind: Service, name: k8s-mcp-nodeport}', '    patch: |-', '      - op: remove', '        path: /spec/ports/0/nodePort']
    : [];
  writeFileSync(
    join(dir, 'kustomization.yaml'),
    [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      `  - ${relative(dir, join(deployDir, variant))}`,
      `namespace: "${namespace}"`,
      `nameSuffix: "${suffix}"`,
      ...nodePortPatch,
      '',
    ].join('\n'),
  );
  const kubectl = async (args: readonly string[], input?: string): Promise<string> => {
    const child = run(cp.kubectl, ['--kubeconfig', cp.adminKubeconfig, ...args], { maxBuffer: 16 * 1024 * 1024 });
    if (input !== undefined) {
      child.child.stdin?.end(input);
    }
    return (await child).stdout;
  };
  await kubectl(['apply', '-k', dir]);
  return {
    namespace,
    suffix,
    serviceAccount: `k8s-mcp${suffix}`,
    dir,
    kubectl,
    remove: async () => {
      await kubectl(['delete', '-k', dir, '--wait=false', '--ignore-not-found']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A token for the ServiceAccount from the TokenRequest API (as the kubelet gets one for a pod). */
async function serviceAccountToken(d: Deployed): Promise<string> {
  const token = (await d.kubectl(['-n', d.namespace, 'create', 'token', d.serviceAccount, '--duration=1h'])).trim();
  expect(token.split('.')).toHaveLength(3); // a JWT
  return token;
}

/** What one SelfSubjectAccessReview asks: `resource` is `plural` or `plural.group`. */
interface Access {
  readonly verb: string;
  readonly resource: string;
  readonly subresource?: string;
  /** Omitted: every namespace (or a cluster-scoped resource). */
  readonly namespace?: string;
}

/**
 * Whether the ServiceAccount may do `access`: a SelfSubjectAccessReview created with its own
 * token and no kubeconfig (what `kubectl auth can-i` sends, without its discovery lookup, which
 * misreads groups the API server does not serve, such as metrics.k8s.io here).
 */
async function canI(cp: ControlPlaneInfo, token: string, access: Access): Promise<boolean> {
  const dot = access.resource.indexOf('.');
  const review = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: {
      resourceAttributes: {
        verb: access.verb,
        group: dot < 0 ? '' : access.resource.slice(dot + 1),
        resource: dot < 0 ? access.resource : access.resource.slice(0, dot),
        ...(access.subresource ? { subresource: access.subresource } : {}),
        ...(access.namespace ? { namespace: access.namespace } : {}),
      },
    },
  };
  // A kubeconfig holding only the token, so it never shows in a command line or an error.
  const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-sa-kubeconfig-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'cp', cluster: { server: cp.server, 'certificate-authority': cp.caFile } }],
      users: [{ name: 'sa', user: { token } }],
      contexts: [{ name: 'sa', context: { cluster: 'cp', user: 'sa' } }],
      'current-context': 'sa',
    }),
  );
  try {
    // No client-side validation: it would list CRDs, which this identity may not.
    const child = run(cp.kubectl, ['--kubeconfig', kubeconfig, 'create', '--validate=false', '-f', '-', '-o', 'json']);
    child.child.stdin?.end(JSON.stringify(review));
    const answer = JSON.parse((await child).stdout) as { status?: { allowed?: boolean } };
    return answer.status?.allowed === true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}


interface RunningServer {
  readonly base: string;
  readonly authToken: string;
  readonly stderr: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the built HTTP server as it starts in the pod: the Deployment's ConfigMap as
 * environment (host, port and audit log moved to test values), the service-account files in a
 * directory of their own, no kubeconfig.
 */
async function startInCluster(cp: ControlPlaneInfo, d: Deployed, saToken: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const saDir = mkdtempSync(join(tmpdir(), 'k8s-mcp-sa-'));
  writeFileSync(join(saDir, 'token'), saToken);
  copyFileSync(cp.caFile, join(saDir, 'ca.crt'));
  writeFileSync(join(saDir, 'namespace'), d.namespace);
  const configMap = JSON.parse(await d.kubectl(['-n', d.namespace, 'get', 'configmap', `k8s-mcp-config${d.suffix}`, '-o', 'json'])) as { data: Record<string, string> };
  const api = new URL(cp.server);
  const port = await freePort();
  const authToken = randomBytes(16).toString('hex');
  const child: ChildProcess = spawn(process.execPath, [main], {
    cwd: saDir,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: saDir,
      ...configMap.data,
      KUBERNETES_SERVICE_HOST: api.hostname,
      KUBERNETES_SERVICE_PORT: api.port,
      K8S_MCP_SERVICEACCOUNT_DIR: saDir,
      K8S_MCP_HOST: '127.0.0.1',
      K8S_MCP_PORT: String(port),
      K8S_MCP_AUTH_TOKENS: authToken,
      K8S_AUDIT_LOG: join(saDir, 'audit.log'),
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`the server exited ${child.exitCode}:\n${stderr}`);
      // It listens before the initial sync; the tests below read the synced state.
      return fetch(`${base}/health`).then(
        async (r) => r.ok && ((await r.json()) as { ready?: boolean }).ready === true,
        () => false,
      );
    },
    { description: 'the in-cluster server answering /health with ready: true', timeoutMs: 90_000 },
  );
  return {
    base,
    authToken,
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(saDir, { recursive: true, force: true });
    },
  };
}

async function mcpClient(server: RunningServer): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${server.authToken}` } },
  });
  const client = new Client({ name: 'in-cluster-test', version: '0' });
  await client.connect(transport);
  return client;
}

const text = (result: unknown): string => ((result as { content: { text: string }[] }).content[0]?.text ?? '');

interface KindState {
  readonly kind: string;
  readonly namespace?: string;
  readonly state: string;
}
async function syncStates(server: RunningServer): Promise<KindState[]> {
  // The monitoring endpoints need the token, as /mcp does, when auth is on.
  const status = (await (await fetch(`${server.base}/intelligent/status`, { headers: { authorization: `Bearer ${server.authToken}` } })).json()) as { sync: { kinds: KindState[] } };
  return status.sync.kinds;
}

describe('deploy/kubernetes on the real control plane', () => {
  test('applies; the ServiceAccount can do what the server needs and nothing more; the server starts in-cluster with it and writes only through the opt-in Role', async ({ controlPlane, admin, namespace }) => {
    const d = await deploy(controlPlane, 'variants/dify-nodeport');
    let server: RunningServer | undefined;
    try {
      await d.kubectl(['-n', d.namespace, 'create', 'secret', 'generic', 'k8s-mcp-auth', `--from-literal=tokens=${randomBytes(8).toString('hex')}`]);

      // The read ClusterRoles grant get/list/watch on exactly the synced kinds, plus logs and
      // metrics, and no other verb.
      const roles = JSON.parse(await d.kubectl(['get', 'clusterrole', `k8s-mcp-read${d.suffix}`, `k8s-mcp-read-secrets${d.suffix}`, '-o', 'json'])) as {
        items: { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }[];
      };
      const grants = new Map<string, string>();
      for (const rule of roles.items.flatMap((r) => r.rules)) {
        for (const group of rule.apiGroups) for (const resource of rule.resources) grants.set(`${group}/${resource}`, [...rule.verbs].sort().join(','));
      }
      const expected = new Map<string, string>(BUILTIN_KINDS.map((k) => [`${k.group}/${k.plural}`, 'get,list,watch']));
      expected.set('/pods/log', 'get');
      expected.set('metrics.k8s.io/pods', 'get,list');
      expected.set('metrics.k8s.io/nodes', 'get,list');
      expect(Object.fromEntries(grants)).toEqual(Object.fromEntries(expected));

      // The Deployment and Services are accepted and the pod runs (on a kwok node).
      await waitFor(
        async () => (await admin.apps.readNamespacedDeployment({ name: `k8s-mcp${d.suffix}`, namespace: d.namespace })).status?.availableReplicas === 1,
        { description: 'the k8s-mcp Deployment available', timeoutMs: 90_000 },
      );
      const services = JSON.parse(await d.kubectl(['-n', d.namespace, 'get', 'services', '-o', 'json'])) as {
        items: { metadata: { name: string }; spec: { type: string; clusterIP: string; ports: { port: number; nodePort?: number }[] } }[];
      };
      const byName = new Map(services.items.map((s) => [s.metadata.name.slice(0, -d.suffix.length), s.spec]));
      expect(byName.get('k8s-mcp')?.type).toBe('ClusterIP');
      expect(byName.get('k8s-mcp-headless')?.clusterIP).toBe('None');
      expect(byName.get('k8s-mcp-nodeport')?.type).toBe('NodePort');
      expect(byName.get('k8s-mcp-nodeport')?.ports[0]?.nodePort).toBeGreaterThanOrEqual(30000);
      // The shipped variant asks for 30080 (the test overlay lets the API server choose).
      expect(await d.kubectl(['kustomize', join(deployDir, 'variants/dify-nodeport')])).toMatch(/nodePort: 30080/);

      await admin.core.createNamespacedPod({ namespace, body: podFixture('seen-by-sa') });
      await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'web', replicas: 1 }) });
      const token = await serviceAccountToken(d);
      const may = (verb: string, resource: string, namespaceOrAll?: string, subresource?: string) =>
        canI(controlPlane, token, { verb, resource, ...(namespaceOrAll ? { namespace: namespaceOrAll } : {}), ...(subresource ? { subresource } : {}) });
      // What the server does: list/watch every synced kind everywhere, read logs, metrics.
      expect(await may('list', 'pods')).toBe(true);
      expect(await may('watch', 'deployments.apps')).toBe(true);
      expect(await may('watch', 'events')).toBe(true);
      expect(await may('list', 'nodes')).toBe(true);
      expect(await may('get', 'pods', namespace, 'log')).toBe(true);
      expect(await may('list', 'pods.metrics.k8s.io', namespace)).toBe(true);
      // Secrets: list and watch for metadata sync. RBAC cannot restrict them to metadata, so the
      // identity can read values (get is granted too; it exposes nothing list does not).
      expect(await may('list', 'secrets')).toBe(true);
      expect(await may('get', 'secrets', namespace)).toBe(true);
      // Nothing that changes the cluster, no exec, no RBAC reads, no impersonation.
      expect(await may('delete', 'pods', namespace)).toBe(false);
      expect(await may('create', 'pods', namespace)).toBe(false);
      expect(await may('patch', 'deployments.apps', namespace)).toBe(false);
      expect(await may('create', 'pods', namespace, 'exec')).toBe(false);
      expect(await may('update', 'secrets', namespace)).toBe(false);
      expect(await may('list', 'clusterroles.rbac.authorization.k8s.io')).toBe(false);
      expect(await may('impersonate', 'users')).toBe(false);

      // The opt-in write Role, applied to one namespace as its header says: scale and restart
      // there only; still no create, delete or exec.
      const writeRole = readFileSync(join(deployDir, 'optional/write-role.yaml'), 'utf8')
        .replaceAll('namespace: apps', `namespace: ${namespace}`)
        .replace(/(- kind: ServiceAccount\n\s+name: )k8s-mcp(\n\s+namespace: )k8s-mcp/, `$1${d.serviceAccount}$2${d.namespace}`);
      expect(writeRole).toContain(`name: ${d.serviceAccount}`);
      await d.kubectl(['apply', '-f', '-'], writeRole);
      await waitFor(() => may('patch', 'deployments.apps', namespace), { description: 'write Role in effect', timeoutMs: 15_000 });
      expect(await may('patch', 'deployments.apps', namespace, 'scale')).toBe(true);
      expect(await may('create', 'deployments.apps', namespace)).toBe(false);
      expect(await may('patch', 'deployments.apps', 'default')).toBe(false);
      expect(await may('delete', 'pods', namespace)).toBe(false);
      expect(await may('create', 'pods', namespace, 'exec')).toBe(false);

      // The ConfigMap's settings plus the write opt-in that goes with the write Role.
      server = await startInCluster(controlPlane, d, token, { K8S_MCP_ALLOW_WRITES: 'true' });
      const health = (await (await fetch(`${server.base}/health`)).json()) as Record<string, unknown>;
      expect(health['status']).toBe('ok');
      expect(health['mode']).toBe('live');
      // In-cluster mode, the API server from KUBERNETES_SERVICE_HOST/PORT, the namespace file read.
      expect(health['cluster']).toBe(`in-cluster service account at ${controlPlane.server}, namespace "${d.namespace}"`);
      expect(server.stderr()).toMatch(/auth on/);
      // Every synced kind is readable to this identity: nothing degraded.
      const states = await syncStates(server);
      expect(states.filter((s) => s.state !== 'synced')).toEqual([]);
      expect(new Set(states.map((s) => s.kind))).toEqual(new Set(BUILTIN_KINDS.map((k) => k.kind)));

      // MCP over Streamable HTTP with the bearer token, answered through the ServiceAccount.
      expect((await fetch(`${server.base}/mcp`, { method: 'POST', body: '{}' })).status).toBe(401);
      const client = await mcpClient(server);
      try {
        await waitFor(async () => text(await client.callTool({ name: 'k8s-get-pods', arguments: { namespace } })).includes('seen-by-sa'), {
          description: 'pod seen-by-sa listed through MCP',
          timeoutMs: 30_000,
        });
        // A kind the role does not grant: the API server's refusal names the ServiceAccount.
        const denied = text(await client.callTool({ name: 'k8s-list-resources', arguments: { kind: 'clusterroles' } }));
        expect(denied).toMatch(/forbidden|403/i);
        expect(denied).toContain(`system:serviceaccount:${d.namespace}:${d.serviceAccount}`);
        // The write tools work within what the write Role grants.
        const scaled = text(await client.callTool({ name: 'k8s-scale-deployment', arguments: { name: 'web', namespace, replicas: 3 } }));
        expect(scaled).not.toMatch(/error|forbidden/i);
        expect((await admin.apps.readNamespacedDeployment({ name: 'web', namespace })).spec?.replicas).toBe(3);
        const restarted = text(await client.callTool({ name: 'k8s-rollout-restart', arguments: { name: 'web', namespace } }));
        expect(restarted).not.toMatch(/error|forbidden/i);
        const template = (await admin.apps.readNamespacedDeployment({ name: 'web', namespace })).spec?.template.metadata?.annotations ?? {};
        expect(template['kubectl.kubernetes.io/restartedAt']).toBeDefined();
      } finally {
        await client.close();
      }

    } finally {
      await server?.stop();
      await d.remove();
    }
  });

  test('the no-secrets variant: Secrets unreadable, the Secret kind degraded, everything else served', async ({ controlPlane, admin, namespace }) => {
    const d = await deploy(controlPlane, 'variants/no-secrets');
    let server: RunningServer | undefined;
    try {
      const roles = await d.kubectl(['get', 'clusterroles', '-o', 'name']);
      expect(roles).toContain(`clusterrole.rbac.authorization.k8s.io/k8s-mcp-read${d.suffix}\n`);
      expect(roles).not.toContain(`k8s-mcp-read-secrets${d.suffix}`);
      await admin.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'visible-config' } } });
      const token = await serviceAccountToken(d);
      expect(await canI(controlPlane, token, { verb: 'list', resource: 'secrets', namespace })).toBe(false);
      expect(await canI(controlPlane, token, { verb: 'list', resource: 'configmaps', namespace })).toBe(true);

      server = await startInCluster(controlPlane, d, token);
      const health = (await (await fetch(`${server.base}/health`)).json()) as Record<string, unknown>;
      expect(health['mode']).toBe('live');
      const states = await syncStates(server);
      const notSynced = states.filter((s) => s.state !== 'synced');
      expect(notSynced.map((s) => `${s.kind}:${s.state}`)).toEqual(['Secret:degraded']);
      expect(server.stderr()).toMatch(/Secret cluster-wide is not synced: RBAC denies list\/watch of secrets/);
      const client = await mcpClient(server);
      try {
        const listed = text(await client.callTool({ name: 'k8s-list-resources', arguments: { kind: 'configmaps', namespace } }));
        expect(listed).toContain('visible-config');
      } finally {
        await client.close();
      }
    } finally {
      await server?.stop();
      await d.remove();
    }
  });
});
