import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseControlPlaneEnv, type ControlPlaneInfo } from './control-plane-info.js';

const CP_SCRIPT = fileURLToPath(new URL('../../../tools/control-plane/cp.sh', import.meta.url));

/** A control plane of a test's own, see {@link startPrivateControlPlane}. */
export interface PrivateControlPlane {
  readonly info: ControlPlaneInfo;
  /** Runs `cp.sh ARGS` against this plane, e.g. `['restart', 'apiserver']`; throws on failure. */
  run(args: readonly string[]): void;
  /** Stops every component (idempotent). */
  stop(): void;
}

/**
 * Starts a second control plane with its own state directory and ports shifted by
 * `portOffset`, for tests that kill the apiserver or compact etcd and must not disturb tests
 * running in parallel on the shared plane. Takes ~10 s and ~550 MB; stop it in `afterAll`.
 *
 * @throws Error prefixed `startPrivateControlPlane:` with the script's output when it fails.
 */
export function startPrivateControlPlane(name: string, portOffset: number): PrivateControlPlane {
  const env = {
    ...process.env,
    K8S_MCP_CP_DIR: join(homedir(), '.cache', 'k8s-mcp', `cp-${name}`),
    K8S_MCP_CP_PORT_OFFSET: String(portOffset),
    K8S_MCP_CP_NODES: '2',
  };
  const run = (args: readonly string[]): string => {
    const result = spawnSync('bash', [CP_SCRIPT, ...args], { env, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`startPrivateControlPlane: cp.sh ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
    }
    return result.stdout;
  };
  run(['start']);
  const info = parseControlPlaneEnv(run(['env']));
  return { info, run: (args) => void run(args), stop: () => void run(['stop']) };
}
