import { spawnSync } from 'node:child_process';
import type { DiagnosisScenario } from './diagnosis-scenario.js';

/** How to reach the cluster the scenarios are applied to. */
export interface KubectlTarget {
  /** kubectl built at the control plane's version. */
  readonly kubectl: string;
  readonly kubeconfig: string;
}

/** Label on every scenario namespace, so a run can find and delete them. */
export const SCENARIO_LABEL = 'k8s-mcp.io/diagnosis-scenario';

function kubectl(target: KubectlTarget, args: readonly string[], input?: string): string {
  const run = spawnSync(target.kubectl, ['--kubeconfig', target.kubeconfig, ...args], { input, encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) {
    throw new Error(`kubectl ${args.slice(0, 3).join(' ')} failed (${run.status ?? run.signal}): ${(run.stderr || run.error?.message || '').trim()}`);
  }
  return run.stdout;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates the scenario's namespace (labelled {@link SCENARIO_LABEL}), waits for its `default`
 * ServiceAccount (pods are refused without it), then applies its manifests in one
 * `kubectl apply`. Cluster-scoped objects come first so namespaced ones can use them.
 *
 * @throws Error naming the scenario and kubectl's message when the namespace or an object is refused
 */
export async function applyScenario(scenario: DiagnosisScenario, target: KubectlTarget): Promise<void> {
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: scenario.namespace, labels: { [SCENARIO_LABEL]: scenario.id } } };
  const own = scenario.objects.find((o) => o['kind'] === 'Namespace' && (o['metadata'] as { name?: string }).name === scenario.namespace);
  try {
    kubectl(target, ['apply', '-f', '-'], JSON.stringify(own ? mergeNamespace(ns, own) : ns));
    for (let i = 0; i < 60; i++) {
      if (spawnSync(target.kubectl, ['--kubeconfig', target.kubeconfig, '-n', scenario.namespace, 'get', 'serviceaccount', 'default'], { encoding: 'utf8' }).status === 0) break;
      await pause(500);
    }
    const rest = scenario.objects.filter((o) => o !== own);
    const ordered = [...rest.filter((o) => !(o['metadata'] as { namespace?: string }).namespace), ...rest.filter((o) => (o['metadata'] as { namespace?: string }).namespace)];
    if (ordered.length > 0) kubectl(target, ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: ordered }));
  } catch (error) {
    throw new Error(`applyScenario ${scenario.id}: ${(error as Error).message}`);
  }
}

function mergeNamespace(base: Record<string, unknown>, own: Record<string, unknown>): Record<string, unknown> {
  const meta = own['metadata'] as { labels?: Record<string, string> };
  return { ...own, metadata: { ...meta, labels: { ...meta.labels, ...((base['metadata'] as { labels: Record<string, string> }).labels) } } };
}

/**
 * Records the scenario's kubelet-style events (probe failures kwok cannot produce) on every pod
 * matching each event's label selector, as the kubelet would: source `kubelet`, the given
 * count, first and last seen now. Returns how many events were created.
 */
export function plantEvents(scenario: DiagnosisScenario, target: KubectlTarget, now = new Date()): number {
  let planted = 0;
  for (const event of scenario.events) {
    const pods = JSON.parse(kubectl(target, ['-n', scenario.namespace, 'get', 'pods', '-l', event.podLabel, '-o', 'json'])) as {
      items: { metadata: { name: string; uid: string } }[];
    };
    const items = pods.items.map((pod) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${pod.metadata.name}.${now.getTime().toString(36)}${planted++}`, namespace: scenario.namespace },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, namespace: scenario.namespace, uid: pod.metadata.uid },
      type: event.type,
      reason: event.reason,
      message: event.message,
      count: event.count,
      source: { component: 'kubelet' },
      firstTimestamp: now.toISOString(),
      lastTimestamp: now.toISOString(),
    }));
    if (items.length > 0) kubectl(target, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  }
  return planted;
}

/** Deletes every scenario namespace and the scenarios' cluster-scoped objects (whose names carry the namespace). */
export function deleteScenarios(scenarios: readonly DiagnosisScenario[], target: KubectlTarget): void {
  for (const s of scenarios) {
    for (const o of s.objects.filter((x) => !(x['metadata'] as { namespace?: string }).namespace)) {
      spawnSync(target.kubectl, ['--kubeconfig', target.kubeconfig, 'delete', String(o['kind']), String((o['metadata'] as { name: string }).name), '--ignore-not-found', '--wait=false'], { encoding: 'utf8' });
    }
  }
  const names = scenarios.map((s) => s.namespace);
  if (names.length > 0) spawnSync(target.kubectl, ['--kubeconfig', target.kubeconfig, 'delete', 'namespace', ...names, '--ignore-not-found', '--wait=false'], { encoding: 'utf8' });
}
