import { describe, expect, it } from 'vitest';
import { isAllowedOrigin } from './origin-check.js';

describe('isAllowedOrigin', () => {
  it('allows loopback origins and listed hosts, refuses the rest', () => {
    const none = new Set<string>();
    expect(isAllowedOrigin('http://localhost:6274', none)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:8766', none)).toBe(true);
    expect(isAllowedOrigin('http://[::1]:3000', none)).toBe(true);
    expect(isAllowedOrigin('http://evil.example.com', none)).toBe(false);
    expect(isAllowedOrigin('null', none)).toBe(false);
    expect(isAllowedOrigin('https://dify.example.com', new Set(['dify.example.com']))).toBe(true);
    expect(isAllowedOrigin('https://dify.example.com:8443', new Set(['dify.example.com:8443']))).toBe(true);
  });
});
