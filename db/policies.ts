import type { Queryable } from './database';

export interface PolicyRow {
  id: string;
  version: number;
  name: string;
  body: unknown;
  createdAt: string;
}

interface Row {
  id: string;
  version: number;
  name: string;
  body: unknown;
  created_at: Date;
}

const toPolicy = (row: Row): PolicyRow => ({
  id: row.id,
  version: row.version,
  name: row.name,
  body: row.body,
  createdAt: row.created_at.toISOString(),
});

export async function findLatestPolicy(db: Queryable, id: string): Promise<PolicyRow | undefined> {
  const rows = await db.query<Row>('SELECT * FROM policies WHERE id = $1 ORDER BY version DESC LIMIT 1', [id]);
  return rows[0] ? toPolicy(rows[0]) : undefined;
}

export async function listPolicies(db: Queryable): Promise<PolicyRow[]> {
  const rows = await db.query<Row>('SELECT * FROM policies ORDER BY id, version');
  return rows.map(toPolicy);
}
