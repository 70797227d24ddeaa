export { createHttpApp, type HttpApp, type HttpAppOptions } from './app.js';
export type { McpSessions } from './mcp-routes.js';
export { startHttpServer, type RunningHttpServer } from './start-http-server.js';
