import { describe, expect, it } from 'vitest';
import { parseScenario } from './diagnosis-scenario.js';
import { evidenceIn, findingBlocks, namesObject, scoreSummary } from './score-diagnosis.js';

const scenario = parseScenario(
  [
    'scenario:',
    '  id: missing-sa',
    '  source: own',
    '  expect:',
    '    object: [Deployment/web, Job/web]',
    "    cause: 'serviceaccount .*not found'",
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: cfg}',
    '---',
    'apiVersion: v1',
    'kind: PersistentVolume',
    'metadata: {name: pv-${NS}}',
  ].join('\n'),
  'missing-sa',
);

describe('parseScenario', () => {
  it('places namespaced objects in diag-<id> and substitutes ${NS} in cluster-scoped names', () => {
    expect(scenario.namespace).toBe('diag-missing-sa');
    expect(scenario.objects[0]).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'diag-missing-sa' } });
    expect(scenario.objects[1]).toMatchObject({ kind: 'PersistentVolume', metadata: { name: 'pv-diag-missing-sa' } });
    expect((scenario.objects[1] as { metadata: Record<string, unknown> }).metadata['namespace']).toBeUndefined();
    expect(scenario.expect.objects).toEqual([
      { kind: 'Deployment', name: 'web', clusterScoped: false },
      { kind: 'Job', name: 'web', clusterScoped: false },
    ]);
  });

  it('names the file and the problem when the header is wrong', () => {
    expect(() => parseScenario('scenario:\n  id: other\n', 'x')).toThrow(/x\.yaml: scenario\.id is "other", expected "x"/);
    expect(() => parseScenario("scenario:\n  id: x\n  expect: {object: Pod/a, cause: '('}\n", 'x')).toThrow(/not a valid regex/);
    expect(() => parseScenario("scenario:\n  id: x\n  expect: {object: 'web', cause: a}\n", 'x')).toThrow(/Kind\/name/);
  });
});

describe('scoreSummary', () => {
  const summary = [
    '# Anomalies',
    '',
    '## Root causes',
    '- **critical** `FailedCreate` Deployment diag-missing-sa/web: pods cannot be created',
    '  - next: look at events',
    '- critical MissingServiceAccount ReplicaSet diag-missing-sa/web-7d9c5f8b4 (root: ServiceAccount diag-missing-sa/builder missing)',
    '- warning NoMatchingPods Service diag-missing-sa/web-svc: serviceaccount "x" not found',
    '(2 more omitted)',
  ].join('\n');

  it('splits findings into blocks with their indented lines', () => {
    const blocks = findingBlocks(summary);
    expect(blocks).toHaveLength(3);
    expect(blocks[0]).toContain('next: look at events');
  });

  it('finds the cause only within a block that names the object or its generated children', () => {
    expect(namesObject('Pod diag-a/web-7d9c5f8b4-x2k9p', 'diag-a', 'web')).toBe(true);
    expect(namesObject('StatefulSet pod diag-a/web-0', 'diag-a', 'web')).toBe(true);
    expect(namesObject('Service diag-a/web-svc', 'diag-a', 'web')).toBe(false);
    expect(namesObject('Deployment diag-b/web', 'diag-a', 'web')).toBe(false);
    expect(namesObject('ValidatingWebhookConfiguration diag-a-policy: calls a missing Service', undefined, 'diag-a-policy')).toBe(true);
    expect(namesObject('Service diag-b/diag-a-policy', undefined, 'diag-a-policy')).toBe(false);
    const score = scoreSummary(summary, scenario);
    // The ReplicaSet block names "ServiceAccount ... missing" but not "not found"; the Service block
    // has the words but is another object: not found, though the object is named.
    expect(score).toMatchObject({ found: false, named: true });
    const fixed = summary.replace('(root: ServiceAccount diag-missing-sa/builder missing)', 'serviceaccount "builder" not found');
    expect(scoreSummary(fixed, scenario)).toMatchObject({ found: true, evidence: expect.stringContaining('web-7d9c5f8b4') });
  });

  it('does not take cause words from the namespace name or a UID', () => {
    const named = parseScenario("scenario:\n  id: probe-wrong-port\n  expect: {object: Pod/web, cause: 'wrong-port|127'}\n", 'probe-wrong-port');
    const block = '- critical CrashLoopBackOff Pod diag-probe-wrong-port/web: exit 0 (pod web_diag-probe-wrong-port(5f127e2a-97cc-4ee2-8b0b-7dc17f7b386a))';
    expect(scoreSummary(block, named)).toMatchObject({ found: false, named: true });
    expect(scoreSummary(`${block}; probe on wrong-port 8080`, named).found).toBe(true);
  });
});

describe('evidenceIn', () => {
  it('says per text whether it names an expected object and whether it matches the cause', () => {
    const texts = ['NAME READY\nweb-7d9c5f8b4-x2k9p 0/1', 'Error creating: serviceaccount "builder" not found', 'namespace diag-missing-sa serviceaccount x not found? no: web-svc'];
    const found = evidenceIn(texts, scenario);
    expect(found.object).toEqual([true, false, false]);
    expect(found.cause).toEqual([false, true, true]);
  });
});
