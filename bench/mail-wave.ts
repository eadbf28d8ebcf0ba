import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { createTransport } from 'nodemailer';
import { startInvoiceWorkflow } from '../api/temporal/invoice-workflow-client';
import { createDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { parseDunningPolicy } from '../domain/dunning-policy';
import { startEmbeddedPostgres } from '../dev/embedded-postgres';
import { freePort } from '../dev/free-port';
import { startSmtpSink } from '../dev/smtp-sink';
import { resolveTemporalCli } from '../dev/temporal-cli';
import { startTemporalDevServer } from '../dev/temporal-dev-server';
import { createInvoiceWorkers, workflowsPath } from '../worker/create-worker';

/** One e-mail at the due moment, then nothing for a day: each invoice of the wave sends exactly one message. */
const ONE_MAIL = parseDunningPolicy({
  id: 'wave',
  version: 1,
  name: 'Month-end wave',
  calendar: null,
  instalmentGrace: 'P5D',
  promiseGrace: 'P3D',
  disputeSla: 'P30D',
  steps: [
    { after: 'PT0S', action: 'email', template: 'reminder-1' },
    { after: 'P1D', action: 'legal_file' },
  ],
});

/**
 * A month-end wave: `count` invoices fall due at the same second while the mail queue is limited to `rate` per
 * second across workers. Prints the configured and achieved rates (their ratio), and checks that every invoice got
 * exactly one message: the wave drains at the limit, durably queued in Temporal, without loss or duplicates.
 */
export async function benchMailWave(count: number, rate: number): Promise<void> {
  installQuietRuntime();
  const dir = await mkdtemp(path.join(tmpdir(), 'relance-wave-'));
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
    const taskQueue = `wave-${randomUUID()}`;
    const workers = await createInvoiceWorkers({
      connection,
      namespace: server.namespace,
      taskQueue,
      workflowBundlePath: bundlePath,
      db,
      mail: {
        transport: createTransport({ url: sink.smtpUrl, pool: true, maxConnections: 4 } as never),
        from: 'Atelier Martin <recouvrement@atelier-martin.test>',
        creditorName: 'Atelier Martin SAS',
        paymentInstructions: 'virement IBAN FR76 3000 6000 0112 3456 7890 189',
        contact: 'compta@atelier-martin.test',
      },
      mailRatePerSecond: rate,
      mailConcurrency: 8,
    });
    const running = workers.run();
    const client = new Client({ connection: await Connection.connect({ address: server.address }) });
    const due = new Date(Date.now() + 5_000).toISOString();
    for (let i = 0; i < count; i++) {
      await startInvoiceWorkflow(
        client,
        {
          id: `W-${i}-${randomUUID().slice(0, 6)}`,
          customer: {
            id: `C-${i}`,
            name: `Client ${i}`,
            email: `client-${i}@wave.test`,
            locale: 'fr-FR',
            timezone: 'Europe/Paris',
            country: 'FR',
          },
          amount: 10_000 + i,
          currency: 'EUR',
          issueDate: '2026-10-01',
          dueDate: due,
        },
        ONE_MAIL,
        taskQueue,
      );
    }
    const startedAt = Math.max(Date.now(), Date.parse(due));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(due) - Date.now())));
    let delivered = 0;
    while (delivered < count) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      delivered = sink.messages().length;
      if (Date.now() - startedAt > (count / rate) * 1000 * 4 + 60_000) break;
    }
    const seconds = (Date.now() - startedAt) / 1000;
    const messages = sink.messages();
    const recipients = new Set(messages.flatMap((m) => m.to));
    const messageIds = new Set(messages.map((m) => m.messageId));
    const achieved = messages.length / seconds;
    const arrivals = messages.map((m) => Date.parse(m.receivedAt)).sort((a, b) => a - b);
    const steady = (arrivals.length - 1) / ((arrivals[arrivals.length - 1]! - arrivals[0]!) / 1000);
    console.log(
      [
        `mail wave: ${count} invoices due at once, mail queue limited to ${rate}/s`,
        `  delivered ${messages.length} messages to ${recipients.size} recipients (${messageIds.size} distinct Message-IDs) in ${seconds.toFixed(1)} s`,
        `  achieved ${achieved.toFixed(1)}/s from the due moment = ${(achieved / rate).toFixed(2)} × the configured limit`,
        `  between the first and the last message ${steady.toFixed(1)}/s = ${(steady / rate).toFixed(2)} × the limit`,
        `  lost ${count - recipients.size}, duplicated ${messages.length - messageIds.size}`,
      ].join('\n'),
    );
    workers.shutdown();
    await running;
    await client.connection.close();
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

/** The limit binding (a low rate), then the machine's own ceiling (a limit far above it), in one run. */
export async function benchMailWaves(): Promise<void> {
  await benchMailWave(Number(process.env.BENCH_WAVE_SIZE ?? 100), 5);
  await benchMailWave(Number(process.env.BENCH_WAVE_SIZE ?? 300), 1_000);
}

if (require.main === module) {
  benchMailWaves().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
