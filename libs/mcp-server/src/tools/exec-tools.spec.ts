import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClusterReader, createNamespacePolicy, type ExecInPodOptions, type ExecResult, loadSnapshot } from '@k8s-mcp/k8s-client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../create-mcp-server.js';
import type { ToolMode } from '../tool-gating.js';
import { parseCommandLine } from './command-line.js';
import type { ToolContext } from './tool-context.js';

describe('parseCommandLine', () => {
  it.each([
    ['cat /etc/hosts', ['cat', '/etc/hosts']],
    ['  ls   -la  ', ['ls', '-la']],
    [`sh -c 'ps aux | grep "x y"'`, ['sh', '-c', 'ps aux | grep "x y"']],
    [`echo "a \\"quoted\\" word" b\\ c`, ['echo', 'a "quoted" word', 'b c']],
    [`printf '' x`, ['printf', '', 'x']],
    ['echo a,b', ['echo', 'a,b']],
    ['["cat", "/etc/resolv.conf"]', ['cat', '/etc/resolv.conf']],
  ])('splits %s', (line, argv) => {
    expect(parseCommandLine(line)).toEqual(argv);
  });

  it.each([
    ['', /the command is empty/],
    ["echo 'unclosed", /single quote is not closed/],
    ['echo "unclosed', /double quote is not closed/],
    ['[1, 2]', /non-empty array of strings/],
    ['[]', /non-empty array of strings/],
    ['[not json', /not a JSON array/],
  ])('refuses %j naming the argument', (line, message) => {
    expect(() => parseCommandLine(line)).toThrow(message);
    expect(() => parseCommandLine(line)).toThrow(/"command"/);
  });
});

