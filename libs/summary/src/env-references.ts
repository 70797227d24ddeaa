import type { KubeObject } from '@k8s-mcp/k8s-client';
import type { ClusterIndex } from './cluster-index.js';
import type { Container, Pod, Service } from './kube-types.js';

/** A `$(NAME)` in a container's command, args or env value that names no variable the container has. */
export interface UnsetReference {
  readonly name: string;
  /** `command`, `args` or `env <VAR>`. */
  readonly where: string;
  /** Defined only later in `env` (an env value sees only the variables before it). */
  readonly definedLater: boolean;
}

const NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Names referenced as `$(NAME)`; `$$(NAME)` is the escape for a literal `$(NAME)`. */
function references(text: string): string[] {
  const names: string[] = [];
  for (let i = text.indexOf('$'); i >= 0 && i < text.length - 1; i = text.indexOf('$', i + 1)) {
    if (text[i + 1] === '$') {
      i += 1;
      continue;
    }
    if (text[i + 1] !== '(') continue;
    const end = text.indexOf(')', i + 2);
    if (end < 0) break;
    const name = text.slice(i + 2, end);
    if (NAME.test(name)) names.push(name);
    i = end;
  }
  return names;
}

function keysOf(value: unknown): string[] {
  return value !== null && typeof value === 'object' ? Object.keys(value) : [];
}

/** Variable names `envFrom` brings in, or `undefined` when a source cannot be read (so nothing can be called unset). */
function envFromNames(index: ClusterIndex, namespace: string, container: Container): Set<string> | undefined {
  const names = new Set<string>();
  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? '';
    const ref = source.configMapRef ?? source.secretRef;
    const kind = source.configMapRef ? 'ConfigMap' : 'Secret';
    if (!ref?.name) continue;
    const object = index.get<KubeObject>({ kind, namespace, name: ref.name });
    if (!object) {
      // An optional source that is missing adds nothing; a required one is reported elsewhere
      // (the container cannot start), or is only not visible to us.
      if (ref.optional) continue;
      return undefined;
    }
    const keys =
      kind === 'ConfigMap'
        ? [...keysOf(object['data']), ...keysOf(object['binaryData'])]
        : Array.isArray(object['dataKeys'])
          ? (object['dataKeys'] as string[])
          : object['data'] !== undefined || object['stringData'] !== undefined
            ? [...keysOf(object['data']), ...keysOf(object['stringData'])]
            : undefined;
    if (keys === undefined) return undefined;
    for (const key of keys) names.add(`${prefix}${key}`);
  }
  return names;
}

/** Whether `name` is one of the Service variables the kubelet injects (`KUBERNETES_*` always; others with service links on). */
function serviceVariable(index: ClusterIndex, pod: Pod, name: string): boolean {
  if (name.startsWith('KUBERNETES_')) return true;
  if (pod.spec?.enableServiceLinks === false) return false;
  return index.list<Service>('Service').some((svc) => {
    if (svc.metadata.namespace !== pod.metadata.namespace) return false;
    const prefix = svc.metadata.name.toUpperCase().replace(/-/g, '_');
    return name.startsWith(`${prefix}_SERVICE_`) || name.startsWith(`${prefix}_PORT`);
  });
}

/** Whether any command word, argument or env value of `container` contains `$(` (else it references no variable). */
export function mayReferenceVariables(container: Container): boolean {
  for (const word of container.command ?? []) if (word.includes('$(')) return true;
  for (const word of container.args ?? []) if (word.includes('$(')) return true;
  for (const v of container.env ?? []) if (typeof v.value === 'string' && v.value.includes('$(')) return true;
  return false;
}

/**
 * `$(NAME)` references in `container`'s command, args and env values that name no variable of
 * the container: the kubelet leaves them in literally (`--db=$(DB_HOST)` stays as typed). A
 * command or argument sees every `env` and `envFrom` variable; an env value sees `envFrom` and
 * the `env` entries before it. Variables from `valueFrom` (fieldRef, resourceFieldRef, keys)
 * count as defined, and so do the Service variables the kubelet injects. Returns nothing when
 * an `envFrom` source cannot be read (its keys are unknown).
 */
export function unsetEnvReferences(index: ClusterIndex, pod: Pod, container: Container): UnsetReference[] {
  if (!mayReferenceVariables(container)) return [];
  const env = container.env ?? [];
  const texts: { where: string; text: string; before: number }[] = [];
  for (const word of container.command ?? []) texts.push({ where: 'command', text: word, before: env.length });
  for (const word of container.args ?? []) texts.push({ where: 'args', text: word, before: env.length });
  env.forEach((v, i) => {
    if (typeof v.value === 'string') texts.push({ where: `env ${v.name}`, text: v.value, before: i });
  });
  if (!texts.some((t) => t.text.includes('$('))) return [];
  const fromSources = envFromNames(index, pod.metadata.namespace as string, container);
  if (!fromSources) return [];
  const unset: UnsetReference[] = [];
  const seen = new Set<string>();
  for (const { where, text, before } of texts) {
    for (const name of references(text)) {
      const position = env.findIndex((v) => v.name === name);
      if ((position >= 0 && position < before) || fromSources.has(name) || serviceVariable(index, pod, name)) continue;
      const id = `${where}|${name}`;
      if (seen.has(id)) continue;
      seen.add(id);
      unset.push({ name, where, definedLater: position >= before });
    }
  }
  return unset;
}

/** `$(DB_HOST) in args, $(PORT) in env URL (defined later)`. */
export function unsetReferencesText(refs: readonly UnsetReference[]): string {
  return refs.map((r) => `$(${r.name}) in ${r.where}${r.definedLater ? ' (defined later in env)' : ''}`).join(', ');
}
