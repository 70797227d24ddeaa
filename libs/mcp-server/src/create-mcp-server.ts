import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';

/** Identity of the server, reported to clients in `initialize` and by the `k8s-mcp-info` tool. */
export interface McpServerOptions {
  /** Server name, e.g. `k8s-mcp`. */
  readonly name: string;
  /** Server version, e.g. the package version. */
  readonly version: string;
}

/** Name of the tool that reports the server's identity. */
export const INFO_TOOL_NAME = 'k8s-mcp-info';

/**
 * Creates a new MCP server with the k8s-mcp tools registered. The SDK binds one McpServer to one
 * transport (connecting a second throws "Already connected"), so call this once per session or
 * per stateless request.
 *
 * Tools so far: `k8s-mcp-info` (read-only) returns `{ name, version }` as JSON text and as
 * structured content.
 */
export function createMcpServer(options: McpServerOptions): McpServer {
  const server = new McpServer({ name: options.name, version: options.version });
  server.registerTool(
    INFO_TOOL_NAME,
    {
      title: 'k8s-mcp server info',
      description: 'Returns the name and version of this k8s-mcp server. Takes no arguments and does not touch the cluster.',
      outputSchema: { name: z.string(), version: z.string() },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    () => {
      const info = { name: options.name, version: options.version };
      return { content: [{ type: 'text', text: JSON.stringify(info) }], structuredContent: info };
    },
  );
  return server;
}
