import {
  computeLatePaymentAmounts,
  LatePaymentInput,
  RatesOutdatedError,
  statutoryLaw,
  supportsStatutoryAmounts,
} from '../../domain/late-payment';
import type { RateTables } from '../../domain/rates/rate-table';
import { domainError } from './support';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

// Explicit test tables (the published ECB rates over 2022–2025), so these cases hold however the seed grows.
const RATES: RateTables = {
  ECB_MRO: {
    table: 'ECB_MRO',
    entries: [
      { from: '2016-03-16', ratePercent: 0 },
      { from: '2022-07-27', ratePercent: 0.5 },
      { from: '2022-12-21', ratePercent: 2.5 },
      { from: '2023-09-20', ratePercent: 4.5 },
      { from: '2024-06-12', ratePercent: 4.25 },
      { from: '2024-12-18', ratePercent: 3.15 },
      { from: '2025-06-11', ratePercent: 2.15 },
    ],
    knownUntil: '2026-02-11',
  },
};

const compute = (input: Omit<LatePaymentInput, 'rates'>) => computeLatePaymentAmounts({ ...input, rates: RATES });
const fr = (amount: number, dueDate: string, asOf: string) =>
  compute({ governingLaw: 'FR', principal: eur(amount), dueDate, asOf });
const rows = (input: Omit<LatePaymentInput, 'rates'>) =>
  compute(input).periods.map((p) => [p.from, p.to, p.days, p.ratePercent, p.base, p.interest]);

describe('computeLatePaymentAmounts in France (art. L441-10 and D441-5 C. com.)', () => {
  /*
   * 10,000.00 EUR due 2025-05-15, as of 2025-08-31. ECB on 1 Jan 2025: 3.15 → 13.15 %; on 1 Jul 2025: 2.15 → 12.15 %.
   *   2025-05-16..06-30, 46 days: 1,000,000 × 13.15 % × 46 / 365 = 16,572.60 → 16,573
   *   2025-07-01..08-31, 62 days: 1,000,000 × 12.15 % × 62 / 365 = 20,638.36 → 20,638
   * Interest 372.11 EUR; indemnity 40.00; total 10,412.11 EUR; one day at 12.15 %: 1,000,000 × 12.15 % / 365 = 332.88 → 333.
   */
  it('splits at 1 July and uses each half-year rate plus 10 points', () => {
    expect(fr(1_000_000, '2025-05-15', '2025-08-31')).toEqual({
      governingLaw: 'FR',
      currency: 'EUR',
      computedOn: '2025-08-31',
      interestFrom: '2025-05-16',
      principal: eur(1_000_000),
      interest: eur(37_211),
      indemnity: eur(4_000),
      total: eur(1_041_211),
      interestAccrued: eur(37_211),
      paid: { interest: eur(0), principal: eur(0) },
      dailyInterest: eur(333),
      ratePercent: 12.15,
      law: statutoryLaw('FR'),
      periods: [
        { from: '2025-05-16', to: '2025-06-30', days: 46, ratePercent: 13.15, base: 1_000_000, interest: 16_573 },
        { from: '2025-07-01', to: '2025-08-31', days: 62, ratePercent: 12.15, base: 1_000_000, interest: 20_638 },
      ],
    });
  });

  // 1,000.00 EUR due 2024-01-31, as of 2024-03-01: 29 February counts as a day, the year still divides by 365.
  //   2024-02-01..03-01, 30 days at 4.50 + 10: 100,000 × 14.5 % × 30 / 365 = 1,191.78 → 1,192
  it('counts 29 February and divides by 365 in a leap year', () => {
    expect(rows({ governingLaw: 'FR', principal: eur(100_000), dueDate: '2024-01-31', asOf: '2024-03-01' })).toEqual([
      ['2024-02-01', '2024-03-01', 30, 14.5, 100_000, 1_192],
    ]);
  });

  /*
   * 5,000.00 EUR due 2024-05-31, as of 2024-12-31; the ECB cut 4.50 → 4.25 on 12 June 2024, inside the delay, and
   * reaches the claim only from 1 July (the rate in force on the half-year's first day):
   *   2024-06-01..06-30,  30 days: 500,000 × 14.50 % × 30 / 365 = 5,958.90 → 5,959
   *   2024-07-01..12-31, 184 days: 500,000 × 14.25 % × 184 / 365 = 35,917.81 → 35,918
   */
  it('applies a rate change inside the delay from the next half-year', () => {
    expect(rows({ governingLaw: 'FR', principal: eur(500_000), dueDate: '2024-05-31', asOf: '2024-12-31' })).toEqual([
      ['2024-06-01', '2024-06-30', 30, 14.5, 500_000, 5_959],
      ['2024-07-01', '2024-12-31', 184, 14.25, 500_000, 35_918],
    ]);
  });

  /*
   * 3,000.00 EUR due 2024-03-15, as of 2025-04-19: a 400-day delay over three half-years.
   *   2024-03-16..06-30, 107 days: 300,000 × 14.50 % × 107 / 365 = 12,752.05 → 12,752
   *   2024-07-01..12-31, 184 days: 300,000 × 14.25 % × 184 / 365 = 21,550.68 → 21,551
   *   2025-01-01..04-19, 109 days: 300,000 × 13.15 % × 109 / 365 = 11,780.96 → 11,781
   * Interest 460.84 EUR; total 3,000.00 + 460.84 + 40.00 = 3,500.84 EUR.
   */
  it('computes a 400-day delay period by period', () => {
    const amounts = fr(300_000, '2024-03-15', '2025-04-19');
    expect(amounts.periods.map((p) => [p.days, p.ratePercent, p.interest])).toEqual([
      [107, 14.5, 12_752],
      [184, 14.25, 21_551],
      [109, 13.15, 11_781],
    ]);
    expect(amounts.interest).toEqual(eur(46_084));
    expect(amounts.total).toEqual(eur(350_084));
  });

  it('counts asOf itself: one day late is one day of interest, rounded half away from zero', () => {
    // 18.25 EUR × 10 % × 1 / 365 = 0.5 cent exactly → 1 cent; 18.24 EUR gives 0.4997 cent → 0.
    expect(rows({ governingLaw: 'FR', principal: eur(1825), dueDate: '2021-03-01', asOf: '2021-03-02' })).toEqual([
      ['2021-03-02', '2021-03-02', 1, 10, 1825, 1],
    ]);
    expect(fr(1824, '2021-03-01', '2021-03-02').interest).toEqual(eur(0));
    expect(fr(1824, '2021-03-01', '2021-03-02').indemnity).toEqual(eur(4_000));
  });

  it('owes nothing on or before the due date', () => {
    for (const asOf of ['2025-05-15', '2025-05-01']) {
      const amounts = fr(1_000_000, '2025-05-15', asOf);
      expect(amounts).toMatchObject({ periods: [], interest: eur(0), indemnity: eur(0), total: eur(1_000_000) });
      expect(amounts).toMatchObject({ interestFrom: null, ratePercent: null, dailyInterest: eur(0) });
    }
  });

  it('handles a principal near the safe-integer limit without losing a cent', () => {
    // 9,007,199,254,740 × 13.15 % × 1 / 365 = 11,844,467,019,983,100 / 3,650,000 = 3,245,059,457.53 → 3,245,059,458.
    expect(fr(9_007_199_254_740, '2025-05-15', '2025-05-16').interest.amount).toBe(3_245_059_458);
  });
});

