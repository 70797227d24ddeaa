import { loadAllYaml } from '@kubernetes/client-node';
import { K8sClientError } from './k8s-client-error.js';

/**
 * Parses YAML text (JSON is YAML) into the plain value of each document, before the client
 * library's typed conversion (which drops unknown fields). Anchors and aliases stay shared
 * references, so a consumer walking a hostile document must bound the nodes it visits; nesting
 * deeper than the parser's limit (100) is an error, never a stack overflow. Empty documents are
 * dropped.
 *
 * @throws K8sClientError `INVALID` when the text is not valid YAML.
 */
export function parseYamlDocuments(text: string): unknown[] {
  const documents: unknown[] = [];
  let depth = 0;
  const listener = (event: 'open' | 'close', state: { result: unknown }): void => {
    if (event === 'open') depth++;
    else if (--depth === 0) documents.push(state.result);
  };
  try {
    loadAllYaml(text, { listener });
  } catch (error) {
    // The typed conversion after parsing may fail on odd documents; the plain values are kept.
    if (error instanceof Error && error.name === 'YAMLException') {
      throw new K8sClientError('INVALID', `not valid YAML: ${(error as { reason?: string }).reason ?? 'parse error'}`);
    }
    if (documents.length === 0) throw new K8sClientError('INVALID', 'not valid YAML');
  }
  return documents.filter((d) => d !== null && d !== undefined);
}
