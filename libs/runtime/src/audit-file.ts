import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AuditRecord, AuditSink } from '@k8s-mcp/mcp-server';

/**
 * An audit sink appending one JSON line per tool call to `path` (created with its folder on
 * first use). Appends are synchronous so a crash cannot lose a record that was acknowledged; a
 * write failure is reported through `onError` and never fails the tool call.
 */
export function createFileAuditSink(path: string, onError: (error: Error) => void): AuditSink {
  const file = resolve(path);
  let ready = false;
  return {
    write(record: AuditRecord) {
      try {
        if (!ready) {
          mkdirSync(dirname(file), { recursive: true });
          ready = true;
        }
        appendFileSync(file, `${JSON.stringify(record)}\n`);
      } catch (error) {
        onError(error as Error);
      }
    },
  };
}
