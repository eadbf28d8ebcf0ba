import { createDatabase } from '../../db/database';
import { createTestDatabase } from '../support/test-database';

/**
 * PostgreSQL ending connections under load (a restart: 57P01 to every backend) fails the statements in flight and
 * those that follow on the dead clients, and never the process: no client's 'error' event goes unheard.
 */
describe('the database pool when the server ends its connections', () => {
  it('survives every backend terminated while statements and transactions run, and works again after', async () => {
    const admin = await createTestDatabase();
    const db = createDatabase({ connectionString: admin.url, max: 8 });
    const unheard: unknown[] = [];
    const onUncaught = (error: unknown) => unheard.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const load = Array.from({ length: 1_200 }, (_, i) =>
        i % 3 === 0
          ? db.withTransaction(async (tx) => {
              await tx.query('SELECT 1');
              await new Promise((resolve) => setTimeout(resolve, 5 + (i % 7)));
              await tx.query('SELECT 2');
            })
          : db.query('SELECT pg_sleep($1::float / 1000)', [i % 5]),
      );
      const killer = (async () => {
        for (let round = 0; round < 30; round++) {
          await new Promise((resolve) => setTimeout(resolve, 15));
          await admin.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = ''`,
          );
        }
      })();
      const outcomes = await Promise.allSettled([...load, killer]);
      expect(outcomes.some((o) => o.status === 'rejected')).toBe(true);
      expect(await db.query<{ ok: number }>('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
      expect(unheard).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await db.close();
      await admin.close();
    }
  });
});
