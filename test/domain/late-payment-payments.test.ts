import { computeLatePaymentAmounts, LatePaymentInput } from '../../domain/late-payment';
import type { RateTables } from '../../domain/rates/rate-table';
import { domainError } from './support';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const gbp = (amount: number) => ({ amount, currency: 'GBP' });

const RATES: RateTables = {
  ECB_MRO: {
    table: 'ECB_MRO',
    entries: [
      { from: '2024-12-18', ratePercent: 3.15 },
      { from: '2025-06-11', ratePercent: 2.15 },
    ],
    knownUntil: '2026-02-11',
  },
  BOE_BANK: {
    table: 'BOE_BANK',
    entries: [
      { from: '2024-11-07', ratePercent: 4.75 },
      { from: '2025-02-06', ratePercent: 4.5 },
    ],
    knownUntil: '2026-02-04',
  },
};

const compute = (input: Omit<LatePaymentInput, 'rates'>) => computeLatePaymentAmounts({ ...input, rates: RATES });

describe('part-payments imputed to interest first (art. 1343-1 C. civ.)', () => {
  /*
   * 10,000.00 EUR due 2025-03-31, paid 4,000.00 on 2025-05-15 and 1,000.00 on 2025-07-31, as of 2025-08-31 (FR).
   *   04-01..05-15, 45 days: 1,000,000 × 13.15 % × 45 / 365 = 16,212.33 → 16,212
   *     4,000.00 pays the 162.12 accrued, 3,837.88 lowers the principal: 1,000,000 − 383,788 = 616,212
   *   05-16..06-30, 46 days:   616,212 × 13.15 % × 46 / 365 = 10,212.24 → 10,212
   *   07-01..07-31, 31 days:   616,212 × 12.15 % × 31 / 365 =  6,358.80 →  6,359
   *     1,000.00 pays the 165.71 accrued since (10,212 + 6,359), 834.29 lowers the principal: 616,212 − 83,429 = 532,783
   *   08-01..08-31, 31 days:   532,783 × 12.15 % × 31 / 365 =  5,497.88 →  5,498
   * Accrued 382.81; paid to interest 327.83, to principal 4,672.17; still owed 5,327.83 + 54.98 + 40.00 = 5,422.81 EUR.
   * One day on 5,327.83 at 12.15 %: 532,783 × 12.15 % / 365 = 177.35 → 177.
   */
  it('splits a period at each payment and pays the accrued interest before the principal', () => {
    const amounts = compute({
      governingLaw: 'FR',
      principal: eur(1_000_000),
      dueDate: '2025-03-31',
      asOf: '2025-08-31',
      // Given out of order: the engine sorts them by date.
      payments: [
        { date: '2025-07-31', amount: 100_000 },
        { date: '2025-05-15', amount: 400_000 },
      ],
    });
    expect(amounts.periods.map((p) => [p.from, p.to, p.days, p.ratePercent, p.base, p.interest])).toEqual([
      ['2025-04-01', '2025-05-15', 45, 13.15, 1_000_000, 16_212],
      ['2025-05-16', '2025-06-30', 46, 13.15, 616_212, 10_212],
      ['2025-07-01', '2025-07-31', 31, 12.15, 616_212, 6_359],
      ['2025-08-01', '2025-08-31', 31, 12.15, 532_783, 5_498],
    ]);
    expect(amounts).toMatchObject({
      principal: eur(532_783),
      interest: eur(5_498),
      indemnity: eur(4_000),
      total: eur(542_281),
      interestAccrued: eur(38_281),
      paid: { interest: eur(32_783), principal: eur(467_217) },
      dailyInterest: eur(177),
      ratePercent: 12.15,
    });
  });

  // 1,000.00 EUR due 2025-05-15, 400.00 paid on 2025-05-10: interest runs on 600.00 from 16 May.
  //   05-16..05-31, 16 days: 60,000 × 13.15 % × 16 / 365 = 345.86 → 346
  it('lowers the principal with a payment made on or before the due date', () => {
    const amounts = compute({
      governingLaw: 'FR',
      principal: eur(100_000),
      dueDate: '2025-05-15',
      asOf: '2025-05-31',
      payments: [{ date: '2025-05-10', amount: 40_000 }],
    });
    expect(amounts.periods).toEqual([
      { from: '2025-05-16', to: '2025-05-31', days: 16, ratePercent: 13.15, base: 60_000, interest: 346 },
    ]);
    expect(amounts).toMatchObject({ principal: eur(60_000), paid: { interest: eur(0), principal: eur(40_000) } });
  });

  it('owes no interest and no indemnity when the debt was paid in full by the due date', () => {
    const amounts = compute({
      governingLaw: 'FR',
      principal: eur(100_000),
      dueDate: '2025-05-15',
      asOf: '2025-08-31',
      payments: [{ date: '2025-05-15', amount: 100_000 }],
    });
    expect(amounts).toMatchObject({ interestFrom: null, periods: [], total: eur(0), indemnity: eur(0) });
  });

  // 1,000.00 EUR due 2025-05-15, 500.00 paid on asOf 2025-05-31: 16 days on 1,000.00 at 13.15 % = 576.44 → 576
  // accrued; the payment pays 5.76 interest and 494.24 principal; no period after asOf.
  it('counts the day of payment on the old base and opens no period after asOf', () => {
    const amounts = compute({
      governingLaw: 'FR',
      principal: eur(100_000),
      dueDate: '2025-05-15',
      asOf: '2025-05-31',
      payments: [{ date: '2025-05-31', amount: 50_000 }],
    });
    expect(amounts.periods.map((p) => [p.days, p.base, p.interest])).toEqual([[16, 100_000, 576]]);
    expect(amounts).toMatchObject({ principal: eur(50_576), interest: eur(0), total: eur(54_576) });
  });
});

