import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createApp } from '../api/create-app';
import { createTemporalGateway } from '../api/temporal/temporal-gateway';
import { staleRateWarnings } from '../api/rates/rates-router';
import { loadConfig } from '../config/load-config';
import { createDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { createInvoiceWorkers } from '../worker/create-worker';
import { createMailSettings } from '../worker/mail-settings';
import { startEmbeddedPostgres } from './embedded-postgres';
import { projectRoot } from './executables';
import { portInUse } from './free-port';
import { loadOrCreateSecrets } from './secrets';
import { startSmtpSink } from './smtp-sink';
import { resolveTemporalCli } from './temporal-cli';
import { startTemporalDevServer } from './temporal-dev-server';

const dataDir = path.join(projectRoot, '.data');
const log = (line: string) => console.log(`  ${line}`);

/**
 * `npm start`: the whole stack on one machine. Each embedded part (Temporal dev server, PostgreSQL, SMTP sink) is
 * skipped when its variable points at a real one; state lives under `.data/`, so a second start finds the first's work.
 */
async function main(): Promise<void> {
  const env: Record<string, string | undefined> = { ...process.env };
  const stops: Array<[string, () => Promise<unknown>]> = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      console.log('\nstopping…');
      // Native handles being closed do not keep Node's event loop alive; this does, until the last part is down.
      const keepAlive = setInterval(() => undefined, 1_000);
      for (const [name, stop] of stops.reverse()) {
        log(`stopping ${name}`);
        await stop().catch((error: unknown) => console.error(`  ${name} did not stop cleanly: ${String(error)}`));
      }
      clearInterval(keepAlive);
      console.log('stopped');
    })());
  // Ctrl-C reaches every process of the group and tsx relays it once more: every signal after the first is absorbed.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll());

  try {
    const links: string[] = [];
    await mkdir(dataDir, { recursive: true });
    if (!env.TEMPORAL_ADDRESS) {
      const cli = await resolveTemporalCli({ log });
      await requireFreePort(7233, 'TEMPORAL_ADDRESS');
      const server = await startTemporalDevServer({
        cliPath: cli.path,
        port: 7233,
        uiPort: 8233,
        // The UI decodes encrypted payloads through the API's codec, with the console's session (README).
        uiCodecEndpoint: `http://localhost:${env.PORT || 3000}/codec`,
        dbFile: path.join(dataDir, 'temporal.db'),
        log,
      });
      stops.push(['Temporal dev server', server.stop]);
      env.TEMPORAL_ADDRESS = server.address;
      links.push(`Temporal UI     ${server.uiUrl}  (server ${server.address}, CLI from ${cli.source})`);
    } else links.push(`Temporal        ${env.TEMPORAL_ADDRESS} (TEMPORAL_ADDRESS)`);

    if (!env.DATABASE_URL) {
      await requireFreePort(5433, 'DATABASE_URL');
      const postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: 5433, log });
      stops.push(['PostgreSQL', postgres.stop]);
      await postgres.createDatabase('relance');
      env.DATABASE_URL = postgres.url('relance');
      links.push(`PostgreSQL      ${env.DATABASE_URL}  (data in ${postgres.dataDir})`);
    } else links.push('PostgreSQL      DATABASE_URL');

    if (!env.SMTP_URL) {
      await requireFreePort(1025, 'SMTP_URL');
      const sink = await startSmtpSink({ smtpPort: 1025, httpPort: 8025, storeDir: path.join(dataDir, 'mail') });
      stops.push(['SMTP sink', sink.stop]);
      env.SMTP_URL = sink.smtpUrl;
      links.push(`Mail inbox      ${sink.inboxUrl}  (SMTP ${sink.smtpUrl})`);
    } else links.push('SMTP            SMTP_URL');

    const { secrets, created } = await loadOrCreateSecrets(path.join(dataDir, 'secrets.json'));
    env.API_KEYS ??= secrets.apiKeys;
    env.WEBHOOK_SECRET ??= secrets.webhookSecret;
    env.PAYLOAD_ENCRYPTION_KEYS ??= secrets.payloadEncryptionKeys;
    env.SELF_SERVICE_SECRET ??= await loadOrCreateSelfServiceSecret(path.join(dataDir, 'secrets.json'));
    env.PUBLIC_URL ??= `http://localhost:${env.PORT || 3000}`;
    const config = loadConfig(env);

    const db = createDatabase({ connectionString: config.databaseUrl });
    stops.push(['database pool', () => db.close()]);
    await migrate(db);

    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
    const connection = await NativeConnection.connect(config.temporal.connectionOptions);
    stops.push(['worker connection', () => connection.close()]);
    const mail = createMailSettings(config);
    const workers = await createInvoiceWorkers({
      connection,
      namespace: config.temporal.namespace,
      db,
      mail,
      mailRatePerSecond: config.mailRatePerSecond,
      legalTeam: config.legalTeamEmail,
      creditorCountry: config.creditorCountry,
      selfService: config.selfService,
      payloadKeys: config.payloadKeys,
    });
    const running = workers.run();
    stops.push(['workers', async () => (workers.shutdown(), running)]);

    const temporal = createTemporalGateway({
      connection: config.temporal.connectionOptions,
      namespace: config.temporal.namespace,
      payloadKeys: config.payloadKeys,
    });
    stops.push(['Temporal client', () => temporal.close()]);
    const server = createApp({ db, temporal, config }).listen(config.port);
    await new Promise<void>((resolve) => server.once('listening', resolve));
    stops.push([
      'API',
      () =>
        new Promise((resolve) => {
          server.close(resolve);
          // A browser's keep-alive connections would hold the stop for as long as they stay open.
          setTimeout(() => server.closeAllConnections(), 2_000).unref();
        }),
    ]);

    const rateWarnings = await staleRateWarnings(db, new Date().toISOString().slice(0, 10));
    for (const warning of [...config.warnings, ...rateWarnings]) console.warn(`  note: ${warning}`);
    console.log('\nRelance is running:');
    console.log(`  Console         http://localhost:${config.port}/app  (sign in with an API key below)`);
    console.log(`  API             http://localhost:${config.port}/v1`);
    console.log(`  OpenAPI         http://localhost:${config.port}/openapi.json`);
    console.log(`  Debtor pages    ${config.selfService.publicUrl}/s/<token>  (links in every customer e-mail)`);
    for (const link of links) console.log(`  ${link}`);
    if (config.payloadKeys.length > 0) {
      console.log(
        `  Payload codec   http://localhost:${config.port}/codec  (payloads encrypted with key '${config.payloadKeys[0]!.id}')`,
      );
    }
    if (created) {
      console.log('\nAPI keys (generated now, shown once, kept in .data/secrets.json):');
      for (const pair of secrets.apiKeys.split(',')) console.log(`  ${pair.replace('=', ': ')}`);
      console.log(`  webhook secret: ${secrets.webhookSecret}`);
    } else console.log('\nAPI keys (to sign in to the console, or as Bearer keys): in .data/secrets.json');
    console.log('\nCtrl-C stops everything.');
    await running.catch((error: unknown) => console.error('the worker stopped:', error));
    await stopAll();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
    await stopAll();
  }
}

/**
 * The secret that signs the debtors' self-service links: generated at first start like the webhook secret and kept
 * beside it in `.data/secrets.json`, so links already e-mailed stay valid across restarts.
 */
async function loadOrCreateSelfServiceSecret(file: string): Promise<string> {
  const stored = JSON.parse(await readFile(file, 'utf8')) as { selfServiceSecret?: string };
  if (stored.selfServiceSecret) return stored.selfServiceSecret;
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, JSON.stringify({ ...stored, selfServiceSecret: secret }, null, 2), { mode: 0o600 });
  return secret;
}

async function requireFreePort(port: number, variable: string): Promise<void> {
  if (await portInUse(port)) {
    throw new Error(`port ${port} is taken: stop what uses it, or set ${variable} to use an existing server`);
  }
}

void main();
