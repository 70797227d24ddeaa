import { serviceReferencesIn, type ServiceReference, urlServiceReferencesIn } from '@k8s-mcp/graph';
import type { KubeObject } from '@k8s-mcp/k8s-client';
import type { ClusterIndex } from './cluster-index.js';
import type { Container, Pod, PodSpec, Service } from './kube-types.js';

/** A Service a pod's configuration names (a guess from text, see `parseServiceReference`). */
export interface InferredCall {
  /** The container whose configuration names it. */
  readonly container: string;
  /** Where: `env DATABASE_URL`, `env DB_HOST (from ConfigMap app-config)`, `ConfigMap app-config key nginx.conf`. */
  readonly via: string;
  readonly ref: ServiceReference;
  /** The namespace the address resolves in (the pod's for a bare name). */
  readonly namespace: string;
}

/** `db.shop`: how findings name the called Service. */
export function serviceText(call: InferredCall): string {
  return `${call.ref.name}.${call.namespace}`;
}

/** Most calls kept per pod. */
export const MAX_CALLS_PER_POD = 20;

function dataOf(object: KubeObject | undefined): Readonly<Record<string, unknown>> | undefined {
  const data = object?.['data'];
  return data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : undefined;
}

// Env values repeat across workloads (`LOG_LEVEL=info` everywhere): parse each short value once
// per variable name and index.
const parsedByIndex = new WeakMap<ClusterIndex, Map<string, Map<string, readonly ServiceReference[]>>>();
const MAX_MEMO_CHARS = 256;

/** `serviceReferencesIn`, memoized per index for short values (its results are never modified). */
function referencesIn(index: ClusterIndex, value: string, variable: string | undefined): readonly ServiceReference[] {
  if (value.length > MAX_MEMO_CHARS) return serviceReferencesIn(value, variable);
  let parsed = parsedByIndex.get(index);
  if (!parsed) parsedByIndex.set(index, (parsed = new Map()));
  // `undefined` and '' say the same (no address-like name), so they share an entry.
  const key = variable ?? '';
  let byValue = parsed.get(key);
  if (!byValue) parsed.set(key, (byValue = new Map()));
  let refs = byValue.get(value);
  if (!refs) byValue.set(value, (refs = serviceReferencesIn(value, variable)));
  return refs;
}

/** A place in a pod spec whose text may name a Service, in the order {@link inferredCalls} reads them. */
type CallSource =
  /** Every key of a ConfigMap imported with `envFrom`. */
  | { readonly type: 'envFrom'; readonly container: string; readonly configMap: string; readonly prefix: string }
  /** A literal env value. */
  | { readonly type: 'value'; readonly container: string; readonly variable: string; readonly value: string }
  /** An env value from a ConfigMap key (`configMapKeyRef`). */
  | { readonly type: 'keyRef'; readonly container: string; readonly variable: string; readonly configMap: string | undefined; readonly key: string }
  /** A command line with a URL in it. */
  | { readonly type: 'command'; readonly container: string; readonly text: string }
  /** The files of a mounted ConfigMap. */
  | { readonly type: 'files'; readonly container: string; readonly configMap: string };

function containerSources(sources: CallSource[], container: Container): void {
  for (const from of container.envFrom ?? []) {
    const configMap = from.configMapRef?.name;
    if (configMap) sources.push({ type: 'envFrom', container: container.name, configMap, prefix: from.prefix ?? '' });
  }
  for (const env of container.env ?? []) {
    if (typeof env.value === 'string') sources.push({ type: 'value', container: container.name, variable: env.name, value: env.value });
    const ref = env.valueFrom?.configMapKeyRef;
    if (ref) sources.push({ type: 'keyRef', container: container.name, variable: env.name, configMap: ref.name, key: ref.key });
  }
  // A command line is free text: only URLs with a scheme count (`wget http://backend:80`).
  const text = [...(container.command ?? []), ...(container.args ?? [])].join('\n');
  if (text.includes('://')) sources.push({ type: 'command', container: container.name, text });
}

// What a spec offers is read once per spec object (objects are never modified in place; an
// update is a new object): only the ConfigMaps it names are looked up per summary.
const sourcesBySpec = new WeakMap<PodSpec, readonly CallSource[]>();

