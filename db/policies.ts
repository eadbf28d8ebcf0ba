import { jsonb } from './pg-text';
import type { Queryable } from './database';

export interface PolicyRow {
  id: string;
  version: number;
  name: string;
  body: unknown;
  createdAt: string;
  /** The name of the key that posted it; null for versions stored before authors were recorded. */
  createdBy: string | null;
}

interface Row {
  id: string;
  version: number;
  name: string;
  body: unknown;
  created_at: Date;
  created_by: string | null;
}

const toPolicy = (row: Row): PolicyRow => ({
  id: row.id,
  version: row.version,
  name: row.name,
  body: row.body,
  createdAt: row.created_at.toISOString(),
  createdBy: row.created_by,
});

export async function findLatestPolicy(db: Queryable, id: string): Promise<PolicyRow | undefined> {
  const rows = await db.query<Row>('SELECT * FROM policies WHERE id = $1 ORDER BY version DESC LIMIT 1', [id]);
  return rows[0] ? toPolicy(rows[0]) : undefined;
}

export async function listPolicies(db: Queryable): Promise<PolicyRow[]> {
  const rows = await db.query<Row>('SELECT * FROM policies ORDER BY id, version');
  return rows.map(toPolicy);
}

export async function findPolicyVersion(db: Queryable, id: string, version: number): Promise<PolicyRow | undefined> {
  const rows = await db.query<Row>('SELECT * FROM policies WHERE id = $1 AND version = $2', [id, version]);
  return rows[0] ? toPolicy(rows[0]) : undefined;
}

/** The newest stored version of every policy. */
export async function listLatestPolicies(db: Queryable): Promise<PolicyRow[]> {
  const rows = await db.query<Row>('SELECT DISTINCT ON (id) * FROM policies ORDER BY id, version DESC');
  return rows.map(toPolicy);
}

export async function listPolicyVersions(db: Queryable, id: string): Promise<number[]> {
  const rows = await db.query<{ version: number }>('SELECT version FROM policies WHERE id = $1 ORDER BY version', [id]);
  return rows.map((row) => row.version);
}

/**
 * Stores a new version; versions are immutable, so this only ever inserts. Answers undefined when another writer
 * took that version number first.
 */
export async function insertPolicyVersion(
  db: Queryable,
  policy: { id: string; version: number; name: string; body: unknown; createdBy: string },
): Promise<PolicyRow | undefined> {
  const rows = await db.query<Row>(
    `INSERT INTO policies (id, version, name, body, created_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id, version) DO NOTHING RETURNING *`,
    [policy.id, policy.version, policy.name, jsonb(policy.body), policy.createdBy],
  );
  return rows[0] ? toPolicy(rows[0]) : undefined;
}
