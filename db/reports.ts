import type { Queryable } from './database';

/** Statuses whose balance is still owed: open invoices and those handed to legal. */
const OUTSTANDING = `status IN ('open', 'handed_to_legal') AND balance > 0`;

/**
 * Outstanding balances grouped by currency and calendar days past due (0 when not due), counted in each customer's own
 * time zone: an invoice due on the 31st is not late on the 31st. `asOf` is an instant, or a calendar date meaning that
 * day wherever each customer is.
 */
export async function outstandingByDaysPastDue(
  db: Queryable,
  asOf: Date,
  asOfDate?: string,
): Promise<Array<{ currency: string; daysPastDue: number; balance: number; count: number }>> {
  const rows = await db.query<{ currency: string; days: number; balance: string; count: number }>(
    `WITH outstanding AS (
       SELECT currency, balance, due_at, COALESCE(customer->>'timezone', 'UTC') AS tz,
              ((due_at - interval '1 millisecond') AT TIME ZONE COALESCE(customer->>'timezone', 'UTC'))::date AS due_day
       FROM invoices WHERE ${OUTSTANDING} AND issue_date <= ($1::timestamptz AT TIME ZONE 'UTC')::date)
     SELECT currency,
       CASE WHEN $2::date IS NOT NULL THEN greatest(0, $2::date - due_day)
            WHEN due_at > $1::timestamptz THEN 0
            ELSE greatest(1, ($1::timestamptz AT TIME ZONE tz)::date - due_day) END AS days,
       sum(balance)::text AS balance, count(*)::int AS count
     FROM outstanding GROUP BY 1, 2`,
    [asOf.toISOString(), asOfDate ?? null],
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
