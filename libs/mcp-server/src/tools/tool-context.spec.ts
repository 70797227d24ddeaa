import { BUILTIN_KINDS, type ClusterReader } from '@k8s-mcp/k8s-client';
import { describe, expect, it } from 'vitest';
import { describeFreshness, type ToolContext } from './tool-context.js';

const pods = BUILTIN_KINDS.find((k) => k.kind === 'Pod')!;
const reader = { source: 'snapshot' } as ClusterReader;
const RECORDED = Date.parse('2026-11-21T23:50:40Z');

describe('describeFreshness', () => {
  it('says at what time a snapshot is evaluated, so its ages are not read as today’s', () => {
    const ctx: ToolContext = { reader, defaultNamespace: 'shop', maxResources: 10, now: () => RECORDED, clockNote: 'snapshot time' };
    expect(describeFreshness(ctx, pods)).toBe('source: offline snapshot (not live), evaluated at 2026-11-21T23:50:40.000Z (snapshot time)');
  });

  it('adds nothing when the clock is the present', () => {
    const ctx: ToolContext = { reader, defaultNamespace: 'shop', maxResources: 10, now: () => RECORDED };
    expect(describeFreshness(ctx, pods)).toBe('source: offline snapshot (not live)');
  });
});
