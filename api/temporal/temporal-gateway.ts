import { Client, Connection, ConnectionOptions, WorkflowClientInterceptor } from '@temporalio/client';
import { NativeConnection, NativeConnectionOptions } from '@temporalio/worker';
import type { PayloadKey } from '../../config/load-config';
import { payloadDataConverter } from '../../config/payload-codec';

export interface TemporalGateway {
  /** The process's one Client; a failed first connection is retried on the next call rather than cached. */
  client(): Promise<Client>;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export function createTemporalGateway(options: {
  connection: ConnectionOptions;
  namespace: string;
  /** `PAYLOAD_ENCRYPTION_KEYS`: what the API sends (invoices, messages) is encrypted, what it reads decrypted. */
  payloadKeys?: readonly PayloadKey[];
  /**
   * Through the SDK's native connection, whose calls the process's Runtime measures (the `temporal_request…` metrics
   * of `GET /metrics`), rather than grpc-js. The entry point sets it; tests keep grpc-js.
   */
  native?: boolean;
  /** The client's interceptors: tracing, when it is on. */
  interceptors?: WorkflowClientInterceptor[];
}): TemporalGateway {
  const dataConverter = payloadDataConverter(options.payloadKeys);
  let pending: Promise<Client> | undefined;
  let connection: Connection | NativeConnection | undefined;
  // Both read the same options from @temporalio/envconfig (address, TLS, API key, metadata), as the worker does.
  const connect = () =>
    options.native
      ? NativeConnection.connect(options.connection as NativeConnectionOptions)
      : Connection.connect({ connectTimeout: '3 seconds', ...options.connection });

  const client = () => {
    pending ??= connect().then(
      (connected) => {
        connection = connected;
        return new Client({
          connection: connected,
          namespace: options.namespace,
          dataConverter,
          interceptors: { workflow: options.interceptors ?? [] },
        });
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };

  return {
    client,
    async ready() {
      try {
        const c = await client();
        await c.connection.withDeadline(Date.now() + 2_000, () => c.workflowService.getSystemInfo({}));
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await connection?.close();
    },
  };
}

/**
 * The gRPC status of a failed Temporal call: the SDK's client wraps it in a ServiceError's cause; grpc-js, and the
 * native connection's own ServiceError, leave it on top.
 */
export function grpcStatus(error: unknown): number | undefined {
  const e = error as { name?: string; code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.name === 'ServiceError' ? (e.cause?.code ?? e.code) : e?.code;
  return typeof code === 'number' ? code : undefined;
}
