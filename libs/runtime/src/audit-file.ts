import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { auditLine, type AuditRecord, type AuditSink } from '@k8s-mcp/mcp-server';

/**
 * An audit sink appending one JSON line per audited request to `path` (created with its folder
 * on first use). Appends are synchronous so a crash cannot lose a record that was acknowledged.
 * A record is never dropped for what it holds (see `auditLine`); a failed append is retried
 * once after re-creating the folder (it may have been removed), then reported through
 * `onError`, and never fails the request.
 */
export function createFileAuditSink(path: string, onError: (error: Error) => void): AuditSink {
  const file = resolve(path);
  let ready = false;
  const append = (line: string) => {
    if (!ready) {
      mkdirSync(dirname(file), { recursive: true });
      ready = true;
    }
    appendFileSync(file, line);
  };
  return {
    write(record: AuditRecord) {
      const line = `${auditLine(record)}\n`;
      try {
        append(line);
      } catch {
        try {
          ready = false;
          append(line);
        } catch (error) {
          onError(error as Error);
        }
      }
    },
  };
}
