import type { ListResult } from './cluster-reader.js';
import { K8sClientError } from './k8s-client-error.js';
import type { KubeObject } from './kube-object.js';
import type { ResourceKind } from './resource-kind.js';

/** One page of a list as the API server answers it. */
export interface ListPage {
  readonly items?: KubeObject[];
  readonly metadata?: { readonly continue?: string; readonly remainingItemCount?: number };
}

/** Fetches one page of the list in `namespace`, `limit` objects at most, from `token` on. */
export type FetchPage = (namespace: string, limit: number, token: string | undefined) => Promise<ListPage>;

// A merged list's position: which allowed namespace, and the API token inside it. Prefixed so a
// token from another list shape is refused rather than misread.
const PREFIX = 'k8s-mcp-merged.';

interface Position {
  readonly index: number;
  readonly token?: string;
}

function encode(position: Position): string {
  return PREFIX + Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decode(token: string | undefined, count: number, label: string): Position {
  if (token === undefined) return { index: 0 };
  try {
    if (!token.startsWith(PREFIX)) throw new Error('foreign token');
    const parsed = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8')) as Position;
    if (Number.isInteger(parsed.index) && parsed.index >= 0 && parsed.index < count && (parsed.token === undefined || typeof parsed.token === 'string')) {
      return parsed;
    }
  } catch {
    // reported below
  }
  throw new K8sClientError('INVALID', `list ${label}: the continue token does not belong to this list (across the allowed namespaces); list again without it`);
}

/**
 * Lists `namespaces` (the policy's allowed ones) in order and merges them into one page of at
 * most `cap` objects, with a continue token that resumes exactly where the page stopped, even
 * inside a namespace. All namespaces are asked in parallel, so `truncated` and `remaining` are
 * exact (when the server counts); a page that ends inside a namespace costs one more request to
 * get the API token at that point.
 */
export async function listMerged(
  kind: ResourceKind,
  namespaces: readonly string[],
  cap: number,
  continueToken: string | undefined,
  fetchPage: FetchPage,
): Promise<ListResult> {
  if (namespaces.length === 0) return { kind, items: [], truncated: false, hiddenByPolicy: 0 };
  const start = decode(continueToken, namespaces.length, kind.plural);
  const rest = namespaces.slice(start.index);
  const pages = await Promise.all(rest.map((ns, k) => fetchPage(ns, cap, k === 0 ? start.token : undefined)));

  const items: KubeObject[] = [];
  let next: Position | undefined;
  let more = false;
  let remaining: number | undefined = 0;
  const count = (n: number | undefined) => {
    remaining = remaining === undefined || n === undefined ? undefined : remaining + n;
  };
  for (const [k, page] of pages.entries()) {
    const got = page.items ?? [];
    const token = page.metadata?.continue;
    const serverLeft = token ? page.metadata?.remainingItemCount : 0;
    if (next) {
      // Page full: everything from here on is left for the next call.
      if (got.length > 0 || token) more = true;
      count(got.length);
      count(serverLeft);
      continue;
    }
    const room = cap - items.length;
    const ns = rest[k] as string;
    if (got.length <= room) {
      items.push(...got);
      if (token) {
        next = { index: start.index + k, token };
        more = true;
        count(serverLeft);
      } else if (items.length === cap) {
        next = { index: start.index + k + 1 };
      }
    } else {
      // The page ends inside this namespace: ask again for exactly `room` objects to get the
      // API's token at that point.
      const cut = await fetchPage(ns, room, k === 0 ? start.token : undefined);
      items.push(...(cut.items ?? []).slice(0, room));
      // No token means the namespace shrank meanwhile: carry on with the next one.
      next = cut.metadata?.continue ? { index: start.index + k, token: cut.metadata.continue } : { index: start.index + k + 1 };
      more = true;
      count(got.length - room);
      count(serverLeft);
    }
  }
  const resumable = more && next !== undefined && next.index < namespaces.length;
  return {
    kind,
    items,
    truncated: more,
    ...(more && remaining !== undefined ? { remaining } : {}),
    hiddenByPolicy: 0,
    ...(resumable && next ? { continue: encode(next) } : {}),
  };
}
