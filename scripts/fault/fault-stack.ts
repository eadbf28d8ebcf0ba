import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../../dev/embedded-postgres';
import { freePort } from '../../dev/free-port';
import { SmtpSink, StoredMessage, startSmtpSink } from '../../dev/smtp-sink';
import { resolveTemporalCli } from '../../dev/temporal-cli';
import { registerSearchAttributes } from '../../dev/temporal-dev-server';
import { productProcess, waitForApi, waitForTemporal, writeWorkflowBundle } from './product-processes';
import { SupervisedProcess, UnexpectedExit } from './supervised-process';

export { sleep } from './product-processes';

export interface FaultStackOptions {
  /** The compiled product (`npm run build` writes `dist/`). */
  distDir: string;
  /** Where this run keeps Temporal's file, PostgreSQL's cluster, the relay's messages and every process's log. */
  workDir: string;
  workers: number;
  mailRatePerSecond: number;
  log: (line: string) => void;
}

/** The production topology on one machine, every part of which the harness can kill, stop and bring back. */
export interface FaultStack {
  apiUrl: string;
  keys: { ops: string; payments: string };
  webhookSecret: string;
  temporalAddress: string;
  databaseUrl: string;
  workers: SupervisedProcess[];
  api: SupervisedProcess;
  temporal: SupervisedProcess;
  /** Waits until a (re)started Temporal server answers. */
  temporalReady(): Promise<void>;
  relay: { stop(): Promise<void>; start(): Promise<void>; messages(): StoredMessage[] };
  postgres: { stop(): Promise<void>; start(): Promise<void> };
  unexpectedExits: UnexpectedExit[];
  stop(): Promise<void>;
}

const secret = () => randomBytes(24).toString('hex');

export async function startFaultStack(options: FaultStackOptions): Promise<FaultStack> {
  const { distDir, workDir, log } = options;
  const logDir = path.join(workDir, 'logs');
  await mkdir(logDir, { recursive: true });
  const unexpectedExits: UnexpectedExit[] = [];
  const onUnexpectedExit = (exit: UnexpectedExit) => {
    unexpectedExits.push(exit);
    log(`!! ${exit.name} exited by itself (code ${exit.code}, signal ${exit.signal}); restarting it`);
  };
  const [temporalPort, pgPort, smtpPort, apiPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];

  const cli = await resolveTemporalCli({ log });
  const temporalAddress = `127.0.0.1:${temporalPort}`;
  const temporal = new SupervisedProcess({
    name: 'temporal',
    command: cli.path,
    args: [
      ...['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(temporalPort), '--headless'],
      ...['--log-level', 'warn', '--http-port', '0', '--metrics-port', '0'],
      ...['--db-filename', path.join(workDir, 'temporal.db')],
    ],
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    logFile: path.join(logDir, 'temporal.log'),
    onUnexpectedExit,
  });
  const temporalReady = () => waitForTemporal(temporalAddress);
  temporal.start();

  const pgDir = path.join(workDir, 'postgres');
  let postgres: EmbeddedPostgresHandle = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort, log });
  await postgres.createDatabase('relance');
  const databaseUrl = postgres.url('relance');

  const mailDir = path.join(workDir, 'mail');
  let relay: SmtpSink | undefined = await startSmtpSink({ smtpPort, httpPort: 0, storeDir: mailDir });
  let lastMessages: StoredMessage[] = [];

  const bundlePath = await writeWorkflowBundle(distDir, workDir, log);
  await temporalReady();
  await registerSearchAttributes(temporalAddress, 'default');

  const keys = { ops: secret(), payments: secret() };
  const webhookSecret = secret();
  const common = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    DATABASE_URL: databaseUrl,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: 'Relance <relance@fault.test>',
    API_KEYS: `ops=${keys.ops},payments=${keys.payments}`,
    WEBHOOK_SECRET: webhookSecret,
  };
  const processes = { distDir, logDir, env: common, onUnexpectedExit };
  const workers: SupervisedProcess[] = [];
  for (let i = 1; i <= options.workers; i++) {
    workers.push(
      productProcess(`worker-${i}`, 'worker', processes, {
        WORKFLOW_BUNDLE_PATH: bundlePath,
        MAIL_RATE_PER_SECOND: String(options.mailRatePerSecond),
        METRICS_PORT: String(await freePort()),
      }),
    );
  }
  const api = productProcess('api', 'api', processes, { PORT: String(apiPort) });
  for (const worker of workers) worker.start();
  api.start();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitForApi(apiUrl, keys.ops);
  log(`stack up: API ${apiUrl}, Temporal ${temporalAddress}, PostgreSQL :${pgPort}, SMTP :${smtpPort}, logs ${logDir}`);

  return {
    apiUrl,
    keys,
    webhookSecret,
    temporalAddress,
    databaseUrl,
    workers,
    api,
    temporal,
    temporalReady,
    unexpectedExits,
    relay: {
      async stop() {
        const stopping = relay;
        relay = undefined;
        if (!stopping) return;
        lastMessages = stopping.messages();
        await stopping.stop();
      },
      async start() {
        relay ??= await startSmtpSink({ smtpPort, httpPort: 0, storeDir: mailDir });
      },
      messages: () => relay?.messages() ?? lastMessages,
    },
    postgres: {
      stop: () => postgres.stop(),
      async start() {
        postgres = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort, log });
      },
    },
    async stop() {
      await Promise.allSettled([api.stop(), ...workers.map((w) => w.stop())]);
      await temporal.stop();
      await Promise.allSettled([postgres.stop(), relay?.stop()]);
      await Promise.allSettled([api, temporal, ...workers].map((p) => p.closeLog()));
    },
  };
}
