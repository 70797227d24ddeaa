import type { EventInfo } from './cluster-index.js';
import type { Container, Pod, Probe } from './kube-types.js';
import { shorten } from './text.js';

/** The three kinds of container probe. */
export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** Every {@link ProbeKind}; liveness and startup probes restart the container when they fail. */
export const PROBE_KINDS: readonly ProbeKind[] = ['liveness', 'readiness', 'startup'];

/** The container's probe of `kind`, if any. */
export function probeOf(container: Container | undefined, kind: ProbeKind): Probe | undefined {
  if (!container) return undefined;
  return kind === 'liveness' ? container.livenessProbe : kind === 'readiness' ? container.readinessProbe : container.startupProbe;
}

/** The port a probe calls: a number, a container port name, or undefined (exec probes, or a probe of another host). */
export function probePort(probe: Probe): number | string | undefined {
  const raw = probe.httpGet ? (probe.httpGet.host ? undefined : probe.httpGet.port) : probe.tcpSocket ? (probe.tcpSocket.host ? undefined : probe.tcpSocket.port) : probe.grpc?.port;
  if (typeof raw === 'string' && /^\d+$/.test(raw)) return Number(raw);
  return raw;
}

/** `GET :8080/healthz`, `HTTPS GET :8443/ready`, `TCP :5432`, `gRPC :9090`, `exec cat /tmp/ready`. */
export function probeText(probe: Probe): string {
  if (probe.httpGet) {
    const scheme = probe.httpGet.scheme && probe.httpGet.scheme.toUpperCase() !== 'HTTP' ? `${probe.httpGet.scheme.toUpperCase()} ` : '';
    const host = probe.httpGet.host ?? '';
    return `${scheme}GET ${host}:${probe.httpGet.port ?? '?'}${probe.httpGet.path ?? '/'}`;
  }
  if (probe.tcpSocket) return `TCP ${probe.tcpSocket.host ?? ''}:${probe.tcpSocket.port ?? '?'}`;
  if (probe.grpc) return `gRPC :${probe.grpc.port ?? '?'}${probe.grpc.service ? ` (${probe.grpc.service})` : ''}`;
  if (probe.exec) return shorten(`exec ${(probe.exec.command ?? []).join(' ')}`, 80);
  return 'no handler';
}

/** `delay 0s, period 10s, timeout 1s, failureThreshold 3` (Kubernetes defaults filled in). */
export function probeTimings(probe: Probe): string {
  return `delay ${probe.initialDelaySeconds ?? 0}s, period ${probe.periodSeconds ?? 10}s, timeout ${probe.timeoutSeconds ?? 1}s, failureThreshold ${probe.failureThreshold ?? 3}`;
}

/** `readiness probe GET :8080/healthz (delay 0s, period 10s, timeout 1s, failureThreshold 3)`. */
export function probeLine(kind: ProbeKind, probe: Probe): string {
  return `${kind} probe ${probeText(probe)} (${probeTimings(probe)})`;
}

/** `8080/http, 9090` (name after the slash), or `none declared`. */
export function portsText(container: Container | undefined): string {
  const ports = container?.ports ?? [];
  if (ports.length === 0) return 'none declared';
  return ports.map((p) => `${p.containerPort ?? '?'}${p.name ? `/${p.name}` : ''}`).join(', ');
}

/** A probe aimed at a port the container does not have. */
export interface ProbePortProblem {
  readonly kind: ProbeKind;
  readonly probe: Probe;
  readonly port: number | string;
  /** The port is a name no port of the container has (the kubelet cannot resolve it: the probe always fails). */
  readonly unknownName: boolean;
}

/**
 * Probes whose httpGet / tcpSocket / grpc port is not among the container's ports: a port
 * name the container does not declare (always a problem: the kubelet cannot resolve it), or
 * a number not declared while the container declares other ports (declaring ports is
 * optional, so a container with none is not checked by number). Probes of another host and
 * exec probes are skipped.
 */
export function probePortProblems(container: Container | undefined): ProbePortProblem[] {
  const problems: ProbePortProblem[] = [];
  const ports = container?.ports ?? [];
  for (const kind of PROBE_KINDS) {
    const probe = probeOf(container, kind);
    const port = probe ? probePort(probe) : undefined;
    if (!probe || port === undefined) continue;
    if (typeof port === 'string') {
      if (!ports.some((p) => p.name === port)) problems.push({ kind, probe, port, unknownName: true });
    } else if (ports.length > 0 && !ports.some((p) => p.containerPort === port)) {
      problems.push({ kind, probe, port, unknownName: false });
    }
  }
  return problems;
}

/**
 * A kubelet probe event message made short: `Readiness probe failed: HTTP probe failed with
 * statuscode: 404` -> `HTTP 404`; other failures keep their text (cut to `maxChars`).
 */
export function probeFailureText(message: string, maxChars = 120): string {
  const text = message
    .replace(/^(Readiness|Liveness|Startup) probe (failed|errored)(: )?/i, '')
    .replace(/HTTP probe failed with statuscode: (\d+)/i, 'HTTP $1');
  return shorten(text || message, maxChars);
}

/** The probe kind a kubelet `Unhealthy` event message is about (`Readiness probe failed: ...`). */
export function probeKindOfMessage(message: string): ProbeKind | undefined {
  const match = /^(Readiness|Liveness|Startup) probe/i.exec(message);
  return match ? ((match[1] as string).toLowerCase() as ProbeKind) : undefined;
}

/**
 * The readiness probe behind `Unhealthy` events of an unready pod: the first unready container
 * with one, described from the spec (`readiness probe GET :8080/healthz failing: HTTP 404`).
 */
export function readinessFailure(pod: Pod, unhealthy: readonly EventInfo[]): { text: string; evidence: string; call: string; container: string } | undefined {
  const event = unhealthy.find((e) => probeKindOfMessage(e.message) === 'readiness') ?? unhealthy[0];
  const kind = (event && probeKindOfMessage(event.message)) ?? 'readiness';
  if (kind !== 'readiness') return undefined;
  const unready = new Set((pod.status?.containerStatuses ?? []).filter((c) => c.ready === false).map((c) => c.name));
  const containers = pod.spec?.containers ?? [];
  const container = containers.find((c) => unready.has(c.name) && c.readinessProbe) ?? containers.find((c) => c.readinessProbe);
  const probe = probeOf(container, 'readiness');
  if (!container || !probe) return undefined;
  const of = containers.length > 1 ? ` of container ${container.name}` : '';
  return {
    text: `readiness probe ${probeText(probe)}${of} failing: ${probeFailureText(event?.message ?? 'probe failing')}`,
    evidence: `container ${container.name} ${probeLine('readiness', probe)}; ports: ${portsText(container)}`,
    call: probeText(probe),
    container: container.name,
  };
}

/** `readiness probe failing: HTTP 503` from a kubelet `Unhealthy` event, when the spec says no more. */
export function probeEventText(event: EventInfo | undefined): string {
  if (!event) return 'probe failing';
  const kind = probeKindOfMessage(event.message);
  return kind ? `${kind} probe failing: ${probeFailureText(event.message)}` : probeFailureText(event.message);
}
