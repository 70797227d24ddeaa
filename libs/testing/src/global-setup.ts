import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { parseControlPlaneEnv, type ControlPlaneInfo } from './control-plane-info.js';

declare module 'vitest' {
  export interface ProvidedContext {
    controlPlane: ControlPlaneInfo;
  }
}

const CP_SCRIPT = fileURLToPath(new URL('../../../tools/control-plane/cp.sh', import.meta.url));

function cp(args: string[], inherit: boolean): { status: number | null; stdout: string } {
  const result = spawnSync('bash', [CP_SCRIPT, ...args], {
    encoding: 'utf8',
    stdio: inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  });
  return { status: result.status, stdout: result.stdout ?? '' };
}

let startedHere = false;

/**
 * Vitest global setup of the `integration` project: brings the real control plane up once per
 * run (building it from Go modules on first use, which prints its progress), then provides
 * {@link ControlPlaneInfo} to every test through `inject('controlPlane')`.
 *
 * It never skips: a control plane that cannot start fails the whole run, with the script's
 * own output above the error. `K8S_MCP_CP_KEEP=1` leaves a plane this run started running.
 */
export async function setup(project: TestProject): Promise<void> {
  startedHere = cp(['status'], false).status !== 0;
  const started = cp(['start'], true);
  if (started.status !== 0) {
    throw new Error(
      `global-setup: tools/control-plane/cp.sh start exited ${started.status}; see its output above. ` +
        'Integration tests need the real control plane (Go >= 1.26 to build it).',
    );
  }
  const env = cp(['env'], false);
  project.provide('controlPlane', parseControlPlaneEnv(env.stdout));
}

/** Stops the control plane if this run started it, unless `K8S_MCP_CP_KEEP=1`. */
export async function teardown(): Promise<void> {
  if (startedHere && process.env['K8S_MCP_CP_KEEP'] !== '1') cp(['stop'], true);
}
