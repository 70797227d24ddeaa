// Test support (not part of the library build): a KubeTransport whose JSON answers come from a
// function, for the unit tests of our own logic on top of the transport (never a cluster).
import type { KubeRequest, KubeTransport } from '../kube-transport.js';

/**
 * A transport whose `json` answers with `answer(request)` (throw from it to fail the request),
 * recording every request in `requests`; text and watch requests are refused.
 */
export function jsonTransport(answer: (request: KubeRequest) => unknown): KubeTransport & { requests: KubeRequest[] } {
  const requests: KubeRequest[] = [];
  return {
    server: 'https://fixture:6443',
    requests,
    async json<T>(request: KubeRequest): Promise<T> {
      requests.push(request);
      return answer(request) as T;
    },
    text: () => Promise.reject(new Error('jsonTransport: text requests are not used')),
    stream: () => Promise.reject(new Error('jsonTransport: watch streams are not used')),
    close: () => undefined,
  };
}
