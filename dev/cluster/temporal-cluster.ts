import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { waitForTemporal } from '../../scripts/fault/product-processes';
import { SupervisedProcess, UnexpectedExit } from '../../scripts/fault/supervised-process';
import { runCommand } from '../executables';
import { portInUse } from '../free-port';
import { registerNamespace } from '../temporal-dev-server';
import type { TemporalServerBinaries } from '../temporal-server';
import { SqlEndpoint, temporalServerConfig } from './temporal-server-config';
import {
  NAMESPACE_RETENTION_HOURS,
  TEMPORAL_DATABASES,
  TEMPORAL_DYNAMIC_CONFIG,
  TEMPORAL_NAMESPACE,
} from './temporal-settings';

export interface TemporalClusterOptions {
  binaries: TemporalServerBinaries;
  sql: SqlEndpoint;
  /** The server's config, dynamic config and log go here. */
  workDir: string;
  onUnexpectedExit: (exit: UnexpectedExit) => void;
  log: (line: string) => void;
}

export interface TemporalCluster {
  address: string;
  namespace: string;
  server: SupervisedProcess;
  /** Seconds each step of the start took: schema, server, namespace. */
  timings: { part: string; seconds: number }[];
}

/**
 * The real Temporal server on PostgreSQL (`postgres12` for the default store and visibility), as docker-compose.yml
 * runs it: both schemas created and upgraded with temporal-sql-tool, the server started on a generated config, then
 * the namespace and the search attributes registered.
 */
export async function startTemporalCluster(options: TemporalClusterOptions): Promise<TemporalCluster> {
  const { binaries, sql, workDir, log } = options;
  const timings: TemporalCluster['timings'] = [];
  const timed = async <T>(part: string, step: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await step();
    timings.push({ part, seconds: (Date.now() - started) / 1000 });
    log(`${part}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  await mkdir(path.join(workDir, 'config'), { recursive: true });

  await timed('Temporal schemas (temporal-sql-tool)', () => setUpSchemas(binaries, sql, log));

  const taken = new Set<number>();
  const serverPort = () => freeServerPort(taken);
  const ports = { frontend: await serverPort(), http: await serverPort() };
  const rpc: Record<string, { grpcPort: number; membershipPort: number }> = {};
  for (const service of ['frontend', 'history', 'matching', 'worker']) {
    const grpcPort = service === 'frontend' ? ports.frontend : await serverPort();
    rpc[service] = { grpcPort, membershipPort: await serverPort() };
  }
  const dynamicConfigFile = path.join(workDir, 'config', 'dynamicconfig.yaml');
  await writeFile(dynamicConfigFile, stringify(TEMPORAL_DYNAMIC_CONFIG));
  await writeFile(
    path.join(workDir, 'config', 'cluster.yaml'),
    stringify(temporalServerConfig({ sql, rpc, httpPort: ports.http, dynamicConfigFile })),
  );
  const address = `127.0.0.1:${ports.frontend}`;
  let failedToStart: ((exit: UnexpectedExit) => void) | undefined;
  const server = new SupervisedProcess({
    name: 'temporal-server',
    command: binaries.server.path,
    args: ['--root', workDir, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    logFile: path.join(workDir, 'temporal-server.log'),
    onUnexpectedExit: (exit) => (failedToStart ?? options.onUnexpectedExit)(exit),
  });
  try {
    // A server that exits while it starts is a configuration error: reported at once, not restarted in a loop.
    const exited = new Promise<never>((_, reject) => {
      failedToStart = (exit) =>
        reject(new Error(`the Temporal server exited while starting (${exit.code ?? exit.signal}): ${exit.cause}`));
    });
    await timed('Temporal server (frontend answers)', async () => {
      server.start();
      await Promise.race([waitForTemporal(address, 120_000), exited]);
    });
    await timed('namespace and search attributes', () =>
      Promise.race([
        registerNamespace(address, TEMPORAL_NAMESPACE, NAMESPACE_RETENTION_HOURS).then((added) =>
          log(`namespace ${TEMPORAL_NAMESPACE}: search attributes added: ${added.join(' ') || 'none'}`),
        ),
        exited,
      ]),
    );
    failedToStart = undefined;
  } catch (error) {
    await server.stop();
    await server.closeLog();
    throw error;
  }
  return { address, namespace: TEMPORAL_NAMESPACE, server, timings };
}

/**
 * A free port below 32768, not in `taken` (then added to it): the server records membership ports in a PostgreSQL
 * `smallint`, so the kernel's ephemeral range (from 32768 up) is refused.
 */
async function freeServerPort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = 10_000 + Math.floor(Math.random() * 22_000);
    if (taken.has(port) || (await portInUse(port))) continue;
    taken.add(port);
    return port;
  }
}

/** What docker-compose.yml's `temporal-schema` service runs; a database that already exists is kept. */
async function setUpSchemas(binaries: TemporalServerBinaries, sql: SqlEndpoint, log: (line: string) => void) {
  const env = {
    PATH: process.env.PATH,
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: sql.host,
    SQL_PORT: String(sql.port),
    SQL_USER: sql.user,
    SQL_PASSWORD: sql.password,
  };
  const tool = (database: string, ...args: string[]) =>
    runCommand(binaries.sqlTool.path, ['--db', database, ...args], { env });
  for (const [store, database] of Object.entries(TEMPORAL_DATABASES)) {
    try {
      await tool(database, 'create-database');
    } catch (error) {
      if (!/already exists/.test(String(error))) throw error;
      log(`database ${database} already exists`);
    }
    await tool(database, 'setup-schema', '-v', '0.0');
    await tool(
      database,
      'update-schema',
      '-d',
      path.join(binaries.postgresSchemaDir, store === 'default' ? 'temporal' : 'visibility', 'versioned'),
    );
  }
}
