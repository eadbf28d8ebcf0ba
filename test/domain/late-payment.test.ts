import { computeLatePaymentAmounts, supportsStatutoryAmounts } from '../../domain/late-payment';
import { domainError } from './support';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const gbp = (amount: number) => ({ amount, currency: 'GBP' });

describe('computeLatePaymentAmounts in France (art. L441-10 and D441-5 Code de commerce)', () => {
  /*
   * 10,000.00 EUR due 2025-05-15, as of 2025-08-31.
   * Rate in force on 1 Jan 2025: 3.15 (from 2024-12-18) → 13.15 %; on 1 Jul 2025: 2.15 (from 2025-06-11) → 12.15 %.
   *   2025-05-16..2025-06-30 = 16 + 30 = 46 days: 1,000,000 × 13.15 % × 46 / 365 = 16,572.60 cents → 165.73 EUR
   *   2025-07-01..2025-08-31 = 31 + 31 = 62 days: 1,000,000 × 12.15 % × 62 / 365 = 20,638.36 cents → 206.38 EUR
   * Interest 372.11 EUR; indemnity 40.00 EUR; total 10,412.11 EUR.
   */
  it('splits at 1 July and uses each half-year rate plus 10 points', () => {
    expect(
      computeLatePaymentAmounts({
        principal: eur(1_000_000),
        dueDate: '2025-05-15',
        asOf: '2025-08-31',
        jurisdiction: 'FR',
      }),
    ).toEqual({
      principal: eur(1_000_000),
      interest: eur(37_211),
      indemnity: eur(4_000),
      total: eur(1_041_211),
      currency: 'EUR',
      computedOn: '2025-08-31',
      jurisdiction: 'FR',
      periods: [
        { from: '2025-05-16', to: '2025-06-30', days: 46, ratePercent: 13.15, interest: 16_573 },
        { from: '2025-07-01', to: '2025-08-31', days: 62, ratePercent: 12.15, interest: 20_638 },
      ],
    });
  });

  /*
   * 2,500.00 EUR due 2024-11-30, as of 2025-01-31.
   * Rate on 1 Jul 2024: 4.25 (from 2024-06-12) → 14.25 %; on 1 Jan 2025: 3.15 → 13.15 %.
   *   2024-12-01..2024-12-31 = 31 days: 250,000 × 14.25 % × 31 / 365 = 3,025.68 → 30.26 EUR
   *   2025-01-01..2025-01-31 = 31 days: 250,000 × 13.15 % × 31 / 365 = 2,792.12 → 27.92 EUR
   * Interest 58.18 EUR; total 2,500.00 + 58.18 + 40.00 = 2,598.18 EUR. The leap year 2024 still divides by 365.
   */
  it('splits at the year boundary', () => {
    const amounts = computeLatePaymentAmounts({
      principal: eur(250_000),
      dueDate: '2024-11-30',
      asOf: '2025-01-31',
      jurisdiction: 'FR',
    });
    expect(amounts.periods).toEqual([
      { from: '2024-12-01', to: '2024-12-31', days: 31, ratePercent: 14.25, interest: 3_026 },
      { from: '2025-01-01', to: '2025-01-31', days: 31, ratePercent: 13.15, interest: 2_792 },
    ]);
    expect(amounts.interest).toEqual(eur(5_818));
    expect(amounts.total).toEqual(eur(259_818));
  });

  /*
   * 1,000.00 EUR due 2022-06-30, as of 2023-01-10: four reference dates across the 2022–23 hikes.
   * 1 Jul 2022: 0.00 (the 0.50 hike took effect 27 July) → 10.00 %; 1 Jan 2023: 2.50 → 12.50 %.
   *   2022-07-01..2022-12-31 = 184 days: 100,000 × 10 % × 184 / 365 = 5,041.10 → 50.41 EUR
   *   2023-01-01..2023-01-10 = 10 days: 100,000 × 12.5 % × 10 / 365 = 342.47 → 3.42 EUR
   */
  it('keeps the rate fixed for the half-year even when the ECB changes it mid-way', () => {
    const amounts = computeLatePaymentAmounts({
      principal: eur(100_000),
      dueDate: '2022-06-30',
      asOf: '2023-01-10',
      jurisdiction: 'FR',
    });
    expect(amounts.periods).toEqual([
      { from: '2022-07-01', to: '2022-12-31', days: 184, ratePercent: 10, interest: 5_041 },
      { from: '2023-01-01', to: '2023-01-10', days: 10, ratePercent: 12.5, interest: 342 },
    ]);
  });

  it('counts asOf itself: one day late is one day of interest', () => {
    // 18.25 EUR × 10 % × 1 / 365 = 0.5 cent exactly, rounded half away from zero to 1 cent.
    const half = computeLatePaymentAmounts({
      principal: eur(1825),
      dueDate: '2021-03-01',
      asOf: '2021-03-02',
      jurisdiction: 'FR',
    });
    expect(half.periods).toEqual([{ from: '2021-03-02', to: '2021-03-02', days: 1, ratePercent: 10, interest: 1 }]);
    // 18.24 EUR gives 0.4997 cent → 0.
    const below = computeLatePaymentAmounts({
      principal: eur(1824),
      dueDate: '2021-03-01',
      asOf: '2021-03-02',
      jurisdiction: 'FR',
    });
    expect(below.interest.amount).toBe(0);
  });

  it('owes nothing before the debt is late', () => {
    for (const asOf of ['2025-05-15', '2025-05-01']) {
      const amounts = computeLatePaymentAmounts({
        principal: eur(1_000_000),
        dueDate: '2025-05-15',
        asOf,
        jurisdiction: 'FR',
      });
      expect(amounts.periods).toEqual([]);
      expect(amounts.interest).toEqual(eur(0));
      expect(amounts.indemnity).toEqual(eur(0));
      expect(amounts.total).toEqual(eur(1_000_000));
    }
  });

  it('accepts a lower-case jurisdiction and reports it in upper case', () => {
    const amounts = computeLatePaymentAmounts({
      principal: eur(100),
      dueDate: '2025-05-15',
      asOf: '2025-05-16',
      jurisdiction: 'fr',
    });
    expect(amounts.jurisdiction).toBe('FR');
  });

  it('handles a principal near the safe-integer limit without losing a cent', () => {
    // 90,071,992,547.40 EUR for one day at 13.15 %: the product 11,844,467,019,983,100 exceeds 2^53.
    const amounts = computeLatePaymentAmounts({
      principal: eur(9_007_199_254_740),
      dueDate: '2025-05-15',
      asOf: '2025-05-16',
      jurisdiction: 'FR',
    });
    // 11,844,467,019,983,100 / 3,650,000 = 3,245,059,457.53 → 3,245,059,458 cents.
    expect(amounts.interest.amount).toBe(3_245_059_458);
  });

  it('refuses an invoice in another currency than the euro indemnity', () => {
    const error = domainError(() =>
      computeLatePaymentAmounts({
        principal: { amount: 100, currency: 'USD' },
        dueDate: '2025-05-15',
        asOf: '2025-06-01',
        jurisdiction: 'FR',
      }),
    );
    expect(error.field).toBe('currency');
    expect(error.rule).toBe('currency_mismatch');
    expect(error.message).toBe('currency: the FR recovery indemnity is fixed in EUR, the invoice is in USD');
  });

  it('refuses a due date older than the rate table', () => {
    const error = domainError(() =>
      computeLatePaymentAmounts({ principal: eur(100), dueDate: '2015-12-01', asOf: '2016-01-05', jurisdiction: 'FR' }),
    );
    expect(error.rule).toBe('rate_unknown');
  });

  it('refuses malformed input, naming the field', () => {
    const base = { principal: eur(100), dueDate: '2025-05-15', asOf: '2025-06-01', jurisdiction: 'FR' };
    expect(domainError(() => computeLatePaymentAmounts({ ...base, principal: eur(1.5) })).field).toBe(
      'principal.amount',
    );
    expect(domainError(() => computeLatePaymentAmounts({ ...base, principal: eur(-1) })).field).toBe(
      'principal.amount',
    );
    expect(domainError(() => computeLatePaymentAmounts({ ...base, dueDate: '2025-05-15T00:00:00Z' })).field).toBe(
      'dueDate',
    );
    expect(domainError(() => computeLatePaymentAmounts({ ...base, asOf: '31/08/2025' })).field).toBe('asOf');
  });
});

