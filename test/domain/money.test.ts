import {
  addMoney,
  assertMinorAmount,
  assertMoney,
  currencyMinorUnits,
  formatMoney,
  isKnownCurrency,
  MAX_MINOR_UNITS,
  subtractMoney,
  toMajorUnits,
} from '../../domain/money';
import { domainError } from './support';

describe('currencyMinorUnits', () => {
  it.each([
    ['EUR', 2],
    ['GBP', 2],
    ['CHF', 2],
    ['USD', 2],
    ['CAD', 2],
    ['AUD', 2],
    ['SEK', 2],
    ['PLN', 2],
    ['CZK', 2],
    ['HUF', 2],
    ['DKK', 2],
    ['RON', 2],
    ['BGN', 2],
    ['NOK', 2],
    ['ISK', 0],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['TND', 3],
  ])('gives %s %i decimals', (currency, digits) => {
    expect(currencyMinorUnits(currency)).toBe(digits);
  });

  it('refuses an unknown code instead of guessing its exponent', () => {
    const error = domainError(() => currencyMinorUnits('XYZ'));
    expect(error.rule).toBe('currency');
    expect(error.message).toBe("currency: 'XYZ' is not a supported ISO 4217 code");
  });
});

describe('isKnownCurrency', () => {
  it('knows upper-case ISO codes only', () => {
    expect(isKnownCurrency('EUR')).toBe(true);
    expect(isKnownCurrency('eur')).toBe(false);
    expect(isKnownCurrency('toString')).toBe(false);
    expect(isKnownCurrency('')).toBe(false);
  });
});

describe('assertMinorAmount', () => {
  it('accepts zero and positive integers up to 10^13', () => {
    expect(() => assertMinorAmount(0, 'amount')).not.toThrow();
    expect(() => assertMinorAmount(MAX_MINOR_UNITS, 'amount')).not.toThrow();
  });

  it.each([[MAX_MINOR_UNITS + 1], [-MAX_MINOR_UNITS - 1], [Number.MAX_SAFE_INTEGER]])(
    'refuses %p, beyond ±10^13 minor units, naming the field',
    (value) => {
      const error = domainError(() => assertMinorAmount(value, 'payments[0].amount', { allowNegative: true }));
      expect(error.field).toBe('payments[0].amount');
      expect(error.rule).toBe('max_amount');
    },
  );

  it.each([[12.5], [Number.MAX_SAFE_INTEGER + 1], [NaN], [Infinity], ['100'], [null], [undefined]])(
    'refuses %p as minor units',
    (value) => {
      const error = domainError(() => assertMinorAmount(value, 'payments[0].amount'));
      expect(error.field).toBe('payments[0].amount');
      expect(error.rule).toBe('minor_units');
    },
  );

  it('refuses a negative amount unless told to allow it', () => {
    const error = domainError(() => assertMinorAmount(-1, 'amount'));
    expect(error.rule).toBe('non_negative');
    expect(error.message).toBe('amount: -1 must not be negative');
    expect(() => assertMinorAmount(-1, 'amount', { allowNegative: true })).not.toThrow();
  });
});

describe('assertMoney', () => {
  it('names the nested field that is wrong', () => {
    expect(domainError(() => assertMoney({ amount: 1, currency: 'EURO' }, 'principal')).field).toBe(
      'principal.currency',
    );
    expect(domainError(() => assertMoney({ amount: 1.5, currency: 'EUR' }, 'principal')).field).toBe(
      'principal.amount',
    );
    expect(domainError(() => assertMoney(null, 'principal')).field).toBe('principal');
  });
});

describe('addMoney and subtractMoney', () => {
  it('adds and subtracts amounts of one currency', () => {
    expect(addMoney({ amount: 12345, currency: 'EUR' }, { amount: 55, currency: 'EUR' })).toEqual({
      amount: 12400,
      currency: 'EUR',
    });
    expect(subtractMoney({ amount: 10000, currency: 'EUR' }, { amount: 2500, currency: 'EUR' })).toEqual({
      amount: 7500,
      currency: 'EUR',
    });
  });

  it('lets a subtraction go negative for an overpayment', () => {
    expect(subtractMoney({ amount: 100, currency: 'GBP' }, { amount: 150, currency: 'GBP' }).amount).toBe(-50);
  });

  it('refuses to mix currencies', () => {
    const error = domainError(() => addMoney({ amount: 1, currency: 'EUR' }, { amount: 1, currency: 'GBP' }));
    expect(error.field).toBe('currency');
    expect(error.rule).toBe('currency_mismatch');
    expect(error.message).toBe('currency: cannot combine EUR with GBP');
    expect(domainError(() => subtractMoney({ amount: 1, currency: 'EUR' }, { amount: 1, currency: 'USD' })).rule).toBe(
      'currency_mismatch',
    );
  });

  it('refuses a sum beyond the safe integer range', () => {
    const big = { amount: Number.MAX_SAFE_INTEGER, currency: 'EUR' };
    expect(domainError(() => addMoney(big, { amount: 1, currency: 'EUR' })).rule).toBe('minor_units');
  });
});

describe('toMajorUnits', () => {
  it('divides by the currency exponent', () => {
    expect(toMajorUnits({ amount: 12345, currency: 'EUR' })).toBe(123.45);
    expect(toMajorUnits({ amount: 500, currency: 'JPY' })).toBe(500);
    expect(toMajorUnits({ amount: 1234, currency: 'KWD' })).toBe(1.234);
  });
});

describe('formatMoney', () => {
  it('formats euros the French way with narrow no-break spaces', () => {
    expect(formatMoney({ amount: 123450, currency: 'EUR' }, 'fr-FR')).toBe('1\u202f234,50\u00a0€');
  });

  it('formats pounds the English way', () => {
    expect(formatMoney({ amount: 123450, currency: 'GBP' }, 'en-GB')).toBe('£1,234.50');
  });

  it('keeps the currency exponent for yen and dinars', () => {
    expect(formatMoney({ amount: 500, currency: 'JPY' }, 'en-US')).toBe('¥500');
    expect(formatMoney({ amount: 1500, currency: 'KWD' }, 'en-US')).toBe('KWD\u00a01.500');
  });
});
