export { createHttpApp, type HttpAppOptions } from './app.js';
export { startHttpServer, type RunningHttpServer } from './start-http-server.js';
