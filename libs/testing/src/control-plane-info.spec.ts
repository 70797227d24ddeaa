import { describe, expect, it } from 'vitest';
import { parseControlPlaneEnv } from './control-plane-info.js';

const ENV = `CP_DIR=/c
CP_SERVER=https://127.0.0.1:26443
CP_CA_FILE=/c/pki/ca.crt
CP_KUBECONFIG=/c/admin.kubeconfig
CP_RESTRICTED_KUBECONFIG=/c/restricted.kubeconfig
CP_NOBODY_KUBECONFIG=/c/nobody.kubeconfig
CP_RESTRICTED_NAMESPACE=k8s-mcp-restricted
CP_ETCD_URL=http://127.0.0.1:23790
CP_KUBECTL=/bin/kubectl
CP_K8S_VERSION=v1.36.3
`;

describe('parseControlPlaneEnv', () => {
  it('maps every key to its field', () => {
    const info = parseControlPlaneEnv(ENV);
    expect(info.server).toBe('https://127.0.0.1:26443');
    expect(info.restrictedKubeconfig).toBe('/c/restricted.kubeconfig');
    expect(info.restrictedNamespace).toBe('k8s-mcp-restricted');
    expect(info.version).toBe('v1.36.3');
  });

  it('names every missing key', () => {
    const partial = ENV.split('\n').filter((l) => !l.startsWith('CP_SERVER') && !l.startsWith('CP_KUBECTL')).join('\n');
    expect(() => parseControlPlaneEnv(partial)).toThrow(/missing CP_SERVER, CP_KUBECTL/);
  });
});
