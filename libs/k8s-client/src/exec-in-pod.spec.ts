import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { execInPod, type ExecInPodOptions } from './exec-in-pod.js';
import { createNamespacePolicy } from './namespace-policy.js';

/** A kubeconfig pointing at a port nothing listens on: any request that is sent fails UNREACHABLE. */
function closedPortConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'http://127.0.0.1:1', skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

const policy = createNamespacePolicy({ allowed: [], forbidden: ['kube-system'] });
const base: ExecInPodOptions = { namespace: 'shop', pod: 'web-1', container: 'app', command: ['echo', 'hi'] };

describe('execInPod', () => {
  it.each([
    [{ namespace: 'Bad_NS' }, /namespace "Bad_NS" is not valid/],
    [{ pod: 'Web/1' }, /name "Web\/1"/],
    [{ container: 'App Server' }, /container "App Server" is not a valid container name/],
    [{ command: [] }, /the command is empty/],
    [{ command: [''] }, /the command is empty/],
    [{ command: ['cat', 'a\0b'] }, /without NUL/],
    [{ timeoutMs: 0 }, /timeoutMs must be an integer/],
    [{ maxOutputBytes: 1.5 }, /maxOutputBytes must be an integer/],
  ] as const)('refuses %j with INVALID before connecting', async (override, message) => {
    const error = await execInPod(closedPortConfig(), policy, { ...base, ...override }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID' });
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a namespace the policy hides before connecting', async () => {
    await expect(execInPod(closedPortConfig(), policy, { ...base, namespace: 'kube-system' })).rejects.toMatchObject({ code: 'NAMESPACE_FORBIDDEN' });
  });

  it('maps a failed connection to a typed error naming the pod', async () => {
    const error = await execInPod(closedPortConfig(), policy, base).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNREACHABLE' });
    expect((error as Error).message).toMatch(/exec in pods "web-1" in namespace "shop"/);
  });
});
