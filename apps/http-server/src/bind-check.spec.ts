import { describe, expect, it } from 'vitest';
import { insecureBindReason, isLoopbackHost, parseTokenFile } from './bind-check.js';

describe('bind check', () => {
  it('knows loopback hosts', () => {
    for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '::1']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '192.168.1.4', 'host.docker.internal', '::']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('refuses a non-loopback bind without tokens unless explicitly allowed', () => {
    expect(insecureBindReason('0.0.0.0', [], false)).toMatch(/refusing to listen on 0\.0\.0\.0 .*K8S_MCP_AUTH_TOKENS.*K8S_MCP_ALLOW_INSECURE_BIND/);
    expect(insecureBindReason('0.0.0.0', ['t'], false)).toBeUndefined();
    expect(insecureBindReason('0.0.0.0', [], true)).toBeUndefined();
    expect(insecureBindReason('localhost', [], false)).toBeUndefined();
  });

  it('reads token files with comments, lines and commas', () => {
    expect(parseTokenFile('# team tokens\nabc\n def , ghi\n\n')).toEqual(['abc', 'def', 'ghi']);
  });
});
