import { NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from '../config/load-config';
import { createDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { createInvoiceWorkers } from './create-worker';
import { createMailSettings } from './mail-settings';
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
  const mail = createMailSettings(config);
  const workers = await createInvoiceWorkers({
    connection,
    namespace: config.temporal.namespace,
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
    db,
    mail,
    mailRatePerSecond: config.mailRatePerSecond,
    legalTeam: config.legalTeamEmail,
  });
  console.log(
    `worker polling ${config.temporal.address}/${config.temporal.namespace}, mail at ${config.mailRatePerSecond}/s`,
  );
  try {
    await workers.run();
  } finally {
    mail.transport.close();
    await connection.close();
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
