import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { PROMETHEUS_CONTENT_TYPE, renderMetrics } from '../observability/metrics-text';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The worker's `GET /metrics` on `METRICS_PORT`: the process's product metrics and the Temporal SDK's, read from its
 * exporter on the loopback, in one answer. Nothing else is served.
 */
export async function startMetricsServer(options: {
  port: number;
  registries: Registry[];
  sdkMetricsAddress?: string;
}): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    renderMetrics(options).then(
      (text) => res.writeHead(200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE }).end(text),
      (error: unknown) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
