import { computeLatePaymentAmounts, LatePaymentInput, RatesOutdatedError } from '../../domain/late-payment';
import type { RateTables } from '../../domain/rates/rate-table';
import { domainError } from './support';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const gbp = (amount: number) => ({ amount, currency: 'GBP' });

// Explicit test tables: the published German base rates and Bank Rate over 2024–2026.
const RATES: RateTables = {
  DE_BASE: {
    table: 'DE_BASE',
    entries: [
      { from: '2024-07-01', ratePercent: 3.37 },
      { from: '2025-01-01', ratePercent: 2.27 },
      { from: '2025-07-01', ratePercent: 1.27 },
      { from: '2026-01-01', ratePercent: 1.27 },
    ],
    knownUntil: '2026-06-30',
  },
  BOE_BANK: {
    table: 'BOE_BANK',
    entries: [
      { from: '2024-11-07', ratePercent: 4.75 },
      { from: '2025-02-06', ratePercent: 4.5 },
      { from: '2025-05-08', ratePercent: 4.25 },
      { from: '2025-08-07', ratePercent: 4 },
      { from: '2025-12-18', ratePercent: 3.75 },
    ],
    knownUntil: '2026-02-04',
  },
};

const compute = (input: Omit<LatePaymentInput, 'rates'>) => computeLatePaymentAmounts({ ...input, rates: RATES });
const rows = (input: Omit<LatePaymentInput, 'rates'>) =>
  compute(input).periods.map((p) => [p.from, p.to, p.days, p.ratePercent, p.base, p.interest]);

describe('computeLatePaymentAmounts in Germany (§ 288 BGB)', () => {
  // § 193 BGB: due Saturday 2025-05-31 → Monday 2 June; interest from 3 June. 2025 H1: 2.27 + 9 = 11.27 %.
  //   06-03..06-30, 28 days: 100,000 × 11.27 % × 28 / 365 = 864.55 → 865 (from 1 June it would be 30 days).
  it('moves a due date on a Saturday to the next business day', () => {
    const amounts = compute({ governingLaw: 'DE', principal: eur(100_000), dueDate: '2025-05-31', asOf: '2025-06-30' });
    expect(amounts.interestFrom).toBe('2025-06-03');
    expect(amounts.periods.map((p) => [p.from, p.days, p.ratePercent, p.interest])).toEqual([
      ['2025-06-03', 28, 11.27, 865],
    ]);
  });

  /*
   * Due Thursday 25 December 2025: 26 December is a holiday, 27–28 a weekend → Monday 29; interest from 30 December.
   *   12-30..12-31, 2 days: 1,000,000 × 10.27 % × 2 / 365 = 562.74 → 563 (2025 H2: 1.27 + 9)
   *   01-01..01-09, 9 days: 1,000,000 × 10.27 % × 9 / 365 = 2,532.33 → 2,532 (2026 H1: 1.27 + 9)
   */
  it('moves a due date on a public holiday past the holidays and the weekend', () => {
    expect(rows({ governingLaw: 'DE', principal: eur(1_000_000), dueDate: '2025-12-25', asOf: '2026-01-09' })).toEqual([
      ['2025-12-30', '2025-12-31', 2, 10.27, 1_000_000, 563],
      ['2026-01-01', '2026-01-09', 9, 10.27, 1_000_000, 2_532],
    ]);
  });

  it('treats a payment on the shifted due date as on time', () => {
    const input = { governingLaw: 'DE', principal: eur(100_000), dueDate: '2025-05-31', asOf: '2025-06-30' };
    const paidInFull = compute({ ...input, payments: [{ date: '2025-06-02', amount: 100_000 }] });
    expect(paidInFull).toMatchObject({ interestFrom: null, indemnity: eur(0), total: eur(0) });
    // Half paid on Monday 2 June: 50,000 × 11.27 % × 28 / 365 = 432.27 → 432, and the 40 EUR Pauschale.
    const halfPaid = compute({ ...input, payments: [{ date: '2025-06-02', amount: 50_000 }] });
    expect(halfPaid).toMatchObject({ interest: eur(432), indemnity: eur(4_000), total: eur(54_432) });
  });

  /*
   * 2,000.00 EUR due Friday 2024-12-13; 500.00 paid on 2025-01-10; as of 2025-01-31. The base rate falls 3.37 → 2.27.
   *   12-14..12-31, 18 days: 200,000 × 12.37 % × 18 / 365 = 1,220.05 → 1,220
   *   01-01..01-10, 10 days: 200,000 × 11.27 % × 10 / 365 =   617.53 →   618
   *     § 367 BGB: 500.00 pays the 18.38 of interest, 481.62 of principal → 151,838
   *   01-11..01-31, 21 days: 151,838 × 11.27 % × 21 / 365 =   984.53 →   985
   */
  it('follows a base-rate change and imputes a part-payment to interest first (§ 367 BGB)', () => {
    const input = { governingLaw: 'DE', principal: eur(200_000), dueDate: '2024-12-13', asOf: '2025-01-31' };
    expect(rows({ ...input, payments: [{ date: '2025-01-10', amount: 50_000 }] })).toEqual([
      ['2024-12-14', '2024-12-31', 18, 12.37, 200_000, 1_220],
      ['2025-01-01', '2025-01-10', 10, 11.27, 200_000, 618],
      ['2025-01-11', '2025-01-31', 21, 11.27, 151_838, 985],
    ]);
    expect(compute({ ...input, payments: [{ date: '2025-01-10', amount: 50_000 }] })).toMatchObject({
      principal: eur(151_838),
      interest: eur(985),
      total: eur(156_823),
    });
  });

  it('refuses the second half of 2026 until its base rate is known', () => {
    const error = domainError(() =>
      compute({ governingLaw: 'DE', principal: eur(100_000), dueDate: '2026-06-15', asOf: '2026-07-01' }),
    );
    expect(error).toBeInstanceOf(RatesOutdatedError);
    expect(error).toMatchObject({ field: 'rates.DE_BASE', table: 'DE_BASE', neededOn: '2026-07-01' });
  });
});

