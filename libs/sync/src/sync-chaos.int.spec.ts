import {
  createKubeTransport,
  createNamespacePolicy,
  type KubeTransport,
  type ResourceKind,
} from '@k8s-mcp/k8s-client';
import { createKubeClients, startPrivateControlPlane, waitFor, type PrivateControlPlane } from '@k8s-mcp/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChangeEvent } from './change-event.js';
import { listAllPages } from './paginated-list.js';
import { createSyncManager, type SyncManager } from './sync-manager.js';
import { builtinKind, fingerprint, manifestFor, objectWriter, type ObjectWriter } from './testing/kind-manifests.js';

// Destructive: kills the apiserver and compacts etcd, so it runs on a plane of its own.
let plane: PrivateControlPlane;
let transport: KubeTransport;
let writer: ObjectWriter;
const NAMESPACE = 'chaos';
const POD = builtinKind('Pod');
const CONFIG_MAP = builtinKind('ConfigMap');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  plane = startPrivateControlPlane('sync-chaos', 1000);
  transport = createKubeTransport(createKubeClients(plane.info.adminKubeconfig).kubeConfig);
  writer = objectWriter(transport);
  await writer.create(builtinKind('Namespace'), manifestFor(builtinKind('Namespace'), NAMESPACE, ''));
  await waitFor(
    () => transport.json({ path: `/api/v1/namespaces/${NAMESPACE}/serviceaccounts/default` }).catch(() => undefined),
    { description: 'default ServiceAccount in chaos' },
  );
}, 240_000);

afterAll(() => {
  transport?.close();
  plane?.stop();
});

function startSync(events?: ChangeEvent[]): SyncManager {
  const sync = createSyncManager({
    transport,
    policy: createNamespacePolicy({ allowed: [], forbidden: [] }),
    // Short backoff cap so recovery after the outage is quick.
    options: { backoffMaxMs: 2_000 },
  });
  if (events) sync.subscribe((e) => events.push(e));
  sync.start();
  return sync;
}

