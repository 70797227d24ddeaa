import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { nestedSecretValues, PLANTED_SECRET, SECRET_COMMANDS, SECRET_MANIFESTS } from './fuzz-secrets.js';
import { RawJson } from './fuzz-wire.js';
import { deepValue, hostileString, hostileText, PATH_LIKE, PROTOTYPE_NAMES, UNICODE_SPECIALS, wrongTypeFor } from './fuzz-values.js';

/** One fuzzed `tools/call` and what the server must make of it. */
export interface FuzzCall {
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
  /** Arguments that make the call invalid whatever the cluster holds (wrong type, unknown, missing); empty when it may succeed. */
  readonly invalid: readonly string[];
  /** The tool is not in tools/list: the answer must be UNKNOWN_TOOL. */
  readonly unknownTool?: boolean;
}

interface Prop {
  readonly type?: string;
  readonly description?: string;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
}

// Plausible values on the demo cluster, so mutated calls get past the first checks and reach
// the tools' own code (the planted Secret and the hidden namespace included).
const KINDS = ['Pod', 'Deployment', 'Secret', 'secrets', 'PersistentVolume', 'pv', 'ConfigMap', 'Event', 'Node', 'svc', 'StatefulSet', 'ingresses.networking.k8s.io', 'Namespace', 'ClusterRole'];
const NAMES = ['checkout', 'postgres-0', 'checkout-774cd6fbd-4wdfl', PLANTED_SECRET, 'pv-postgres-0', 'kwok-node-0', 'grafana', 'checkout-config', 'storefront'];
const POOLS: Readonly<Record<string, readonly unknown[]>> = {
  namespace: ['shop', 'data', 'monitoring', 'default', 'kube-system'],
  name: NAMES,
  kind: KINDS,
  resource_type: KINDS,
  resource_name: NAMES,
  object_kind: KINDS,
  object_name: NAMES,
  workload_name: ['checkout', 'postgres', 'node-exporter'],
  target: ['Secret/shop/checkout-db-credentials', 'Service/shop/checkout', `Secret/shop/${PLANTED_SECRET}`],
  label_selector: ['app=checkout', 'tier in (web,api)', '!canary'],
  field_selector: ['status.phase=Running', 'metadata.name=postgres-0'],
  container: ['app', 'postgres', 'istio-proxy'],
  verb: ['get', 'list', 'delete', '*'],
  resource: ['pods', 'secrets', 'deployments'],
  group: ['apps', ''],
  subresource: ['log', 'exec'],
  service_account: ['default', 'shop:checkout'],
  user: ['alice'],
  groups: [['system:masters']],
  status: ['deployed', 'failed'],
  cursor: ['eyJvZmZzZXQiOjV9', 'x'],
  manifest: [JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fuzz', namespace: 'shop' }, data: { a: 'b' } }), ...SECRET_MANIFESTS],
  command: ['cat /etc/resolv.conf', ...SECRET_COMMANDS],
  edge_types: [['owns'], 'selects,mounts'],
  kinds: [['Pod', 'Service']],
};

function plausible(name: string, p: Prop): fc.Arbitrary<unknown> {
  if (p.enum && p.enum.length > 0) return fc.constantFrom(...p.enum);
  const pool = POOLS[name];
  if (pool) return fc.constantFrom(...pool);
  switch (p.type) {
    case 'integer':
    case 'number':
      return fc.integer({ min: p.minimum ?? 0, max: Math.min(p.maximum ?? 1000, (p.minimum ?? 0) + 1000) });
    case 'boolean':
      return fc.constantFrom(true, false, 'true', 'no', 1, 0);
    case 'array':
      return fc.constant(['x']);
    default:
      return fc.constantFrom('x', 'shop');
  }
}

/** The bounds a value must keep; a bound the schema says is clamped (GRAPH_MAX_DEPTH, ...) takes larger values. */
function rangeOf(p: Prop): { minimum?: number; maximum?: number } {
  const clamped = /\bclamped\b/i.test(p.description ?? '');
  return { ...(p.minimum !== undefined ? { minimum: p.minimum } : {}), ...(p.maximum !== undefined && !clamped ? { maximum: p.maximum } : {}) };
}

type Mutation = (args: Record<string, unknown>, invalid: Set<string>) => void;

const set =
  (key: string, value: unknown, invalid: boolean): Mutation =>
  (args, bad) => {
    // An own property even for "__proto__", as JSON.parse makes it on the server's side.
    Object.defineProperty(args, key, { value, enumerable: true, writable: true, configurable: true });
    if (invalid) bad.add(key);
    else bad.delete(key);
  };

/** Unknown argument names: prototype names, case and spacing variants, unicode, empty, huge. */
function unknownNames(known: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
      { weight: 1, arbitrary: fc.constantFrom('Namespace', ' name', ...known.flatMap((k) => [k.toUpperCase(), ` ${k}`, `${k}\u0000`])) },
      { weight: 1, arbitrary: fc.constantFrom('', 'password', 'options', 'args', '$where', 'a.b', 'items[0]', ...UNICODE_SPECIALS.slice(0, 5), ...PATH_LIKE.slice(0, 2)) },
      { weight: 1, arbitrary: fc.constant('n'.repeat(100_000)) },
    )
    .filter((n) => !known.includes(n));
}

