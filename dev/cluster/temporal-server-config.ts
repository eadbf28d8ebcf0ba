import { TEMPORAL_DATABASES } from './temporal-settings';

/** The PostgreSQL the server keeps both its stores in. */
export interface SqlEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

/**
 * The server's static config (`--env cluster`): both stores on PostgreSQL with the `postgres12` plugin, every service
 * in one process on loopback ports, one cluster, the dynamic config file polled.
 */
export function temporalServerConfig(input: {
  sql: SqlEndpoint;
  rpc: Record<string, { grpcPort: number; membershipPort: number }>;
  httpPort: number;
  dynamicConfigFile: string;
}) {
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${input.sql.host}:${input.sql.port}`,
      connectProtocol: 'tcp',
      user: input.sql.user,
      password: input.sql.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const services = Object.fromEntries(
    Object.entries(input.rpc).map(([name, ports]) => [
      name,
      {
        rpc: {
          ...ports,
          bindOnLocalHost: true,
          ...(name === 'frontend' ? { httpPort: input.httpPort } : {}),
        },
      },
    ]),
  );
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      // docker-compose's image defaults to 4 as well; the shard count is fixed for the life of the database.
      numHistoryShards: 4,
      datastores: {
        'postgres-default': store(TEMPORAL_DATABASES.default, 20),
        'postgres-visibility': store(TEMPORAL_DATABASES.visibility, 10),
      },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services,
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${input.rpc.frontend!.grpcPort}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: input.dynamicConfigFile, pollInterval: '10s' },
  };
}
