import { createServer } from 'node:net';

/**
 * An address on the loopback for the Temporal SDK's own Prometheus exporter, which `GET /metrics` reads and appends to
 * the product's metrics: Prometheus scrapes one endpoint per process. The port is free when chosen; the Runtime binds it
 * at once.
 */
export async function reserveLoopbackAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `127.0.0.1:${port}`;
}

/** The SDK's metrics in Prometheus text, or a comment saying why not: a slow exporter never fails the scrape. */
export async function fetchSdkMetrics(bindAddress: string, timeoutMs = 2_000): Promise<string> {
  try {
    const response = await fetch(`http://${bindAddress}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return `# temporal SDK metrics unavailable: HTTP ${response.status}\n`;
    return await response.text();
  } catch (error) {
    return `# temporal SDK metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`;
  }
}
