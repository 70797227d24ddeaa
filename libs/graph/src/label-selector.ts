import { arrayAt, objectAt, objectsAt, stringAt, stringMapAt } from './json-fields.js';

/** One requirement of a label selector (`matchLabels` entries become `In` with one value). */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/**
 * A compiled label selector. No requirements matches everything (the `{}` selector); `never`
 * marks a selector that can match nothing (an unknown operator: the API server would reject it).
 */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  readonly never?: boolean;
}

/** Matches every object: the `{}` selector. */
export const MATCH_ALL: LabelSelector = { requirements: [] };

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** A selector from a plain `key: value` map (Service `spec.selector`, `matchLabels`). */
export function selectorFromMap(map: Readonly<Record<string, string>>): LabelSelector {
  return {
    requirements: Object.entries(map)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => ({ key, operator: 'In' as const, values: [value] })),
  };
}

/**
 * Compiles a metav1.LabelSelector (`matchLabels` + `matchExpressions`). Returns undefined for a
 * nil selector (absent or not an object), which callers treat as "selects nothing"; `{}` gives
 * {@link MATCH_ALL}.
 */
export function parseLabelSelector(value: unknown): LabelSelector | undefined {
  const o = objectAt(value);
  if (!o) return undefined;
  const requirements: LabelRequirement[] = [...selectorFromMap(stringMapAt(o['matchLabels']) ?? {}).requirements];
  let never = false;
  for (const expression of objectsAt(o['matchExpressions'])) {
    const key = stringAt(expression['key']);
    const operator = stringAt(expression['operator']);
    if (key === undefined || operator === undefined || !OPERATORS.has(operator)) {
      never = true;
      continue;
    }
    const values = arrayAt(expression['values']).filter((v): v is string => typeof v === 'string');
    requirements.push({ key, operator: operator as LabelRequirement['operator'], values });
  }
  return never ? { requirements, never } : { requirements };
}

/** Whether `labels` satisfy every requirement of `selector`. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  if (selector.never) return false;
  for (const r of selector.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = labels[r.key];
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}
