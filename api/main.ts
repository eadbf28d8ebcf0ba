import { loadConfig } from '../config/load-config';
import { createDatabase } from '../db/database';
import { createApp } from './create-app';
import { createTemporalGateway } from './temporal-gateway';

/** The production API process: configuration from the environment only; it only listens. */
function main(): void {
  const config = loadConfig(process.env);
  if (config.apiKeys.length === 0)
    throw new Error('API_KEYS: is not set; give role=secret pairs (ops, payments, support)');
  const db = createDatabase({ connectionString: config.databaseUrl });
  const temporal = createTemporalGateway({
    connection: config.temporal.connectionOptions,
    namespace: config.temporal.namespace,
  });
  const server = createApp({ db, temporal, config }).listen(config.port, () => {
    console.log(`Relance API listening on :${config.port}`);
  });
  const stop = () => {
    server.close(() => {
      void Promise.allSettled([db.close(), temporal.close()]);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main();
