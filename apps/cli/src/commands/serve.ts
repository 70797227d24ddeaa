import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Command } from '../command.js';
import { withRuntime } from '../open-runtime.js';
import type { OptionSpec } from '../parse-args.js';
import { UsageError } from '../usage-error.js';
import { serveHttp } from './serve-http.js';

// Shorthands for the HTTP server's bind settings; they mean nothing to stdio.
const HTTP_OPTIONS: readonly OptionSpec[] = [
  { name: 'port', type: 'integer', min: 1, valueName: '<port>', description: 'serve http: port to listen on (K8S_MCP_PORT, default 8766).', configFlag: '--k8s-mcp-port' },
  {
    name: 'host',
    type: 'string',
    valueName: '<address>',
    description: 'serve http: address to bind (K8S_MCP_HOST, default localhost); beyond loopback it needs auth tokens.',
    configFlag: '--k8s-mcp-host',
  },
];

/** `k8s-mcp serve stdio|http`: the MCP server over stdin/stdout, or the HTTP server app. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve MCP over stdio (for desktop clients) or HTTP (/sse, /mcp, monitoring).',
  synopsis: '<stdio|http> [options]',
  description: `serve stdio: serves the MCP tools over newline-delimited JSON-RPC on stdin/stdout until stdin
closes. Only protocol goes to stdout; logs and the banner go to stderr. Configure a desktop
client with the command "k8s-mcp" and the arguments ["serve", "stdio", ...options].

serve http: runs the HTTP server app (@k8s-mcp/http-server: legacy SSE at /sse, Streamable HTTP
at /mcp, auth, /health and monitoring) as a child process, on the cluster the other commands
would use: the options below become its configuration flags, and it gets the same environment
and .env. Its banner and logs go to stderr. SIGINT/SIGTERM drain its sessions; the exit code is
then 0, 2 when it refuses its configuration, 1 for any other failure. It needs the server app
built ("npm run build" in the repository) or installed beside this package.`,
  options: HTTP_OPTIONS,
  usesCluster: true,
  examples: [
    'k8s-mcp serve stdio --context prod --k8s-mcp-allow-writes=false',
    'k8s-mcp serve stdio --snapshot cluster.json',
    'k8s-mcp serve http --context prod --port 9000',
    'K8S_MCP_AUTH_TOKENS=$(openssl rand -hex 32) k8s-mcp serve http --host 0.0.0.0 --k8s-mcp-stateless',
  ],
  async run(context) {
    const { args, io } = context;
    const [transport, ...extra] = args.positionals;
    if (transport === undefined) throw new UsageError('k8s-mcp serve: name a transport: k8s-mcp serve stdio or k8s-mcp serve http');
    if (extra.length > 0) throw new UsageError(`k8s-mcp serve: unexpected argument ${JSON.stringify(extra[0])}`);
    if (transport === 'http') return serveHttp(context);
    if (transport !== 'stdio') throw new UsageError(`k8s-mcp serve: unknown transport ${JSON.stringify(transport)}; use stdio or http`);
    const httpOnly = HTTP_OPTIONS.find((o) => args.has(o.name));
    if (httpOnly) throw new UsageError(`k8s-mcp serve stdio: --${httpOnly.name} applies to serve http only`);
    const stdio = io.stdio;
    if (!stdio) throw new Error('k8s-mcp serve stdio: no stdin/stdout streams were given');
    await withRuntime(context, async ({ runtime }) => {
      const server = runtime.createMcpServer({ transport: 'stdio' });
      const channel = new StdioServerTransport(stdio.input, stdio.output);
      channel.onerror = (error) => void io.stderr.write(`k8s-mcp: stdio transport error: ${error.message}\n`);
      const ended = new Promise<void>((done) => {
        stdio.input.once('end', done);
        stdio.input.once('close', done);
      });
      await server.connect(channel);
      io.stderr.write(`k8s-mcp ${io.version}: serving MCP on stdio; cluster: ${runtime.clusterDescription}; namespace: ${runtime.namespace}\n`);
      await ended;
      await server.close();
    }, { waitForSync: false, quiet: false });
  },
};
