export { createMcpServer, INFO_TOOL_NAME, type McpServerOptions } from './create-mcp-server.js';
