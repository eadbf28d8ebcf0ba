import { Pool, PoolClient, QueryResultRow } from 'pg';

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

  const run = async <R extends QueryResultRow>(
    client: Pool | PoolClient,
    text: string,
    params?: unknown[],
  ): Promise<R[]> => {
    const started = process.hrtime.bigint();
    const result = await client.query<R>(text, params);
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    options.onQuery?.({ text, durationMs, rows: result.rowCount ?? 0 });
    return result.rows;
  };

  return {
    query: (text, params) => run(pool, text, params),
    async withTransaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: (text, params) => run(client, text, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}
