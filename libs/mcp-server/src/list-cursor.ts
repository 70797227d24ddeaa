import { ToolArgumentError } from './tool-params.js';

/** Where the next page of a list starts: after a sort key, or at an API continue token. */
export interface ListCursor {
  /** Sort key (`namespace/name`) of the last item returned. */
  readonly after?: string;
  /** The API server's continue token, for lists served live. */
  readonly continue?: string;
  /** The first page came from the API (e.g. during the initial sync): its continue token is followed there. */
  readonly live?: boolean;
}

/** Encodes a cursor as an opaque URL-safe string. */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, ...cursor })).toString('base64url');
}

/**
 * Decodes a cursor from a previous page.
 *
 * @throws ToolArgumentError naming `cursor` when it was not produced by {@link encodeCursor}.
 */
export function decodeCursor(text: string | undefined): ListCursor | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { v?: number; after?: unknown; continue?: unknown; live?: unknown };
    if (parsed.v === 1 && (typeof parsed.after === 'string' || typeof parsed.continue === 'string')) {
      return {
        ...(typeof parsed.after === 'string' ? { after: parsed.after } : {}),
        ...(typeof parsed.continue === 'string' ? { continue: parsed.continue } : {}),
        ...(parsed.live === true ? { live: true } : {}),
      };
    }
  } catch {
    // fall through
  }
  throw new ToolArgumentError('cursor', 'Invalid argument "cursor": pass the nextCursor value from the previous page unchanged, or leave it out for the first page.');
}
