import type { Queryable } from '../../db/database';

/**
 * Whether the customer ever had this hold (standing, lifted or ended by its `until`). db/customers.ts reads only the
 * holds in force; lifting a hold twice must tell "lifted already" (200) from "never placed" (404).
 */
export async function findCustomerHold(
  db: Queryable,
  customerId: string,
  holdId: string,
): Promise<{ holdId: string; liftedAt: string | null } | undefined> {
  const rows = await db.query<{ id: string; lifted_at: Date | null }>(
    'SELECT id, lifted_at FROM customer_holds WHERE id = $1 AND customer_id = $2',
    [holdId, customerId],
  );
  const row = rows[0];
  return row && { holdId: row.id, liftedAt: row.lifted_at?.toISOString() ?? null };
}
