import { createServer, Server } from 'node:http';
import { connectWithRetry } from '../config/connect-with-retry';
import { loadConfig } from '../config/load-config';
import { createDatabase, isConnectionFailure, untilMigrated } from '../db/database';
import { migrate } from '../db/migrate';
import { createApp } from './create-app';
import { staleRateWarnings } from './rates/rates-router';
import { createTemporalGateway } from './temporal/temporal-gateway';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { jsonLogFunction } from '../observability/json-logger';
import { reserveLoopbackAddress } from '../observability/sdk-metrics';
import { createTracing } from '../observability/tracing';

/**
 * The production API process: configuration from the environment only. It listens at once, so liveness answers, but it
 * is ready (and serves the API) only once the database is migrated; SIGTERM or SIGINT ends it within SHUTDOWN_GRACE.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  for (const warning of config.warnings) console.warn(`WARN ${warning}`);
  if (config.apiKeys.length === 0)
    console.warn('WARN API_KEYS is empty: only keys created with `npm run keys -- create` are accepted');
  // The SDK measures the API's calls to Temporal (native connection below) and exports them on the loopback, for
  // GET /metrics to append. No shutdown signals: on SIGTERM the API drains its requests before it closes the connection.
  const sdkMetricsAddress = await reserveLoopbackAddress();
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger('WARN', jsonLogFunction),
    telemetryOptions: { metrics: { prometheus: { bindAddress: sdkMetricsAddress } } },
  });
  const tracing = createTracing(process.env, 'relance-api');
  const db = createDatabase({ connectionString: config.databaseUrl });
  const temporal = createTemporalGateway({
    connection: config.temporal.connectionOptions,
    namespace: config.temporal.namespace,
    payloadKeys: config.payloadKeys,
    native: true,
    interceptors: tracing ? [new OpenTelemetryWorkflowClientInterceptor()] : [],
  });
  let migrated = false;
  const app = createApp({ db: untilMigrated(db, () => migrated), temporal, config, sdkMetricsAddress });
  const stopping = new AbortController();
  const server = createServer((req, res) => {
    // Keep-alive clients learn with their answer that this connection ends, and reconnect to another replica.
    if (stopping.signal.aborted) res.setHeader('Connection', 'close');
    app(req, res);
  });
  server.listen(config.port, () => console.log(`Relance API listening on :${config.port}`));

  const stop = (reason: string) => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    console.log(`${reason}: finishing requests in flight (at most ${config.shutdownGraceMs} ms)`);
    // Whatever still holds the event loop (a hung close) does not keep the process past its grace for long.
    setTimeout(() => {
      console.error('still running after the shutdown grace: exiting');
      process.exit(process.exitCode ?? 1);
    }, config.shutdownGraceMs + 5_000).unref();
    void closeServer(server, config.shutdownGraceMs)
      .then(() => Promise.allSettled([db.close(), temporal.close(), tracing?.shutdown()]))
      .then(() => console.log('Relance API stopped'));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  // The worker may migrate at the same moment: migrate() holds an advisory lock, so one of them applies each file.
  connectWithRetry('PostgreSQL', () => migrate(db), {
    attempts: Infinity,
    retryable: isConnectionFailure,
    signal: stopping.signal,
  }).then(
    (applied) => {
      migrated = true;
      console.log(applied.length ? `migrations applied: ${applied.join(', ')}; ready` : 'database up to date; ready');
      void staleRateWarnings(db, new Date().toISOString().slice(0, 10)).then(
        (warnings) => warnings.forEach((warning) => console.warn(`WARN ${warning}`)),
        (error: unknown) => console.warn(`WARN rate tables could not be checked: ${String(error)}`),
      );
    },
    (error: unknown) => {
      if (stopping.signal.aborted) return;
      console.error('the database cannot be migrated:', error);
      process.exitCode = 1;
      stop('migration failed');
    },
  );
}

/**
 * Stops accepting, lets requests in flight finish, closes keep-alive connections as soon as they are idle, and after
 * `graceMs` closes whatever is left. Resolves once no connection remains.
 */
function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const force = setTimeout(() => {
      console.warn(`shutdown grace of ${graceMs} ms over: closing the connections still open`);
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
