import { Pool, PoolClient, QueryResultRow } from 'pg';
import { pgText } from './pg-text';

/** Anything that runs SQL: the pool or a client inside a transaction. */
export interface Queryable {
  query<R extends QueryResultRow>(text: string, params?: unknown[]): Promise<R[]>;
}

export interface Database extends Queryable {
  withTransaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  connectionString: string;
  max?: number;
  /** Called for every statement with its duration; parameters are never passed, they hold customer data. */
  onQuery?: (event: { text: string; durationMs: number; rows: number }) => void;
}

/** The one place the app talks to PostgreSQL: a pool, a timed query wrapper and transactions. */
export function createDatabase(options: DatabaseOptions): Database {
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server must not crash the process; the next query reports the error.
  pool.on('error', () => undefined);
  // Nor a client between two statements, or between the pool and its next holder, when the server says it is shutting
  // down (57P01): its holder's next statement fails ("not queryable") and releases it, and the pool discards it.
  pool.on('connect', (client) => client.on('error', () => undefined));

  const run = async <R extends QueryResultRow>(
    client: Pool | PoolClient,
    text: string,
    params?: unknown[],
  ): Promise<R[]> => {
    const started = process.hrtime.bigint();
    const result = await client.query<R>(text, params?.map(pgText));
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    options.onQuery?.({ text, durationMs, rows: result.rowCount ?? 0 });
    return result.rows;
  };

  return {
    query: (text, params) => run(pool, text, params),
    async withTransaction(work) {
      const client = await pool.connect();
      // A checked-out client has no listener of the pool's: without this one, a server shutting down (57P01) while
      // the transaction waits on Temporal or SMTP would be an unhandled 'error' event and end the process.
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost ??= error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work({ query: (text, params) => run(client, text, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection lost during the work is what failed it: its own error (57P01, "Connection terminated") says so,
        // where the next statement's "not queryable" would not.
        const cause = lost ?? error;
        if (!lost) await client.query('ROLLBACK').catch((rollback: Error) => (lost ??= rollback));
        throw cause;
      } finally {
        client.off('error', onError);
        // A client whose connection died is discarded, never handed to the next caller.
        client.release(lost);
      }
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}

/** SQLSTATE classes and socket errors that mean "PostgreSQL is not there right now", as opposed to a refused statement. */
export function isConnectionFailure(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (
    typeof code === 'string' &&
    /^(08|57P0[1-3]|53300|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)/.test(code)
  )
    return true;
  return /Connection terminated|timeout exceeded when trying to connect|is not queryable|Client has encountered a connection error/i.test(
    String(message ?? ''),
  );
}

/**
 * The database as a process sees it while its migrations may still be running: until `ready()` says so, every call
 * fails as a server that is starting up does (SQLSTATE 57P03), so requests answer 503 and readiness says no, instead of
 * querying tables that do not exist yet.
 */
export function untilMigrated(db: Database, ready: () => boolean): Database {
  const refuse = () =>
    Promise.reject(Object.assign(new Error('the database schema is not migrated yet'), { code: '57P03' }));
  return {
    query: (text, params) => (ready() ? db.query(text, params) : refuse()),
    withTransaction: (work) => (ready() ? db.withTransaction(work) : refuse()),
    ping: () => (ready() ? db.ping() : refuse()),
    close: () => db.close(),
  };
}
