/**
 * Aging buckets by calendar days past due in each customer's zone, as the report's query counts them (db/reports.ts):
 * an invoice due on the 31st is in 1–30 from the 1st. "not_due" holds what is not late yet.
 */
export const AGING_BUCKETS = [
  { key: 'not_due', from: Number.NEGATIVE_INFINITY, to: 0 },
  { key: 'days_1_30', from: 1, to: 30 },
  { key: 'days_31_60', from: 31, to: 60 },
  { key: 'days_61_90', from: 61, to: 90 },
  { key: 'over_90', from: 91, to: Number.POSITIVE_INFINITY },
] as const;

export type AgingBucketKey = (typeof AGING_BUCKETS)[number]['key'];

/** The period DSO is measured over, in days. */
export const DSO_PERIOD_DAYS = 90;

export function agingBucket(daysPast: number): AgingBucketKey {
  return AGING_BUCKETS.find((bucket) => daysPast >= bucket.from && daysPast <= bucket.to)!.key;
}

export interface OutstandingGroup {
  currency: string;
  daysPastDue: number;
  balance: number;
  count: number;
}

export interface CurrencyAging {
  currency: string;
  buckets: Record<AgingBucketKey, { balance: number; count: number }>;
  total: { balance: number; count: number };
  /** Sales invoiced in the DSO period, minor units. */
  periodSales: number;
  /** Days sales outstanding, one decimal; null when nothing was invoiced in the period. */
  dso: number | null;
}

/**
 * Buckets outstanding balances per currency (never summed across currencies) and computes the count-back-free DSO:
 * outstanding balance at `asOf` ÷ amounts invoiced in the `DSO_PERIOD_DAYS` up to `asOf` × `DSO_PERIOD_DAYS`.
 */
export function buildAging(groups: OutstandingGroup[], sales: { currency: string; amount: number }[]): CurrencyAging[] {
  const currencies = [...new Set([...groups.map((g) => g.currency), ...sales.map((s) => s.currency)])].sort();
  return currencies.map((currency) => {
    const buckets = Object.fromEntries(
      AGING_BUCKETS.map((b) => [b.key, { balance: 0, count: 0 }]),
    ) as CurrencyAging['buckets'];
    const total = { balance: 0, count: 0 };
    for (const group of groups.filter((g) => g.currency === currency)) {
      const bucket = buckets[agingBucket(group.daysPastDue)];
      bucket.balance += group.balance;
      bucket.count += group.count;
      total.balance += group.balance;
      total.count += group.count;
    }
    const periodSales = sales.filter((s) => s.currency === currency).reduce((sum, s) => sum + s.amount, 0);
    const dso = periodSales > 0 ? Math.round((total.balance / periodSales) * DSO_PERIOD_DAYS * 10) / 10 : null;
    return { currency, buckets, total, periodSales, dso };
  });
}
