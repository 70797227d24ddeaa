import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { describeKubeconfig } from './kubeconfig-view.js';

/** Every credential-bearing value below; none may appear in a view. */
const KUBECONFIG_SECRETS = [
  'TOKEN-9a8b7c',
  'Q0xJRU5ULUtFWS1EQVRB', // client-key-data
  'Q0xJRU5ULUNFUlQtREFUQQ==', // client-certificate-data
  'hunter2-password',
  'EXEC-ENV-SECRET-77',
  'aws-iam-authenticator',
  'REFRESH-TOKEN-55',
  'proxy-user:proxy-pass',
  'url-pass',
];

/** A kubeconfig with every kind of credential kubectl supports. */
const CREDENTIAL_KUBECONFIG = `
apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: prod-cluster
  cluster:
    server: https://admin:url-pass@prod.example.com:6443/base?x=1
    certificate-authority-data: Q0EtREFUQQ==
    proxy-url: http://proxy-user:proxy-pass@proxy:3128
- name: dev-cluster
  cluster:
    server: https://dev.example.com
    insecure-skip-tls-verify: true
users:
- name: u-bearer
  user:
    token: TOKEN-9a8b7c
- name: u-cert
  user:
    client-certificate-data: Q0xJRU5ULUNFUlQtREFUQQ==
    client-key-data: Q0xJRU5ULUtFWS1EQVRB
- name: u-basic
  user:
    username: someone
    password: hunter2-password
- name: u-plugin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws-iam-authenticator
      args: [token, -i, prod]
      env:
      - name: AWS_SECRET
        value: EXEC-ENV-SECRET-77
- name: u-oidc
  user:
    auth-provider:
      name: oidc
      config:
        refresh-token: REFRESH-TOKEN-55
contexts:
- name: prod
  context: {cluster: prod-cluster, user: u-plugin, namespace: shop}
- name: dev
  context: {cluster: dev-cluster, user: u-bearer}
- name: cert
  context: {cluster: dev-cluster, user: u-cert}
- name: basic
  context: {cluster: dev-cluster, user: u-basic}
- name: oidc
  context: {cluster: dev-cluster, user: u-oidc}
`;

describe('describeKubeconfig', () => {
  it('shows contexts, clusters and the current namespace, and never a credential', () => {
    const kc = new KubeConfig();
    kc.loadFromString(CREDENTIAL_KUBECONFIG);
    const view = describeKubeconfig(kc);
    expect(view).toEqual({
      mode: 'kubeconfig',
      currentContext: 'prod',
      currentNamespace: 'shop',
      contexts: [
        { name: 'prod', cluster: 'prod-cluster', user: 'u-plugin', namespace: 'shop', current: true },
        { name: 'dev', cluster: 'dev-cluster', user: 'u-bearer', current: false },
        { name: 'cert', cluster: 'dev-cluster', user: 'u-cert', current: false },
        { name: 'basic', cluster: 'dev-cluster', user: 'u-basic', current: false },
        { name: 'oidc', cluster: 'dev-cluster', user: 'u-oidc', current: false },
      ],
      clusters: [
        { name: 'prod-cluster', server: 'https://prod.example.com:6443/base', insecureSkipTlsVerify: false },
        { name: 'dev-cluster', server: 'https://dev.example.com', insecureSkipTlsVerify: true },
      ],
    });
    const text = JSON.stringify(view);
    for (const secret of KUBECONFIG_SECRETS) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/token|password|client-key|exec|env|auth-provider|proxy/i);
  });

  it('says how the config was made and survives an empty config', () => {
    expect(describeKubeconfig(new KubeConfig(), 'in-cluster')).toEqual({ mode: 'in-cluster', contexts: [], clusters: [] });
  });
});
