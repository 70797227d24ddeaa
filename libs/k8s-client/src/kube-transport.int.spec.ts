import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { KubeConfig } from '@kubernetes/client-node';
import { integrationTest as test, type IntegrationFixtures } from '@k8s-mcp/testing';
import { afterAll, describe, expect } from 'vitest';
import { resolveClusterAccess } from './cluster-access.js';
import { K8sClientError } from './k8s-client-error.js';

const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-transport-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function adminToken(cp: IntegrationFixtures['controlPlane']): string {
  const kc = new KubeConfig();
  kc.loadFromFile(cp.adminKubeconfig);
  return kc.getCurrentUser()?.token ?? '';
}

/** Settles `promise` and returns its K8sClientError, failing the test on anything else. */
async function failure(promise: Promise<unknown>): Promise<K8sClientError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof K8sClientError)) throw new Error(`expected a K8sClientError, got ${String(error)}`);
  return error;
}

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Runs `fn` against a loopback server, closing it afterwards. */
async function withServer<T>(server: net.Server, fn: (port: number) => Promise<T>): Promise<T> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await fn((server.address() as net.AddressInfo).port);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

describe('KubeTransport against the real control plane', () => {
  test('sends JSON requests with the kubeconfig credentials', async ({ controlPlane }) => {
    const { transport } = resolveClusterAccess({ kubeconfigPaths: [controlPlane.adminKubeconfig] });
    const version = await transport.json<{ gitVersion: string }>({ path: '/version' });
    expect(version.gitVersion).toBe(controlPlane.version);
  });

  test('streams a watch line by line until the server ends it', async ({ controlPlane, namespace }) => {
    const { transport } = resolveClusterAccess({ kubeconfigPaths: [controlPlane.adminKubeconfig] });
    const events: { type: string; object: { metadata: { name: string } } }[] = [];
    await transport.stream(
      { path: `/api/v1/namespaces/${namespace}/configmaps`, query: { watch: true, timeoutSeconds: 1 } },
      (line) => events.push(JSON.parse(line) as (typeof events)[number]),
    );
    // Every namespace gets kube-root-ca.crt from the controller-manager.
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toContain('ADDED kube-root-ca.crt');
  });

  test('404 is NOT_FOUND naming the request', async ({ controlPlane, namespace }) => {
    const { transport } = resolveClusterAccess({ kubeconfigPaths: [controlPlane.adminKubeconfig] });
    const error = await failure(
      transport.json({ path: `/api/v1/namespaces/${namespace}/pods/missing`, context: { verb: 'get', resource: 'pods', namespace, name: 'missing' } }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(error.status).toBe(404);
    expect(error.message).toBe(`get pods "missing" in namespace "${namespace}": not found (404); check the name and namespace, or list to see what exists`);
  });

  test('creating an existing object with a POST is CONFLICT (409)', async ({ controlPlane, namespace }) => {
    const { transport } = resolveClusterAccess({ kubeconfigPaths: [controlPlane.adminKubeconfig] });
    const request = {
      method: 'POST' as const,
      path: `/api/v1/namespaces/${namespace}/configmaps`,
      body: { metadata: { name: 'once' }, data: { a: '1' } },
      context: { verb: 'create', resource: 'configmaps', namespace, name: 'once' },
    };
    await transport.json(request);
    const error = await failure(transport.json(request));
    expect(error.code).toBe('CONFLICT');
    expect(error.status).toBe(409);
    expect(error.message).toContain(`create configmaps "once" in namespace "${namespace}": already exists (409)`);
  });

  test('a bad token is UNAUTHORIZED (401)', async ({ controlPlane }) => {
    const { transport } = resolveClusterAccess({ server: controlPlane.server, token: 'not-a-valid-token', caFile: controlPlane.caFile });
    const error = await failure(transport.json({ path: '/api/v1/namespaces', context: { verb: 'list', resource: 'namespaces' } }));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.status).toBe(401);
    expect(error.message).toContain(`the API server at ${controlPlane.server} rejected the credentials`);
    expect(error.message).not.toContain('not-a-valid-token');
  });

  test('a CA that did not sign the server certificate is TLS', async ({ controlPlane }) => {
    const wrongCa = join(dir, 'wrong-ca.crt');
    writeFileSync(wrongCa, rootCertificates[0] ?? '');
    const { transport } = resolveClusterAccess({ server: controlPlane.server, token: adminToken(controlPlane), caFile: wrongCa });
    const error = await failure(transport.json({ path: '/version', context: { verb: 'get', resource: 'version' } }));
    expect(error.code).toBe('TLS');
    expect(error.message).toContain(`TLS handshake with ${controlPlane.server} failed`);
    expect(error.message).toContain('certificate-authority');
  });

  test('a closed port is UNREACHABLE', async () => {
    const server = `https://127.0.0.1:${await closedPort()}`;
    const { transport } = resolveClusterAccess({ server, token: 't', insecureSkipTlsVerify: true });
    const error = await failure(transport.json({ path: '/version', context: { verb: 'get', resource: 'version' } }));
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toBe(`get version: cannot reach ${server} (ECONNREFUSED); check that the cluster is running and the kubeconfig's server address`);
  });

  test('a server that accepts and never answers is TIMEOUT after timeoutMs', async () => {
    await withServer(net.createServer(), async (port) => {
      const { transport } = resolveClusterAccess({ server: `https://127.0.0.1:${port}`, token: 't', insecureSkipTlsVerify: true });
      const started = Date.now();
      const error = await failure(transport.json({ path: '/api/v1/pods', timeoutMs: 300, context: { verb: 'list', resource: 'pods' } }));
      const took = Date.now() - started;
      expect(error.code).toBe('TIMEOUT');
      expect(error.message).toContain('list pods timed out after 300 ms');
      expect(took).toBeGreaterThanOrEqual(290);
      expect(took).toBeLessThan(5000);
    });
  });

  test('an aborted request is ABORTED', async () => {
    await withServer(net.createServer(), async (port) => {
      const { transport } = resolveClusterAccess({ server: `https://127.0.0.1:${port}`, token: 't', insecureSkipTlsVerify: true });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const error = await failure(transport.json({ path: '/api/v1/pods', signal: controller.signal, context: { verb: 'list', resource: 'pods' } }));
      expect(error.code).toBe('ABORTED');
    });
  });

  test('a server that is not a Kubernetes API server answering non-JSON is BAD_RESPONSE', async () => {
    const server = http.createServer((_req, res) => res.end('<html>hello</html>'));
    await withServer(server, async (port) => {
      const { transport } = resolveClusterAccess({ server: `http://127.0.0.1:${port}`, token: 't' });
      const error = await failure(transport.json({ path: '/version', context: { verb: 'get', resource: 'version' } }));
      expect(error.code).toBe('BAD_RESPONSE');
      expect(error.message).toContain('answered with invalid JSON');
    });
  });

  test('a CA file that vanished after resolving is CONFIG_INVALID, not UNREACHABLE', async ({ controlPlane }) => {
    const ca = join(dir, 'vanishing-ca.crt');
    copyFileSync(controlPlane.caFile, ca);
    const kubeconfig = join(dir, 'vanishing.kubeconfig');
    writeFileSync(kubeconfig, readFileSync(controlPlane.adminKubeconfig, 'utf8').replace(controlPlane.caFile, ca));
    const { transport } = resolveClusterAccess({ kubeconfigPaths: [kubeconfig] });
    rmSync(ca);
    const error = await failure(transport.json({ path: '/version', context: { verb: 'get', resource: 'version' } }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('cannot load the credentials or TLS files');
  });
});
