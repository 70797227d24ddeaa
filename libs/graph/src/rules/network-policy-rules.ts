import type { EdgeType } from '../graph-types.js';
import { type JsonObject, numberAt, objectAt, objectsAt, stringAt } from '../json-fields.js';
import { MATCH_ALL, parseLabelSelector } from '../label-selector.js';
import type { DeclarationBuilder, RelationRule, RuleContext } from './declarations.js';

function portsOf(rule: JsonObject): string | undefined {
  const ports = objectsAt(rule['ports']).map((p) => {
    const protocol = stringAt(p['protocol']) ?? 'TCP';
    const port = numberAt(p['port']) ?? stringAt(p['port']);
    if (port === undefined) return `${protocol}/*`;
    const end = numberAt(p['endPort']);
    return end === undefined ? `${protocol}/${port}` : `${protocol}/${port}-${end}`;
  });
  return ports.length === 0 ? undefined : [...new Set(ports)].sort().join(', ');
}

function peers(ctx: RuleContext, out: DeclarationBuilder, rules: unknown, peerKey: string, type: EdgeType): void {
  for (const rule of objectsAt(rules)) {
    const port = portsOf(rule);
    const detail = port === undefined ? {} : { port };
    for (const peer of objectsAt(rule[peerKey])) {
      const podSelector = parseLabelSelector(peer['podSelector']);
      const namespaceSelector = parseLabelSelector(peer['namespaceSelector']);
      if (podSelector && namespaceSelector) {
        out.select({ type, targetKind: 'Pod', namespace: undefined, namespaceSelector, selector: podSelector, detail });
      } else if (podSelector) {
        out.select({ type, targetKind: 'Pod', namespace: ctx.namespace, selector: podSelector, detail });
      } else if (namespaceSelector) {
        // Every pod of the selected namespaces: one edge per Namespace, not per pod, so a policy
        // allowing "all namespaces" stays small.
        out.select({ type, targetKind: 'Namespace', namespace: undefined, selector: namespaceSelector, detail });
      }
      // ipBlock peers name no object.
    }
  }
}

/**
 * NetworkPolicy -> Pods it applies to (spec.podSelector; `{}` = every Pod of its namespace:
 * `applies-to`), and -> its ingress `from` peers (`allows-from`) and egress `to` peers
 * (`allows-to`): Pods matching a podSelector (in its namespace, or in namespaces matching the
 * peer's namespaceSelector), or the Namespaces matching a peer that has only a namespaceSelector.
 * `detail.port` lists the rule's ports (`TCP/5432`). Rules without peers (allow all) add no edge.
 * Namespace selectors need Namespace objects in the graph.
 */
export const networkPolicyRule: RelationRule = (ctx, out) => {
  const spec = objectAt(ctx.object['spec']);
  if (!spec) return;
  const podSelector = parseLabelSelector(spec['podSelector']) ?? MATCH_ALL;
  out.select({ type: 'applies-to', targetKind: 'Pod', namespace: ctx.namespace, selector: podSelector, detail: {} });
  peers(ctx, out, spec['ingress'], 'from', 'allows-from');
  peers(ctx, out, spec['egress'], 'to', 'allows-to');
};
