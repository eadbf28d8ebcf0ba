import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { productProcess, sleep, waitForApi, writeWorkflowBundle } from '../../scripts/fault/product-processes';
import type { SupervisedProcess, UnexpectedExit } from '../../scripts/fault/supervised-process';
import { INVOICE_TASK_QUEUE } from '../../workflows/routing';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../embedded-postgres';
import { freePort } from '../free-port';
import { SmtpSink, startSmtpSink } from '../smtp-sink';
import type { TemporalServerBinaries } from '../temporal-server';
import { startTemporalCluster } from './temporal-cluster';
import { TEMPORAL_NAMESPACE } from './temporal-settings';

export interface ClusterStackOptions {
  binaries: TemporalServerBinaries;
  distDir: string;
  workDir: string;
  workers: number;
  apis: number;
  log: (line: string) => void;
}

/** Production's processes on one machine: one Temporal server on PostgreSQL, N workers and N API replicas. */
export interface ClusterStack {
  apiUrls: string[];
  keys: { ops: string; payments: string };
  webhookSecret: string;
  temporalAddress: string;
  databaseUrl: string;
  workers: SupervisedProcess[];
  apis: SupervisedProcess[];
  temporalServer: SupervisedProcess;
  relay: SmtpSink;
  unexpectedExits: UnexpectedExit[];
  /** Seconds each part took to start, in order. */
  startup: { part: string; seconds: number }[];
  logDir: string;
  stop(): Promise<void>;
}

const secret = () => randomBytes(24).toString('hex');

export async function startClusterStack(options: ClusterStackOptions): Promise<ClusterStack> {
  const { distDir, workDir, log } = options;
  const logDir = path.join(workDir, 'logs');
  await mkdir(logDir, { recursive: true });
  const startup: ClusterStack['startup'] = [];
  const timed = async <T>(part: string, step: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await step();
    startup.push({ part, seconds: (Date.now() - started) / 1000 });
    log(`${part}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  const unexpectedExits: UnexpectedExit[] = [];
  const onUnexpectedExit = (exit: UnexpectedExit) => {
    unexpectedExits.push(exit);
    log(`!! ${exit.name} exited by itself (code ${exit.code}, signal ${exit.signal}); restarting it`);
  };

  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const pgPort = await freePort();
    const postgres: EmbeddedPostgresHandle = await timed('PostgreSQL (embedded)', async () => {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'postgres'), port: pgPort, log });
      await pg.createDatabase('relance');
      return pg;
    });
    stops.push(() => postgres.stop());

    const cluster = await startTemporalCluster({
      binaries: options.binaries,
      // The user initdb made; the server's stores are databases of their own beside the product's.
      sql: { host: '127.0.0.1', port: pgPort, user: 'relance', password: 'relance' },
      workDir: path.join(workDir, 'temporal'),
      onUnexpectedExit,
      log,
    });
    stops.push(async () => {
      await cluster.server.stop();
      await cluster.server.closeLog();
    });
    startup.push(...cluster.timings);

    const relay = await timed('SMTP sink', () =>
      startSmtpSink({ smtpPort: 0, httpPort: 0, storeDir: path.join(workDir, 'mail') }),
    );
    stops.push(() => relay.stop());
    const bundlePath = await timed('workflow bundle', () => writeWorkflowBundle(distDir, workDir, log));

    const keys = { ops: secret(), payments: secret() };
    const webhookSecret = secret();
    const apiPorts = await Promise.all(Array.from({ length: options.apis }, () => freePort()));
    const apiUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);
    const databaseUrl = postgres.url('relance');
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: cluster.address,
      TEMPORAL_NAMESPACE,
      DATABASE_URL: databaseUrl,
      SMTP_URL: relay.smtpUrl,
      MAIL_FROM: 'Relance <relance@cluster.test>',
      API_KEYS: `cluster-ops:ops=${keys.ops},cluster-payments:payments=${keys.payments}`,
      WEBHOOK_SECRET: webhookSecret,
      PUBLIC_URL: apiUrls[0],
      SELF_SERVICE_SECRET: secret(),
      PAYLOAD_ENCRYPTION_KEYS: `cluster-1:${randomBytes(32).toString('base64')}`,
      // One client drives every invoice of the run: the per-key limit would measure the harness, not the product.
      RATE_LIMIT_PER_KEY: '5000/10s',
    };
    const processes = { distDir, logDir, env, onUnexpectedExit };
    const workers: SupervisedProcess[] = [];
    for (let i = 1; i <= options.workers; i++) {
      workers.push(
        productProcess(`worker-${i}`, 'worker', processes, {
          WORKFLOW_BUNDLE_PATH: bundlePath,
          MAIL_RATE_PER_SECOND: '50',
          METRICS_PORT: String(await freePort()),
        }),
      );
    }
    const apis = apiPorts.map((port, i) => productProcess(`api-${i + 1}`, 'api', processes, { PORT: String(port) }));
    stops.push(() => Promise.allSettled([...apis, ...workers].map((p) => p.stop().then(() => p.closeLog()))));
    await timed(`${workers.length} workers and ${apis.length} API replicas (ready)`, async () => {
      for (const started of [...workers, ...apis]) started.start();
      await Promise.all(apiUrls.map((url) => waitForApi(url, keys.ops)));
      await waitForPollers(cluster.address, workers.length);
    });

    return {
      apiUrls,
      keys,
      webhookSecret,
      temporalAddress: cluster.address,
      databaseUrl,
      workers,
      apis,
      temporalServer: cluster.server,
      relay,
      unexpectedExits,
      startup,
      logDir,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Waits until `count` distinct workers poll the invoice task queue: each has connected and registered. */
async function waitForPollers(address: string, count: number, timeoutMs = 120_000): Promise<void> {
  const connection = await Connection.connect({ address });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const queue = await connection.workflowService.describeTaskQueue({
        namespace: TEMPORAL_NAMESPACE,
        taskQueue: { name: INVOICE_TASK_QUEUE, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      const identities = new Set((queue.pollers ?? []).map((p) => p.identity));
      if (identities.size >= count) return;
      if (Date.now() > deadline) throw new Error(`${identities.size} of ${count} workers poll ${INVOICE_TASK_QUEUE}`);
      await sleep(500);
    }
  } finally {
    await connection.close();
  }
}
