import type { V1Deployment, V1Pod } from '@kubernetes/client-node';

/** Label that makes kwok put a pod into a failure state (tools/control-plane/kwok/failure-stages.yaml). */
export const POD_FAILURE_LABEL = 'k8s-mcp.io/failure';
/** Label that makes kwok plant a failure condition on a node. */
export const NODE_FAILURE_LABEL = 'k8s-mcp.io/node-failure';

/**
 * Pod failure modes the kwok stages implement:
 * - `crashloop`: Running, waiting CrashLoopBackOff, restartCount rising, last state Error (exit 1);
 * - `oomkilled`: as crashloop, last state OOMKilled (exit 137);
 * - `imagepull`: Pending, alternating ErrImagePull and ImagePullBackOff;
 * - `evicted`: Failed with reason Evicted (use bare pods: a ReplicaSet replaces them forever);
 * - `unready`: Running, not ready, Unhealthy readiness-probe events;
 * - `error`: Failed, terminated with exit 1 (Job pods: the Job fails on backoffLimit).
 */
export type PodFailureMode = 'crashloop' | 'oomkilled' | 'imagepull' | 'evicted' | 'unready' | 'error';

/** Node failure modes: Ready=False, or one pressure condition True. */
export type NodeFailureMode = 'notready' | 'memory-pressure' | 'disk-pressure' | 'pid-pressure';

/** Options for {@link deploymentFixture}. */
export interface DeploymentFixtureOptions {
  readonly name: string;
  /** Default 2. */
  readonly replicas?: number;
  /** Default `registry.example/<name>:1.0`. */
  readonly image?: string;
  /** Puts every pod of the Deployment into this failure mode. */
  readonly failure?: PodFailureMode;
}

/**
 * A Deployment with `app=<name>` pods that kwok runs on its fake nodes, optionally in a
 * failure mode.
 */
export function deploymentFixture(options: DeploymentFixtureOptions): V1Deployment {
  const labels: Record<string, string> = { app: options.name };
  const podLabels = options.failure ? { ...labels, [POD_FAILURE_LABEL]: options.failure } : labels;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: options.name, labels },
    spec: {
      replicas: options.replicas ?? 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: podLabels },
        spec: {
          containers: [
            {
              name: 'app',
              image: options.image ?? `registry.example/${options.name}:1.0`,
              ports: [{ containerPort: 8080, name: 'http' }],
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
            },
          ],
        },
      },
    },
  };
}

/** A bare Pod, optionally in a failure mode. */
export function podFixture(name: string, failure?: PodFailureMode): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: failure ? { app: name, [POD_FAILURE_LABEL]: failure } : { app: name } },
    spec: { containers: [{ name: 'app', image: `registry.example/${name}:1.0` }] },
  };
}
