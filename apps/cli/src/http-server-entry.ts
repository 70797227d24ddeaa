import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The HTTP server app's package. Apps never import each other (module boundaries), so the CLI
 * only ever finds its built entry point on disk and runs it as a child process.
 */
export const HTTP_SERVER_PACKAGE = '@k8s-mcp/http-server';

/** Where the HTTP server's entry point is, if anywhere, and where it was looked for. */
export interface HttpServerLocation {
  /** Absolute path of the server's `dist/main.js`; undefined when not found. */
  readonly entry?: string;
  /** Every place looked at, in order, for the message when nothing was found. */
  readonly searched: readonly string[];
}

/** The file-system facts {@link locateHttpServer} needs, injected for tests. */
export interface EntryProbe {
  /** Whether a file exists. */
  exists(path: string): boolean;
  /** The path of an installed package's package.json, or undefined when it is not installed. */
  resolvePackageJson(name: string): string | undefined;
}

const nodeProbe: EntryProbe = {
  exists: existsSync,
  resolvePackageJson(name) {
    try {
      return createRequire(import.meta.url).resolve(`${name}/package.json`);
    } catch {
      return undefined;
    }
  },
};

/**
 * Finds the HTTP server app's built entry point (`dist/main.js`). First beside this app: from
 * `apps/cli/{src,dist}/` that is `apps/http-server/dist/main.js` in the repository, and from
 * `node_modules/@k8s-mcp/cli/dist/` it is the sibling installed package. Then wherever Node
 * resolves `@k8s-mcp/http-server` from here (another node_modules level, a global install).
 *
 * @param from the URL the sibling path is relative to: this module's own, except in tests
 */
export function locateHttpServer(probe: EntryProbe = nodeProbe, from: string = import.meta.url): HttpServerLocation {
  const searched: string[] = [];
  const sibling = fileURLToPath(new URL('../../http-server/dist/main.js', from));
  searched.push(sibling);
  if (probe.exists(sibling)) return { entry: sibling, searched };
  const manifest = probe.resolvePackageJson(HTTP_SERVER_PACKAGE);
  if (manifest === undefined) {
    searched.push(`the installed package ${HTTP_SERVER_PACKAGE} (not installed)`);
    return { searched };
  }
  const installed = join(dirname(manifest), 'dist', 'main.js');
  if (installed === sibling) return { searched };
  searched.push(installed);
  return probe.exists(installed) ? { entry: installed, searched } : { searched };
}

/** What `serve http` says when {@link locateHttpServer} found nothing: where it looked, what to do. */
export function missingHttpServerMessage(location: HttpServerLocation): string {
  const places = location.searched.map((place) => `\n  ${place}`).join('');
  return `k8s-mcp serve http: the HTTP server app (${HTTP_SERVER_PACKAGE}) is not built or not installed${places ? `; looked for:${places}` : '.'}
In the k8s-mcp repository, build it with "npm run build" (or "npx tsc -b apps/http-server/tsconfig.app.json");
elsewhere, install ${HTTP_SERVER_PACKAGE} beside @k8s-mcp/cli, or run the server's container image (docs/deployment.md).`;
}
