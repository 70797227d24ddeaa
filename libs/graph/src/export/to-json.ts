import type { RelationResult } from './relation-edges.js';

/**
 * JSON text of a query result (tree or path steps), exactly the structure the query returned.
 * Compact by default (LLM context is precious); `pretty` indents by two spaces.
 */
export function toJson(result: RelationResult, options: { readonly pretty?: boolean } = {}): string {
  return JSON.stringify(result, null, options.pretty ? 2 : undefined);
}
