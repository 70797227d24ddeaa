import { AppsV1Api, BatchV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';

/** Typed API clients for one identity of the test control plane. */
export interface KubeClients {
  readonly kubeConfig: KubeConfig;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly batch: BatchV1Api;
}

/**
 * Loads `kubeconfigPath` and builds the core, apps and batch clients from it.
 *
 * @throws the client library's error when the file is missing or malformed.
 */
export function createKubeClients(kubeconfigPath: string): KubeClients {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  return {
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    batch: kubeConfig.makeApiClient(BatchV1Api),
  };
}

/**
 * The HTTP status of an error thrown by `@kubernetes/client-node` (its `ApiException` carries
 * `code`), or `undefined` for any other error, e.g. a refused connection.
 */
export function apiStatus(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}
