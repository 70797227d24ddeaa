import type { Cluster, ListOptions, ListResult, LogOptions } from './cluster-reader.js';
import type { Discovery } from './discovery.js';
import type { KubeObject } from './kube-object.js';
import type { KubeTransport } from './kube-transport.js';
import type { NamespacePolicy } from './namespace-policy.js';
import { BUILTIN_KINDS, resourcePath, type ResourceKind } from './resource-kind.js';
import { isNamespaceKind, present, resolveTarget, type LiveContext, type Target } from './live-target.js';
import { listMerged, type ListPage } from './live-merged-list.js';
import { createLiveWriter } from './live-writes.js';
import { checkInteger, checkName, checkNamespace } from './validate-input.js';

/** Options of {@link createLiveCluster}. */
export interface LiveClusterOptions {
  readonly transport: KubeTransport;
  readonly discovery: Discovery;
  readonly policy: NamespacePolicy;
  /** Most objects one list returns (K8S_MAX_RESOURCES). Default 100. */
  readonly maxResources?: number;
  /** Timeout of each API request. Default the transport's (30 s). */
  readonly requestTimeoutMs?: number;
  /** Namespace for namespaced calls that name none (ClusterAccess.namespace). Without it they fail `INVALID`. */
  readonly defaultNamespace?: string;
}

/** Default `limitBytes` of {@link Cluster.logs}: 256 KiB. */
export const DEFAULT_LOG_LIMIT_BYTES = 256 * 1024;

// A cluster-wide list pages past objects the policy hides; this bounds the requests one call makes.
const MAX_FILTERED_PAGES = 20;

const POD_KIND = BUILTIN_KINDS.find((k) => k.kind === 'Pod') as ResourceKind;

/**
 * A {@link Cluster} over the live API (source `live`), with the namespace policy applied to
 * every call, Secret values redacted from every object returned and references into hidden
 * namespaces shown as `<hidden>` (`hideNamespaceReferences`).
 *
 * - `list` with a namespace checks the policy first; without one, an allowed list makes it list
 *   each allowed namespace and merge, and otherwise it lists cluster-wide and drops objects in
 *   hidden namespaces (counted in `hiddenByPolicy`, never named). At most
 *   min(`limit`, `maxResources`) objects come back; `truncated`/`remaining` say what was left
 *   and `continue` resumes there (an API token, or for merged lists our own token that names
 *   the namespace too). `remaining` is left out when the server does not count (selectors) or
 *   when hidden objects would be counted in it.
 * - `get` refuses a hidden namespace before any request.
 * - `logs` defaults `limitBytes` to {@link DEFAULT_LOG_LIMIT_BYTES}.
 * - Writes: see {@link createLiveWriter}.
 *
 * Failures are K8sClientErrors naming the verb, resource and namespace: `INVALID` for bad input
 * (nothing sent), `NAMESPACE_FORBIDDEN`, `UNKNOWN_KIND`, and the transport's HTTP/network codes.
 */