describe('part-payments to the principal (Late Payment of Commercial Debts (Interest) Act 1998)', () => {
  /*
   * 5,000.00 GBP due 2025-01-31, 2,000.00 paid on 2025-03-03, as of 2025-07-31. Interest starts 2025-02-01 (first
   * half-year): Bank Rate on 31 Dec 2024, 4.75 + 8 = 12.75 % for the whole delay, no split at 1 July.
   *   02-01..03-03,  31 days: 500,000 × 12.75 % × 31 / 365 = 5,414.38 → 5,414
   *   03-04..07-31, 150 days: 300,000 × 12.75 % × 150 / 365 = 15,719.18 → 15,719
   * Principal 3,000.00; interest 211.33; fixed sum £70 (debt of 5,000.00 at the due date); total 3,281.33 GBP.
   * One day: 300,000 × 12.75 % / 365 = 104.79 → 105.
   */
  it('lowers the principal by the whole payment and keeps one rate', () => {
    const amounts = compute({
      governingLaw: 'GB',
      principal: gbp(500_000),
      dueDate: '2025-01-31',
      asOf: '2025-07-31',
      payments: [{ date: '2025-03-03', amount: 200_000 }],
    });
    expect(amounts.periods.map((p) => [p.from, p.to, p.days, p.ratePercent, p.base, p.interest])).toEqual([
      ['2025-02-01', '2025-03-03', 31, 12.75, 500_000, 5_414],
      ['2025-03-04', '2025-07-31', 150, 12.75, 300_000, 15_719],
    ]);
    expect(amounts).toMatchObject({
      principal: gbp(300_000),
      interest: gbp(21_133),
      indemnity: gbp(7_000),
      total: gbp(328_133),
      paid: { interest: gbp(0), principal: gbp(200_000) },
      dailyInterest: gbp(105),
    });
  });
});

describe('part-payment validation', () => {
  const base = { governingLaw: 'FR', principal: eur(100_000), dueDate: '2025-05-15', asOf: '2025-06-30' };
  const refusal = (payments: { date: string; amount: number }[]) => {
    const error = domainError(() => compute({ ...base, payments }));
    return [error.field, error.rule];
  };

  it('names the offending payment', () => {
    expect(refusal([{ date: '2025-07-01', amount: 1 }])).toEqual(['payments[0].date', 'after_as_of']);
    expect(refusal([{ date: '2025-06-31', amount: 1 }])).toEqual(['payments[0].date', 'calendar_date']);
    expect(
      refusal([
        { date: '2025-06-01', amount: 1 },
        { date: '2025-06-02', amount: 0 },
      ]),
    ).toEqual(['payments[1].amount', 'positive']);
    expect(refusal([{ date: '2025-06-01', amount: 1.5 }])).toEqual(['payments[0].amount', 'minor_units']);
    expect(refusal([{ date: '2025-06-01', amount: -5 }])).toEqual(['payments[0].amount', 'non_negative']);
    expect(
      refusal([
        { date: '2025-06-01', amount: 60_000 },
        { date: '2025-06-02', amount: 40_001 },
      ]),
    ).toEqual(['payments[1].amount', 'exceeds_principal']);
  });
});