describe('computeLatePaymentAmounts in Belgium and the other euro-area states', () => {
  /*
   * Belgium, loi du 2 août 2002 art. 5: ECB + 8 rounded up to the next half point.
   * 1,000.00 EUR due 2025-06-20, as of 2025-07-10:
   *   2025-06-21..06-30, 10 days: 3.15 + 8 = 11.15 → 11.50 %: 100,000 × 11.5 % × 10 / 365 = 315.07 → 315
   *   2025-07-01..07-10, 10 days: 2.15 + 8 = 10.15 → 10.50 %: 100,000 × 10.5 % × 10 / 365 = 287.67 → 288
   * A rate already on a half point stays: 2022 H2, ECB 0.00 + 8 = 8.00 %: 100,000 × 8 % × 31 / 365 = 679.45 → 679.
   */
  it('rounds the Belgian rate up to the next half point', () => {
    expect(rows({ governingLaw: 'BE', principal: eur(100_000), dueDate: '2025-06-20', asOf: '2025-07-10' })).toEqual([
      ['2025-06-21', '2025-06-30', 10, 11.5, 100_000, 315],
      ['2025-07-01', '2025-07-10', 10, 10.5, 100_000, 288],
    ]);
    expect(rows({ governingLaw: 'be', principal: eur(100_000), dueDate: '2022-11-30', asOf: '2022-12-31' })).toEqual([
      ['2022-12-01', '2022-12-31', 31, 8, 100_000, 679],
    ]);
  });

  /*
   * Italy, 1,000.00 EUR due 2025-01-31, as of 2025-03-01: 29 days at 3.15 + 8 = 11.15 %:
   *   100,000 × 11.15 % × 29 / 365 = 885.89 → 886; total 1,000.00 + 8.86 + 40.00 = 1,048.86 EUR.
   * Spain, the same invoice: the same floor of Directive 2011/7/EU (Ley 3/2004 art. 7).
   */
  it.each(['IT', 'ES'])('uses the ECB rate plus 8 points and 40 EUR in %s', (governingLaw) => {
    const amounts = compute({ governingLaw, principal: eur(100_000), dueDate: '2025-01-31', asOf: '2025-03-01' });
    expect(amounts.periods.map((p) => [p.days, p.ratePercent, p.interest])).toEqual([[29, 11.15, 886]]);
    expect(amounts.total).toEqual(eur(104_886));
    expect(amounts.law).toMatchObject({ governingLaw, table: 'ECB_MRO', points: 8, imputation: 'interest_first' });
  });
});

