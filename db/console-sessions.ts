import type { Queryable } from './database';

export interface ConsoleSession {
  idHash: string;
  role: string;
  keyId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

interface Row {
  id_hash: string;
  role: string;
  key_id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

const toSession = (row: Row): ConsoleSession => ({
  idHash: row.id_hash,
  role: row.role,
  keyId: row.key_id,
  csrfToken: row.csrf_token,
  createdAt: row.created_at.toISOString(),
  lastSeenAt: row.last_seen_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
});

export async function insertConsoleSession(
  db: Queryable,
  session: { idHash: string; role: string; keyId: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO console_sessions (id_hash, role, key_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [session.idHash, session.role, session.keyId, session.csrfToken, session.expiresAt],
  );
  // Expired sessions go as new ones come: the table never grows past the sessions of the last day.
  await db.query(`DELETE FROM console_sessions WHERE expires_at < now() - interval '1 day'`);
}

/**
 * The session whose id hashes to `idHash`, when it is neither expired nor idle for longer than `idleMs`; seeing it
 * moves its idle clock.
 */
export async function touchConsoleSession(
  db: Queryable,
  idHash: string,
  now: Date,
  idleMs: number,
): Promise<ConsoleSession | undefined> {
  const rows = await db.query<Row>(
    `UPDATE console_sessions SET last_seen_at = $2
      WHERE id_hash = $1 AND expires_at > $2 AND last_seen_at > $2::timestamptz - make_interval(secs => $3)
      RETURNING *`,
    [idHash, now, idleMs / 1000],
  );
  return rows[0] ? toSession(rows[0]) : undefined;
}

export async function deleteConsoleSession(db: Queryable, idHash: string): Promise<void> {
  await db.query(`DELETE FROM console_sessions WHERE id_hash = $1`, [idHash]);
}
