import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Queryable } from '../../db/database';
import { createInvoiceStagesRegistry } from '../../observability/invoice-stages';
import type { RelanceMetrics } from '../../observability/metrics';
import { PROMETHEUS_CONTENT_TYPE, renderMetrics } from '../../observability/metrics-text';

/**
 * Times every request into `relance_http_request_duration_seconds`, labelled by the route's pattern
 * (`/v1/invoices/:id`), never the path itself; a request no route matched (404, or refused before routing) is
 * `unmatched`.
 */
export function createHttpMetrics(metrics: RelanceMetrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const stop = metrics.httpRequestDuration.startTimer();
    res.once('finish', () => stop({ method: req.method, route: routePattern(req), status: String(res.statusCode) }));
    next();
  };
}

/**
 * The pattern of the route that answered, with the mount path of its router. Express restores `baseUrl` once a
 * request leaves a router (an error passed on), so the mount is read off the original path instead: as many leading
 * segments as the path has beyond the route's own.
 */
export function routePattern(req: Request): string {
  const route = (req as { route?: { path?: unknown } }).route;
  if (!route || typeof route.path !== 'string') return 'unmatched';
  const segments = (path: string) => path.split('/').filter(Boolean);
  const own = segments(route.path);
  const path = segments(req.originalUrl.split('?')[0] ?? '');
  const mount = path.slice(0, Math.max(0, path.length - own.length));
  return `/${[...mount, ...own].join('/')}`;
}

/** `GET /metrics`: the process's product metrics, the invoices by stage read now, and the Temporal SDK's metrics. */
export function createMetricsRouter(deps: { metrics: RelanceMetrics; db: Queryable; sdkMetricsAddress?: string }) {
  const stages = createInvoiceStagesRegistry(deps.db);
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const text = await renderMetrics({
      registries: [deps.metrics.registry, stages],
      sdkMetricsAddress: deps.sdkMetricsAddress,
    });
    res.setHeader('Content-Type', PROMETHEUS_CONTENT_TYPE);
    res.send(text);
  });
  return router;
}
