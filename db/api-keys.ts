import type { Queryable } from './database';

export interface StoredApiKey {
  id: string;
  name: string;
  role: string;
  secretHash: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

interface Row {
  id: string;
  name: string;
  role: string;
  secret_hash: string;
  created_at: Date;
  created_by: string;
  revoked_at: Date | null;
  revoked_by: string | null;
}

const toKey = (row: Row): StoredApiKey => ({
  id: row.id,
  name: row.name,
  role: row.role,
  secretHash: row.secret_hash,
  createdAt: row.created_at.toISOString(),
  createdBy: row.created_by,
  revokedAt: row.revoked_at?.toISOString() ?? null,
  revokedBy: row.revoked_by,
});

export async function insertApiKey(
  db: Queryable,
  key: { id: string; name: string; role: string; secretHash: string; createdBy: string },
): Promise<StoredApiKey> {
  const rows = await db.query<Row>(
    `INSERT INTO api_keys (id, name, role, secret_hash, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
    [key.id, key.name, key.role, key.secretHash, key.createdBy],
  );
  return toKey(rows[0]!);
}

export async function findApiKey(db: Queryable, id: string): Promise<StoredApiKey | undefined> {
  const rows = await db.query<Row>(`SELECT * FROM api_keys WHERE id = $1`, [id]);
  return rows[0] ? toKey(rows[0]) : undefined;
}

/** The keys still in force that carry this name. */
export async function findActiveApiKeysByName(db: Queryable, name: string): Promise<StoredApiKey[]> {
  const rows = await db.query<Row>(
    `SELECT * FROM api_keys WHERE name = $1 AND revoked_at IS NULL ORDER BY created_at`,
    [name],
  );
  return rows.map(toKey);
}

export async function listApiKeys(db: Queryable): Promise<StoredApiKey[]> {
  const rows = await db.query<Row>(`SELECT * FROM api_keys ORDER BY name, created_at`);
  return rows.map(toKey);
}

/** Revokes the key with this id, or every key in force with this name; answers the keys it revoked. */
export async function revokeApiKeys(db: Queryable, nameOrId: string, by: string): Promise<StoredApiKey[]> {
  const rows = await db.query<Row>(
    `UPDATE api_keys SET revoked_at = now(), revoked_by = $2
      WHERE (id = $1 OR name = $1) AND revoked_at IS NULL RETURNING *`,
    [nameOrId, by],
  );
  return rows.map(toKey);
}
