import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { listHelmReleases } from './helm-releases.js';
import type { KubeObject } from './kube-object.js';
import { createNamespacePolicy } from './namespace-policy.js';
import { jsonTransport } from './spec-support/json-transport.js';

const PLANTED = 'PLANTED-HELM-VALUE-3c1d';

/** A release record as Helm 3 writes it, `data` as the API server returns it. */
function record(namespace: string, name: string, revision: number, status: string, payload?: Record<string, unknown> | string): KubeObject {
  const json =
    typeof payload === 'string'
      ? payload
      : JSON.stringify(
          payload ?? {
            name,
            namespace,
            version: revision,
            info: { status, first_deployed: '2026-01-01T00:00:00Z', last_deployed: `2026-01-0${revision}T10:00:00Z`, description: 'Install complete', notes: `NOTES ${PLANTED}` },
            chart: { metadata: { name: 'nginx', version: `1.${revision}.0`, appVersion: '1.27.0' }, templates: [{ name: 'x', data: PLANTED }], values: { image: PLANTED } },
            config: { password: PLANTED },
            manifest: `apiVersion: v1\nkind: Secret\nstringData:\n  password: ${PLANTED}\n`,
          },
        );
  const helmEncoded = gzipSync(Buffer.from(json)).toString('base64');
  return {
    metadata: { name: `sh.helm.release.v1.${name}.v${revision}`, namespace, labels: { owner: 'helm', name, status, version: String(revision) } },
    type: 'helm.sh/release.v1',
    data: { release: Buffer.from(helmEncoded).toString('base64') },
  };
}

/** Serves Secret lists from `records` by namespace, `pageSize` at a time (index tokens). */
function fixtureTransport(records: KubeObject[], pageSize = 1000) {
  return jsonTransport((request) => {
    const ns = /\/namespaces\/([^/]+)\/secrets$/.exec(request.path)?.[1];
    const matching = records.filter((r) => ns === undefined || r.metadata.namespace === ns);
    const from = Number(request.query?.['continue'] ?? 0);
    const limit = Math.min(Number(request.query?.['limit'] ?? pageSize), pageSize);
    const items = matching.slice(from, from + limit);
    const next = from + limit < matching.length ? String(from + limit) : undefined;
    return { items, metadata: next ? { continue: next } : {} };
  });
}

const open = createNamespacePolicy({ allowed: [], forbidden: [] });

describe('listHelmReleases', () => {
  it('decodes name, revision, status, chart, app version and deploy time, and nothing else', async () => {
    const transport = fixtureTransport([record('shop', 'web', 2, 'deployed'), record('shop', 'web', 1, 'superseded')]);
    const releases = await listHelmReleases(transport, open);
    expect(releases).toEqual([
      { name: 'web', namespace: 'shop', revision: 1, status: 'superseded', chart: 'nginx', chartVersion: '1.1.0', appVersion: '1.27.0', lastDeployed: '2026-01-01T10:00:00Z', decoded: true },
      { name: 'web', namespace: 'shop', revision: 2, status: 'deployed', chart: 'nginx', chartVersion: '1.2.0', appVersion: '1.27.0', lastDeployed: '2026-01-02T10:00:00Z', decoded: true },
    ]);
    expect(JSON.stringify(releases)).not.toContain(PLANTED);
    expect(transport.requests[0]).toMatchObject({ path: '/api/v1/secrets', query: { labelSelector: 'owner=helm', fieldSelector: 'type=helm.sh/release.v1' } });
  });

  it('falls back to the labels for an undecodable payload without quoting it', async () => {
    const broken = record('shop', 'db', 3, 'failed', `{"config":{"password":"${PLANTED}"`);
    const releases = await listHelmReleases(fixtureTransport([broken]), open);
    expect(releases).toEqual([{ name: 'db', namespace: 'shop', revision: 3, status: 'failed', decoded: false }]);
    expect(JSON.stringify(releases)).not.toContain(PLANTED);
  });

  it('reads payloads Helm stored without gzip too', async () => {
    const plain = record('shop', 'api', 1, 'deployed');
    const json = JSON.stringify({ name: 'api', version: 1, info: { status: 'deployed' }, chart: { metadata: { name: 'api-chart', version: '0.1.0' } } });
    const data = { release: Buffer.from(Buffer.from(json).toString('base64')).toString('base64') };
    const releases = await listHelmReleases(fixtureTransport([{ ...plain, data }]), open);
    expect(releases[0]).toMatchObject({ name: 'api', chart: 'api-chart', chartVersion: '0.1.0', decoded: true });
  });

  it('pages through every record', async () => {
    const many = Array.from({ length: 120 }, (_, i) => record('shop', `r${String(i).padStart(3, '0')}`, 1, 'deployed'));
    const transport = fixtureTransport(many, 50);
    const releases = await listHelmReleases(transport, open);
    expect(releases).toHaveLength(120);
    expect(transport.requests).toHaveLength(3);
    expect(await listHelmReleases(fixtureTransport(many, 50), open, { maxRecords: 60 })).toHaveLength(60);
  });

  it('applies the namespace policy: hidden namespaces are dropped or refused before any request', async () => {
    const records = [record('shop', 'web', 1, 'deployed'), record('secret-ns', 'vault', 1, 'deployed')];
    const forbidding = createNamespacePolicy({ allowed: [], forbidden: ['secret-ns'] });
    expect((await listHelmReleases(fixtureTransport(records), forbidding)).map((r) => r.namespace)).toEqual(['shop']);

    const transport = fixtureTransport(records);
    await expect(listHelmReleases(transport, forbidding, { namespace: 'secret-ns' })).rejects.toMatchObject({ code: 'NAMESPACE_FORBIDDEN' });
    expect(transport.requests).toHaveLength(0);

    const allowing = createNamespacePolicy({ allowed: ['shop'], forbidden: [] });
    const perNamespace = fixtureTransport(records);
    expect((await listHelmReleases(perNamespace, allowing)).map((r) => r.name)).toEqual(['web']);
    expect(perNamespace.requests.map((r) => r.path)).toEqual(['/api/v1/namespaces/shop/secrets']);
  });

  it('rejects a malformed namespace with INVALID', async () => {
    await expect(listHelmReleases(fixtureTransport([]), open, { namespace: 'Not_A_Namespace' })).rejects.toMatchObject({ code: 'INVALID' });
  });
});
