import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect } from 'vitest';
import { deploymentFixture, NODE_FAILURE_LABEL, podFixture, type PodFailureMode } from './fixtures.js';
import { integrationTest as test } from './integration-test.js';
import { apiStatus, createKubeClients, type KubeClients } from './kube-clients.js';
import { waitFor } from './wait-for.js';

async function podsOf(admin: KubeClients, namespace: string, app: string): Promise<V1Pod[]> {
  const list = await admin.core.listNamespacedPod({ namespace, labelSelector: `app=${app}` });
  return list.items;
}

const waiting = (pod: V1Pod) => pod.status?.containerStatuses?.[0]?.state?.waiting?.reason;

describe('test control plane', () => {
  test('runs a Deployment on kwok nodes and serves its logs through the apiserver', async ({ admin, namespace }) => {
    await admin.apps.createNamespacedDeployment({ namespace, body: deploymentFixture({ name: 'web', replicas: 3 }) });

    const rs = await waitFor(
      async () => (await admin.apps.listNamespacedReplicaSet({ namespace })).items.find(
        (r) => r.metadata?.ownerReferences?.[0]?.name === 'web',
      ),
      { description: 'ReplicaSet of web' },
    );
    expect(rs.metadata?.ownerReferences?.[0]?.kind).toBe('Deployment');

    const running = await waitFor(
      async () => {
        const pods = await podsOf(admin, namespace, 'web');
        const ok = pods.filter((p) => p.status?.phase === 'Running' && p.spec?.nodeName?.startsWith('kwok-node-'));
        return ok.length === 3 ? ok : undefined;
      },
      { description: '3 web pods Running on kwok nodes' },
    );
    expect(running.every((p) => p.status?.podIP)).toBe(true);

    const log = await admin.core.readNamespacedPodLog({
      name: running[0]!.metadata!.name!,
      namespace,
      container: 'app',
    });
    expect(log).toContain('listening on :8080');
  });

  test('puts pods into each failure state on request', async ({ admin, namespace }) => {
    const modes: PodFailureMode[] = ['crashloop', 'oomkilled', 'imagepull', 'evicted', 'unready', 'error'];
    await Promise.all(modes.map((m) => admin.core.createNamespacedPod({ namespace, body: podFixture(`p-${m}`, m) })));
    const get = (m: PodFailureMode) => admin.core.readNamespacedPod({ name: `p-${m}`, namespace });

    const crash = await waitFor(
      async () => {
        const pod = await get('crashloop');
        const cs = pod.status?.containerStatuses?.[0];
        return waiting(pod) === 'CrashLoopBackOff' && (cs?.restartCount ?? 0) >= 2 ? cs : undefined;
      },
      { description: 'crashloop pod restarting', timeoutMs: 90_000 },
    );
    expect(crash.lastState?.terminated).toMatchObject({ reason: 'Error', exitCode: 1 });
    expect(crash.ready).toBe(false);

    const oom = await waitFor(async () => {
      const pod = await get('oomkilled');
      return waiting(pod) === 'CrashLoopBackOff' ? pod.status?.containerStatuses?.[0] : undefined;
    }, { description: 'oomkilled pod' });
    expect(oom.lastState?.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });

    const pull = await waitFor(async () => {
      const pod = await get('imagepull');
      return waiting(pod) === 'ImagePullBackOff' ? pod : undefined;
    }, { description: 'imagepull pod in ImagePullBackOff' });
    expect(pull.status?.phase).toBe('Pending');

    const evicted = await waitFor(async () => {
      const pod = await get('evicted');
      return pod.status?.reason === 'Evicted' ? pod : undefined;
    }, { description: 'evicted pod' });
    expect(evicted.status?.phase).toBe('Failed');

    const unready = await waitFor(async () => {
      const pod = await get('unready');
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
      return pod.status?.phase === 'Running' && ready?.status === 'False' ? pod : undefined;
    }, { description: 'unready pod' });
    expect(unready.status?.containerStatuses?.[0]?.state?.running).toBeDefined();

    const failed = await waitFor(async () => {
      const pod = await get('error');
      return pod.status?.phase === 'Failed' ? pod.status.containerStatuses?.[0] : undefined;
    }, { description: 'error pod Failed' });
    expect(failed.state?.terminated?.exitCode).toBe(1);

    const events = await waitFor(async () => {
      const list = await admin.core.listNamespacedEvent({ namespace });
      const reasons = new Set(list.items.map((e) => e.reason));
      return ['BackOff', 'Failed', 'Unhealthy'].every((r) => reasons.has(r)) ? reasons : undefined;
    }, { description: 'Warning events BackOff, Failed and Unhealthy' });
    expect(events.has('BackOff')).toBe(true);

    const previous = await admin.core.readNamespacedPodLog({ name: 'p-crashloop', namespace, container: 'app', previous: true });
    expect(previous).toContain('panic: runtime error');
  });

  test('makes nodes NotReady or gives them pressure conditions on request', async ({ admin }) => {
    const names = { notready: `kwok-fail-${Date.now()}-a`, 'memory-pressure': `kwok-fail-${Date.now()}-b` } as const;
    try {
      for (const [mode, name] of Object.entries(names)) {
        await admin.core.createNode({
          body: {
            metadata: { name, annotations: { 'kwok.x-k8s.io/node': 'fake' }, labels: { type: 'kwok', [NODE_FAILURE_LABEL]: mode } },
            // Keeps test pods off this node while it is failing.
            spec: { taints: [{ key: 'k8s-mcp.io/test-node', effect: 'NoSchedule' }] },
          },
        });
      }
      const condition = (type: string) => async () => {
        const node = await admin.core.readNode({ name: type === 'Ready' ? names.notready : names['memory-pressure'] });
        return node.status?.conditions?.find((c) => c.type === type);
      };
      const ready = await waitFor(async () => {
        const c = await condition('Ready')();
        return c?.status === 'False' ? c : undefined;
      }, { description: 'node NotReady' });
      expect(ready.reason).toBe('KubeletNotReady');
      const pressure = await waitFor(async () => {
        const c = await condition('MemoryPressure')();
        return c?.status === 'True' ? c : undefined;
      }, { description: 'node MemoryPressure' });
      expect(pressure.reason).toBe('KubeletHasInsufficientMemory');
      // Stable: kwok's node-initialize must not flip it back to Ready.
      await new Promise((r) => setTimeout(r, 3000));
      expect((await condition('Ready')())?.status).toBe('False');
    } finally {
      await Promise.all(Object.values(names).map((name) => admin.core.deleteNode({ name }).catch(() => undefined)));
    }
  });

  test('restricts users by RBAC', async ({ controlPlane, namespace }) => {
    const restricted = createKubeClients(controlPlane.restrictedKubeconfig);
    const nobody = createKubeClients(controlPlane.nobodyKubeconfig);

    const own = await restricted.core.listNamespacedPod({ namespace: controlPlane.restrictedNamespace });
    expect(own.items).toBeInstanceOf(Array);

    const outside = await restricted.core.listNamespacedPod({ namespace }).catch((e: unknown) => e);
    expect(apiStatus(outside)).toBe(403);
    const clusterWide = await restricted.core.listPodForAllNamespaces().catch((e: unknown) => e);
    expect(apiStatus(clusterWide)).toBe(403);

    const none = await nobody.core.listNamespacedPod({ namespace: controlPlane.restrictedNamespace }).catch((e: unknown) => e);
    expect(apiStatus(none)).toBe(403);
  });
});
