import { describe, expect, it } from 'vitest';
import { findingsOf, only } from './testing/detect.js';
import { ClusterBuilder, type PodState } from './testing/fixtures.js';

/** A validating webhook on pods cluster-wide, served by Service policy/gatekeeper (port 443, pods in `state`). */
function webhookCluster(webhook: Record<string, unknown>, state: PodState = 'running'): ClusterBuilder {
  const b = new ClusterBuilder();
  for (const n of ['node-1', 'node-2', 'node-3']) b.node(n);
  b.namespace('policy');
  b.deployment('policy', 'gatekeeper', { replicas: 2, state });
  b.service('policy', 'gatekeeper', { app: 'gatekeeper' }, [{ name: 'https', port: 443, targetPort: 8443 }]);
  b.add('ValidatingWebhookConfiguration', {
    metadata: { name: 'gatekeeper-validating' },
    webhooks: [
      {
        name: 'check.gatekeeper.sh',
        clientConfig: { service: { namespace: 'policy', name: 'gatekeeper' } },
        rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
        ...webhook,
      },
    ],
  });
  return b;
}

describe('detectWebhooks', () => {
  it('finds nothing when the webhook calls a port its Service exposes (443 by default)', () => {
    const findings = findingsOf(webhookCluster({}));
    expect(findings.filter((f) => f.object.kind === 'ValidatingWebhookConfiguration')).toEqual([]);
  });

  it('names a port the Service does not expose, as a cluster-wide outage with failurePolicy Fail', () => {
    const findings = findingsOf(webhookCluster({ clientConfig: { service: { namespace: 'policy', name: 'gatekeeper', port: 8443 } } }));
    const f = only(findings, 'WebhookServicePortMissing');
    expect(f.severity).toBe('critical');
    expect(f.message).toBe(
      'webhook check.gatekeeper.sh calls Service policy/gatekeeper on port 8443, which the Service does not expose (it has 443); ' +
        'failurePolicy Fail: every matching request (CREATE, UPDATE on pods in every namespace) is rejected, a cluster-wide outage for those requests',
    );
    expect(f.chain.map((s) => s.ref.name)).toEqual(['gatekeeper-validating']);
    const ignored = only(findingsOf(webhookCluster({ failurePolicy: 'Ignore', namespaceSelector: { matchLabels: { policy: 'on' } }, clientConfig: { service: { namespace: 'policy', name: 'gatekeeper', port: 9443 } } })), 'WebhookServicePortMissing');
    expect(ignored.severity).toBe('warning');
    expect(ignored.message).toContain('failurePolicy Ignore: the webhook is skipped (CREATE, UPDATE on pods in the namespaces/objects its selectors pick)');
  });

  it('leaves a missing Service or one without ready endpoints to detect-admission, which reports them', () => {
    const unready = findingsOf(webhookCluster({ clientConfig: { service: { namespace: 'policy', name: 'gatekeeper', port: 8443 } } }, 'crashloop'));
    const f = only(unready, 'WebhookServiceUnavailable');
    expect(f).toMatchObject({ severity: 'critical' });
    expect(f.message).toContain('has no ready endpoints');
    expect(f.message).toContain('failurePolicy Fail');
    const missing = findingsOf(webhookCluster({ clientConfig: { service: { namespace: 'policy', name: 'opa' } } }));
    expect(only(missing, 'WebhookServiceMissing').chain.at(-1)).toMatchObject({ ref: { kind: 'Service', name: 'opa' }, missing: true });
    expect(missing.filter((x) => x.reason === 'WebhookServicePortMissing')).toEqual([]);
  });
});
