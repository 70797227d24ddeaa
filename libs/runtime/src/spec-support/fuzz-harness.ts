import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@k8s-mcp/config';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { CallToolResultSchema, type CallToolResult, ResultSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { type Runtime, startRuntime } from '../start-runtime.js';
import { writePlantedSnapshot } from './fuzz-secrets.js';
import { encodeJson, JsonWireTransport } from './fuzz-wire.js';

/** What one request did, as a client and an auditor would see it. */
export interface Observation {
  /** The JSON-RPC request exactly as sent. */
  readonly request: string;
  /** Every message the server sent while the request ran, as JSON text. */
  readonly answer: string;
  /** The tool result, when the server answered a `tools/call` with one. */
  readonly result?: CallToolResult;
  /** The result of any other method. */
  readonly other?: Record<string, unknown>;
  /** The JSON-RPC error, when the server answered with one (or the client gave up). */
  readonly protocolError?: { readonly code: number; readonly message: string };
  /** No answer within the per-call timeout. */
  readonly timedOut: boolean;
  /** Audit log lines the request added. */
  readonly audit: readonly string[];
  /** Warnings and errors the runtime logged meanwhile (e.g. a failed audit write). */
  readonly logged: readonly string[];
  readonly ms: number;
}

/** A running fuzz target: the planted demo snapshot served over an in-memory JSON wire. */
export interface FuzzTarget {
  readonly tools: readonly Tool[];
  readonly prompts: readonly string[];
  /** Output cap of tool results, in bytes (K8S_MCP_MAX_OUTPUT_KB). */
  readonly maxOutputBytes: number;
  /** Folders of this machine that must never appear in an answer (repo, snapshot, home). */
  readonly machinePaths: readonly string[];
  /** Sends one request (memoised by its exact text, so properties sharing a seed share calls). */
  request(method: string, params: unknown): Promise<Observation>;
  /** How many requests really went to the server. */
  readonly calls: () => number;
  close(): Promise<void>;
}

/** Options of {@link startFuzzTarget}. */
export interface FuzzTargetOptions {
  readonly maxOutputKb: number;
  readonly timeoutMs: number;
  /** The repository root, which must not appear in answers. */
  readonly repoRoot: string;
  readonly homedir: string;
}

/**
 * Starts the runtime on a copy of the bundled demo cluster with a planted Secret (offline, no
 * control plane), with writes and destructive tools enabled, `monitoring` forbidden and the file
 * audit sink writing to a temporary folder, and connects an SDK client over a JSON wire.
 */
export async function startFuzzTarget(options: FuzzTargetOptions): Promise<FuzzTarget> {
  const dir = await mkdtemp(join(tmpdir(), 'k8s-mcp-fuzz-'));
  const snapshot = await writePlantedSnapshot(dir);
  const auditPath = join(dir, 'audit.log');
  const env = {
    K8S_MCP_SNAPSHOT: snapshot,
    K8S_MCP_ALLOW_WRITES: 'true',
    K8S_MCP_ALLOW_DESTRUCTIVE: 'true',
    K8S_FORBIDDEN_NAMESPACES: 'monitoring',
    K8S_NAMESPACE: 'shop',
    K8S_AUDIT_ENABLED: 'true',
    K8S_AUDIT_LOG: auditPath,
    K8S_MCP_MAX_OUTPUT_KB: String(options.maxOutputKb),
  };
  const config = loadConfig({ argv: [], env, readFile: () => '', cwd: dir, homedir: options.homedir, envFile: false });
  const logged: string[] = [];
  const runtime: Runtime = await startRuntime({
    config,
    server: { name: 'k8s-mcp', version: 'fuzz' },
    log: (level, message) => {
      if (level !== 'info') logged.push(`[${level}] ${message}`);
    },
    now: () => Date.parse('2026-11-22T00:00:00Z'),
  });
  const server = runtime.createMcpServer({ transport: 'memory', caller: 'fuzz' });
  const [clientEnd, serverEnd] = InMemoryTransport.createLinkedPair();
  const wire = new JsonWireTransport(clientEnd);
  const client = new Client({ name: 'fuzz', version: '0' });
  await Promise.all([server.connect(serverEnd), client.connect(wire)]);
  const tools = (await client.listTools()).tools;
  const prompts = (await client.listPrompts()).prompts.map((p) => p.name);

  let auditFd: number | undefined;
  let auditOffset = 0;
  const readAudit = (): string[] => {
    try {
      auditFd ??= openSync(auditPath, 'r');
    } catch {
      return []; // nothing written yet
    }
    const size = fstatSync(auditFd).size;
    if (size <= auditOffset) return [];
    const buf = Buffer.alloc(size - auditOffset);
    readSync(auditFd, buf, 0, buf.length, auditOffset);
    auditOffset = size;
    return buf.toString('utf8').split('\n').filter((l) => l !== '');
  };

  const memo = new Map<string, Observation>();
  let calls = 0;
  const send = async (method: string, params: unknown): Promise<Observation> => {
    calls++;
    const sentBefore = wire.sent.length;
    const answersBefore = wire.answers.length;
    const loggedBefore = logged.length;
    readAudit();
    const started = performance.now();
    let result: CallToolResult | undefined;
    let other: Record<string, unknown> | undefined;
    let protocolError: { code: number; message: string } | undefined;
    let timedOut = false;
    try {
      const schema = method === 'tools/call' ? CallToolResultSchema : ResultSchema;
      const answer = await client.request({ method, params } as never, schema, { timeout: options.timeoutMs });
      if (method === 'tools/call') result = answer as CallToolResult;
      else other = answer as Record<string, unknown>;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const message = error instanceof Error ? error.message : String(error);
      if (code === -32001) timedOut = true;
      protocolError = { code: typeof code === 'number' ? code : 0, message };
    }
    return {
      request: wire.sent.slice(sentBefore).join('\n'),
      answer: wire.answers.slice(answersBefore).join('\n'),
      ...(result ? { result } : {}),
      ...(other ? { other } : {}),
      ...(protocolError ? { protocolError } : {}),
      timedOut,
      audit: readAudit(),
      logged: logged.slice(loggedBefore),
      ms: performance.now() - started,
    };
  };

  return {
    tools,
    prompts,
    maxOutputBytes: options.maxOutputKb * 1024,
    machinePaths: [options.repoRoot, dir, options.homedir].filter((p) => p.length > 1),
    async request(method, params) {
      const key = createHash('sha256').update(method).update('\0').update(encodeJson(params)).digest('hex');
      const seen = memo.get(key);
      if (seen) return seen;
      const observation = await send(method, params);
      memo.set(key, observation);
      return observation;
    },
    calls: () => calls,
    async close() {
      await client.close();
      await runtime.close();
      if (auditFd !== undefined) closeSync(auditFd);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
