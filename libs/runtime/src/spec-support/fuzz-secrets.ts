import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoSnapshotPath } from '@k8s-mcp/k8s-client';

/** The planted Secret value: distinctive, so any occurrence of it is a leak. */
export const PLANTED_VALUE = 'PLANTED-fuzz-7Qx2-secret-value-ZX91';

/** Name of the planted Secret, in `shop` (visible) and in `monitoring` (hidden by the policy). */
export const PLANTED_SECRET = 'fuzz-planted-credentials';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Every spelling of the planted value that would reveal it: raw, base64, base64url, hex. */
export const PLANTED_NEEDLES: readonly string[] = [
  PLANTED_VALUE,
  b64(PLANTED_VALUE),
  Buffer.from(PLANTED_VALUE).toString('base64url'),
  Buffer.from(PLANTED_VALUE).toString('hex'),
];

/** The first spelling of the planted value found in `text`, if any. */
export function findPlanted(text: string): string | undefined {
  return PLANTED_NEEDLES.find((needle) => text.includes(needle));
}

function plantedSecret(namespace: string): Record<string, unknown> {
  const manifest = { apiVersion: 'v1', kind: 'Secret', metadata: { name: PLANTED_SECRET, namespace }, stringData: { password: PLANTED_VALUE } };
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name: PLANTED_SECRET,
      namespace,
      creationTimestamp: '2026-11-21T23:49:58Z',
      uid: `fuzz-${namespace}`,
      labels: { app: 'checkout' },
      // kubectl apply keeps the whole manifest here, values included.
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(manifest) },
    },
    data: { password: b64(PLANTED_VALUE), 'config.yaml': b64(`user: shop\npassword: ${PLANTED_VALUE}\n`) },
    stringData: { token: PLANTED_VALUE },
  };
}

/**
 * Writes a copy of the bundled demo snapshot with the planted Secret added (in `shop` and in
 * `monitoring`) to `dir`, and returns the file's path.
 */
export async function writePlantedSnapshot(dir: string): Promise<string> {
  const list = JSON.parse(await readFile(demoSnapshotPath(), 'utf8')) as { items: unknown[] };
  list.items.push(plantedSecret('shop'), plantedSecret('monitoring'));
  const path = join(dir, 'planted-demo.json');
  await writeFile(path, JSON.stringify(list));
  return path;
}

const secretObject = (kind: string) => ({
  apiVersion: 'v1',
  kind,
  metadata: { name: 'fuzz-sent', namespace: 'shop', labels: { purpose: 'a label long enough that a short echo of this manifest stops before the values' } },
  type: 'Opaque',
  stringData: { password: PLANTED_VALUE },
  data: { token: b64(PLANTED_VALUE) },
});

/**
 * Secret manifests as a caller would send them to `k8s-apply`: plain JSON, JSON with the kind
 * or the `kind` key written as `\u` escapes, a List holding a Secret, YAML (plain, quoted with
 * escapes, flow style). Each carries {@link PLANTED_VALUE}.
 */
export const SECRET_MANIFESTS: readonly string[] = [
  JSON.stringify(secretObject('Secret')),
  JSON.stringify(secretObject('Secret')).replace('"Secret"', '"\\u0053ecret"'),
  JSON.stringify(secretObject('Secret')).replace('"kind"', '"\\u006bind"'),
  JSON.stringify(secretObject('Secret'), null, 2).replace('"kind": "Secret"', '"kind" :\n  "\\u0053\\u0065cret"'),
  JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [secretObject('Secret')] }),
  JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [secretObject('Secret')] }).replace('"Secret"', '"\\u0053ecret"'),
  [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: fuzz-sent',
    '  namespace: shop',
    '  labels: {purpose: a label long enough that a short echo of this manifest stops before the values}',
    'stringData:',
    `  password: ${PLANTED_VALUE}`,
    '',
  ].join('\n'),
  ['apiVersion: v1', 'kind: "\\u0053ecret"', 'metadata: {name: fuzz-sent, labels: {purpose: a label long enough that a short echo stops before the values}}', 'data:', `  token: ${b64(PLANTED_VALUE)}`, ''].join('\n'),
  `{apiVersion: v1, kind: Secret, metadata: {name: fuzz-sent, labels: {purpose: a label long enough that a short echo stops before the values}}, stringData: {password: ${PLANTED_VALUE}}}`,
];

/** Command lines carrying {@link PLANTED_VALUE} as a password or token, for `k8s-exec`. */
export const SECRET_COMMANDS: readonly string[] = [
  `sh -c 'PGPASSWORD=${PLANTED_VALUE} psql -h postgres -U shop -c "select 1"'`,
  `mysql --user=root --password=${PLANTED_VALUE} -e status`,
  `curl -s -H 'Authorization: Bearer ${PLANTED_VALUE}' http://payments:8080/health`,
  JSON.stringify(['env', `API_TOKEN=${PLANTED_VALUE}`, 'printenv']),
  JSON.stringify(['redis-cli', '--pass', PLANTED_VALUE, 'ping']),
];

/**
 * Argument values that hold {@link PLANTED_VALUE} under a secret-looking key, nested deeper than
 * a depth-limited redactor looks (8 and 12 levels), or inside a Secret object: the audit log
 * must not keep the value whatever the argument's name.
 */
export function nestedSecretValues(): unknown[] {
  const nest = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { [`level${depth}`]: nest(depth - 1, leaf) });
  const nestArrays = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : [nestArrays(depth - 1, leaf)]);
  return [
    nest(8, { password: PLANTED_VALUE }),
    nest(12, { apiToken: PLANTED_VALUE }),
    nestArrays(9, secretObject('Secret')),
    secretObject('Secret'),
    { kind: 'List', items: [nest(7, secretObject('Secret'))] },
  ];
}
