import type { Queryable } from './database';

/** Statuses whose balance is still owed: open invoices and those handed to legal. */
const OUTSTANDING = `status IN ('open', 'handed_to_legal') AND balance > 0`;

/** Outstanding balances grouped by currency and whole days past due at `asOf` (0 when not due). */
export async function outstandingByDaysPastDue(
  db: Queryable,
  asOf: Date,
): Promise<Array<{ currency: string; daysPastDue: number; balance: number; count: number }>> {
  const rows = await db.query<{ currency: string; days: number; balance: string; count: number }>(
    `SELECT currency,
       CASE WHEN due_at >= $1::timestamptz THEN 0
            ELSE ceil(extract(epoch FROM ($1::timestamptz - due_at)) / 86400)::int END AS days,
       sum(balance)::text AS balance, count(*)::int AS count
     FROM invoices WHERE ${OUTSTANDING} AND issue_date <= ($1::timestamptz AT TIME ZONE 'UTC')::date
     GROUP BY 1, 2`,
    [asOf.toISOString()],
  );
  return rows.map((row) => ({
    currency: row.currency,
    daysPastDue: row.days,
    balance: Number(row.balance),
    count: row.count,
  }));
}

/** Amounts invoiced (by issue date) in the `days` days up to and including `asOf`'s date, per currency. */
export async function salesInPeriod(
  db: Queryable,
  asOf: Date,
  days: number,
): Promise<Array<{ currency: string; amount: number }>> {
  const rows = await db.query<{ currency: string; amount: string }>(
    `SELECT currency, sum(amount)::text AS amount FROM invoices
     WHERE issue_date > ($1::timestamptz AT TIME ZONE 'UTC')::date - $2::int
       AND issue_date <= ($1::timestamptz AT TIME ZONE 'UTC')::date
     GROUP BY 1`,
    [asOf.toISOString(), days],
  );
  return rows.map((row) => ({ currency: row.currency, amount: Number(row.amount) }));
}
