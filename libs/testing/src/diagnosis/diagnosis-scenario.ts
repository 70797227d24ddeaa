import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';

/** A kubelet-style event a scenario plants on the pods kwok cannot make emit it (probe failures). */
export interface ScenarioEvent {
  /** Label selector (`app=web`) of the pods in the scenario namespace that get the event. */
  readonly podLabel: string;
  readonly type: 'Warning' | 'Normal';
  readonly reason: string;
  readonly message: string;
  readonly count: number;
}

/** What a correct diagnosis of a scenario names. */
export interface ScenarioExpectation {
  /** `Kind/name` alternatives (in the scenario namespace unless cluster-scoped); any one of them counts. */
  readonly objects: readonly { readonly kind: string; readonly name: string; readonly clusterScoped: boolean }[];
  /** Root-cause words, case-insensitive. */
  readonly cause: RegExp;
}

/** One broken-cluster scenario: its header and the manifests that build it. */
export interface DiagnosisScenario {
  readonly id: string;
  readonly title: string;
  /** Where it was ported from (`gke-labs/k8s-ai-bench tasks/fix-crashloop`, `own`, ...). */
  readonly source: string;
  readonly adaptation: string;
  /** `diag-<id>`: the namespace it lives in. */
  readonly namespace: string;
  readonly expect: ScenarioExpectation;
  /** What every container of the namespace logs (kwok's fake kubelet serves it). */
  readonly logs?: { readonly current?: string; readonly previous?: string };
  readonly events: readonly ScenarioEvent[];
  /** Manifests, `${NS}` substituted, namespaced objects placed in {@link DiagnosisScenario.namespace}. */
  readonly objects: readonly Record<string, unknown>[];
}

/** Thrown when a scenario file is malformed; `code` is always `INVALID_SCENARIO`. */
export class ScenarioError extends Error {
  readonly code = 'INVALID_SCENARIO' as const;
  /** @param file the scenario file; the message says what is wrong in it. */
  constructor(file: string, problem: string) {
    super(`loadScenario: ${file}: ${problem}`);
    this.name = 'ScenarioError';
  }
}

// Kinds without a namespace (scenario manifests name them with ${NS} instead).
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'IngressClass',
  'PriorityClass',
  'RuntimeClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'GatewayClass',
  'CustomResourceDefinition',
]);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function objectRef(file: string, text: unknown): ScenarioExpectation['objects'][number] {
  const match = typeof text === 'string' ? /^([A-Za-z]+)\/([a-z0-9.-]+)$/.exec(text) : null;
  if (!match) throw new ScenarioError(file, `expect.object must be "Kind/name" or a list of them, got ${JSON.stringify(text)}`);
  return { kind: match[1] as string, name: match[2] as string, clusterScoped: CLUSTER_SCOPED.has(match[1] as string) };
}

function eventsOf(file: string, value: unknown): ScenarioEvent[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ScenarioError(file, 'events must be a list');
  return value.map((e, i) => {
    const pod = isRecord(e) && isRecord(e['pod']) ? e['pod'] : undefined;
    if (!isRecord(e) || typeof pod?.['label'] !== 'string' || typeof e['reason'] !== 'string' || typeof e['message'] !== 'string') {
      throw new ScenarioError(file, `events[${i}] needs pod.label, reason and message`);
    }
    return {
      podLabel: pod['label'],
      type: e['type'] === 'Normal' ? 'Normal' : 'Warning',
      reason: e['reason'],
      message: e['message'],
      count: typeof e['count'] === 'number' ? e['count'] : 1,
    };
  });
}

/**
 * Parses one scenario file (see tools/diagnosis/README.md): a header document `scenario:` and
 * the manifests. `${NS}` is replaced by the scenario namespace `diag-<id>` before parsing.
 *
 * @throws ScenarioError when the header is missing or malformed, the id does not match `id`,
 *   the regex does not compile, or a manifest lacks kind/metadata.name.
 */
export function parseScenario(text: string, id: string, file = `${id}.yaml`): DiagnosisScenario {
  const namespace = `diag-${id}`;
  // Plain values (the client library's YAML loader would rename fields such as `from`), no timestamps.
  const docs = loadAll(text.replaceAll('${NS}', namespace), undefined, { filename: file, schema: CORE_SCHEMA }).filter((d) => d !== null && d !== undefined);
  const header = isRecord(docs[0]) && isRecord(docs[0]['scenario']) ? docs[0]['scenario'] : undefined;
  if (!header) throw new ScenarioError(file, 'the first document must be `scenario: {...}`');
  if (header['id'] !== id) throw new ScenarioError(file, `scenario.id is ${JSON.stringify(header['id'])}, expected "${id}" (the file name)`);
  const expect = isRecord(header['expect']) ? header['expect'] : undefined;
  if (!expect || typeof expect['cause'] !== 'string') throw new ScenarioError(file, 'scenario.expect needs object and cause');
  let cause: RegExp;
  try {
    cause = new RegExp(expect['cause'], 'i');
  } catch (error) {
    throw new ScenarioError(file, `expect.cause is not a valid regex: ${(error as Error).message}`);
  }
  const objects = (Array.isArray(expect['object']) ? expect['object'] : [expect['object']]).map((o) => objectRef(file, o));
  const logs = isRecord(header['logs']) ? header['logs'] : undefined;
  const manifests = docs.slice(1).map((doc, i) => {
    const metadata = isRecord(doc) && isRecord(doc['metadata']) ? doc['metadata'] : undefined;
    if (!isRecord(doc) || typeof doc['kind'] !== 'string' || typeof metadata?.['name'] !== 'string') {
      throw new ScenarioError(file, `document ${i + 2} needs kind and metadata.name`);
    }
    if (CLUSTER_SCOPED.has(doc['kind'])) return doc;
    return { ...doc, metadata: { ...metadata, namespace } };
  });
  return {
    id,
    title: String(header['title'] ?? id),
    source: String(header['source'] ?? 'unknown'),
    adaptation: String(header['adaptation'] ?? ''),
    namespace,
    expect: { objects, cause },
    ...(logs
      ? {
          logs: {
            ...(typeof logs['current'] === 'string' ? { current: logs['current'] } : {}),
            ...(typeof logs['previous'] === 'string' ? { previous: logs['previous'] } : {}),
          },
        }
      : {}),
    events: eventsOf(file, header['events']),
    objects: manifests,
  };
}

/** Every `*.yaml` scenario in `dir`, sorted by id (see {@link parseScenario}). */
export function loadScenarios(dir: string): DiagnosisScenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parseScenario(readFileSync(join(dir, f), 'utf8'), f.slice(0, -'.yaml'.length), join(dir, f)));
}
