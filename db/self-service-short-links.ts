import type { Queryable } from './database';

/** A letter's short self-service link: its code, the customer it opens and until when. */
export interface ShortLink {
  code: string;
  customerId: string;
  expiresAt: Date;
}

/** Keeps a letter's short link; the same code saved again (a re-rendered letter) keeps the first row. */
export async function saveShortLink(db: Queryable, link: ShortLink): Promise<void> {
  await db.query(
    `INSERT INTO self_service_short_links (code, customer_id, expires_at) VALUES ($1, $2, $3)
     ON CONFLICT (code) DO NOTHING`,
    [link.code, link.customerId, link.expiresAt.toISOString()],
  );
}

/** The short link a code names, expired or not (the caller refuses an expired one); undefined when unknown. */
export async function findShortLink(db: Queryable, code: string): Promise<ShortLink | undefined> {
  const [row] = await db.query<{ code: string; customer_id: string; expires_at: Date }>(
    'SELECT code, customer_id, expires_at FROM self_service_short_links WHERE code = $1',
    [code],
  );
  return row ? { code: row.code, customerId: row.customer_id, expiresAt: new Date(row.expires_at) } : undefined;
}
