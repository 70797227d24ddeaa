import fc from 'fast-check';
import { PLANTED_SECRET } from './fuzz-secrets.js';
import { deepValue, hostileString, hostileText, PATH_LIKE, PROTOTYPE_NAMES, structuredValue } from './fuzz-values.js';
import { RawJson } from './fuzz-wire.js';

/** One fuzzed request other than a well-formed tool call. */
export interface FuzzRequest {
  readonly method: 'tools/call' | 'resources/read' | 'prompts/get';
  readonly params: unknown;
  /** What the audit record must name (tool, URI or prompt), when the request names one as a string. */
  readonly target?: string;
  /** The request is malformed (params do not match the method's schema): the answer must be -32602. */
  readonly malformed: boolean;
}

const own = (entries: [string, unknown][]): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
};

/** `tools/call` whose params do not match the schema: no name, a name that is not a string, arguments that are not an object. */
export const malformedToolCall: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc.constant<FuzzRequest>({ method: 'tools/call', params: {}, malformed: true }),
  fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), structuredValue).map<FuzzRequest>((name) => ({ method: 'tools/call', params: { name, arguments: {} }, malformed: true })),
  fc
    .oneof(fc.constantFrom('namespace=shop', 5, true, [1, 2], ['namespace', 'shop']), deepValue.filter((v) => v.text.startsWith('[')), hugeArgumentsString())
    .map<FuzzRequest>((args) => ({ method: 'tools/call', params: { name: 'k8s-get-pods', arguments: args }, target: 'k8s-get-pods', malformed: true })),
);

function hugeArgumentsString(): fc.Arbitrary<string> {
  return hostileString.filter((s) => s.length > 50_000);
}

/** encodeURIComponent, which throws on a lone surrogate: such a segment goes raw. */
function encodeSegment(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
}

const segment = fc.oneof(hostileText, fc.constantFrom('Secret', 'Deployment', 'shop', 'monitoring', '_cluster', PLANTED_SECRET, '', '..', '%2F'));

/** `resources/read` of listed, templated (hostile segments, encoded or not), unknown and non-string URIs. */
export const resourceRead: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc
    .constantFrom(
      'k8s://cluster/summary',
      'k8s://cluster/anomalies',
      'k8s://graph/stats',
      'k8s://objects/Deployment/shop/checkout',
      `k8s://objects/Secret/shop/${PLANTED_SECRET}`,
      `k8s://objects/secrets/shop/${PLANTED_SECRET}`,
      `k8s://objects/Secret/monitoring/${PLANTED_SECRET}`,
      'k8s://objects/PersistentVolume/_cluster/pv-postgres-0',
    )
    .map<FuzzRequest>((uri) => ({ method: 'resources/read', params: { uri }, target: uri, malformed: false })),
  fc.tuple(segment, segment, segment, fc.boolean()).map<FuzzRequest>(([kind, ns, name, encode]) => {
    const part = (s: string) => (encode ? encodeSegment(s) : s);
    const uri = `k8s://objects/${part(kind)}/${part(ns)}/${part(name)}`;
    return { method: 'resources/read', params: { uri }, target: uri, malformed: false };
  }),
  fc
    .oneof(fc.constantFrom('k8s://nope', 'k8s://cluster/summary/../../etc/passwd', 'file:///etc/passwd', 'http://169.254.169.254/latest/meta-data/', '', 'k8s://objects/', 'k8s:', ...PATH_LIKE), hostileString)
    .map<FuzzRequest>((uri) => ({ method: 'resources/read', params: { uri }, target: uri, malformed: false })),
  fc.oneof(fc.integer(), fc.constant(null), structuredValue).map<FuzzRequest>((uri) => ({ method: 'resources/read', params: { uri }, malformed: true })),
);

/** `prompts/get` of listed and unknown prompts, with hostile, unknown, prototype-named and non-string arguments. */
export function promptGet(prompts: readonly string[]): fc.Arbitrary<FuzzRequest> {
  const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...prompts) }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), hostileText) });
  const argName = fc.constantFrom('name', 'namespace', 'kind', 'request', ...PROTOTYPE_NAMES, 'password');
  const stringArgs = fc.array(fc.tuple(argName, hostileString), { maxLength: 3 }).map(own);
  const badArgs = fc.tuple(argName, fc.oneof(fc.integer(), fc.constant(null), structuredValue)).map(([k, v]) => own([[k, v]]));
  return fc.oneof(
    fc.tuple(name, stringArgs).map<FuzzRequest>(([n, args]) => ({ method: 'prompts/get', params: { name: n, arguments: args }, target: n, malformed: false })),
    fc
      .tuple(name, badArgs)
      // Zod drops an own "__proto__" key, so that argument alone leaves the request well-formed.
      .map<FuzzRequest>(([n, args]) => ({ method: 'prompts/get', params: { name: n, arguments: args }, target: n, malformed: Object.keys(args)[0] !== '__proto__' })),
    fc.oneof(fc.integer(), structuredValue).map<FuzzRequest>((n) => ({ method: 'prompts/get', params: { name: n }, malformed: true })),
  );
}

/** One line naming a request, for failure reports. */
export function describeRequest(request: FuzzRequest): string {
  const text = JSON.stringify(request.params, (_k, v: unknown) => {
    if (v instanceof RawJson) return `<raw JSON ${v.text.slice(0, 12)}…(${v.text.length} chars)>`;
    if (typeof v === 'string' && v.length > 80) return `${v.slice(0, 40)}…(${v.length} chars)`;
    return v;
  });
  return `${request.method} ${text}${request.malformed ? ' (malformed)' : ''}`;
}
