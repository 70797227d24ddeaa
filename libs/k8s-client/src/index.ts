export type {
  Cluster,
  ClusterReader,
  ClusterSource,
  ClusterWriter,
  ListOptions,
  ListResult,
  LogOptions,
  WriteOptions,
} from './cluster-reader.js';
export {
  describeRequest,
  fromHttpStatus,
  fromNetworkError,
  K8sClientError,
  type K8sClientErrorCode,
  type RequestContext,
} from './k8s-client-error.js';
export { createKubeTransport, type KubeRequest, type KubeTransport } from './kube-transport.js';
export {
  resolveClusterAccess,
  type ClusterAccess,
  type ClusterAccessMode,
  type ClusterAccessOptions,
  type InClusterOptions,
} from './cluster-access.js';
export { createDiscovery, type Discovery, type DiscoveryOptions } from './discovery.js';
export { createLiveCluster, DEFAULT_LOG_LIMIT_BYTES, type LiveClusterOptions } from './live-cluster.js';
export { DEFAULT_FIELD_MANAGER } from './live-writes.js';
export { execInPod, type ExecInPodOptions, type ExecResult } from './exec-in-pod.js';
export { reviewAccess, serviceAccountIdentity, type AccessReviewRequest, type AccessReviewResult } from './access-review.js';
export { listHelmReleases, type HelmRelease, type ListHelmReleasesOptions } from './helm-releases.js';
export { describeKubeconfig, type KubeconfigClusterView, type KubeconfigContextView, type KubeconfigView } from './kubeconfig-view.js';
export { compileFieldSelector, type FieldSelector } from './field-selector.js';
export { isSecretKind, redactSecret } from './secret-redaction.js';
export { clipText, PREVIEW_CHARS, quotePreview } from './message-preview.js';
export { parseYamlDocuments } from './yaml-documents.js';
export type { KubeObject, ObjectMeta, OwnerReference } from './kube-object.js';
export {
  labelSelectorFromSpec,
  parseLabelSelector,
  type LabelOperator,
  type LabelRequirement,
  type LabelSelector,
  type LabelSelectorSpec,
} from './label-selector.js';
export {
  createNamespacePolicy,
  HIDDEN_REFERENCE,
  NamespaceForbiddenError,
  type NamespacePolicy,
  type NamespacePolicyOptions,
} from './namespace-policy.js';
export { hideNamespaceReferences } from './namespace-references.js';
export {
  apiVersionOf,
  BUILTIN_KINDS,
  DIAGNOSIS_KINDS,
  findBuiltinKind,
  matchKind,
  resourceNameOf,
  resourcePath,
  type ResourceKind,
} from './resource-kind.js';
export { demoSnapshotPath, loadDemoCluster } from './snapshot-demo.js';
export { listableKinds } from './listable-kinds.js';
export { loadSnapshot, type LoadSnapshotOptions, type SnapshotCluster, type SnapshotInfo } from './snapshot-loader.js';
export type { SnapshotClock } from './snapshot-clock.js';
export type { SnapshotStat } from './snapshot-files.js';
