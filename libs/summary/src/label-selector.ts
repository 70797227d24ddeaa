import type { LabelSelector } from './kube-types.js';

type Labels = Readonly<Record<string, string>>;

/** Whether `labels` satisfy a map selector (a Service's `spec.selector`): every pair present. */
export function matchesMap(selector: Labels, labels: Labels | undefined): boolean {
  // Keys, not entries: called per pod and per node, and one array is enough.
  for (const key of Object.keys(selector)) {
    if (labels?.[key] !== selector[key]) return false;
  }
  return true;
}

/**
 * Whether `labels` satisfy a `LabelSelector` (`matchLabels` and `matchExpressions`). An empty
 * selector (`{}`) matches everything; an absent one is the caller's to decide (Kubernetes reads
 * it as "nothing" for PDBs and NetworkPolicies differ), so it is not accepted here.
 */
export function matchesSelector(selector: LabelSelector, labels: Labels | undefined): boolean {
  if (selector.matchLabels && !matchesMap(selector.matchLabels, labels)) return false;
  for (const expression of selector.matchExpressions ?? []) {
    const value = labels?.[expression.key];
    const values = expression.values ?? [];
    switch (expression.operator) {
      case 'In':
        if (value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (value === undefined) return false;
        break;
      case 'DoesNotExist':
        if (value !== undefined) return false;
        break;
      default:
        // An unknown operator matches nothing, as the API server would reject it anyway.
        return false;
    }
  }
  return true;
}

/** Whether a selector has no requirement at all, i.e. selects every object. */
export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** `app=web,tier=front` (sorted), for messages. */
export function formatLabels(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join(',');
}
