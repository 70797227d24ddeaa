/**
 * Built-in cluster-scoped kinds. A reference to one of them (an owner, an Event's involved object,
 * a Pod's Node) gets no namespace. Extend it with the `clusterScopedKinds` option of
 * `createKnowledgeGraph` for cluster-scoped custom resources.
 */
export const DEFAULT_CLUSTER_SCOPED_KINDS: readonly string[] = [
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'GatewayClass',
  'IngressClass',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
];
