import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { integrationTest as test } from '@k8s-mcp/testing';
import { afterAll, describe, expect } from 'vitest';
import { resolveClusterAccess, type ClusterAccess } from './cluster-access.js';

const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-access-int-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Who the API server thinks we are (SelfSubjectReview). */
async function whoami(access: ClusterAccess): Promise<string> {
  const review = await access.transport.json<{ status: { userInfo: { username: string } } }>({
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
  });
  return review.status.userInfo.username;
}

describe('resolveClusterAccess with the real control plane', () => {
  test('resolves the admin kubeconfig and describes it without the token', async ({ controlPlane }) => {
    const access = resolveClusterAccess({ kubeconfigPaths: [controlPlane.adminKubeconfig] });
    expect(access).toMatchObject({ mode: 'kubeconfig', context: 'k8s-mcp-test-admin', server: controlPlane.server, namespace: 'default' });
    const token = access.kubeConfig.getCurrentUser()?.token ?? '';
    expect(token.length).toBeGreaterThan(8);
    expect(access.describe()).not.toContain(token);
    expect(await whoami(access)).toBe('admin');
  });

  test('merges several kubeconfigs: the first current-context wins, and a named context picks another user', async ({ controlPlane }) => {
    const paths = [controlPlane.restrictedKubeconfig, controlPlane.adminKubeconfig];
    const first = resolveClusterAccess({ kubeconfigPaths: paths });
    expect(first.context).toBe('k8s-mcp-test-restricted');
    expect(await whoami(first)).toBe('restricted');

    const admin = resolveClusterAccess({ kubeconfigPaths: paths, context: 'k8s-mcp-test-admin' });
    expect(await whoami(admin)).toBe('admin');

    expect(() => resolveClusterAccess({ kubeconfigPaths: paths, context: 'k8s-mcp-test-nobody' })).toThrow(
      'available contexts: k8s-mcp-test-restricted, k8s-mcp-test-admin',
    );
  });

  test('explicit server with a token or a token file and the CA reaches the cluster', async ({ controlPlane }) => {
    const token = resolveClusterAccess({ kubeconfigPaths: [controlPlane.nobodyKubeconfig] }).kubeConfig.getCurrentUser()?.token ?? '';
    const withToken = resolveClusterAccess({ server: controlPlane.server, token, caFile: controlPlane.caFile, kubeconfigPaths: [controlPlane.adminKubeconfig] });
    expect(withToken.mode).toBe('token');
    expect(await whoami(withToken)).toBe('nobody');

    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${token}\n`);
    const withFile = resolveClusterAccess({ server: controlPlane.server, tokenFile, caFile: controlPlane.caFile });
    expect(await whoami(withFile)).toBe('nobody');
  });
});
