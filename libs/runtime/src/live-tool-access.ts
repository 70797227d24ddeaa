import { type ClusterAccess, describeKubeconfig, execInPod, listHelmReleases, type NamespacePolicy, reviewAccess } from '@k8s-mcp/k8s-client';
import type { ToolContext } from '@k8s-mcp/mcp-server';

/**
 * The tool-context entries only a live cluster has: Helm release metadata, the kubeconfig view
 * (no credentials), exec and access reviews (SubjectAccessReview, for `k8s-auth-can-i`), each
 * bound to the cluster access and namespace policy.
 */
export function liveToolAccess(access: ClusterAccess, policy: NamespacePolicy): Pick<ToolContext, 'helmReleases' | 'kubeconfigView' | 'execInPod' | 'accessReview'> {
  return {
    helmReleases: (namespace) => listHelmReleases(access.transport, policy, namespace ? { namespace } : {}),
    kubeconfigView: () => describeKubeconfig(access.kubeConfig, access.mode),
    execInPod: (options) => execInPod(access.kubeConfig, policy, options),
    accessReview: (request) => reviewAccess(access.transport, policy, request),
  };
}