describe('computeLatePaymentAmounts in Germany (§288 BGB)', () => {
  /*
   * 5,000.00 EUR due 2025-06-20, as of 2025-07-10.
   * Basiszinssatz 2025 H1: 2.27 → 11.27 %; 2025 H2: 1.27 → 10.27 %.
   *   2025-06-21..2025-06-30 = 10 days: 500,000 × 11.27 % × 10 / 365 = 1,543.84 → 15.44 EUR
   *   2025-07-01..2025-07-10 = 10 days: 500,000 × 10.27 % × 10 / 365 = 1,406.85 → 14.07 EUR
   * Interest 29.51 EUR; Pauschale 40.00 EUR (§288(5)); total 5,069.51 EUR.
   */
  it('uses the base rate of each half-year plus 9 points and the 40 EUR Pauschale', () => {
    expect(
      computeLatePaymentAmounts({
        principal: eur(500_000),
        dueDate: '2025-06-20',
        asOf: '2025-07-10',
        jurisdiction: 'DE',
      }),
    ).toEqual({
      principal: eur(500_000),
      interest: eur(2_951),
      indemnity: eur(4_000),
      total: eur(506_951),
      currency: 'EUR',
      computedOn: '2025-07-10',
      jurisdiction: 'DE',
      periods: [
        { from: '2025-06-21', to: '2025-06-30', days: 10, ratePercent: 11.27, interest: 1_544 },
        { from: '2025-07-01', to: '2025-07-10', days: 10, ratePercent: 10.27, interest: 1_407 },
      ],
    });
  });

  it('applies a negative base rate as computed', () => {
    // -0.88 + 9 = 8.12 %: 100,000 × 8.12 % × 30 / 365 = 667.40 → 6.67 EUR.
    const amounts = computeLatePaymentAmounts({
      principal: eur(100_000),
      dueDate: '2022-12-01',
      asOf: '2022-12-31',
      jurisdiction: 'DE',
    });
    expect(amounts.periods).toEqual([
      { from: '2022-12-02', to: '2022-12-31', days: 30, ratePercent: 8.12, interest: 667 },
    ]);
  });
});

