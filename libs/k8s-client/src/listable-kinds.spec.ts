import { describe, expect, it } from 'vitest';
import { K8sClientError } from './k8s-client-error.js';
import type { KubeRequest, KubeTransport } from './kube-transport.js';
import { listableKinds } from './listable-kinds.js';
import { DIAGNOSIS_KINDS } from './resource-kind.js';

/** Answers lists of `allowed` plurals, refuses the rest with 403 (RBAC) or 404 (not served). */
function cluster(allowed: readonly string[], notServed: readonly string[]): KubeTransport & { requests: KubeRequest[] } {
  const requests: KubeRequest[] = [];
  return {
    server: 'https://fixture:6443',
    requests,
    async json<T>(request: KubeRequest): Promise<T> {
      requests.push(request);
      const plural = /\/([a-z]+)\?limit=1$/.exec(request.path)?.[1] ?? '';
      if (allowed.includes(plural)) return { items: [] } as T;
      throw new K8sClientError(notServed.includes(plural) ? 'NOT_FOUND' : 'FORBIDDEN', `${plural}: refused`);
    },
    text: () => Promise.reject(new Error('not used')),
    stream: () => Promise.reject(new Error('not used')),
    close: () => undefined,
  };
}

describe('listableKinds', () => {
  it('keeps the kinds a one-item cluster-wide list succeeds for, in order, and never throws', async () => {
    const transport = cluster(['roles', 'clusterroles', 'validatingwebhookconfigurations'], ['gatewayclasses', 'gateways', 'httproutes']);
    const kinds = await listableKinds(transport, DIAGNOSIS_KINDS);
    expect(kinds.map((k) => k.kind)).toEqual(['Role', 'ClusterRole', 'ValidatingWebhookConfiguration']);
    expect(transport.requests.map((r) => r.path)).toContain('/apis/rbac.authorization.k8s.io/v1/roles?limit=1');
    expect(transport.requests.map((r) => r.path)).toContain('/apis/gateway.networking.k8s.io/v1/httproutes?limit=1');
    expect(await listableKinds(cluster([], []), DIAGNOSIS_KINDS)).toEqual([]);
  });
});
