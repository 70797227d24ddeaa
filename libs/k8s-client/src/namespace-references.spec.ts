import { describe, expect, it } from 'vitest';
import type { KubeObject } from './kube-object.js';
import { createNamespacePolicy, HIDDEN_REFERENCE } from './namespace-policy.js';
import { hideNamespaceReferences } from './namespace-references.js';

const H = HIDDEN_REFERENCE;
const forbidData = createNamespacePolicy({ allowed: [], forbidden: ['data'] });
const onlyShop = createNamespacePolicy({ allowed: ['shop'], forbidden: [] });
const open = createNamespacePolicy({ allowed: [], forbidden: [] });

/** Every string of `value`, keys included, for "is the name anywhere?" checks. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

function leaks(object: KubeObject, ...names: string[]): string[] {
  return strings(object).filter((s) => names.some((n) => new RegExp(`(^|[^a-z0-9-])${n}([^a-z0-9-]|$)`).test(s)));
}

const pv: KubeObject = {
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: {
    name: 'pv-postgres-0',
    annotations: {
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'pv-postgres-0' },
        spec: { claimRef: { namespace: 'data', name: 'data-postgres-0' } },
      }),
    },
  },
  spec: {
    capacity: { storage: '1Gi' },
    claimRef: { kind: 'PersistentVolumeClaim', namespace: 'data', name: 'data-postgres-0', uid: 'u-1' },
    csi: { driver: 'csi.example.com', volumeHandle: 'h-1', nodePublishSecretRef: { name: 'pg-csi-creds', namespace: 'data' } },
    azureFile: { secretName: 'azure-creds', secretNamespace: 'data', shareName: 'share' },
  },
  status: { phase: 'Bound' },
};

describe('hideNamespaceReferences', () => {
  it('redacts the namespace and name of a PersistentVolume claimRef and secret refs into a hidden namespace, keeping the rest', () => {
    const out = hideNamespaceReferences(pv, forbidData);
    expect(out['spec']).toMatchObject({
      capacity: { storage: '1Gi' },
      claimRef: { kind: 'PersistentVolumeClaim', namespace: H, name: H, uid: 'u-1' },
      csi: { driver: 'csi.example.com', volumeHandle: 'h-1', nodePublishSecretRef: { name: H, namespace: H } },
      azureFile: { secretName: H, secretNamespace: H, shareName: 'share' },
    });
    expect(out['status']).toEqual({ phase: 'Bound' });
    expect(out.metadata.name).toBe('pv-postgres-0');
    // The last-applied copy of the manifest is redacted the same way (it stays valid JSON).
    const applied = JSON.parse(out.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '{}') as KubeObject;
    expect(applied['spec']).toEqual({ claimRef: { namespace: H, name: H } });
    expect(leaks(out, 'data', 'data-postgres-0', 'pg-csi-creds', 'azure-creds')).toEqual([]);
    // The input is never modified.
    expect((pv['spec'] as { claimRef: { namespace: string } }).claimRef.namespace).toBe('data');
  });

  it('returns the very same object when nothing points into a hidden namespace, or the policy hides nothing', () => {
    const shopPv = { ...pv, metadata: { name: 'pv-cart' }, spec: { claimRef: { namespace: 'shop', name: 'cart-data' } } } as KubeObject;
    expect(hideNamespaceReferences(shopPv, forbidData)).toBe(shopPv);
    expect(hideNamespaceReferences(pv, open)).toBe(pv);
  });

  it('treats every namespace outside K8S_ALLOWED_NAMESPACES as hidden', () => {
    const out = hideNamespaceReferences(pv, onlyShop);
    expect(out['spec']).toMatchObject({ claimRef: { namespace: H, name: H } });
  });

  it('redacts webhook, APIService and CRD conversion services, URLs naming <svc>.<ns>.svc, and cert-manager ns/name annotations', () => {
    const webhooks: KubeObject = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'policy-hook', annotations: { 'cert-manager.io/inject-ca-from': 'data/hook-cert', note: 'data is big' } },
      webhooks: [
        {
          name: 'validate.example.com',
          clientConfig: { service: { namespace: 'data', name: 'hook-svc', path: '/validate', port: 443 } },
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': 'data' },
            matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['data', 'kube-system'] }],
          },
        },
        { name: 'url.example.com', clientConfig: { url: 'https://hook-svc.data.svc:8443/validate' } },
        { name: 'shop.example.com', clientConfig: { service: { namespace: 'shop', name: 'shop-hook' } } },
      ],
    };
    const out = hideNamespaceReferences(webhooks, forbidData);
    const hooks = out['webhooks'] as Record<string, unknown>[];
    expect(hooks[0]).toMatchObject({
      clientConfig: { service: { namespace: H, name: H, path: '/validate', port: 443 } },
      namespaceSelector: {
        matchLabels: { 'kubernetes.io/metadata.name': H },
        matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [H, 'kube-system'] }],
      },
    });
    expect(hooks[1]).toEqual({ name: 'url.example.com', clientConfig: { url: `https://${H}.${H}.svc:8443/validate` } });
    expect(hooks[2]).toEqual({ name: 'shop.example.com', clientConfig: { service: { namespace: 'shop', name: 'shop-hook' } } });
    expect(out.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': `${H}/${H}`, note: 'data is big' });

    const apiService: KubeObject = {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.metrics.example.com' },
      spec: { group: 'metrics.example.com', version: 'v1beta1', service: { namespace: 'data', name: 'metrics-api', port: 443 } },
    };
    expect(hideNamespaceReferences(apiService, forbidData)['spec']).toEqual({ group: 'metrics.example.com', version: 'v1beta1', service: { namespace: H, name: H, port: 443 } });

    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: { conversion: { strategy: 'Webhook', webhook: { clientConfig: { service: { namespace: 'data', name: 'converter' } } } } },
    };
    expect(leaks(hideNamespaceReferences(crd, forbidData), 'data', 'converter')).toEqual([]);
  });

  it('redacts ServiceAccount subjects of (Cluster)RoleBindings in every spelling, and CSR usernames and groups', () => {
    const binding: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'etl-reader', annotations: { 'meta.helm.sh/release-name': 'etl', 'meta.helm.sh/release-namespace': 'data' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'ServiceAccount', namespace: 'data', name: 'etl-worker' },
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccount:data:etl-worker' },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccounts:data' },
        { kind: 'ServiceAccount', namespace: 'shop', name: 'cart' },
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
      ],
    };
    const out = hideNamespaceReferences(binding, forbidData);
    expect(out['subjects']).toEqual([
      { kind: 'ServiceAccount', namespace: H, name: H },
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: `system:serviceaccount:${H}:${H}` },
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `system:serviceaccounts:${H}` },
      { kind: 'ServiceAccount', namespace: 'shop', name: 'cart' },
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
    ]);
    expect(out['roleRef']).toBe(binding['roleRef']);
    expect(out.metadata.annotations).toEqual({ 'meta.helm.sh/release-name': H, 'meta.helm.sh/release-namespace': H });

    const csr: KubeObject = {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: 'csr-1' },
      spec: { username: 'system:serviceaccount:data:etl-worker', groups: ['system:serviceaccounts', 'system:serviceaccounts:data', 'system:authenticated'] },
    };
    expect(hideNamespaceReferences(csr, forbidData)['spec']).toEqual({
      username: `system:serviceaccount:${H}:${H}`,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${H}`, 'system:authenticated'],
    });
  });

  it('redacts parameter references of IngressClass, GatewayClass and StorageClass, VolumeAttachment inline specs and Node config sources', () => {
    const objects: KubeObject[] = [
      { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'edge-params', namespace: 'data', scope: 'Namespace' } } },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'eg' }, spec: { controllerName: 'example.com/gw', parametersRef: { group: 'gateway.example.com', kind: 'Proxy', name: 'edge-params', namespace: 'data' } } },
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'secure' },
        provisioner: 'csi.example.com',
        parameters: { 'csi.storage.k8s.io/provisioner-secret-name': 'pg-csi-creds', 'csi.storage.k8s.io/provisioner-secret-namespace': 'data', fsType: 'ext4' },
      },
      { apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttachment', metadata: { name: 'va-1' }, spec: { attacher: 'csi.example.com', nodeName: 'node-1', source: { inlineVolumeSpec: { claimRef: { namespace: 'data', name: 'data-postgres-0' } } } } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, spec: { configSource: { configMap: { namespace: 'data', name: 'kubelet-config', kubeletConfigKey: 'kubelet' } } } },
    ];
    for (const object of objects) {
      const out = hideNamespaceReferences(object, forbidData);
      expect(leaks(out, 'data', 'edge-params', 'pg-csi-creds', 'data-postgres-0', 'kubelet-config'), object.kind).toEqual([]);
      expect(out.metadata.name).toBe(object.metadata.name);
    }
    const sc = hideNamespaceReferences(objects[2] as KubeObject, forbidData);
    expect(sc['parameters']).toEqual({ 'csi.storage.k8s.io/provisioner-secret-name': H, 'csi.storage.k8s.io/provisioner-secret-namespace': H, fsType: 'ext4' });
  });

  it('redacts references of namespaced objects too: RoleBinding subjects, Gateway routes, affinity namespaces, Service DNS names in env', () => {
    const objects: KubeObject[] = [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb', namespace: 'shop' }, subjects: [{ kind: 'ServiceAccount', namespace: 'data', name: 'etl-worker' }], roleRef: { kind: 'Role', name: 'reader' } },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'shop' }, spec: { rules: [{ backendRefs: [{ name: 'postgres', namespace: 'data', port: 5432 }] }] } },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', namespace: 'shop' },
        spec: {
          affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ namespaces: ['data', 'shop'], topologyKey: 'x' }] } },
          containers: [{ name: 'c', env: [{ name: 'DB_HOST', value: 'postgres.data.svc.cluster.local' }] }],
        },
      },
    ];
    for (const object of objects) expect(leaks(hideNamespaceReferences(object, forbidData), 'data', 'etl-worker', 'postgres'), object.kind).toEqual([]);
    const pod = hideNamespaceReferences(objects[2] as KubeObject, forbidData) as KubeObject & { spec: { containers: { env: { value: string }[] }[] } };
    expect(pod.spec.containers[0]?.env[0]?.value).toBe(`${H}.${H}.svc.cluster.local`);
  });

  it('redacts an Event about an object in a hidden namespace, its message naming it included', () => {
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e1', namespace: 'default' },
      involvedObject: { kind: 'PersistentVolumeClaim', namespace: 'data', name: 'data-postgres-0' },
      reason: 'ExternalProvisioning',
      message: 'waiting for a volume to be created for claim data-postgres-0 in namespace "data"',
    };
    const out = hideNamespaceReferences(event, forbidData);
    expect(out['involvedObject']).toEqual({ kind: 'PersistentVolumeClaim', namespace: H, name: H });
    expect(out['message']).toBe(`waiting for a volume to be created for claim ${H} in namespace "${H}"`);
    // An event about a visible PersistentVolume whose message names the claim as ns/name.
    const pvEvent: KubeObject = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'e2', namespace: 'default' },
      regarding: { kind: 'PersistentVolume', name: 'pv-postgres-0' },
      note: 'volume pv-postgres-0 is bound to claim data/data-postgres-0',
    };
    expect(hideNamespaceReferences(pvEvent, forbidData)['note']).toBe(`volume pv-postgres-0 is bound to claim ${H}/${H}`);
  });

  it('keeps a key named __proto__ an own, redacted property', () => {
    const crd = JSON.parse('{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"__proto__":{"namespace":"data","name":"secret-thing"}}}') as KubeObject;
    const out = hideNamespaceReferences(crd, forbidData);
    expect(JSON.stringify(out)).toBe('{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"__proto__":{"namespace":"<hidden>","name":"<hidden>"}}}');
  });

  it('never touches the object’s own metadata name or namespace, nor strings that only look alike', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'data', namespace: 'shop' }, data: { path: 'data/reports', namespace: 'shop', mode: 'data' } };
    expect(hideNamespaceReferences(cm, forbidData)).toBe(cm);
  });
});