describe('computeLatePaymentAmounts in the United Kingdom (Late Payment of Commercial Debts (Interest) Act 1998)', () => {
  /*
   * 12,000.00 GBP due 2025-06-15, as of 2025-07-15.
   * Bank Rate on 31 Dec 2024: 4.75 → 12.75 %; on 30 Jun 2025: 4.25 → 12.25 %.
   *   2025-06-16..2025-06-30 = 15 days: 1,200,000 × 12.75 % × 15 / 365 = 6,287.67 → 62.88 GBP
   *   2025-07-01..2025-07-15 = 15 days: 1,200,000 × 12.25 % × 15 / 365 = 6,041.10 → 60.41 GBP
   * Interest 123.29 GBP; fixed sum 100 GBP (debt of 10,000 GBP or more); total 12,223.29 GBP.
   */
  it('uses Bank Rate on 31 December and 30 June plus 8 points', () => {
    expect(
      computeLatePaymentAmounts({
        principal: gbp(1_200_000),
        dueDate: '2025-06-15',
        asOf: '2025-07-15',
        jurisdiction: 'GB',
      }),
    ).toEqual({
      principal: gbp(1_200_000),
      interest: gbp(12_329),
      indemnity: gbp(10_000),
      total: gbp(1_222_329),
      currency: 'GBP',
      computedOn: '2025-07-15',
      jurisdiction: 'GB',
      periods: [
        { from: '2025-06-16', to: '2025-06-30', days: 15, ratePercent: 12.75, interest: 6_288 },
        { from: '2025-07-01', to: '2025-07-15', days: 15, ratePercent: 12.25, interest: 6_041 },
      ],
    });
  });

  it.each([
    [1, 4_000],
    [99_999, 4_000],
    [100_000, 7_000],
    [999_999, 7_000],
    [1_000_000, 10_000],
    [50_000_000, 10_000],
  ])('charges a fixed sum on a debt of %i pence of %i pence (s.5A)', (principal, fixedSum) => {
    const amounts = computeLatePaymentAmounts({
      principal: gbp(principal),
      dueDate: '2025-06-15',
      asOf: '2025-06-16',
      jurisdiction: 'GB',
    });
    expect(amounts.indemnity).toEqual(gbp(fixedSum));
  });

  it('refuses a UK claim invoiced in euros', () => {
    const error = domainError(() =>
      computeLatePaymentAmounts({
        principal: eur(100_000),
        dueDate: '2025-06-15',
        asOf: '2025-07-15',
        jurisdiction: 'GB',
      }),
    );
    expect(error.rule).toBe('currency_mismatch');
  });
});

