import type { KubeObject } from '@k8s-mcp/k8s-client';
import type { ClusterIndex } from './cluster-index.js';
import type { ObjectRef, RawFinding } from './finding.js';
import type { LabelSelector, Service } from './kube-types.js';

/** The webhook fields the port check reads (beyond what detect-admission reads). */
interface WebhookView {
  readonly name: string;
  readonly failurePolicy?: string;
  readonly clientConfig?: { readonly service?: { readonly namespace?: string; readonly name?: string; readonly port?: number } };
  readonly rules?: readonly { readonly operations?: readonly string[]; readonly resources?: readonly string[] }[];
  readonly namespaceSelector?: LabelSelector;
  readonly objectSelector?: LabelSelector;
}

/** Port the API server calls when a webhook's service reference names none. */
const DEFAULT_WEBHOOK_PORT = 443;
/** Most resources named when describing what a webhook intercepts. */
const MAX_RESOURCES_NAMED = 4;

const isEmpty = (selector: LabelSelector | undefined): boolean =>
  !selector || ((selector.matchLabels === undefined || Object.keys(selector.matchLabels).length === 0) && (selector.matchExpressions ?? []).length === 0);

/** `CREATE, UPDATE on pods, deployments in every namespace`: what the webhook intercepts. */
function webhookScope(webhook: WebhookView): string {
  const operations = [...new Set((webhook.rules ?? []).flatMap((r) => r.operations ?? []))];
  const resources = [...new Set((webhook.rules ?? []).flatMap((r) => r.resources ?? []))];
  const ops = operations.length === 0 || operations.includes('*') ? 'all operations' : operations.join(', ');
  const what =
    resources.length === 0 || resources.includes('*') || resources.includes('*/*')
      ? 'all resources'
      : `${resources.slice(0, MAX_RESOURCES_NAMED).join(', ')}${resources.length > MAX_RESOURCES_NAMED ? ` (+${resources.length - MAX_RESOURCES_NAMED} more)` : ''}`;
  const where = isEmpty(webhook.namespaceSelector) && isEmpty(webhook.objectSelector) ? 'in every namespace' : 'in the namespaces/objects its selectors pick';
  return `${ops} on ${what} ${where}`;
}

function portFindings(index: ClusterIndex, kind: string, config: KubeObject): RawFinding[] {
  const ref = index.refOf(kind, config);
  const findings: RawFinding[] = [];
  for (const webhook of (config as { webhooks?: readonly WebhookView[] }).webhooks ?? []) {
    const svc = webhook.clientConfig?.service;
    // A Service in a hidden namespace can be neither checked nor named; a missing one is detect-admission's.
    if (!svc?.name || !svc.namespace || !index.isVisible(svc.namespace)) continue;
    const svcRef: ObjectRef = { kind: 'Service', namespace: svc.namespace, name: svc.name };
    const service = index.get<Service>(svcRef);
    if (!service) continue;
    const port = svc.port ?? DEFAULT_WEBHOOK_PORT;
    const ports = service.spec?.ports ?? [];
    if (ports.some((p) => p.port === port)) continue;
    const fails = (webhook.failurePolicy ?? 'Fail') === 'Fail';
    const scope = webhookScope(webhook);
    findings.push({
      severity: fails ? 'critical' : 'warning',
      reason: 'WebhookServicePortMissing',
      object: ref,
      message:
        `webhook ${webhook.name} calls Service ${svc.namespace}/${svc.name} on port ${port}, which the Service does not expose (it has ${ports.map((p) => p.port).join(', ') || 'no ports'}); ` +
        (fails
          ? `failurePolicy Fail: every matching request (${scope}) is rejected, a cluster-wide outage for those requests`
          : `failurePolicy Ignore: the webhook is skipped (${scope})`),
      evidence: [],
      nextStep: `Set clientConfig.service.port of webhook ${webhook.name} to a port of Service ${svc.namespace}/${svc.name}, or add port ${port} to the Service`,
      key: `${webhook.name}:port`,
      causes: [{ ref: svcRef, relation: 'calls' }],
      status: `webhook ${webhook.name} port ${port} not exposed`,
    });
  }
  return findings;
}

/**
 * Webhook checks detect-admission leaves out: a webhook whose Service exists but does not expose
 * the port the API server calls (`clientConfig.service.port`, default 443), so every call fails
 * to connect: critical with failurePolicy Fail (every matching request is rejected, described
 * by operations, resources and selectors), a warning with Ignore.
 */
export function detectWebhooks(index: ClusterIndex): RawFinding[] {
  return [
    ...index.list('ValidatingWebhookConfiguration').flatMap((c) => portFindings(index, 'ValidatingWebhookConfiguration', c)),
    ...index.list('MutatingWebhookConfiguration').flatMap((c) => portFindings(index, 'MutatingWebhookConfiguration', c)),
  ];
}
