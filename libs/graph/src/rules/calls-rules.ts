import type { EdgeDetail } from '../graph-types.js';
import { type JsonObject, objectAt, objectsAt, pathAt, stringAt } from '../json-fields.js';
import type { DeclarationBuilder, RelationRule, RuleContext } from './declarations.js';
import { type ServiceReference, serviceReferencesIn, urlServiceReferencesIn } from './service-dns.js';

/** Most inferred `calls` edges one object declares (a huge ConfigMap stays cheap). */
export const MAX_INFERRED_CALLS = 20;

/** Namespaces whose ConfigMaps hold node and API server addresses (kubeadm, cluster-info), not Service calls. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/**
 * Declares one inferred call. Inferred edges are `optional`: a guess never makes the object's
 * reference "required" (a missing target is reported by the summary's own intent check, with
 * the variable's name, not as a dangling reference).
 */
function call(ctx: RuleContext, out: DeclarationBuilder, ref: ServiceReference, via: string): void {
  // Key order as mergeDetail writes it, so a merged edge reads like a single one.
  const detail: EdgeDetail = { via, optional: true, ...(ref.port === undefined ? {} : { port: String(ref.port) }), inferred: true };
  out.ref('calls', 'Service', ref.namespace ?? ctx.namespace, ref.name, detail);
}

function containerCalls(ctx: RuleContext, out: DeclarationBuilder, containers: unknown, prefix: string, budget: { left: number }): void {
  for (const container of objectsAt(containers)) {
    for (const env of objectsAt(container['env'])) {
      const name = stringAt(env['name']);
      const value = stringAt(env['value']);
      if (!name || !value) continue;
      for (const ref of serviceReferencesIn(value, name)) {
        if (budget.left-- <= 0) return;
        call(ctx, out, ref, `${prefix}env ${name}`);
      }
    }
    // URLs in the command line (`wget http://backend:80`, `--upstream=http://api:8080`).
    const commandLine = [...stringsAt(container['command']), ...stringsAt(container['args'])].join('\n');
    for (const ref of urlServiceReferencesIn(commandLine)) {
      if (budget.left-- <= 0) return;
      call(ctx, out, ref, `${prefix}command`);
    }
  }
}

function stringsAt(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Pod (and workload pod template) -> Service, inferred (`calls`, `detail.inferred`): a literal
 * env value of a container or init container that names a Service by DNS name or URL (see
 * `parseServiceReference`), `via: env NAME` (`template.env NAME`, `initContainer.env NAME`), or
 * a URL with a scheme in its command or args (`via: command`),
 * `detail.port` when the address has one. Values from ConfigMaps are the ConfigMap's own edges
 * ({@link configMapCallsRule}); values from Secrets are never read. At most
 * {@link MAX_INFERRED_CALLS} per object.
 */
export const inferredCallsRule: RelationRule = (ctx, out) => {
  const template = ctx.kind === 'Pod' ? undefined : ctx.kind === 'CronJob' ? pathAt(ctx.object, 'spec', 'jobTemplate', 'spec', 'template') : pathAt(ctx.object, 'spec', 'template');
  const spec: JsonObject | undefined = ctx.kind === 'Pod' ? objectAt(ctx.object['spec']) : objectAt(pathAt(template, 'spec'));
  if (!spec) return;
  const prefix = ctx.kind === 'Pod' ? '' : 'template.';
  const budget = { left: MAX_INFERRED_CALLS };
  containerCalls(ctx, out, spec['containers'], prefix, budget);
  containerCalls(ctx, out, spec['initContainers'], `${prefix}initContainer.`, budget);
};

/**
 * ConfigMap -> Service, inferred (`calls`, `detail.inferred`, `via: configMap KEY`): a data value
 * naming a Service (whole single-line values, with the key as the variable name; URLs with a
 * scheme inside multi-line files). Pods reach it through `uses-configmap`. ConfigMaps of
 * kube-system, kube-public and kube-node-lease are skipped. At most {@link MAX_INFERRED_CALLS}.
 */
export const configMapCallsRule: RelationRule = (ctx, out) => {
  if (ctx.namespace === undefined || SYSTEM_NAMESPACES.has(ctx.namespace)) return;
  const data = objectAt(ctx.object['data']);
  if (!data) return;
  let left = MAX_INFERRED_CALLS;
  for (const key of Object.keys(data).sort()) {
    const value = stringAt(data[key]);
    if (!value) continue;
    for (const ref of serviceReferencesIn(value, key)) {
      if (left-- <= 0) return;
      call(ctx, out, ref, `configMap ${key}`);
    }
  }
};