export function createLiveCluster(options: LiveClusterOptions): Cluster {
  const maxResources = options.maxResources ?? 100;
  checkInteger('createLiveCluster', 'maxResources', maxResources, 1);
  const ctx: LiveContext = {
    transport: options.transport,
    discovery: options.discovery,
    policy: options.policy,
    timeoutMs: options.requestTimeoutMs,
    defaultNamespace: options.defaultNamespace,
  };
  const { transport, policy } = options;

  function page(target: Target, limit: number, cont: string | undefined, opts: ListOptions): Promise<ListPage> {
    return transport.json<ListPage>({
      path: resourcePath(target.kind, target.namespace),
      query: { limit, continue: cont, labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector },
      timeoutMs: ctx.timeoutMs,
      context: target.request,
    });
  }

  /** One namespace, or a cluster-scoped kind the policy cannot hide anything of. */
  async function listOne(target: Target, cap: number, opts: ListOptions): Promise<ListResult> {
    const result = await page(target, cap, opts.continue, opts);
    const cont = result.metadata?.continue;
    return {
      kind: target.kind,
      items: (result.items ?? []).map((o) => present(target.kind, o, policy)),
      truncated: Boolean(cont),
      ...(cont && result.metadata?.remainingItemCount !== undefined ? { remaining: result.metadata.remainingItemCount } : {}),
      hiddenByPolicy: 0,
      ...(cont ? { continue: cont } : {}),
    };
  }

  /** Each allowed namespace, merged in the policy's order (see {@link listMerged}). */
  function listAllowed(target: Target, cap: number, opts: ListOptions): Promise<ListResult> {
    const namespaces = policy.allowed.filter((ns) => policy.isAllowed(ns));
    return listMerged(target.kind, namespaces, cap, opts.continue, (ns, limit, token) =>
      page({ ...target, namespace: ns, request: { ...target.request, namespace: ns } }, limit, token, opts),
    ).then((result) => ({ ...result, items: result.items.map((o) => present(target.kind, o, policy)) }));
  }

  /** Cluster-wide, dropping objects whose namespace (or, for Namespaces, name) the policy hides. */
  async function listFiltered(target: Target, cap: number, opts: ListOptions): Promise<ListResult> {
    const hides = (o: KubeObject) => !policy.isAllowed(isNamespaceKind(target.kind) ? o.metadata?.name : o.metadata?.namespace);
    const visible: KubeObject[] = [];
    let hidden = 0;
    let cont: string | undefined = opts.continue;
    let last: ListPage | undefined;
    for (let n = 0; n < MAX_FILTERED_PAGES; n++) {
      last = await page(target, cap - visible.length, cont, opts);
      for (const o of last.items ?? []) {
        if (hides(o)) hidden++;
        else visible.push(o);
      }
      cont = last.metadata?.continue;
      if (!cont || visible.length >= cap) break;
    }
    // The server's remainingItemCount would count hidden objects too: only trust it when the
    // policy hides nothing.
    const canHide = policy.forbidden.length > 0 || (isNamespaceKind(target.kind) && policy.allowed.length > 0);
    const count = last?.metadata?.remainingItemCount;
    return {
      kind: target.kind,
      items: visible.map((o) => present(target.kind, o, policy)),
      truncated: Boolean(cont),
      ...(cont && !canHide && count !== undefined ? { remaining: count } : {}),
      hiddenByPolicy: hidden,
      ...(cont ? { continue: cont } : {}),
    };
  }

  return {
    source: 'live',
    resolveKind: (ref) => ctx.discovery.resolveKind(ref),
    listKinds: () => ctx.discovery.listKinds(),

    async list(kindRef, opts: ListOptions = {}) {
      const label = typeof kindRef === 'string' ? kindRef : kindRef.plural;
      if (opts.limit !== undefined) checkInteger(`list ${label}`, 'limit', opts.limit, 1);
      const cap = Math.min(opts.limit ?? maxResources, maxResources);
      const target = await resolveTarget(ctx, kindRef, { verb: 'list', namespace: opts.namespace, allNamespaces: true });
      const { kind } = target;
      if (target.namespace !== undefined) return listOne(target, cap, opts);
      if (kind.namespaced && policy.allowed.length > 0) return listAllowed(target, cap, opts);
      if (!kind.namespaced && !isNamespaceKind(kind)) return listOne(target, cap, opts);
      return listFiltered(target, cap, opts);
    },

    async get(kindRef, name, namespace) {
      const target = await resolveTarget(ctx, kindRef, { verb: 'get', name, namespace });
      const object = await transport.json<KubeObject>({
        path: resourcePath(target.kind, target.namespace, name),
        timeoutMs: ctx.timeoutMs,
        context: target.request,
      });
      return present(target.kind, object, policy);
    },

    async logs(opts: LogOptions) {
      const operation = 'read logs of pods';
      checkNamespace(operation, opts.namespace);
      checkName(operation, opts.name, false);
      policy.assertAllowed(opts.namespace, 'read logs');
      if (opts.tailLines !== undefined) checkInteger(operation, 'tailLines', opts.tailLines, 0);
      if (opts.sinceSeconds !== undefined) checkInteger(operation, 'sinceSeconds', opts.sinceSeconds, 1);
      if (opts.limitBytes !== undefined) checkInteger(operation, 'limitBytes', opts.limitBytes, 1);
      return transport.text({
        path: resourcePath(POD_KIND, opts.namespace, opts.name, 'log'),
        query: {
          container: opts.container,
          tailLines: opts.tailLines,
          previous: opts.previous ? true : undefined,
          sinceSeconds: opts.sinceSeconds,
          limitBytes: opts.limitBytes ?? DEFAULT_LOG_LIMIT_BYTES,
        },
        accept: '*/*',
        timeoutMs: ctx.timeoutMs,
        context: { verb: 'read logs of', resource: 'pods', namespace: opts.namespace, name: opts.name },
      });
    },

    ...createLiveWriter(ctx),
  };

}
