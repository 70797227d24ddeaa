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
export type { KubeObject, ObjectMeta, OwnerReference } from './kube-object.js';
export {
  createNamespacePolicy,
  NamespaceForbiddenError,
  type NamespacePolicy,
  type NamespacePolicyOptions,
} from './namespace-policy.js';
export {
  apiVersionOf,
  BUILTIN_KINDS,
  findBuiltinKind,
  matchKind,
  resourceNameOf,
  resourcePath,
  type ResourceKind,
} from './resource-kind.js';
