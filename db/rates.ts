import type { Queryable, Database } from './database';

/** One reference-rate table as stored: entries ascending by `from`, complete through `knownUntil`. */
export interface StoredRateTable {
  table: string;
  entries: readonly { from: string; ratePercent: number }[];
  knownUntil: string;
}

const seeded = new WeakMap<Queryable, Promise<void>>();

/**
 * Makes sure the published tables shipped with this release are in the database, once per process: a missing table
 * is created, entries not yet stored are added, and `knownUntil` only ever moves forward. Entries stored by operators
 * win over published ones of the same day.
 */
export function seedRateTables(db: Database, published: readonly StoredRateTable[]): Promise<void> {
  let done = seeded.get(db);
  if (!done) {
    done = db.withTransaction(async (tx) => {
      for (const table of published) {
        await tx.query(
          `INSERT INTO rate_tables (name, known_until, updated_by) VALUES ($1, $2, 'release')
           ON CONFLICT (name) DO UPDATE SET known_until = EXCLUDED.known_until, updated_at = now(), updated_by = 'release'
           WHERE rate_tables.known_until < EXCLUDED.known_until`,
          [table.table, table.knownUntil],
        );
        await tx.query(
          `INSERT INTO rate_entries (table_name, effective_from, rate_percent, recorded_by)
           SELECT $1, e.effective_from, e.rate_percent, 'release'
           FROM unnest($2::date[], $3::numeric[]) AS e (effective_from, rate_percent)
           ON CONFLICT DO NOTHING`,
          [table.table, table.entries.map((e) => e.from), table.entries.map((e) => e.ratePercent)],
        );
      }
    });
    seeded.set(db, done);
    // A failed seed (the database blinked) is tried again by the next caller.
    done.catch(() => seeded.delete(db));
  }
  return done;
}

interface TableRow {
  name: string;
  known_until: string;
  entries: { from: string; ratePercent: string | number }[] | null;
}

/** Every stored table with its entries; `names` narrows the list. */
export async function listRateTables(
  db: Queryable,
  names?: readonly string[],
  forUpdate = false,
): Promise<StoredRateTable[]> {
  const rows = await db.query<TableRow>(
    `SELECT t.name, to_char(t.known_until, 'YYYY-MM-DD') AS known_until,
       (SELECT json_agg(json_build_object('from', to_char(e.effective_from, 'YYYY-MM-DD'), 'ratePercent', e.rate_percent)
                        ORDER BY e.effective_from)
          FROM rate_entries e WHERE e.table_name = t.name) AS entries
     FROM rate_tables t
     WHERE $1::text[] IS NULL OR t.name = ANY($1)
     ORDER BY array_position(ARRAY['ECB_MRO', 'DE_BASE', 'BOE_BANK'], t.name), t.name
     ${forUpdate ? 'FOR UPDATE OF t' : ''}`,
    [names ?? null],
  );
  return rows.map((row) => ({
    table: row.name,
    knownUntil: row.known_until,
    entries: (row.entries ?? []).map((e) => ({ from: e.from, ratePercent: Number(e.ratePercent) })),
  }));
}

/**
 * Appends to one table under a row lock: `next` receives the table as stored and answers the table it becomes (or
 * throws to refuse). Only entries not stored yet are inserted; `knownUntil` is written as `next` answers it.
 */
export async function appendRateTable(
  db: Database,
  name: string,
  by: string,
  next: (current: StoredRateTable) => StoredRateTable,
): Promise<{ table: StoredRateTable; changed: boolean }> {
  return db.withTransaction(async (tx) => {
    const [current] = await listRateTables(tx, [name], true);
    if (!current) throw new Error(`rate table ${name} is not stored`);
    const table = next(current);
    const stored = new Set(current.entries.map((e) => e.from));
    const added = table.entries.filter((e) => !stored.has(e.from));
    if (added.length > 0) {
      await tx.query(
        `INSERT INTO rate_entries (table_name, effective_from, rate_percent, recorded_by)
         SELECT $1, e.effective_from, e.rate_percent, $4
         FROM unnest($2::date[], $3::numeric[]) AS e (effective_from, rate_percent)`,
        [name, added.map((e) => e.from), added.map((e) => e.ratePercent), by],
      );
    }
    const moved = table.knownUntil !== current.knownUntil;
    if (moved) {
      await tx.query('UPDATE rate_tables SET known_until = $2, updated_at = now(), updated_by = $3 WHERE name = $1', [
        name,
        table.knownUntil,
        by,
      ]);
    }
    return { table, changed: moved || added.length > 0 };
  });
}

/** Every table as it stands, the release's published tables stored first. */
export async function currentRateTables(
  db: Database,
  published: readonly StoredRateTable[],
): Promise<StoredRateTable[]> {
  await seedRateTables(db, published);
  return listRateTables(db);
}
