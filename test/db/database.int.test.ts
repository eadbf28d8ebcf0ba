import type { Database, Queryable } from '../../db/database';
import { createTestDatabase } from '../support/test-database';

/** What PostgreSQL does to every session when it shuts down or restarts: it ends them with 57P01. */
async function terminate(db: Database, pid: number): Promise<void> {
  await db.query('SELECT pg_terminate_backend($1)', [pid]);
}

async function backendPid(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return row!.pid;
}

describe('withTransaction when PostgreSQL ends the connection', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db.close());

  it('rejects with the server error when the connection dies while the work waits on something else', async () => {
    let killedPid = 0;
    const transaction = db.withTransaction(async (tx) => {
      killedPid = await backendPid(tx);
      await terminate(db, killedPid);
      // The work waits on Temporal or SMTP meanwhile; the 'error' event arrives during the wait.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await tx.query('SELECT 1');
    });
    await expect(transaction).rejects.toMatchObject({ code: '57P01' });
    expect(killedPid).toBeGreaterThan(0);
  });

  it('rejects with the server error when the connection dies during a statement', async () => {
    const transaction = db.withTransaction(async (tx) => {
      const pid = await backendPid(tx);
      await Promise.all([tx.query('SELECT pg_sleep(10)'), terminate(db, pid)]);
    });
    await expect(transaction).rejects.toMatchObject({ code: '57P01' });
  });

  it('discards the dead connection: the transactions after it get live ones', async () => {
    const pids = new Set<number>();
    let killedPid = 0;
    await expect(
      db.withTransaction(async (tx) => {
        killedPid = await backendPid(tx);
        await terminate(db, killedPid);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }),
    ).rejects.toMatchObject({ code: '57P01' });
    for (let i = 0; i < 8; i++) {
      pids.add(await db.withTransaction(backendPid));
    }
    expect(pids.has(killedPid)).toBe(false);
  });

  it('rolls back and keeps the connection when the work itself fails', async () => {
    await db.query('CREATE TABLE IF NOT EXISTS rollback_probe (id text PRIMARY KEY)');
    await expect(
      db.withTransaction(async (tx) => {
        await tx.query("INSERT INTO rollback_probe VALUES ('x')");
        throw new Error('refused by a business rule');
      }),
    ).rejects.toThrow('refused by a business rule');
    expect(await db.query('SELECT id FROM rollback_probe')).toEqual([]);
  });
});
