import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDatabase, Database } from '../../db/database';
import { migrate } from '../../db/migrate';

/** A fresh, migrated database per test file, dropped on close: tests never see each other's rows. */
export async function createTestDatabase(): Promise<Database & { url: string }> {
  const adminUrl = requiredEnv('RELANCE_TEST_PG_URL');
  const name = `relance_test_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE ${name}`);
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const db = createDatabase({ connectionString: url, max: 5 });
  await migrate(db);
  return {
    ...db,
    url,
    async close() {
      await db.close();
      await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: integration tests run under the jest project 'integration'`);
  return value;
}
