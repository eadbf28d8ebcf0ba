import { NativeConnection, Runtime } from '@temporalio/worker';
import { createTransport } from 'nodemailer';
import { loadConfig } from '../config/load-config';
import { createDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { createInvoiceWorker } from './create-worker';
import { connectWithRetry } from '../config/connect-with-retry';

/** The production worker process: configuration from the environment only, graceful shutdown on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const db = createDatabase({ connectionString: config.databaseUrl });
  await connectWithRetry('PostgreSQL', () => migrate(db));
  const connection = await connectWithRetry('Temporal', () =>
    NativeConnection.connect(config.temporal.connectionOptions),
  );
  const transport = createTransport(config.smtpUrl);
  const worker = await createInvoiceWorker({
    connection,
    namespace: config.temporal.namespace,
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
    db,
    mail: {
      transport,
      from: config.mailFrom,
      creditorName: config.creditor.name,
      paymentInstructions: config.creditor.paymentInstructions,
      contact: config.creditor.contact,
    },
  });
  console.log(`worker polling ${config.temporal.address}/${config.temporal.namespace}`);
  try {
    await worker.run();
  } finally {
    transport.close();
    await connection.close();
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
