import { describe, expect, it } from 'vitest';
import type { PodSpec } from './kube-types.js';
import { enforcedLevel, podSecurityViolations } from './pod-security.js';

const spec = (s: Record<string, unknown>): PodSpec => s as PodSpec;

/** A container that meets the restricted level. */
const hardened = {
  name: 'app',
  securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
};

describe('podSecurityViolations', () => {
  it('passes a hardened pod at both levels', () => {
    const s = spec({ containers: [hardened], volumes: [{ name: 'cfg', configMap: { name: 'c' } }, { name: 'tmp', emptyDir: {} }] });
    expect(podSecurityViolations(s, 'restricted')).toEqual([]);
    expect(podSecurityViolations(s, 'baseline')).toEqual([]);
  });

  it('names the restricted controls a plain container violates, as the admission plugin does', () => {
    const v = podSecurityViolations(spec({ containers: [{ name: 'app' }] }), 'restricted');
    expect(v.map((x) => x.control)).toEqual(['allowPrivilegeEscalation != false', 'unrestricted capabilities', 'runAsNonRoot != true', 'seccompProfile']);
    expect(v[0]?.detail).toBe('container "app" must set securityContext.allowPrivilegeEscalation=false');
    // A plain container is fine for baseline.
    expect(podSecurityViolations(spec({ containers: [{ name: 'app' }] }), 'baseline')).toEqual([]);
  });

  it('takes pod-level runAsNonRoot and seccompProfile, and container overrides', () => {
    const podLevel = spec({
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    });
    expect(podSecurityViolations(podLevel, 'restricted')).toEqual([]);
    const overridden = spec({
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: false, runAsUser: 0 } }],
    });
    expect(podSecurityViolations(overridden, 'restricted').map((x) => x.control)).toEqual(['runAsNonRoot != true', 'runAsUser=0']);
  });

  it('names the baseline controls: host namespaces, privileged, capabilities, hostPath, hostPort, Unconfined seccomp', () => {
    const s = spec({
      hostNetwork: true,
      hostPID: true,
      volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }],
      containers: [
        { name: 'agent', securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN', 'CHOWN'] }, seccompProfile: { type: 'Unconfined' } }, ports: [{ containerPort: 9100, hostPort: 9100 }] },
      ],
    });
    const v = podSecurityViolations(s, 'baseline');
    expect(v.map((x) => x.control)).toEqual(['host namespaces', 'privileged', 'non-default capabilities', 'hostPath volumes', 'hostPort', 'seccompProfile']);
    expect(v[0]?.detail).toBe('hostNetwork=true, hostPID=true');
    expect(v[2]?.detail).toBe('must not add "agent:NET_ADMIN"');
    expect(v[3]?.detail).toBe('volume "varlog"');
  });

  it('restricts volume types and capability additions at the restricted level', () => {
    const s = spec({ containers: [{ ...hardened, securityContext: { ...hardened.securityContext, capabilities: { drop: ['ALL'], add: ['SYS_TIME'] } } }], volumes: [{ name: 'nfs', nfs: { server: 'x', path: '/' } }] });
    const v = podSecurityViolations(s, 'restricted');
    expect(v.map((x) => x.control)).toEqual(['non-default capabilities', 'restricted volume types', 'unrestricted capabilities']);
    expect(v[1]?.detail).toBe('volumes "nfs (nfs)"');
  });
});

describe('enforcedLevel', () => {
  it('reads the enforce label, ignoring privileged and unknown levels', () => {
    expect(enforcedLevel({ 'pod-security.kubernetes.io/enforce': 'restricted' })).toBe('restricted');
    expect(enforcedLevel({ 'pod-security.kubernetes.io/enforce': 'privileged' })).toBeUndefined();
    expect(enforcedLevel({ 'pod-security.kubernetes.io/warn': 'restricted' })).toBeUndefined();
    expect(enforcedLevel(undefined)).toBeUndefined();
  });
});
