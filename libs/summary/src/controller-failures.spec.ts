import { describe, expect, it } from 'vitest';
import { classifyFailure } from './controller-failures.js';

// Messages as kube-controller-manager records them: controller_utils.go ("Error creating: %v"),
// cronjob_controllerv2.go ("Error creating job: %v"), stateful_pod_control.go ("create Pod %s in
// StatefulSet %s failed error: %s"), around the admission plugins' errors.
const RS = 'Error creating: pods "api-7d9c5b6f4-x2x9k" is forbidden: ';

describe('classifyFailure', () => {
  it('names the quota and the exceeded resources with requested, used and limited', () => {
    const c = classifyFailure(`${RS}exceeded quota: compute-quota, requested: limits.cpu=500m,limits.memory=512Mi, used: limits.cpu=2,limits.memory=2Gi, limited: limits.cpu=2,limits.memory=2Gi`);
    expect(c.type).toBe('quota-exceeded');
    expect(c.name).toBe('compute-quota');
    expect(c.items).toEqual(['limits.cpu', 'limits.memory']);
    expect(c.summary).toBe('exceeded quota: compute-quota (limits.cpu requested 500m, used 2, limited 2; limits.memory requested 512Mi, used 2Gi, limited 2Gi)');
    expect(c.status).toBe('quota compute-quota exceeded (limits.cpu, limits.memory)');
  });

  it('reads object-count quotas on Job creation by a CronJob', () => {
    const c = classifyFailure('Error creating job: jobs.batch "report-29170560" is forbidden: exceeded quota: object-counts, requested: count/jobs.batch=1, used: count/jobs.batch=10, limited: count/jobs.batch=10');
    expect(c).toMatchObject({ type: 'quota-exceeded', name: 'object-counts', items: ['count/jobs.batch'] });
  });

  it('names the quota and the fields it requires when containers do not set them', () => {
    const c = classifyFailure(`${RS}failed quota: compute-quota: must specify limits.cpu,limits.memory`);
    expect(c).toMatchObject({ type: 'quota-unspecified', name: 'compute-quota', items: ['limits.cpu', 'limits.memory'] });
    expect(c.summary).toBe('failed quota compute-quota: must specify limits.cpu, limits.memory on every container');
    // Newer API servers name the containers.
    const newer = classifyFailure(`${RS}failed quota: compute-quota: must specify limits.cpu for: app,sidecar; limits.memory for: app`);
    expect(newer.items).toEqual(['limits.cpu', 'limits.memory']);
    expect(newer.details).toEqual(['limits.cpu for containers app,sidecar', 'limits.memory for containers app']);
  });

  it('recognises a quota without usage yet', () => {
    expect(classifyFailure(`${RS}status unknown for quota: compute, resources: limits.cpu,requests.cpu`)).toMatchObject({ type: 'quota-unknown', name: 'compute', items: ['limits.cpu', 'requests.cpu'] });
  });

  it('names a missing ServiceAccount (ReplicaSet, Job and StatefulSet wordings)', () => {
    const rs = classifyFailure('Error creating: pods "build-28xq9" is forbidden: error looking up service account ci/build-bot: serviceaccount "build-bot" not found');
    expect(rs).toMatchObject({ type: 'service-account', name: 'build-bot', namespace: 'ci', status: 'ServiceAccount build-bot missing' });
    expect(rs.summary).toContain('ServiceAccount build-bot not found');
    const sts = classifyFailure('create Pod db-0 in StatefulSet db failed error: pods "db-0" is forbidden: error looking up service account shop/db-sa: serviceaccount "db-sa" not found');
    expect(sts).toMatchObject({ type: 'service-account', name: 'db-sa', namespace: 'shop' });
  });

  it('names the admission webhook that denied the request and its reason', () => {
    const c = classifyFailure('Error creating: admission webhook "validate.kyverno.svc-fail" denied the request: policy Pod/shop/api-x for resource violation: require-labels: check-for-labels: validation error: label app.kubernetes.io/name is required');
    expect(c).toMatchObject({ type: 'webhook-denied', name: 'validate.kyverno.svc-fail', status: 'denied by webhook validate.kyverno.svc-fail' });
    expect(c.summary).toMatch(/^admission webhook validate\.kyverno\.svc-fail denied the request: policy Pod\/shop\/api-x .*require-labels/);
    expect(c.summary.length).toBeLessThanOrEqual(160);
    expect(classifyFailure('Error creating: admission webhook "deny.example.com" denied the request without explanation').summary).toBe(
      'admission webhook deny.example.com denied the request: without explanation',
    );
  });

  it('names a webhook that cannot be called', () => {
    const c = classifyFailure('Error creating: Internal error occurred: failed calling webhook "validate.policy.example.com": failed to call webhook: Post "https://policy-svc.policy.svc:443/validate?timeout=10s": service "policy-svc" not found');
    expect(c).toMatchObject({ type: 'webhook-unreachable', name: 'validate.policy.example.com' });
    expect(c.summary).toContain('service "policy-svc" not found');
  });

  it('names the PodSecurity level and the violated controls', () => {
    const c = classifyFailure(
      `Error creating: pods "web-5d9f7c-abcde" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
    );
    expect(c.type).toBe('pod-security');
    expect(c.name).toBe('restricted');
    expect(c.items).toEqual(['allowPrivilegeEscalation != false', 'unrestricted capabilities', 'runAsNonRoot != true', 'seccompProfile']);
    expect(c.details[1]).toBe('unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])');
    expect(c.summary).toBe('violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile');
    const baseline = classifyFailure('create Pod agent-0 in StatefulSet agent failed error: pods "agent-0" is forbidden: violates PodSecurity "baseline:v1.30": privileged (container "agent" must not set securityContext.privileged=true), host namespaces (hostNetwork=true, hostPID=true)');
    expect(baseline).toMatchObject({ name: 'baseline', items: ['privileged', 'host namespaces'] });
    expect(baseline.summary).toContain('"baseline:v1.30"');
  });

  it('lists LimitRange violations, one or several', () => {
    const one = classifyFailure(`${RS}maximum cpu usage per Container is 500m, but limit is 1`);
    expect(one).toMatchObject({ type: 'limit-range', items: ['maximum cpu usage per Container is 500m, but limit is 1'] });
    expect(one.summary).toBe('LimitRange: maximum cpu usage per Container is 500m, but limit is 1');
    const many = classifyFailure(`${RS}[maximum cpu usage per Container is 500m, but limit is 1, minimum memory usage per Container is 64Mi, but request is 32Mi, cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000]`);
    expect(many.items).toEqual([
      'maximum cpu usage per Container is 500m, but limit is 1',
      'minimum memory usage per Container is 64Mi, but request is 32Mi',
      'cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000',
    ]);
  });

  it('names missing objects in kubelet messages and the scheduler reasons', () => {
    expect(classifyFailure('MountVolume.SetUp failed for volume "config" : configmap "app-config" not found')).toMatchObject({ type: 'missing-object', kind: 'ConfigMap', name: 'app-config' });
    const s = classifyFailure('0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
    expect(s.type).toBe('unschedulable');
    expect(s.summary).toBe('0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu');
  });

  it('falls back to the first 160 characters of any other message, wrappers removed', () => {
    const long = `Error creating: pods "x" is forbidden: ${'the cluster policy engine refused this pod for a reason it explains at length '.repeat(4)}`;
    const c = classifyFailure(long);
    expect(c.type).toBe('other');
    expect(c.summary.startsWith('the cluster policy engine refused')).toBe(true);
    expect(Array.from(c.summary).length).toBeLessThanOrEqual(160);
    expect(classifyFailure('').summary).toBe('no message');
    expect(classifyFailure('Pod "x" is invalid: spec.containers[0].image: Required value')).toMatchObject({ type: 'invalid-spec', summary: 'invalid pod spec: spec.containers[0].image: Required value' });
  });
});

describe('classifyFailure wrappers', () => {
  it('removes controller and API-server prefixes, repeatedly', () => {
    expect(classifyFailure('Error creating: Internal error occurred: pods "a" is forbidden: boom').summary).toBe('boom');
    expect(classifyFailure('create Claim data-db-0 for Pod db-0 in StatefulSet db failed error: persistentvolumeclaims "data-db-0" is forbidden: x').summary).toBe('x');
    expect(classifyFailure('plain').summary).toBe('plain');
  });
});