function callSources(spec: PodSpec): readonly CallSource[] {
  const known = sourcesBySpec.get(spec);
  if (known) return known;
  const sources: CallSource[] = [];
  for (const container of spec.initContainers ?? []) containerSources(sources, container);
  for (const container of spec.containers ?? []) containerSources(sources, container);
  const first = (spec.containers ?? [])[0]?.name ?? '';
  for (const volume of spec.volumes ?? []) {
    const configMap = volume.configMap?.name;
    if (configMap) sources.push({ type: 'files', container: first, configMap });
  }
  sourcesBySpec.set(spec, sources);
  return sources;
}

/**
 * The Services a pod's configuration names: literal env values and the ConfigMap values its
 * containers and init containers import as env (`configMapKeyRef`, `envFrom` with its prefix),
 * URLs with a scheme in their command lines,
 * and the files of ConfigMaps it mounts (URLs with a scheme only, see `serviceReferencesIn`).
 * Secrets are never read. Left out: addresses in other namespaces whose Namespace object is not
 * visible (hidden by the policy, not readable, or absent: then it is no in-cluster name), names
 * the pod maps itself (`hostAliases`), and a two-label name (`a.b`) that is a StatefulSet pod
 * behind a headless Service `b` of the pod's namespace. One entry per
 * Service and port, first source wins; at most {@link MAX_CALLS_PER_POD}.
 */
export function inferredCalls(index: ClusterIndex, pod: Pod): InferredCall[] {
  const ns = pod.metadata.namespace as string;
  const spec = pod.spec;
  if (!spec) return [];
  // Read once something looks like a call (most pods name none).
  let aliases: Set<string> | undefined;
  const calls: InferredCall[] = [];
  const seen = new Set<string>();
  const keep = (ref: ServiceReference): boolean => {
    const target = ref.namespace ?? ns;
    aliases ??= new Set(((spec as { hostAliases?: readonly { hostnames?: readonly string[] }[] }).hostAliases ?? []).flatMap((a) => a.hostnames ?? []).map((h) => h.toLowerCase()));
    if (aliases.has(ref.address.split(':')[0] as string)) return false;
    // Another namespace counts only when its Namespace object is visible: a hidden one (policy,
    // RBAC) must not be named, and its Services cannot be said to be missing.
    if (target !== ns && (!index.isVisible(target) || !index.get({ kind: 'Namespace', name: target }))) return false;
    if (ref.form !== 'name.namespace') return true;
    // `a.b` is also how a StatefulSet pod `a` is reached through headless Service `b`.
    const headless = index.get<Service>({ kind: 'Service', namespace: ns, name: ref.namespace as string });
    return headless?.spec?.clusterIP !== 'None';
  };
  const push = (container: string, via: string, value: string, variable: string | undefined, urlsOnly = false): void => {
    for (const ref of urlsOnly ? urlServiceReferencesIn(value) : referencesIn(index, value, variable)) {
      const key = `${ref.namespace ?? ns}/${ref.name}:${ref.port ?? ''}`;
      if (calls.length >= MAX_CALLS_PER_POD || seen.has(key) || !keep(ref)) continue;
      seen.add(key);
      calls.push({ container, via, ref, namespace: ref.namespace ?? ns });
    }
  };
  const configMapData = (name: string): Readonly<Record<string, unknown>> | undefined => dataOf(index.get({ kind: 'ConfigMap', namespace: ns, name }));
  for (const source of callSources(spec)) {
    switch (source.type) {
      case 'envFrom': {
        const data = configMapData(source.configMap);
        for (const key of Object.keys(data ?? {}).sort()) {
          const value = data?.[key];
          const variable = `${source.prefix}${key}`;
          if (typeof value === 'string') push(source.container, `env ${variable} (from ConfigMap ${source.configMap})`, value, variable);
        }
        break;
      }
      case 'value':
        push(source.container, `env ${source.variable}`, source.value, source.variable);
        break;
      case 'keyRef': {
        const value = source.configMap ? configMapData(source.configMap)?.[source.key] : undefined;
        if (typeof value === 'string') push(source.container, `env ${source.variable} (from ConfigMap ${source.configMap})`, value, source.variable);
        break;
      }
      case 'command':
        push(source.container, `command of container ${source.container}`, source.text, undefined, true);
        break;
      case 'files': {
        const data = configMapData(source.configMap);
        for (const key of Object.keys(data ?? {}).sort()) {
          const value = data?.[key];
          // A mounted single value is too free-form without a variable name: only files (multi-line) count.
          if (typeof value === 'string' && /[\r\n]/.test(value.trim())) push(source.container, `ConfigMap ${source.configMap} key ${key}`, value, undefined);
        }
        break;
      }
    }
  }
  return calls;
}
