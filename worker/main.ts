import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { connectWithRetry } from '../config/connect-with-retry';
import { loadConfig } from '../config/load-config';
import { createDatabase, isConnectionFailure } from '../db/database';
import { migrate } from '../db/migrate';
import { createInvoiceWorkers, InvoiceWorkers } from './create-worker';
import { createMailSettings } from './mail-settings';
import { startMetricsServer } from './metrics-server';
import { jsonLogFunction } from '../observability/json-logger';
import { sharedMetrics } from '../observability/metrics';
import { reserveLoopbackAddress } from '../observability/sdk-metrics';
import { createTracing } from '../observability/tracing';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The production worker process: configuration from the environment only. SIGINT/SIGTERM stop polling and let the
 * running activities finish within the workers' shutdown grace; the process ends a few seconds after it at the latest.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  for (const warning of config.warnings) console.warn(`WARN ${warning}`);
  // With METRICS_PORT, the SDK's own metrics are exported on the loopback and served with the product's.
  const sdkMetricsAddress = config.metricsPort === undefined ? undefined : await reserveLoopbackAddress();
  // The Runtime shuts the workers down on these signals; the listener below only bounds how long that may take.
  Runtime.install({
    shutdownSignals: [...SIGNALS],
    // The SDK's lines, the workflows' and the activities' (with their workflow id), as JSON.
    logger: new DefaultLogger('INFO', jsonLogFunction),
    ...(sdkMetricsAddress && { telemetryOptions: { metrics: { prometheus: { bindAddress: sdkMetricsAddress } } } }),
  });
  const metricsServer =
    config.metricsPort === undefined
      ? undefined
      : await startMetricsServer({
          port: config.metricsPort,
          registries: [sharedMetrics().registry],
          sdkMetricsAddress,
        });
  if (metricsServer) console.log(`worker metrics on :${metricsServer.port}/metrics`);
  const tracing = createTracing(process.env, 'relance-worker');
  // Workflow interceptors are bundled with the workflows: a bundle built beforehand has them only if built with them.
  if (tracing && process.env.WORKFLOW_BUNDLE_PATH) {
    console.warn(
      'WARN tracing: activities are traced; workflows only if WORKFLOW_BUNDLE_PATH was bundled with tracing',
    );
  }
  const stopping = new AbortController();
  let workers: InvoiceWorkers | undefined;
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      stopping.abort();
      const graceMs = workers
        ? Math.max(workers.main.options.shutdownGraceTimeMs, workers.mail.options.shutdownGraceTimeMs)
        : config.shutdownGraceMs;
      setTimeout(() => {
        console.error(`${signal}: the workers did not stop within their grace of ${graceMs} ms; exiting`);
        process.exit(1);
      }, graceMs + 10_000).unref();
    });
  }

  const db = createDatabase({ connectionString: config.databaseUrl });
  const waitFor = { attempts: Infinity, signal: stopping.signal };
  try {
    await connectWithRetry('PostgreSQL', () => migrate(db), { ...waitFor, retryable: isConnectionFailure });
    const connection = await connectWithRetry(
      'Temporal',
      () => NativeConnection.connect(config.temporal.connectionOptions),
      waitFor,
    );
    const mail = createMailSettings(config);
    try {
      workers = await createInvoiceWorkers({
        connection,
        namespace: config.temporal.namespace,
        workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
        db,
        mail,
        mailRatePerSecond: config.mailRatePerSecond,
        legalTeam: config.legalTeamEmail,
        creditorCountry: config.creditorCountry,
        selfService: config.selfService,
        tracing,
        payloadKeys: config.payloadKeys,
        maxCachedWorkflows: config.maxCachedWorkflows,
      });
      // A signal that came while the workers were being created is honoured now.
      if (stopping.signal.aborted) workers.shutdown();
      console.log(
        `worker polling ${config.temporal.address}/${config.temporal.namespace}, mail at ${config.mailRatePerSecond}/s`,
      );
      await workers.run();
    } finally {
      mail.transport.close();
      await connection.close();
    }
  } catch (error) {
    // Told to stop while still waiting for PostgreSQL or Temporal: nothing ran, nothing failed.
    if (error !== stopping.signal.reason) throw error;
  } finally {
    await db.close();
    await metricsServer?.close();
    await tracing?.shutdown();
  }
  console.log('worker stopped');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