/** Creates, relabels and deletes pods and ConfigMaps until stopped; failures (apiserver down) are counted. */
function startChurn() {
  let running = true;
  let ops = 0;
  let failures = 0;
  const pods: string[] = [];
  const maps: string[] = [];
  const take = (names: string[]) => names.splice(Math.floor(Math.random() * names.length), 1)[0];
  const pick = (names: string[]) => names[Math.floor(Math.random() * names.length)];
  const loop = (async () => {
    for (let i = 0; running; i++) {
      try {
        const step = i % 8;
        if (step < 2 || pods.length < 3) {
          await writer.create(POD, manifestFor(POD, `churn-${i}`, NAMESPACE));
          pods.push(`churn-${i}`);
        } else if (step === 2) await writer.patchLabels(POD, pick(pods)!, NAMESPACE, { step: String(i) });
        else if (step === 3) await writer.remove(POD, take(pods)!, NAMESPACE);
        else if (step < 6 || maps.length < 3) {
          await writer.create(CONFIG_MAP, manifestFor(CONFIG_MAP, `churn-${i}`, NAMESPACE));
          maps.push(`churn-${i}`);
        } else if (step === 6) await writer.patchLabels(CONFIG_MAP, pick(maps)!, NAMESPACE, { step: String(i) });
        else await writer.remove(CONFIG_MAP, take(maps)!, NAMESPACE);
        ops += 1;
      } catch {
        failures += 1;
        await pause(200);
      }
      await pause(10);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { ops, failures };
    },
  };
}

/** Waits until the cache holds exactly what a fresh list returns (namespace, name, resourceVersion). */
async function expectConverged(sync: SyncManager, kinds: readonly ResourceKind[]): Promise<void> {
  await waitFor(
    async () => {
      for (const kind of kinds) {
        const api = fingerprint((await listAllPages({ transport, kind, pageSize: 500, map: (o) => o })).items);
        const cached = fingerprint(sync.cache.list(kind));
        const missing = api.filter((x) => !cached.includes(x));
        const extra = cached.filter((x) => !api.includes(x));
        if (missing.length + extra.length > 0) {
          throw new Error(`${kind.kind}: cache lacks ${missing.slice(0, 5).join(', ')}; cache has extra ${extra.slice(0, 5).join(', ')}`);
        }
      }
      return true;
    },
    { description: 'cache equal to a fresh list', timeoutMs: 90_000, intervalMs: 500 },
  );
}

const statusOf = (sync: SyncManager, kind: string) => sync.status().find((s) => s.kind === kind)!;

describe('sync manager under failure (private control plane)', () => {
  test('converges with zero divergence after the apiserver is killed and restarted during churn', async () => {
    const sync = startSync();
    try {
      await sync.ready();
      const churn = startChurn();
      await pause(3_000);
      plane.run(['stop-component', 'apiserver']);
      await pause(3_000);
      plane.run(['restart', 'apiserver']);
      await pause(5_000);
      const { ops, failures } = await churn.stop();
      expect(ops).toBeGreaterThan(20);
      expect(failures).toBeGreaterThan(0);

      await expectConverged(sync, [POD, CONFIG_MAP]);
      expect(sync.cache.count(POD, NAMESPACE)).toBeGreaterThan(0);
      // The informers did see the outage, and recovered from it.
      expect(statusOf(sync, 'Pod').errors).toBeGreaterThan(0);
      await waitFor(() => sync.status().every((s) => s.state === 'synced'), { description: 'every kind synced again' });
      expect(sync.healthScore()).toBe(100);
    } finally {
      await sync.stop();
    }
  });

  test('relists after etcd compaction expired its resourceVersion and emits the deletion it missed', async () => {
    const events: ChangeEvent[] = [];
    const sync = startSync(events);
    try {
      await sync.ready();
      for (const name of ['doomed', 'kept']) await writer.create(CONFIG_MAP, manifestFor(CONFIG_MAP, name, NAMESPACE));
      await waitFor(() => sync.cache.get(CONFIG_MAP, 'doomed', NAMESPACE) && sync.cache.get(CONFIG_MAP, 'kept', NAMESPACE), {
        description: 'doomed and kept in the cache',
      });

      // With the apiserver down, delete behind its back in etcd, then compact every revision
      // the watches could resume from: they come back to a 410 and must relist.
      plane.run(['stop-component', 'apiserver']);
      const etcd = async (path: string, body: unknown) => {
        const response = await fetch(`${plane.info.etcdUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
        expect(response.ok).toBe(true);
        return (await response.json()) as { header: { revision: string }; deleted?: string };
      };
      const key = Buffer.from(`/registry/configmaps/${NAMESPACE}/doomed`).toString('base64');
      const deleted = await etcd('/v3/kv/deleterange', { key });
      expect(deleted.deleted).toBe('1');
      await etcd('/v3/kv/compaction', { revision: deleted.header.revision, physical: true });
      plane.run(['restart', 'apiserver']);

      await waitFor(() => sync.cache.get(CONFIG_MAP, 'doomed', NAMESPACE) === undefined, {
        description: 'doomed gone from the cache',
        timeoutMs: 90_000,
      });
      expect(events.some((e) => e.type === 'deleted' && e.object.metadata.name === 'doomed')).toBe(true);
      expect(sync.cache.get(CONFIG_MAP, 'kept', NAMESPACE)).toBeDefined();
      expect(statusOf(sync, 'ConfigMap').relists).toBeGreaterThan(0);
      expect(statusOf(sync, 'Pod').relists).toBeGreaterThan(0);
      await expectConverged(sync, [POD, CONFIG_MAP]);
      await waitFor(() => sync.status().every((s) => s.state === 'synced'), { description: 'every kind synced again' });
    } finally {
      await sync.stop();
    }
  });
});
