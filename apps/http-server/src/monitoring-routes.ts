import type Router from '@koa/router';
import { createMonitoringApi, MONITORING_PATHS, type Monitoring } from '@k8s-mcp/metrics';
import type Koa from 'koa';
import { requestMetrics } from './request-metrics.js';

/**
 * Serves the monitoring endpoints of `@k8s-mcp/metrics` (`/metrics` as JSON,
 * `/metrics/history`, `/metrics/summary`, `/metrics/prometheus`, `/performance`, `/alerts`,
 * `/intelligent/status`, `/intelligent/health`) as GET routes on `router`, and records every
 * request of `app` into `monitoring`. Call it before any other `app.use`, so the recorded status
 * is the final one. `guard` runs before each endpoint: the auth middleware when they need the
 * token (auth on, K8S_MCP_MONITORING_PUBLIC off), else nothing.
 */
export function mountMonitoring(app: Koa, router: Router, monitoring: Monitoring, guard?: Koa.Middleware): void {
  app.use(requestMetrics((route, status, seconds) => monitoring.recordApiRequest(route, status, seconds)));
  const handle = createMonitoringApi(monitoring);
  for (const path of MONITORING_PATHS) {
    router.get(path, ...(guard ? [guard] : []), async (ctx) => {
      const reply = await handle(path, new URLSearchParams(ctx.querystring));
      ctx.status = reply.status;
      ctx.body = reply.body;
      ctx.set('Content-Type', reply.contentType);
    });
  }
}
