import { describe, expect, it } from 'vitest';
import { callTargetLine, logEvidenceLine, mostTellingLine, tellingLines } from './telling-lines.js';

describe('tellingLines', () => {
  it('picks the lines that say why, in log order, deduplicated', () => {
    const log = [
      '2025-06-01T11:58:00Z INFO starting server on :8080',
      '2025-06-01T11:58:01Z WARN retrying connection to db:5432 (attempt 1): connection refused',
      '2025-06-01T11:58:02Z WARN retrying connection to db:5432 (attempt 2): connection refused',
      '2025-06-01T11:58:03Z INFO processed 10 items, 0 errors',
      '2025-06-01T11:58:04Z FATAL cannot reach database',
    ].join('\n');
    expect(tellingLines(log)).toEqual([
      '2025-06-01T11:58:02Z WARN retrying connection to db:5432 (attempt 2): connection refused (x2)',
      '2025-06-01T11:58:04Z FATAL cannot reach database',
    ]);
  });

  it('keeps the exception line and last frame of a Python traceback, and skips stack frames', () => {
    const lines = [
      'Traceback (most recent call last):',
      '  File "/app/main.py", line 1, in <module>',
      '  File "/app/db.py", line 9, in connect',
      '    url = os.environ["DATABASE_URL"]',
      "KeyError: 'DATABASE_URL'",
      'Exception in thread "main" java.lang.IllegalStateException: boom',
      '\tat com.example.Main.run(Main.java:10)',
    ];
    expect(tellingLines(lines)).toEqual([
      'Traceback (most recent call last):',
      'File "/app/db.py", line 9, in connect',
      "KeyError: 'DATABASE_URL'",
      'Exception in thread "main" java.lang.IllegalStateException: boom',
    ]);
    expect(mostTellingLine(lines)).toBe("KeyError: 'DATABASE_URL'");
  });

  it('keeps the address a failing call went to, and not ordinary server lines', () => {
    const log = ['starting server version=1.4.2', 'Connection attempt 1 failed: java.net.ConnectException: Connection refused', 'Target host: prod-db, port: 3333', 'pool size: 256'];
    expect(tellingLines(log)).toEqual(['Connection attempt 1 failed: java.net.ConnectException: Connection refused', 'Target host: prod-db, port: 3333']);
    expect(callTargetLine(log)).toBe('Target host: prod-db, port: 3333');
    expect(callTargetLine(['starting server version=1.4.2', '    url = os.environ["DATABASE_URL"]'])).toBeUndefined();
  });

  it('falls back to the last lines when nothing looks telling, and mostTellingLine to nothing', () => {
    const lines = ['a', 'b', '', 'c', 'd'];
    expect(tellingLines(lines)).toEqual(['b', 'c', 'd']);
    expect(tellingLines(lines, { fallbackLines: 1 })).toEqual(['d']);
    expect(mostTellingLine(lines)).toBeUndefined();
  });

  it('bounds lines, bytes and line length, strongest and latest first', () => {
    const lines = ['error one', 'panic: two', 'error three', 'failed four'];
    expect(tellingLines(lines, { maxLines: 2 })).toEqual(['panic: two', 'error three']);
    expect(tellingLines(lines, { maxBytes: 'panic: two'.length })).toEqual(['panic: two']);
    const long = tellingLines([`error: ${'x'.repeat(500)}`])[0] as string;
    expect(Array.from(long).length).toBeLessThanOrEqual(200);
    expect(long.endsWith('…')).toBe(true);
  });

  it('removes colours and control characters and masks credentials', () => {
    expect(tellingLines('\u001b[31mERROR\u001b[0m login failed for postgres://app:s3cret@db/x password=hunter2\u0007')).toEqual([
      'ERROR login failed for postgres://app:***@db/x password=***',
    ]);
  });
});

describe('log evidence lines', () => {
  it('marks log lines with their source so the renderer can fence them', () => {
    expect(logEvidenceLine('boom', 'previous')).toBe('log (previous): boom');
    expect(logEvidenceLine('boom', 'current')).toBe('log: boom');
    expect(logEvidenceLine('boom', 'termination message')).toBe('log (termination message): boom');
  });
});
