import type { ClusterIndex } from './cluster-index.js';
import { conditionLine } from './evidence.js';
import type { ObjectRef, RawFinding } from './finding.js';
import { endpointState } from './detect-network.js';
import { conditionOf, type ApiService, type Service, type WebhookConfiguration } from './kube-types.js';

function serviceProblem(index: ClusterIndex, ref: ObjectRef): 'missing' | 'no-endpoints' | undefined {
  const service = index.get<Service>(ref);
  if (!service) return 'missing';
  const state = endpointState(index, service);
  return state.kind === 'no-match' || state.kind === 'no-ready' ? 'no-endpoints' : undefined;
}

function webhookFindings(index: ClusterIndex, kind: string, config: WebhookConfiguration): RawFinding[] {
  const ref = index.refOf(kind, config);
  const findings: RawFinding[] = [];
  for (const webhook of config.webhooks ?? []) {
    const svc = webhook.clientConfig?.service;
    // A Service in a hidden namespace can be neither checked nor named.
    if (!svc?.name || !svc.namespace || !index.isVisible(svc.namespace)) continue;
    const svcRef: ObjectRef = { kind: 'Service', namespace: svc.namespace, name: svc.name };
    const problem = serviceProblem(index, svcRef);
    if (!problem) continue;
    const fails = (webhook.failurePolicy ?? 'Fail') === 'Fail';
    findings.push({
      severity: fails ? 'critical' : 'warning',
      reason: problem === 'missing' ? 'WebhookServiceMissing' : 'WebhookServiceUnavailable',
      object: ref,
      message: `webhook ${webhook.name} calls Service ${svc.namespace}/${svc.name}, which ${problem === 'missing' ? 'does not exist' : 'has no ready endpoints'}; failurePolicy ${webhook.failurePolicy ?? 'Fail'} ${fails ? 'rejects matching API requests' : 'skips the webhook'}`,
      evidence: [],
      nextStep: fails
        ? `Restore the webhook's Service, or delete the ${kind} ${ref.name} if its owner was uninstalled`
        : `Restore the webhook's Service or remove the webhook`,
      key: webhook.name,
      causes: [{ ref: svcRef, relation: 'calls', ...(problem === 'missing' ? { missing: true } : {}) }],
    });
  }
  return findings;
}

function apiServiceFindings(index: ClusterIndex, api: ApiService): RawFinding[] {
  const ref = index.refOf('APIService', api);
  const svc = api.spec?.service;
  const available = conditionOf(api.status?.conditions, 'Available');
  if (svc?.name && svc.namespace && index.isVisible(svc.namespace)) {
    const svcRef: ObjectRef = { kind: 'Service', namespace: svc.namespace, name: svc.name };
    const problem = serviceProblem(index, svcRef);
    if (problem) {
      return [
        {
          severity: 'critical',
          reason: problem === 'missing' ? 'APIServiceMissingService' : 'APIServiceUnavailable',
          object: ref,
          message: `aggregated API ${ref.name} is served by Service ${svc.namespace}/${svc.name}, which ${problem === 'missing' ? 'does not exist' : 'has no ready endpoints'}`,
          evidence: available ? [conditionLine(available)] : [],
          nextStep: `Restore the Service or delete APIService ${ref.name} if its extension was uninstalled (discovery fails meanwhile)`,
          causes: [{ ref: svcRef, relation: 'served by', ...(problem === 'missing' ? { missing: true } : {}) }],
        },
      ];
    }
  }
  if (svc?.name && available?.status === 'False' && index.isVisible(svc.namespace)) {
    return [
      {
        severity: 'warning',
        reason: 'APIServiceUnavailable',
        object: ref,
        message: `aggregated API ${ref.name} is unavailable: ${available.message ?? available.reason ?? ''}`.trim(),
        evidence: [conditionLine(available)],
        nextStep: `Check the extension API server behind Service ${svc.namespace}/${svc.name}`,
      },
    ];
  }
  return [];
}

/** Admission checks: webhooks and aggregated APIServices whose Service is missing or has no ready pods. */
export function detectAdmission(index: ClusterIndex): RawFinding[] {
  return [
    ...index.list<WebhookConfiguration>('ValidatingWebhookConfiguration').flatMap((c) => webhookFindings(index, 'ValidatingWebhookConfiguration', c)),
    ...index.list<WebhookConfiguration>('MutatingWebhookConfiguration').flatMap((c) => webhookFindings(index, 'MutatingWebhookConfiguration', c)),
    ...index.list<ApiService>('APIService').flatMap((a) => apiServiceFindings(index, a)),
  ];
}
