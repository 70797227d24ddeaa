export { createHttpApp, type HttpApp, type HttpAppOptions } from './app.js';
export type { McpSessions, McpTransportName } from './mcp-routes.js';
export { startHttpServer, type RunningHttpServer } from './start-http-server.js';