const FULL: ToolMode = { allowWrites: true, allowDestructive: true };
let dir: string;
let reader: ClusterReader;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k8s-mcp-exec-'));
  const pod = (name: string, containers: string[], extra: Record<string, unknown> = {}) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', ...extra },
    spec: { containers: containers.map((c) => ({ name: c, image: 'img' })) },
    status: { phase: name === 'done' ? 'Succeeded' : 'Running' },
  });
  const items = [
    pod('single', ['app']),
    pod('multi', ['app', 'sidecar']),
    pod('annotated', ['sidecar', 'app'], { annotations: { 'kubectl.kubernetes.io/default-container': 'app' } }),
    pod('done', ['app']),
    { ...pod('vault-0', ['vault']), metadata: { name: 'vault-0', namespace: 'hidden' } },
  ];
  await writeFile(join(dir, 'pods.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  reader = await loadSnapshot(dir, { policy: createNamespacePolicy({ allowed: [], forbidden: ['hidden'] }), maxResources: 100, defaultNamespace: 'shop' });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function connect(mode: ToolMode, result: Partial<ExecResult> = {}, withExec = true) {
  const calls: ExecInPodOptions[] = [];
  const context: ToolContext = {
    reader,
    defaultNamespace: 'shop',
    maxResources: 100,
    now: Date.now,
    // Records what the tool asks for; the real execInPod is tested on the control plane.
    ...(withExec ? { execInPod: async (o: ExecInPodOptions) => (calls.push(o), { stdout: '', stderr: '', status: 'Success', exitCode: 0, timedOut: false, truncated: false, ...result }) } : {}),
  };
  const server = createMcpServer({ name: 'k8s-mcp', version: 'test', kubernetes: { context, mode } });
  const client = new Client({ name: 'spec', version: '0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(a), client.connect(b)]);
  const call = async (args: Record<string, unknown>) => {
    const r = await client.callTool({ name: 'k8s-exec', arguments: args });
    return { text: (r.content as { text: string }[])[0]?.text ?? '', isError: r.isError === true };
  };
  return { client, call, calls };
}

describe('k8s-exec', () => {
  it('is listed only with both opt-ins, as destructive, and refused at call time otherwise', async () => {
    for (const mode of [{ allowWrites: false, allowDestructive: false }, { allowWrites: true, allowDestructive: false }]) {
      const { client, call, calls } = await connect(mode);
      expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('k8s-exec');
      expect((await call({ name: 'single', command: 'id' })).text).toMatch(/TOOL_DISABLED/);
      expect(calls).toEqual([]);
    }
    const { client } = await connect(FULL);
    const tool = (await client.listTools()).tools.find((t) => t.name === 'k8s-exec');
    expect(tool?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true });
    expect(tool?.inputSchema.required).toEqual(['name', 'command']);
  });

  it('splits the command, picks the container, converts the limits, and delimits the output', async () => {
    const { call, calls } = await connect(FULL, { stdout: 'password=hunter2\n', stderr: 'warning\n', exitCode: 0 });
    const result = await call({ name: 'single', command: `sh -c 'cat /etc/app.conf'`, timeout_seconds: '5', max_output_kb: 2 });
    expect(calls).toEqual([{ namespace: 'shop', pod: 'single', container: 'app', command: ['sh', '-c', 'cat /etc/app.conf'], timeoutMs: 5000, maxOutputBytes: 2048 }]);
    expect(result.isError).toBe(false);
    expect(result.text).toMatch(/^Ran \["sh","-c","cat \/etc\/app.conf"\] in pod shop\/single container app: exit code 0\.\n<untrusted-data kind="exec-stdout" source="pod shop\/single container app">\npassword=hunter2\n<\/untrusted-data>/);
    expect(result.text).toMatch(/<untrusted-data kind="exec-stderr"[^>]*>\nwarning\n<\/untrusted-data>/);
  });

  it('defaults the container like kubectl and says so', async () => {
    const { call, calls } = await connect(FULL);
    expect((await call({ name: 'multi', command: 'id' })).text).toMatch(/container app \(defaulted; pass container to choose\)/);
    await call({ name: 'annotated', command: 'id' });
    await call({ name: 'multi', container: 'sidecar', command: 'id' });
    expect(calls.map((c) => c.container)).toEqual(['app', 'app', 'sidecar']);
  });

  it('answers bad arguments with an isError naming them, before running anything', async () => {
    const { call, calls } = await connect(FULL);
    expect((await call({ name: 'multi', container: 'nope', command: 'id' })).text).toMatch(/INVALID_ARGUMENT.*"container".*"app", "sidecar"/);
    expect((await call({ name: 'single', command: "echo 'open" })).text).toMatch(/INVALID_ARGUMENT.*"command".*quote/);
    expect((await call({ name: 'single', command: 'id', timeout_seconds: 0 })).text).toMatch(/INVALID_ARGUMENT.*"timeout_seconds".*from 1 to 300/);
    expect((await call({ name: 'single' })).text).toMatch(/INVALID_ARGUMENT.*Missing argument "command"/);
    expect((await call({ name: 'no-such-pod', command: 'id' })).text).toMatch(/NOT_FOUND/);
    expect((await call({ name: 'done', command: 'id' })).text).toMatch(/POD_NOT_RUNNING.*phase Succeeded/);
    expect((await call({ name: 'vault-0', namespace: 'hidden', command: 'id' })).text).toMatch(/NAMESPACE_FORBIDDEN/);
    expect(calls).toEqual([]);
  });

  it('reports exit codes, time-outs, truncation and a command that could not run', async () => {
    expect((await (await connect(FULL, { exitCode: 3, status: 'Failure', message: 'exit status 3' })).call({ name: 'single', command: 'false' })).text).toMatch(/: exit code 3\./);
    const slow = await (await connect(FULL, { status: 'unknown', exitCode: undefined, timedOut: true })).call({ name: 'single', command: 'sleep 100', timeout_seconds: 2 });
    expect(slow.text).toMatch(/did not finish within 2s/);
    const big = await (await connect(FULL, { stdout: 'y\n'.repeat(10), truncated: true, status: 'unknown', exitCode: undefined })).call({ name: 'single', command: 'yes' });
    expect(big.text).toMatch(/Output was cut at 64 KiB/);
    const notRun = await (await connect(FULL, { status: 'Failure', exitCode: undefined, message: 'no exec found for container "app"' })).call({ name: 'single', command: 'id' });
    expect(notRun.isError).toBe(true);
    expect(notRun.text).toMatch(/failed: no exec found/);
  });

  it('refuses on a server without exec access (an offline snapshot)', async () => {
    const { call } = await connect(FULL, {}, false);
    expect((await call({ name: 'single', command: 'id' })).text).toMatch(/^Error \(NOT_AVAILABLE\): this server reads an offline snapshot/);
  });
});
