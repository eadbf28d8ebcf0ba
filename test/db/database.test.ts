import { Database, isConnectionFailure, untilMigrated } from '../../db/database';

describe('isConnectionFailure', () => {
  it.each([
    ['a server shutting down', { code: '57P01', message: 'terminating connection due to administrator command' }],
    ['a server starting up', { code: '57P03', message: 'the database system is starting up' }],
    ['a refused socket', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5433' }],
    ['a connection lost mid-statement', { code: '08006', message: 'connection failure' }],
    ['a dropped socket', new Error('Connection terminated unexpectedly')],
    ['a full pool', new Error('timeout exceeded when trying to connect')],
  ])('says yes for %s', (_what, error) => {
    expect(isConnectionFailure(error)).toBe(true);
  });

  it.each([
    ['a missing table', { code: '42P01', message: 'relation "policies" does not exist' }],
    ['a refused password', { code: '28P01', message: 'password authentication failed' }],
    ['a bug', new TypeError('x is undefined')],
    ['nothing', undefined],
  ])('says no for %s', (_what, error) => {
    expect(isConnectionFailure(error)).toBe(false);
  });
});

describe('untilMigrated', () => {
  const calls: string[] = [];
  const db: Database = {
    query: async (text) => (calls.push(text), []),
    withTransaction: async (work) => work({ query: async () => [] }),
    ping: async () => undefined,
    close: async () => undefined,
  };

  it('refuses every call as a server starting up until the schema is there, then passes them through', async () => {
    let migrated = false;
    const gated = untilMigrated(db, () => migrated);
    for (const call of [gated.query('SELECT 1'), gated.withTransaction(async () => 1), gated.ping()]) {
      await expect(call).rejects.toMatchObject({ code: '57P03', message: 'the database schema is not migrated yet' });
    }
    expect(calls).toEqual([]);
    migrated = true;
    await expect(gated.query('SELECT 1')).resolves.toEqual([]);
    await expect(gated.withTransaction(async () => 1)).resolves.toBe(1);
    await expect(gated.ping()).resolves.toBeUndefined();
    expect(calls).toEqual(['SELECT 1']);
  });
});
