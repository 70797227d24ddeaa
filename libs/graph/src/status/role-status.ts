import type { KubeObject } from '@k8s-mcp/k8s-client';
import { arrayAt, objectAt, objectsAt, type JsonObject } from '../json-fields.js';

/** Longest rules summary in a Role's status line, in characters. */
export const MAX_RULES_STATUS_CHARS = 160;

const strings = (value: unknown): string[] => arrayAt(value).filter((v): v is string => typeof v === 'string' && v !== '');

/** `get,list pods,services.apps` / `get configmaps/app-config` / `get /healthz`. */
function ruleText(rule: JsonObject): string {
  const verbs = strings(rule['verbs']).join(',') || '(no verbs)';
  const urls = strings(rule['nonResourceURLs']);
  if (urls.length > 0) return `${verbs} ${urls.join(',')}`;
  const groups = strings(rule['apiGroups']);
  const names = strings(rule['resourceNames']);
  const resources = strings(rule['resources']).flatMap((resource) => {
    const qualified = groups.length === 0 ? resource : groups.map((g) => (g === '' ? resource : `${resource}.${g}`)).join(',');
    return names.length === 0 ? [qualified] : names.map((n) => `${qualified}/${n}`);
  });
  return `${verbs} ${resources.join(',') || '(no resources)'}`;
}

/**
 * The status line of a Role or ClusterRole: what its rules grant, rule by rule
 * (`get,watch pods; * deployments.apps`), cut at {@link MAX_RULES_STATUS_CHARS} with a count of
 * the rules left out; `aggregated:` first for a ClusterRole with an `aggregationRule` (its rules
 * are whatever the aggregation controller last wrote); `no rules` when there are none.
 */
export function roleStatus(object: KubeObject): string {
  const aggregated = objectAt(object['aggregationRule']) ? 'aggregated: ' : '';
  const rules = objectsAt(object['rules']);
  if (rules.length === 0) return `${aggregated}no rules`;
  let text = aggregated;
  let shown = 0;
  for (const rule of rules) {
    const part = `${shown === 0 ? '' : '; '}${ruleText(rule)}`;
    if (shown > 0 && text.length + part.length > MAX_RULES_STATUS_CHARS) break;
    text += part;
    shown += 1;
  }
  if (text.length > MAX_RULES_STATUS_CHARS) text = `${text.slice(0, MAX_RULES_STATUS_CHARS - 1)}…`;
  return shown < rules.length ? `${text} (+${rules.length - shown} more rules)` : text;
}
