import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Database } from './database';

export const migrationsDir = path.join(__dirname, 'migrations');

/** Any stable 64-bit number: it serialises migrations run by several processes starting at once. */
const MIGRATION_LOCK = 7_311_024_583;

/** Applies the numbered SQL files not applied yet, each in its own transaction, in order. Returns their names. */
export async function migrate(db: Database, dir = migrationsDir): Promise<string[]> {
  const files = (await readdir(dir)).filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name)).sort();
  return db.withTransaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).map((row) => row.name),
    );
    const applied: string[] = [];
    for (const name of files.filter((file) => !done.has(file))) {
      await tx.query(await readFile(path.join(dir, name), 'utf8'));
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      applied.push(name);
    }
    return applied;
  });
}
