import { describe, expect, it } from 'vitest';
import { K8sClientError } from './k8s-client-error.js';
import { listableKinds } from './listable-kinds.js';
import { DIAGNOSIS_KINDS } from './resource-kind.js';
import { jsonTransport } from './spec-support/json-transport.js';

/** Answers lists of `allowed` plurals, refuses the rest with 403 (RBAC) or 404 (not served). */
function cluster(allowed: readonly string[], notServed: readonly string[]) {
  return jsonTransport((request) => {
    const plural = /\/([a-z]+)\?limit=1$/.exec(request.path)?.[1] ?? '';
    if (allowed.includes(plural)) return { items: [] };
    throw new K8sClientError(notServed.includes(plural) ? 'NOT_FOUND' : 'FORBIDDEN', `${plural}: refused`);
  });
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
