import { type JsonObject, numberAt, objectAt, objectsAt, pathAt, stringAt } from '../json-fields.js';
import type { DeclarationBuilder, RelationRule } from './declarations.js';

function callService(out: DeclarationBuilder, service: JsonObject | undefined, via: string, defaultPort: number): void {
  if (!service) return;
  const port = String(numberAt(service['port']) ?? defaultPort);
  out.ref('calls', 'Service', stringAt(service['namespace']), stringAt(service['name']), { via, port });
}

/**
 * ValidatingWebhookConfiguration / MutatingWebhookConfiguration -> the Service of each webhook's
 * clientConfig (`calls`, `via: webhook`, port default 443). URL-based webhooks name no object.
 */
export const webhookConfigurationRule: RelationRule = (ctx, out) => {
  for (const webhook of objectsAt(ctx.object['webhooks'])) {
    callService(out, objectAt(pathAt(webhook, 'clientConfig', 'service')), 'webhook', 443);
  }
};

/** APIService -> spec.service (`calls`, `via: apiService`, port default 443); local APIServices have none. */
export const apiServiceRule: RelationRule = (ctx, out) => {
  callService(out, objectAt(pathAt(ctx.object, 'spec', 'service')), 'apiService', 443);
};
