import type { Queryable } from './database';

/** How many invoices stand in each stage, from the projection (the `(status, stage)` index answers it). */
export async function countInvoicesByStage(db: Queryable): Promise<Array<{ stage: string; count: number }>> {
  return db.query<{ stage: string; count: number }>(
    `SELECT stage, count(*)::int AS count FROM invoices GROUP BY stage ORDER BY stage`,
  );
}
