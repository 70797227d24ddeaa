import { randomBytes } from 'node:crypto';
import { inject, test } from 'vitest';
import type { ControlPlaneInfo } from './control-plane-info.js';
import { apiStatus, createKubeClients, type KubeClients } from './kube-clients.js';
import { waitFor } from './wait-for.js';

/** Fixtures every integration test can ask for. */
export interface IntegrationFixtures {
  /** The running control plane (from the global setup). */
  controlPlane: ControlPlaneInfo;
  /** Admin clients. */
  admin: KubeClients;
  /** A fresh namespace for this test, with its `default` ServiceAccount; deleted afterwards. */
  namespace: string;
}

/**
 * The control plane the vitest global setup started, for hooks (`beforeAll`) that cannot use the
 * {@link integrationTest} fixtures.
 *
 * @throws Error when called outside the `integration` vitest project (no control plane provided)
 */
export function controlPlaneOrThrow(): ControlPlaneInfo {
  const info = inject('controlPlane');
  if (!info) {
    throw new Error(
      'integrationTest: no control plane was provided; run integration tests through the `integration` vitest project (npm test)',
    );
  }
  return info;
}

/**
 * `test` extended with {@link IntegrationFixtures}. Use it in `*.int.spec.ts` files:
 * `integrationTest('...', async ({ admin, namespace }) => { ... })`.
 */
export const integrationTest = test.extend<IntegrationFixtures>({
  // eslint-disable-next-line no-empty-pattern
  controlPlane: async ({}, use) => use(controlPlaneOrThrow()),
  admin: async ({ controlPlane }, use) => use(createKubeClients(controlPlane.adminKubeconfig)),
  namespace: async ({ admin }, use) => {
    const name = `t-${randomBytes(4).toString('hex')}`;
    await admin.core.createNamespace({ body: { metadata: { name, labels: { 'k8s-mcp.io/test': 'true' } } } });
    // The ServiceAccount admission plugin rejects pods until the controller-manager made this.
    await waitFor(
      async () => {
        try {
          return await admin.core.readNamespacedServiceAccount({ name: 'default', namespace: name });
        } catch (error) {
          if (apiStatus(error) === 404) return undefined;
          throw error;
        }
      },
      { description: `ServiceAccount default in ${name}`, timeoutMs: 30_000 },
    );
    await use(name);
    await admin.core.deleteNamespace({ name }).catch(() => undefined);
  },
});