describe('computeLatePaymentAmounts in the United Kingdom (SI 2002/1675 art. 4)', () => {
  /*
   * 12,000.00 GBP due 2025-06-15, as of 2025-07-15. Interest starts 2025-06-16, in the first half-year: Bank Rate on
   * 31 Dec 2024, 4.75 + 8 = 12.75 %, for the whole delay:
   *   06-16..07-15, 30 days: 1,200,000 × 12.75 % × 30 / 365 = 12,575.34 → 12,575
   * The old re-fixing per half-year gave 6,288 (15 days at 12.75 %) + 6,041 (15 days at 12.25 %) = 12,329.
   * Fixed sum £100 (debt of £10,000 or more); total 12,000 + 125.75 + 100 = 12,225.75 GBP.
   */
  it('keeps the rate of the half-year in which interest starts across 1 July', () => {
    const amounts = compute({
      governingLaw: 'GB',
      principal: gbp(1_200_000),
      dueDate: '2025-06-15',
      asOf: '2025-07-15',
    });
    expect(amounts.periods).toEqual([
      { from: '2025-06-16', to: '2025-07-15', days: 30, ratePercent: 12.75, base: 1_200_000, interest: 12_575 },
    ]);
    expect(amounts.total).toEqual(gbp(1_222_575));
  });

  /*
   * 5,000.00 GBP due 2025-11-30, as of 2026-01-31, across the 18 December 2025 cut. Interest starts 2025-12-01, in the
   * second half-year: Bank Rate on 30 Jun 2025, 4.25 + 8 = 12.25 %, for all 62 days:
   *   500,000 × 12.25 % × 62 / 365 = 10,404.11 → 10,404 (the old rule: 5,202 at 12.25 % + 4,990 at 11.75 % = 10,192).
   */
  it('ignores a Bank Rate change after interest started', () => {
    const amounts = compute({ governingLaw: 'GB', principal: gbp(500_000), dueDate: '2025-11-30', asOf: '2026-01-31' });
    expect(amounts.periods.map((p) => [p.days, p.ratePercent, p.interest])).toEqual([[62, 12.25, 10_404]]);
    expect(amounts.total).toEqual(gbp(500_000 + 10_404 + 7_000));
  });

  it('computes a delay running past knownUntil when its rate was fixed before, and refuses a later start', () => {
    // Interest from 2026-06-11: Bank Rate on 31 Dec 2025, 3.75 + 8 = 11.75 %; 52 days: 500,000 × 11.75 % × 52 / 365
    // = 8,369.86 → 8,370.
    const fixed = compute({ governingLaw: 'GB', principal: gbp(500_000), dueDate: '2026-06-10', asOf: '2026-08-01' });
    expect(fixed.periods.map((p) => [p.days, p.ratePercent, p.interest])).toEqual([[52, 11.75, 8_370]]);
    const error = domainError(() =>
      compute({ governingLaw: 'GB', principal: gbp(500_000), dueDate: '2026-07-10', asOf: '2026-07-20' }),
    );
    expect(error).toMatchObject({ field: 'rates.BOE_BANK', rule: 'rates_outdated', neededOn: '2026-06-30' });
  });

  it.each([
    [1, 4_000],
    [99_999, 4_000],
    [100_000, 7_000],
    [999_999, 7_000],
    [1_000_000, 10_000],
    [50_000_000, 10_000],
  ])('charges on a debt of %i pence a fixed sum of %i pence (s.5A)', (principal, fixedSum) => {
    const amounts = compute({
      governingLaw: 'GB',
      principal: gbp(principal),
      dueDate: '2025-06-15',
      asOf: '2025-06-16',
    });
    expect(amounts.indemnity).toEqual(gbp(fixedSum));
  });

  it("refuses a UK claim invoiced in euros and the code 'UK'", () => {
    const input = { governingLaw: 'GB', principal: eur(100_000), dueDate: '2025-06-15', asOf: '2025-07-15' };
    expect(domainError(() => compute(input)).rule).toBe('currency_mismatch');
    expect(domainError(() => compute({ ...input, governingLaw: 'UK' })).rule).toBe('unsupported_law');
  });
});
