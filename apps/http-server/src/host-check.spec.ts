import { describe, expect, it } from 'vitest';
import { createHostCheck } from './host-check.js';

describe('createHostCheck', () => {
  it('accepts only loopback names, with any port, when bound to loopback without an allowlist', () => {
    for (const bind of ['localhost', '127.0.0.1', '::1']) {
      const check = createHostCheck([], bind);
      for (const host of ['localhost', 'localhost:8766', '127.0.0.1:1', '127.1.2.3', '[::1]', '[::1]:8766', 'LOCALHOST:9']) expect(check(host), host).toBe(true);
      for (const host of ['evil.example', 'evil.example:8766', 'localhost.evil.example', '127.0.0.1.nip.io', 'host.docker.internal:8766', '']) expect(check(host), host).toBe(false);
    }
  });

  it('accepts any Host when bound beyond loopback without an allowlist (names clients type vary)', () => {
    const check = createHostCheck([], '0.0.0.0');
    for (const host of ['host.docker.internal:8766', '10.0.0.12:30080', 'mcp.example.com', '']) expect(check(host), host).toBe(true);
  });

  it('accepts exactly the allowlist, with or without port, wherever it is bound', () => {
    for (const bind of ['127.0.0.1', '0.0.0.0']) {
      const check = createHostCheck(['mcp.example.com', 'host.docker.internal:8766'], bind);
      expect(check('mcp.example.com:443')).toBe(true);
      expect(check('MCP.example.com')).toBe(true);
      expect(check('host.docker.internal:8766')).toBe(true);
      expect(check('host.docker.internal:9999')).toBe(false);
      expect(check('localhost')).toBe(false);
    }
  });
});
