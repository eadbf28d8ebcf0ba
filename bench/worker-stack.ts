import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createTransport } from 'nodemailer';
import type { MailSettings } from '../activities/contracts';
import { createDatabase, Database } from '../db/database';
import { migrate } from '../db/migrate';
import { startEmbeddedPostgres } from '../dev/embedded-postgres';
import { freePort } from '../dev/free-port';
import { SmtpSink, startSmtpSink } from '../dev/smtp-sink';
import { resolveTemporalCli } from '../dev/temporal-cli';
import { startTemporalDevServer } from '../dev/temporal-dev-server';
import { createInvoiceWorkers, workflowsPath } from '../worker/create-worker';

export interface WorkerStack {
  db: Database;
  client: Client;
  sink: SmtpSink;
  taskQueue: string;
  mail: MailSettings;
}

/**
 * A fresh Temporal dev server, embedded PostgreSQL and recording SMTP sink, with the production workers on them: what
 * a benchmark of collection itself (not only the API) measures against. Everything is torn down after `run`.
 */
export async function withWorkerStack<T>(
  options: { mailRatePerSecond: number; mailConcurrency?: number },
  run: (stack: WorkerStack) => Promise<T>,
): Promise<T> {
  installQuietRuntime();
  const dir = await mkdtemp(path.join(tmpdir(), 'relance-bench-'));
  const cli = await resolveTemporalCli();
  const [temporalPort, pgPort] = [await freePort(), await freePort()];
  const [server, postgres, sink] = await Promise.all([
    startTemporalDevServer({ cliPath: cli.path, port: temporalPort }),
    startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: pgPort }),
    startSmtpSink({ smtpPort: 0, httpPort: 0 }),
  ]);
  const db = createDatabase({ connectionString: postgres.url('postgres'), max: 20 });
  const connection = await NativeConnection.connect({ address: server.address });
  try {
    await migrate(db);
    const bundlePath = path.join(dir, 'workflows.js');
    const { code } = await bundleWorkflowCode({ workflowsPath });
    await writeFile(bundlePath, code);
    const taskQueue = `bench-${randomUUID()}`;
    const mail: MailSettings = {
      transport: createTransport({ url: sink.smtpUrl, pool: true, maxConnections: 4 } as never),
      from: 'Atelier Martin <recouvrement@atelier-martin.test>',
      creditorName: 'Atelier Martin SAS',
      paymentInstructions: 'virement IBAN FR76 3000 6000 0112 3456 7890 189',
      contact: 'compta@atelier-martin.test',
    };
    const workers = await createInvoiceWorkers({
      connection,
      namespace: server.namespace,
      taskQueue,
      workflowBundlePath: bundlePath,
      db,
      mail,
      mailRatePerSecond: options.mailRatePerSecond,
      mailConcurrency: options.mailConcurrency ?? 8,
    });
    const running = workers.run();
    const client = new Client({ connection: await Connection.connect({ address: server.address }) });
    try {
      return await run({ db, client, sink, taskQueue, mail });
    } finally {
      workers.shutdown();
      await running;
      await client.connection.close();
    }
  } finally {
    await connection.close();
    await db.close();
    await Promise.allSettled([server.stop(), postgres.stop(), sink.stop()]);
    await rm(dir, { recursive: true, force: true });
  }
}

let runtimeInstalled = false;
function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}