describe('statutoryLaw', () => {
  it('gives no claim for NL (annual compounding), non-euro states and the rest of the world', () => {
    for (const code of ['NL', 'US', 'CH', 'PL', 'SE', 'UK', '']) {
      expect(statutoryLaw(code)).toBeNull();
      expect(supportsStatutoryAmounts(code)).toBe(false);
    }
    expect(['FR', 'DE', 'GB', 'BE', 'IT', 'es', 'AT', 'HR'].every(supportsStatutoryAmounts)).toBe(true);
  });

  it('describes each law for the letters', () => {
    expect(statutoryLaw('fr')).toEqual({
      governingLaw: 'FR',
      table: 'ECB_MRO',
      points: 10,
      rateFixing: 'half_year',
      imputation: 'interest_first',
      indemnityCurrency: 'EUR',
      citations: ['art. L441-10 C. com.', 'art. D441-5 C. com.', 'art. 1343-1 C. civ.'],
    });
    expect(statutoryLaw('GB')).toMatchObject({ rateFixing: 'fixed_at_start', imputation: 'principal_first' });
  });
});

describe('computeLatePaymentAmounts refusals', () => {
  const base = { governingLaw: 'FR', principal: eur(100_000), dueDate: '2025-05-15', asOf: '2025-06-01' };

  it.each(['NL', 'US'])('refuses to compute under %s law', (governingLaw) => {
    const error = domainError(() => compute({ ...base, governingLaw }));
    expect([error.field, error.rule]).toEqual(['governingLaw', 'unsupported_law']);
  });

  it('refuses a USD invoice under French law rather than print a zero indemnity', () => {
    const error = domainError(() => compute({ ...base, principal: { amount: 100_000, currency: 'USD' } }));
    expect([error.field, error.rule]).toEqual(['currency', 'currency_mismatch']);
    expect(error.message).toBe('currency: the FR recovery sum is fixed in EUR, the invoice is in USD');
  });

  it('refuses a day whose rate is past the known part of the table, naming it', () => {
    // The 2026 H1 rate is read on 1 January (known); 1 July 2026 is after knownUntil 2026-02-11.
    expect(fr(100_000, '2026-05-31', '2026-06-30').ratePercent).toBe(12.15);
    const error = domainError(() => fr(100_000, '2026-05-31', '2026-07-01'));
    expect(error).toBeInstanceOf(RatesOutdatedError);
    expect(error).toMatchObject({ field: 'rates.ECB_MRO', rule: 'rates_outdated', table: 'ECB_MRO' });
    expect(error).toMatchObject({ knownUntil: '2026-02-11', neededOn: '2026-07-01' });
    expect(error.message).toBe(
      'ECB_MRO: rates are known until 2026-02-11; this amount needs the rate in force on 2026-07-01 (POST /v1/rates/ECB_MRO)',
    );
  });

  it('refuses a missing table and a date older than the table', () => {
    expect(domainError(() => computeLatePaymentAmounts({ ...base, rates: {} })).rule).toBe('rates_missing');
    expect(domainError(() => fr(100, '2015-12-01', '2016-01-05')).rule).toBe('rate_unknown');
  });

  it('refuses malformed input, naming the field', () => {
    expect(domainError(() => compute({ ...base, principal: eur(1.5) })).field).toBe('principal.amount');
    expect(domainError(() => compute({ ...base, principal: eur(-1) })).field).toBe('principal.amount');
    expect(domainError(() => compute({ ...base, dueDate: '2025-05-15T00:00:00Z' })).field).toBe('dueDate');
    expect(domainError(() => compute({ ...base, asOf: '31/08/2025' })).field).toBe('asOf');
  });
});
