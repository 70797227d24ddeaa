import type { PodSpec } from './kube-types.js';

/** A Pod Security Standards level that restricts something. */
export type PodSecurityLevel = 'baseline' | 'restricted';

/** One violated control, named as the PodSecurity admission plugin names it. */
export interface PodSecurityViolation {
  /** `privileged`, `host namespaces`, `allowPrivilegeEscalation != false`, ... */
  readonly control: string;
  /** What is wrong: `containers "app", "init" must set securityContext.runAsNonRoot=true`. */
  readonly detail: string;
}

// The fields read here, beyond the shared PodSpec view.
interface SecurityContext {
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly procMount?: string;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  readonly seccompProfile?: { readonly type?: string };
}

interface SecuredContainer {
  readonly name: string;
  readonly securityContext?: SecurityContext;
  readonly ports?: readonly { readonly hostPort?: number }[];
}

interface SecuredPodSpec {
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly securityContext?: SecurityContext;
  readonly containers?: readonly SecuredContainer[];
  readonly initContainers?: readonly SecuredContainer[];
  readonly ephemeralContainers?: readonly SecuredContainer[];
  readonly volumes?: readonly Record<string, unknown>[];
}

// pod-security-admission policy/check_capabilities_baseline.go
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

// pod-security-admission policy/check_restrictedVolumes.go
const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret', 'image']);

function capability(name: string): string {
  return name.toUpperCase().replace(/^CAP_/, '');
}

function quoted(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

function containersText(names: readonly string[]): string {
  return `${names.length === 1 ? 'container' : 'containers'} ${quoted(names)}`;
}

/**
 * The controls of the Pod Security Standards that a pod spec violates at `level` (restricted
 * includes baseline), as the PodSecurity admission plugin would report them: baseline: host
 * namespaces, privileged, non-default capabilities, hostPath volumes, hostPort, procMount,
 * seccompProfile Unconfined; restricted adds volume types, allowPrivilegeEscalation,
 * capabilities (drop ALL, add only NET_BIND_SERVICE), runAsNonRoot, runAsUser=0 and
 * seccompProfile (RuntimeDefault or Localhost). SELinux, AppArmor, sysctls and Windows
 * host-process checks are left out (rare, and the plugin's own message names them).
 */
export function podSecurityViolations(spec: PodSpec | undefined, level: PodSecurityLevel): PodSecurityViolation[] {
  const pod = (spec ?? {}) as SecuredPodSpec;
  const podContext = pod.securityContext ?? {};
  const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
  const out: PodSecurityViolation[] = [];
  const add = (control: string, names: readonly string[], must: string): void => {
    if (names.length > 0) out.push({ control, detail: `${containersText(names)} ${must}` });
  };

  const hosts = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((f) => pod[f] === true);
  if (hosts.length > 0) out.push({ control: 'host namespaces', detail: hosts.map((h) => `${h}=true`).join(', ') });
  add('privileged', containers.filter((c) => c.securityContext?.privileged === true).map((c) => c.name), 'must not set securityContext.privileged=true');
  const extraCaps = containers.flatMap((c) => (c.securityContext?.capabilities?.add ?? []).map(capability).filter((cap) => !BASELINE_CAPABILITIES.has(cap)).map((cap) => `${c.name}:${cap}`));
  if (extraCaps.length > 0) out.push({ control: 'non-default capabilities', detail: `must not add ${quoted(extraCaps)}` });
  const hostPaths = (pod.volumes ?? []).filter((v) => v['hostPath'] !== undefined).map((v) => String(v['name']));
  if (hostPaths.length > 0) out.push({ control: 'hostPath volumes', detail: `${hostPaths.length === 1 ? 'volume' : 'volumes'} ${quoted(hostPaths)}` });
  add('hostPort', containers.filter((c) => (c.ports ?? []).some((p) => (p.hostPort ?? 0) !== 0)).map((c) => c.name), 'must not use hostPort');
  add('procMount', containers.filter((c) => c.securityContext?.procMount !== undefined && c.securityContext.procMount !== 'Default').map((c) => c.name), 'must not set securityContext.procMount');
  const unconfined = [podContext, ...containers.map((c) => c.securityContext ?? {})].some((s) => s.seccompProfile?.type === 'Unconfined');
  if (unconfined) out.push({ control: 'seccompProfile', detail: 'must not set securityContext.seccompProfile.type to "Unconfined"' });
  if (level === 'baseline') return out;

  const badVolumes = (pod.volumes ?? []).flatMap((v) => Object.keys(v).filter((k) => k !== 'name' && !RESTRICTED_VOLUME_TYPES.has(k) && k !== 'hostPath').map((k) => `${String(v['name'])} (${k})`));
  if (badVolumes.length > 0) out.push({ control: 'restricted volume types', detail: `volumes ${quoted(badVolumes)}` });
  add(
    'allowPrivilegeEscalation != false',
    containers.filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name),
    'must set securityContext.allowPrivilegeEscalation=false',
  );
  add(
    'unrestricted capabilities',
    containers
      .filter((c) => {
        const caps = c.securityContext?.capabilities;
        const dropsAll = (caps?.drop ?? []).some((d) => capability(d) === 'ALL');
        return !dropsAll || (caps?.add ?? []).some((a) => capability(a) !== 'NET_BIND_SERVICE');
      })
      .map((c) => c.name),
    'must set securityContext.capabilities.drop=["ALL"] and add at most NET_BIND_SERVICE',
  );
  add(
    'runAsNonRoot != true',
    containers.filter((c) => (c.securityContext?.runAsNonRoot ?? podContext.runAsNonRoot) !== true).map((c) => c.name),
    'must set securityContext.runAsNonRoot=true (pod or container)',
  );
  const root = podContext.runAsUser === 0 ? ['pod'] : [];
  const rootContainers = containers.filter((c) => c.securityContext?.runAsUser === 0).map((c) => c.name);
  if (root.length > 0 || rootContainers.length > 0) out.push({ control: 'runAsUser=0', detail: `${[...root, ...rootContainers.map((n) => `container "${n}"`)].join(', ')} must not set runAsUser=0` });
  if (!unconfined) {
    const allowed = (t: string | undefined): boolean => t === 'RuntimeDefault' || t === 'Localhost';
    add(
      'seccompProfile',
      containers.filter((c) => !allowed(c.securityContext?.seccompProfile?.type ?? podContext.seccompProfile?.type)).map((c) => c.name),
      'must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost" (pod or container)',
    );
  }
  return out;
}

/** The level a namespace enforces (`pod-security.kubernetes.io/enforce`), when it restricts anything. */
export function enforcedLevel(labels: Readonly<Record<string, string>> | undefined): PodSecurityLevel | undefined {
  const level = labels?.['pod-security.kubernetes.io/enforce'];
  return level === 'baseline' || level === 'restricted' ? level : undefined;
}
