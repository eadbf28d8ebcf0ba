import { BOE_BANK_RATE } from '../../domain/rates/boe-bank-rate';
import { DE_BASE_RATE } from '../../domain/rates/de-base-rate';
import { ECB_MAIN_REFINANCING_RATE } from '../../domain/rates/ecb-main-refinancing-rate';
import { RateChange, rateInForceOn } from '../../domain/rates/rate-change';
import { isCalendarDate } from '../../domain/due-moment';

const tables: [string, readonly RateChange[]][] = [
  ['ECB main refinancing rate', ECB_MAIN_REFINANCING_RATE],
  ['German base rate', DE_BASE_RATE],
  ['Bank of England Bank Rate', BOE_BANK_RATE],
];

describe.each(tables)('the %s table', (_name, table) => {
  it('is sorted strictly by valid dates and starts no later than 2019', () => {
    table.forEach((change, i) => {
      expect(isCalendarDate(change.from)).toBe(true);
      if (i > 0) expect(change.from > (table[i - 1] as RateChange).from).toBe(true);
    });
    expect((table[0] as RateChange).from <= '2019-01-01').toBe(true);
  });

  it('holds rates with at most two decimals', () => {
    for (const { ratePercent } of table) expect(Math.round(ratePercent * 100) / 100).toBe(ratePercent);
  });
});

describe('rateInForceOn', () => {
  it('gives the ECB rate in force on the half-year reference dates', () => {
    expect(rateInForceOn(ECB_MAIN_REFINANCING_RATE, '2022-07-01')).toBe(0);
    expect(rateInForceOn(ECB_MAIN_REFINANCING_RATE, '2023-01-01')).toBe(2.5);
    expect(rateInForceOn(ECB_MAIN_REFINANCING_RATE, '2023-07-01')).toBe(4);
    expect(rateInForceOn(ECB_MAIN_REFINANCING_RATE, '2024-01-01')).toBe(4.5);
    expect(rateInForceOn(ECB_MAIN_REFINANCING_RATE, '2024-07-01')).toBe(4.25);
    expect(rateInForceOn(ECB_MAIN_REFINANCING_RATE, '2025-01-01')).toBe(3.15);
    expect(rateInForceOn(ECB_MAIN_REFINANCING_RATE, '2025-07-01')).toBe(2.15);
  });

  it('applies a change from its effective date', () => {
    expect(rateInForceOn(ECB_MAIN_REFINANCING_RATE, '2025-06-10')).toBe(2.4);
    expect(rateInForceOn(ECB_MAIN_REFINANCING_RATE, '2025-06-11')).toBe(2.15);
  });

  it('gives the German base rate of each half-year', () => {
    expect(rateInForceOn(DE_BASE_RATE, '2022-12-31')).toBe(-0.88);
    expect(rateInForceOn(DE_BASE_RATE, '2023-01-01')).toBe(1.62);
    expect(rateInForceOn(DE_BASE_RATE, '2025-07-01')).toBe(1.27);
  });

  it('gives Bank Rate on 31 December and 30 June', () => {
    expect(rateInForceOn(BOE_BANK_RATE, '2022-12-31')).toBe(3.5);
    expect(rateInForceOn(BOE_BANK_RATE, '2023-06-30')).toBe(5);
    expect(rateInForceOn(BOE_BANK_RATE, '2024-12-31')).toBe(4.75);
    expect(rateInForceOn(BOE_BANK_RATE, '2025-06-30')).toBe(4.25);
  });

  it('gives null before the table starts', () => {
    expect(rateInForceOn(DE_BASE_RATE, '2010-01-01')).toBeNull();
  });
});
