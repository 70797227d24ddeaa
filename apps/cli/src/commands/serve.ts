import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Command } from '../command.js';
import { withRuntime } from '../open-runtime.js';
import { UsageError } from '../usage-error.js';

// Apps never import each other (module boundaries), and Koa belongs to the HTTP server app only,
// so the CLI does not bundle a second, lesser HTTP server: it points at the real one.
const HTTP_ADVICE = `the HTTP server (legacy SSE at /sse, Streamable HTTP at /mcp, auth, monitoring) is its own app,
@k8s-mcp/http-server, and is not part of the k8s-mcp command: start it with "npm start" in the
k8s-mcp repository, or "node apps/http-server/dist/main.js [options]" after "npm run build";
it takes the same configuration flags and environment variables.`;

/** `k8s-mcp serve stdio`: the MCP server over stdin/stdout; `serve http` points at the HTTP app. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve MCP over stdio (for desktop clients); "serve http" explains how to start the HTTP server.',
  synopsis: '<stdio|http> [options]',
  description: `serve stdio: serves the MCP tools over newline-delimited JSON-RPC on stdin/stdout until stdin
closes. Only protocol goes to stdout; logs and the banner go to stderr. Configure a desktop
client with the command "k8s-mcp" and the arguments ["serve", "stdio", ...options].

serve http: ${HTTP_ADVICE}`,
  options: [],
  usesCluster: true,
  examples: ['k8s-mcp serve stdio --context prod --k8s-mcp-allow-writes=false', 'k8s-mcp serve stdio --snapshot cluster.json'],
  async run(context) {
    const { args, io } = context;
    const [transport, ...extra] = args.positionals;
    if (transport === undefined) throw new UsageError('k8s-mcp serve: name a transport: k8s-mcp serve stdio (or see k8s-mcp serve --help for http)');
    if (extra.length > 0) throw new UsageError(`k8s-mcp serve: unexpected argument ${JSON.stringify(extra[0])}`);
    if (transport === 'http') throw new UsageError(`k8s-mcp serve http: ${HTTP_ADVICE}`);
    if (transport !== 'stdio') throw new UsageError(`k8s-mcp serve: unknown transport ${JSON.stringify(transport)}; use stdio (or see k8s-mcp serve --help for http)`);
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
    });
  },
};
