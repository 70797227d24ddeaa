import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answered,
  answeredWithResult,
  audited,
  badInputRefused,
  errorShape,
  type Judged,
  noMachineDetails,
  protocolErrorShape,
  secretNotInAnswer,
  secretNotInAudit,
  type Verdict,
  withinCap,
} from './spec-support/fuzz-assertions.js';
import { describeCall, type FuzzCall, toolCall, unknownToolCall } from './spec-support/fuzz-calls.js';
import { REQUEST_EXAMPLES, TOOL_EXAMPLES } from './spec-support/fuzz-examples.js';
import { type FuzzTarget, startFuzzTarget } from './spec-support/fuzz-harness.js';
import { describeRequest, type FuzzRequest, malformedToolCall, promptGet, resourceRead } from './spec-support/fuzz-requests.js';

// Hostile input for every listed tool (writes and destructive tools enabled) on the bundled demo
// cluster plus a planted Secret, offline. Each property runs the same seeded calls (memoised, so
// the server sees each call once) and shrinks its own failures to a minimal call.
// FUZZ_SEED and FUZZ_RUNS (calls per tool) override the defaults; a failure prints the seed.
const intFromEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(process.env[name])}`);
  return value;
};
const SEED = intFromEnv('FUZZ_SEED', 20_2026);
const RUNS = Math.max(1, intFromEnv('FUZZ_RUNS', 100));
// Below the default (24) so that ordinary list and summary answers meet the cap.
const MAX_OUTPUT_KB = 8;

let target: FuzzTarget;
const started = performance.now();

beforeAll(async () => {
  target = await startFuzzTarget({
    maxOutputKb: MAX_OUTPUT_KB,
    timeoutMs: 15_000,
    repoRoot: fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, ''),
    homedir: homedir(),
  });
}, 60_000);

afterAll(async () => {
  console.log(`tool fuzz: ${target.calls()} requests in ${((performance.now() - started) / 1000).toFixed(1)} s (FUZZ_SEED=${SEED}, FUZZ_RUNS=${RUNS})`);
  await target.close();
}, 60_000);

/** A stable per-tool seed, so adding a tool does not change the calls of the others. */
function seedOf(label: string): number {
  let h = SEED | 0;
  for (const ch of label) h = (Math.imul(h, 31) + (ch.codePointAt(0) ?? 0)) | 0;
  return h;
}

async function judge(method: string, params: unknown): Promise<Judged> {
  const observation = await target.request(method, params);
  return { observation, maxOutputBytes: target.maxOutputBytes, machinePaths: target.machinePaths };
}

/**
 * Checks `check` on `runs` fuzzed items of each labelled generator (fast-check shrinks a failure
 * to a minimal item); returns one report line per generator whose property failed.
 */
async function failuresOf<T>(
  generators: readonly (readonly [label: string, items: fc.Arbitrary<T>, runs: number, examples: readonly T[]])[],
  send: (item: T) => Promise<Judged>,
  check: (judged: Judged, item: T) => Verdict,
  describeItem: (item: T) => string,
): Promise<string[]> {
  const failures: string[] = [];
  for (const [label, items, runs, examples] of generators) {
    const details = await fc.check(
      fc.asyncProperty(items, async (item) => {
        const verdict = check(await send(item), item);
        if (verdict) throw new Error(verdict);
      }),
      { seed: seedOf(label), numRuns: runs, examples: examples.map((e) => [e] as [T]) },
    );
    if (details.failed && details.counterexample) {
      const [item] = details.counterexample;
      const why = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      failures.push(`${label}: ${describeItem(item)}\n    -> ${why}\n    (FUZZ_SEED=${SEED}, seed ${details.seed}, path ${details.counterexamplePath})`);
    }
  }
  return failures;
}

const toolGenerators = () => [
  ...target.tools.map((t) => [t.name, toolCall(t), RUNS, TOOL_EXAMPLES[t.name] ?? []] as const),
  ['(unknown tool names)', unknownToolCall(target.tools.map((t) => t.name)), RUNS * 2, []] as const,
];
const sendCall = (call: FuzzCall) => judge('tools/call', { name: call.tool, arguments: call.args });

describe('every tool under hostile input (fuzz)', () => {
  const properties: [string, (judged: Judged, call: FuzzCall) => Verdict][] = [
    ['answers every call within the timeout', (j) => answered(j)],
    ['answers a well-formed tools/call with a tool result, not a JSON-RPC error', (j) => answeredWithResult(j)],
    ['answers errors as one line "Error (CODE): message" with an INVALID_ARGUMENT-class code', (j) => errorShape(j)],
    ['refuses input that is invalid whatever the cluster holds with INVALID_ARGUMENT naming the argument', badInputRefused],
    ['keeps every answer within the output cap', (j) => withinCap(j)],
    ['shows no path of the server machine, stack frame or engine error', (j) => noMachineDetails(j)],
    ['writes an audit record for every call, unknown tools included', (j, call) => audited(j, call.tool)],
    ['never puts the planted Secret value in an answer', (j) => secretNotInAnswer(j)],
    ['never puts the planted Secret value in the audit log', (j) => secretNotInAudit(j)],
  ];

  for (const [name, check] of properties) {
    it(name, async () => {
      const failures = await failuresOf(toolGenerators(), sendCall, check, describeCall);
      expect(failures, `${failures.length} tool(s) break "${name}":\n${failures.join('\n')}`).toEqual([]);
    }, 300_000);
  }
});

describe('malformed tool calls, resource reads and prompt gets under hostile input (fuzz)', () => {
  const generators = () =>
    [
      ['tools/call with malformed params', malformedToolCall, RUNS, REQUEST_EXAMPLES['tools/call with malformed params'] ?? []],
      ['resources/read', resourceRead, RUNS * 2, REQUEST_EXAMPLES['resources/read'] ?? []],
      ['prompts/get', promptGet(target.prompts), RUNS * 2, REQUEST_EXAMPLES['prompts/get'] ?? []],
    ] as const;
  const send = (request: FuzzRequest) => judge(request.method, request.params);
  const properties: [string, (judged: Judged, request: FuzzRequest) => Verdict][] = [
    ['answers every request within the timeout', (j) => answered(j)],
    ['answers errors with -32602 or -32002 and one line without the code inside; malformed params get -32602', (j, r) => protocolErrorShape(j, r.malformed)],
    ['keeps resource text and error messages within the output cap', (j) => withinCap(j)],
    ['shows no path of the server machine, stack frame or engine error', (j) => noMachineDetails(j)],
    ['writes an audit record for every request', (j, r) => audited(j, r.target)],
    ['never puts the planted Secret value in an answer', (j) => secretNotInAnswer(j)],
    ['never puts the planted Secret value in the audit log', (j) => secretNotInAudit(j)],
  ];

  for (const [name, check] of properties) {
    it(name, async () => {
      const failures = await failuresOf(generators(), send, check, describeRequest);
      expect(failures, `${failures.length} request kind(s) break "${name}":\n${failures.join('\n')}`).toEqual([]);
    }, 300_000);
  }
});
