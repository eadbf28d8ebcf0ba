import { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../api/create-app';
import { createTemporalGateway } from '../api/temporal/temporal-gateway';
import { createDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { startEmbeddedPostgres } from '../dev/embedded-postgres';
import { freePort } from '../dev/free-port';
import { resolveTemporalCli } from '../dev/temporal-cli';
import { startTemporalDevServer } from '../dev/temporal-dev-server';

export const BENCH_KEY = 'ops-key-for-benchmarks-only';

/**
 * The API over HTTP on a fresh Temporal dev server and a fresh embedded PostgreSQL. No worker runs: what is measured
 * is the API's path (validation, the invoice row, the workflow start), not the collection that follows.
 */
export async function startLocalApi(): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'relance-bench-'));
  const cli = await resolveTemporalCli();
  const [temporalPort, pgPort] = [await freePort(), await freePort()];
  const [server, postgres] = await Promise.all([
    startTemporalDevServer({ cliPath: cli.path, port: temporalPort }),
    startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: pgPort }),
  ]);
  const db = createDatabase({ connectionString: postgres.url('postgres'), max: 10 });
  await migrate(db);
  const temporal = createTemporalGateway({ connection: { address: server.address }, namespace: server.namespace });
  const app = createApp({
    db,
    temporal,
    config: {
      apiKeys: [{ name: 'bench', role: 'ops', secret: BENCH_KEY }],
      // The benchmark measures the API's own pace: no limit stands in its way.
      rateLimit: { perKey: { limit: 0, windowMs: 10_000 }, perAddress: { limit: 0, windowMs: 10_000 } },
    },
    logger: { info: () => undefined, warn: () => undefined, error: console.error },
  });
  const http = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => http.once('listening', () => resolve()));
  const { port } = http.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await Promise.allSettled([db.close(), temporal.close()]);
      await Promise.allSettled([server.stop(), postgres.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
