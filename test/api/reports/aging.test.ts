import { agingBucket, buildAging, DSO_PERIOD_DAYS } from '../../../api/reports/aging';

describe('aging buckets', () => {
  it.each([
    [0, 'not_due'],
    [1, 'days_1_30'],
    [30, 'days_1_30'],
    [31, 'days_31_60'],
    [60, 'days_31_60'],
    [61, 'days_61_90'],
    [90, 'days_61_90'],
    [91, 'over_90'],
    [4000, 'over_90'],
  ])('puts %i days past due in %s', (days, bucket) => {
    expect(agingBucket(days)).toBe(bucket);
  });

  it('sums per currency, never across currencies', () => {
    const report = buildAging(
      [
        { currency: 'EUR', daysPastDue: 0, balance: 1_000, count: 1 },
        { currency: 'EUR', daysPastDue: 12, balance: 2_000, count: 2 },
        { currency: 'EUR', daysPastDue: 29, balance: 500, count: 1 },
        { currency: 'GBP', daysPastDue: 95, balance: 7_000, count: 1 },
      ],
      [],
    );
    expect(report.map((r) => r.currency)).toEqual(['EUR', 'GBP']);
    expect(report[0]!.buckets).toMatchObject({
      not_due: { balance: 1_000, count: 1 },
      days_1_30: { balance: 2_500, count: 3 },
      over_90: { balance: 0, count: 0 },
    });
    expect(report[0]!.total).toEqual({ balance: 3_500, count: 4 });
    expect(report[1]!.buckets.over_90).toEqual({ balance: 7_000, count: 1 });
  });

  it('computes DSO as outstanding ÷ sales of the period × the period, and null without sales', () => {
    const report = buildAging(
      [{ currency: 'EUR', daysPastDue: 10, balance: 30_000, count: 3 }],
      [
        { currency: 'EUR', amount: 90_000 },
        { currency: 'USD', amount: 5_000 },
      ],
    );
    expect(report.find((r) => r.currency === 'EUR')!.dso).toBe((30_000 / 90_000) * DSO_PERIOD_DAYS);
    expect(report.find((r) => r.currency === 'USD')!.dso).toBe(0);
    expect(buildAging([{ currency: 'CHF', daysPastDue: 3, balance: 100, count: 1 }], [])[0]!.dso).toBeNull();
  });
});
