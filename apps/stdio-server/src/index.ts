export { serveStdio, type ServeStdioOptions, type StdioLog } from './serve-stdio.js';