function mutations(tool: Tool): fc.Arbitrary<Mutation> {
  const props = (tool.inputSchema.properties ?? {}) as Record<string, Prop>;
  const names = Object.keys(props);
  const required = tool.inputSchema.required ?? [];
  const options: fc.Arbitrary<Mutation>[] = [
    // "__proto__" included: it arrives as an own key of the parsed JSON and must be refused like any other.
    fc.tuple(unknownNames(names), fc.oneof(hostileString, deepValue, fc.constantFrom(...nestedSecretValues()))).map(([k, v]) => set(k, v, true)),
  ];
  if (names.length > 0) {
    const name = fc.constantFrom(...names);
    options.push(
      name.chain((k) => wrongTypeFor(props[k]?.type ?? 'string', rangeOf(props[k] ?? {})).map((v) => set(k, v, true))),
      name.chain((k) => {
        const p = props[k] ?? {};
        if (p.type !== 'string' && p.type !== undefined) return plausible(k, p).map((v) => set(k, v, false));
        // A string outside an enum is refused; any other string may be fine or not found.
        // (Blank counts as absent, and the default applies.)
        if (p.enum) return hostileString.filter((s) => !p.enum?.includes(s) && s.trim() !== '').map((v) => set(k, v, true));
        return hostileString.map((v) => set(k, v, required.includes(k) && v.trim() === ''));
      }),
      // Null counts as absent: the default applies, or a required argument is missing.
      name.map((k) => set(k, null, required.includes(k))),
    );
  }
  if (required.length > 0) {
    options.push(
      fc.constantFrom(...required).map<Mutation>((k) => (args, bad) => {
        delete args[k];
        bad.add(k);
      }),
    );
  }
  return fc.oneof(...options);
}

/** A call of `tool` with plausible arguments and up to three hostile mutations. */
export function toolCall(tool: Tool): fc.Arbitrary<FuzzCall> {
  const props = (tool.inputSchema.properties ?? {}) as Record<string, Prop>;
  const required = new Set(tool.inputSchema.required ?? []);
  const base = fc.record(
    Object.fromEntries(Object.entries(props).map(([k, p]) => [k, required.has(k) ? plausible(k, p) : fc.option(plausible(k, p), { nil: undefined, freq: 2 })])),
  );
  return fc.tuple(base, fc.array(mutations(tool), { maxLength: 3 })).map(([start, muts]) => {
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(start)) if (v !== undefined) args[k] = v;
    const bad = new Set<string>();
    for (const m of muts) m(args, bad);
    return { tool: tool.name, args, invalid: [...bad] };
  });
}

/** A call of a tool name that is not listed (prototype names, near misses, paths, unicode, huge). */
export function unknownToolCall(listed: readonly string[]): fc.Arbitrary<FuzzCall> {
  const names = fc
    .oneof(
      fc.constantFrom(...PROTOTYPE_NAMES),
      fc.constantFrom(...listed.flatMap((n) => [n.toUpperCase(), `${n} `, `${n}\u0000`, n.replace('k8s-', 'k8s_')])),
      hostileText,
      fc.constant('t'.repeat(120_000)),
    )
    .filter((n) => !listed.includes(n));
  const args = fc.oneof(
    fc.constant({}),
    fc.record({ namespace: fc.constantFrom('shop', 'monitoring') }),
    fc.record({ constructor: deepValue }),
    fc.record({ manifest: fc.constantFrom(...SECRET_MANIFESTS) }),
  );
  return fc.tuple(names, args).map(([tool, a]) => ({ tool, args: a, invalid: [], unknownTool: true }));
}

/** One line naming a call, for failure reports (huge values shortened). */
export function describeCall(call: FuzzCall): string {
  const short = (v: unknown): unknown => {
    if (typeof v === 'string') return v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v;
    if (v instanceof RawJson) return `<raw JSON ${v.text.slice(0, 12)}…(${v.text.length} chars)>`;
    if (Array.isArray(v)) return v.map(short);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) Object.defineProperty(out, short(k) as string, { value: short(x), enumerable: true });
      return out;
    }
    return v;
  };
  return `${short(call.tool) as string} ${JSON.stringify(short(call.args))}${call.invalid.length > 0 ? ` (invalid: ${call.invalid.map((a) => JSON.stringify(short(a))).join(', ')})` : ''}`;
}
