export { serveStdio, type ServeStdioOptions } from './serve-stdio.js';