describe('computeLatePaymentAmounts in other euro-area states (Directive 2011/7/EU)', () => {
  /*
   * Italy, 1,000.00 EUR due 2025-01-31, as of 2025-03-01: 2025-02-01..2025-03-01 = 28 + 1 = 29 days at
   * 3.15 + 8 = 11.15 %: 100,000 × 11.15 % × 29 / 365 = 885.89 → 8.86 EUR; total 1,048.86 EUR.
   */
  it('uses the ECB rate plus 8 points and 40 EUR', () => {
    const amounts = computeLatePaymentAmounts({
      principal: eur(100_000),
      dueDate: '2025-01-31',
      asOf: '2025-03-01',
      jurisdiction: 'IT',
    });
    expect(amounts.periods).toEqual([
      { from: '2025-02-01', to: '2025-03-01', days: 29, ratePercent: 11.15, interest: 886 },
    ]);
    expect(amounts.indemnity).toEqual(eur(4_000));
    expect(amounts.total).toEqual(eur(104_886));
  });

  it('refuses states whose reference rate is not tabulated', () => {
    for (const jurisdiction of ['PL', 'SE', 'US', 'CH']) {
      const error = domainError(() =>
        computeLatePaymentAmounts({ principal: eur(100), dueDate: '2025-01-31', asOf: '2025-03-01', jurisdiction }),
      );
      expect(error.field).toBe('jurisdiction');
      expect(error.rule).toBe('unsupported_jurisdiction');
    }
  });
});

describe('supportsStatutoryAmounts', () => {
  it('tells the supported jurisdictions apart', () => {
    expect(['FR', 'DE', 'GB', 'IT', 'es', 'NL', 'BE', 'HR'].map(supportsStatutoryAmounts)).toEqual(Array(8).fill(true));
    expect(['PL', 'SE', 'US', 'UK', ''].map(supportsStatutoryAmounts)).toEqual(Array(5).fill(false));
  });
});

describe('computeLatePaymentAmounts with the 2026 reference rates', () => {
  /*
   * 5,000.00 GBP due 2025-11-30, as of 2026-01-31.
   * Bank Rate on 30 Jun 2025: 4.25 → 12.25 %; on 31 Dec 2025: 3.75 (cut on 18 Dec 2025) → 11.75 %.
   *   2025-12-01..2025-12-31 = 31 days: 500,000 × 12.25 % × 31 / 365 = 5,202.05 pence → 52.02 GBP
   *   2026-01-01..2026-01-31 = 31 days: 500,000 × 11.75 % × 31 / 365 = 4,989.73 pence → 49.90 GBP
   * Interest 101.92 GBP; fixed sum 70 GBP (1,000 to 9,999.99); total 5,171.92 GBP.
   */
  it('applies the December 2025 Bank Rate cut from 1 January 2026 in the UK', () => {
    const amounts = computeLatePaymentAmounts({
      principal: gbp(500_000),
      dueDate: '2025-11-30',
      asOf: '2026-01-31',
      jurisdiction: 'GB',
    });
    expect(amounts.periods).toEqual([
      { from: '2025-12-01', to: '2025-12-31', days: 31, ratePercent: 12.25, interest: 5_202 },
      { from: '2026-01-01', to: '2026-01-31', days: 31, ratePercent: 11.75, interest: 4_990 },
    ]);
    expect(amounts.total).toEqual(gbp(517_192));
  });

  /*
   * 10,000.00 EUR due 2025-12-15, as of 2026-02-15; Basiszinssatz 1.27 in both half-years → 10.27 %.
   *   2025-12-16..2025-12-31 = 16 days: 1,000,000 × 10.27 % × 16 / 365 = 4,501.92 → 45.02 EUR
   *   2026-01-01..2026-02-15 = 46 days: 1,000,000 × 10.27 % × 46 / 365 = 12,943.01 → 129.43 EUR
   * Interest 174.45 EUR; Pauschale 40 EUR; total 10,214.45 EUR.
   */
  it('uses the unchanged German base rate of 1 January 2026', () => {
    const amounts = computeLatePaymentAmounts({
      principal: eur(1_000_000),
      dueDate: '2025-12-15',
      asOf: '2026-02-15',
      jurisdiction: 'DE',
    });
    expect(amounts.periods.map((p) => [p.days, p.ratePercent, p.interest])).toEqual([
      [16, 10.27, 4_502],
      [46, 10.27, 12_943],
    ]);
    expect(amounts.total).toEqual(eur(1_021_445));
  });

  /*
   * 1,234.50 EUR due 2026-02-04, as of 2026-03-21 in France: ECB rate on 1 Jan 2026 2.15 → 12.15 %.
   *   2026-02-05..2026-03-21 = 24 + 21 = 45 days: 123,450 × 12.15 % × 45 / 365 = 1,849.21 → 18.49 EUR
   */
  it('uses the ECB rate in force on 1 January 2026 in France', () => {
    const amounts = computeLatePaymentAmounts({
      principal: eur(123_450),
      dueDate: '2026-02-04',
      asOf: '2026-03-21',
      jurisdiction: 'FR',
    });
    expect(amounts.periods).toEqual([
      { from: '2026-02-05', to: '2026-03-21', days: 45, ratePercent: 12.15, interest: 1_849 },
    ]);
    expect(amounts.total).toEqual(eur(129_299));
  });
});
