import { gunzipSync } from 'node:zlib';
import type { KubeObject } from './kube-object.js';
import type { KubeTransport } from './kube-transport.js';
import type { NamespacePolicy } from './namespace-policy.js';
import { BUILTIN_KINDS, resourcePath, type ResourceKind } from './resource-kind.js';
import { checkInteger, checkNamespace } from './validate-input.js';

/**
 * One Helm 3 release revision: metadata only. Values (`config`), manifests, notes, hooks and
 * the chart's files are never part of it.
 */
export interface HelmRelease {
  readonly name: string;
  readonly namespace: string;
  /** Release revision (Helm's `version`). */
  readonly revision: number;
  /** `deployed`, `superseded`, `failed`, `pending-install`, `pending-upgrade`, `uninstalling`, ... */
  readonly status: string;
  /** Chart name, when the record could be decoded. */
  readonly chart?: string;
  readonly chartVersion?: string;
  readonly appVersion?: string;
  /** RFC 3339 time of the last deployment of this revision. */
  readonly lastDeployed?: string;
  /** False when the record's payload could not be decoded (name, revision and status then come from its labels). */
  readonly decoded: boolean;
}

/** Options of {@link listHelmReleases}. */
export interface ListHelmReleasesOptions {
  /** Only this namespace; default every namespace the policy lets callers see. */
  readonly namespace?: string;
  /** Timeout of each API request. Default the transport's (30 s). */
  readonly timeoutMs?: number;
  /** Most release records read. Default 2000. */
  readonly maxRecords?: number;
}

const SECRET_KIND = BUILTIN_KINDS.find((k) => k.kind === 'Secret') as ResourceKind;
// Release payloads carry whole manifests (up to ~1 MiB each): keep pages small.
const PAGE_SIZE = 50;
// A gzip bomb must not exhaust memory; real release JSON is far below this.
const MAX_PAYLOAD_BYTES = 32 * 1024 * 1024;

interface SecretPage {
  readonly items?: KubeObject[];
  readonly metadata?: { readonly continue?: string };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function obj(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** The release JSON of a record: `data.release` is base64 (API) of base64 (Helm) of gzip of JSON. */
function decodePayload(encoded: string): Record<string, unknown> | undefined {
  try {
    const helmEncoded = Buffer.from(encoded, 'base64').toString('latin1');
    const raw = Buffer.from(helmEncoded, 'base64');
    const gzipped = raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b;
    const json = gzipped ? gunzipSync(raw, { maxOutputLength: MAX_PAYLOAD_BYTES }) : raw;
    const parsed: unknown = JSON.parse(json.toString('utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    // Never surface the parser's message: it may quote the payload (values included).
    return undefined;
  }
}

/** Picks the allowed fields out of one release Secret; everything else is dropped here. */
function toRelease(secret: KubeObject): HelmRelease {
  const labels = secret.metadata.labels ?? {};
  const data = obj((secret as { data?: unknown }).data);
  const payload = typeof data['release'] === 'string' ? decodePayload(data['release']) : undefined;
  const info = obj(payload?.['info']);
  const meta = obj(obj(payload?.['chart'])['metadata']);
  const revision = typeof payload?.['version'] === 'number' ? payload['version'] : Number(labels['version']);
  const chart = str(meta['name']);
  const chartVersion = str(meta['version']);
  const appVersion = str(meta['appVersion']);
  const lastDeployed = str(info['last_deployed']);
  return {
    name: str(payload?.['name']) ?? labels['name'] ?? secret.metadata.name,
    namespace: secret.metadata.namespace ?? '',
    revision: Number.isFinite(revision) ? revision : 0,
    status: str(info['status']) ?? labels['status'] ?? 'unknown',
    ...(chart ? { chart } : {}),
    ...(chartVersion ? { chartVersion } : {}),
    ...(appVersion ? { appVersion } : {}),
    ...(lastDeployed ? { lastDeployed } : {}),
    decoded: payload !== undefined,
  };
}

/**
 * Lists Helm 3 release records: Secrets of type `helm.sh/release.v1` labelled `owner=helm`,
 * read directly through `transport` (the cluster readers redact Secret values, and the payload
 * is needed to learn the chart). Each payload is decoded in memory and only the fields of
 * {@link HelmRelease} are kept: values, manifests and notes never leave this function, nor do
 * decoding errors (which could quote them). Every revision is returned (Helm keeps a history),
 * sorted by namespace, name and revision.
 *
 * The namespace policy applies: a named namespace it hides is refused before any request;
 * without a namespace, the allowed namespaces are listed one by one, or the whole cluster with
 * records in hidden namespaces dropped. Pages of 50 records are read up to `maxRecords`.
 *
 * @throws K8sClientError (NamespaceForbiddenError) `NAMESPACE_FORBIDDEN`, `INVALID` (bad namespace or maxRecords), and
 *   the transport's codes, e.g. `FORBIDDEN` when the identity may not list Secrets.
 */
export async function listHelmReleases(transport: KubeTransport, policy: NamespacePolicy, options: ListHelmReleasesOptions = {}): Promise<HelmRelease[]> {
  const operation = 'list helm releases';
  const maxRecords = options.maxRecords ?? 2000;
  checkInteger(operation, 'maxRecords', maxRecords, 1);
  if (options.namespace !== undefined) {
    checkNamespace(operation, options.namespace);
    policy.assertAllowed(options.namespace, operation);
  }
  const scopes: (string | undefined)[] =
    options.namespace !== undefined ? [options.namespace] : policy.allowed.length > 0 ? policy.allowed.filter((ns) => policy.isAllowed(ns)) : [undefined];

  const records: KubeObject[] = [];
  for (const namespace of scopes) {
    let token: string | undefined;
    do {
      const page = await transport.json<SecretPage>({
        path: resourcePath(SECRET_KIND, namespace),
        query: { labelSelector: 'owner=helm', fieldSelector: 'type=helm.sh/release.v1', limit: PAGE_SIZE, continue: token },
        timeoutMs: options.timeoutMs,
        context: { verb: 'list', resource: 'secrets (helm release records)', ...(namespace ? { namespace } : {}) },
      });
      for (const item of page.items ?? []) {
        if (policy.isAllowed(item.metadata?.namespace)) records.push(item);
      }
      token = page.metadata?.continue || undefined;
    } while (token && records.length < maxRecords);
    if (records.length >= maxRecords) break;
  }
  return records
    .slice(0, maxRecords)
    .map(toRelease)
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.revision - b.revision);
}
