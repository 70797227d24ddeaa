import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '@k8s-mcp/mcp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileAuditSink } from './audit-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const record = (args: Record<string, unknown>): AuditRecord => ({
  time: '2024-01-01T00:00:00.000Z',
  caller: 'token:ci',
  transport: 'stdio',
  method: 'tools/call',
  tool: 'k8s-get-pods',
  args,
  outcome: 'ok',
  durationMs: 3,
});

describe('createFileAuditSink', () => {
  it('writes a line for every record, even one whose arguments cannot be serialised', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-audit-'));
    dirs.push(dir);
    const errors: Error[] = [];
    const sink = createFileAuditSink(join(dir, 'logs', 'audit.log'), (e) => errors.push(e));
    sink.write(record({ namespace: 'shop' }));
    sink.write(record({ big: 1n }));
    const lines = readFileSync(join(dir, 'logs', 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditRecord);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ tool: 'k8s-get-pods', caller: 'token:ci', args: { '<arguments>': expect.stringContaining('not recorded') } });
    expect(errors).toEqual([]);
  });

  it('re-creates its folder when it was removed after the first write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-mcp-audit-'));
    dirs.push(dir);
    const errors: Error[] = [];
    const sink = createFileAuditSink(join(dir, 'logs', 'audit.log'), (e) => errors.push(e));
    sink.write(record({ n: 1 }));
    rmSync(join(dir, 'logs'), { recursive: true });
    sink.write(record({ n: 2 }));
    expect(readFileSync(join(dir, 'logs', 'audit.log'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
