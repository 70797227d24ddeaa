import { describe, expect, it } from 'vitest';
import type { Container } from './kube-types.js';
import { probeFailureText, probeKindOfMessage, probePortProblems, probeText, probeTimings } from './probe-check.js';

const declared: Container = { name: 'app', ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 9090 }] };

describe('probePortProblems', () => {
  it('flags numeric ports the container does not declare and names it does not have', () => {
    const container: Container = {
      ...declared,
      livenessProbe: { httpGet: { path: '/healthz', port: 8081 } },
      readinessProbe: { tcpSocket: { port: 'metrics' } },
      startupProbe: { grpc: { port: 9090 } },
    };
    expect(probePortProblems(container).map((p) => [p.kind, p.port, p.unknownName])).toEqual([
      ['liveness', 8081, false],
      ['readiness', 'metrics', true],
    ]);
  });

  it('accepts declared numbers and names, numeric strings, exec probes and other hosts', () => {
    const ok: Container = {
      ...declared,
      livenessProbe: { httpGet: { port: 'http' } },
      readinessProbe: { tcpSocket: { port: '9090' } },
      startupProbe: { exec: { command: ['true'] } },
    };
    expect(probePortProblems(ok)).toEqual([]);
    expect(probePortProblems({ ...declared, livenessProbe: { httpGet: { host: 'other', port: 1 } } })).toEqual([]);
  });

  it('checks names but not numbers when the container declares no ports', () => {
    const bare: Container = { name: 'app', livenessProbe: { httpGet: { port: 8081 } }, readinessProbe: { httpGet: { port: 'http' } } };
    expect(probePortProblems(bare).map((p) => p.kind)).toEqual(['readiness']);
  });
});

describe('probe text', () => {
  it('describes the call and the timings with Kubernetes defaults', () => {
    expect(probeText({ httpGet: { path: '/ready', port: 8443, scheme: 'HTTPS' } })).toBe('HTTPS GET :8443/ready');
    expect(probeText({ tcpSocket: { port: 5432 } })).toBe('TCP :5432');
    expect(probeText({ grpc: { port: 9090 } })).toBe('gRPC :9090');
    expect(probeText({ exec: { command: ['cat', '/tmp/ready'] } })).toBe('exec cat /tmp/ready');
    expect(probeTimings({ periodSeconds: 3, timeoutSeconds: 2 })).toBe('delay 0s, period 3s, timeout 2s, failureThreshold 3');
  });

  it('shortens kubelet probe messages and reads their kind', () => {
    expect(probeFailureText('Readiness probe failed: HTTP probe failed with statuscode: 503')).toBe('HTTP 503');
    expect(probeFailureText('Liveness probe failed: dial tcp 10.0.0.1:8081: connect: connection refused')).toBe('dial tcp 10.0.0.1:8081: connect: connection refused');
    expect(probeKindOfMessage('Startup probe failed: x')).toBe('startup');
    expect(probeKindOfMessage('Back-off restarting')).toBeUndefined();
  });
});
