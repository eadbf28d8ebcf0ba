import { assertFutureDate, assertPositiveAmount, assertWithinBalance } from '../../domain/commitment-rules';
import { domainError } from './support';

const context = { now: '2026-03-10T12:00:00.000Z', timezone: 'Europe/Paris' };

describe('assertFutureDate', () => {
  it('returns the instant a future date stands for: the end of that day in the customer zone', () => {
    expect(assertFutureDate('2026-03-10', 'promisedDate', context)).toBe('2026-03-10T23:00:00.000Z');
    expect(assertFutureDate('2026-03-10T12:00:01Z', 'until', context)).toBe('2026-03-10T12:00:01.000Z');
  });

  it('refuses a date already past, or now, naming the field', () => {
    expect(domainError(() => assertFutureDate('2026-03-09', 'promisedDate', context))).toMatchObject({
      field: 'promisedDate',
      rule: 'future',
      message: "promisedDate: '2026-03-09' is not in the future",
    });
    expect(domainError(() => assertFutureDate('2026-03-10T12:00:00Z', 'until', context)).field).toBe('until');
  });

  it('refuses what is no date at all', () => {
    expect(domainError(() => assertFutureDate('soon', 'until', context))).toMatchObject({
      field: 'until',
      rule: 'due_date',
    });
  });
});

describe('assertPositiveAmount', () => {
  it.each([[1], [120_000]])('accepts %p', (amount) => {
    expect(() => assertPositiveAmount(amount, 'amount')).not.toThrow();
  });

  it.each([[0], [-1], [10.5], ['12'], [undefined], [Number.MAX_SAFE_INTEGER + 2]])('refuses %p', (amount) => {
    expect(domainError(() => assertPositiveAmount(amount, 'amount'))).toMatchObject({
      field: 'amount',
      rule: 'positive_minor_units',
    });
  });
});

describe('assertPositiveAmount beyond 10^13', () => {
  it('refuses an amount past the largest one an invoice may carry, naming the field', () => {
    expect(() => assertPositiveAmount(10 ** 13, 'amount')).not.toThrow();
    expect(domainError(() => assertPositiveAmount(10 ** 13 + 1, 'amount'))).toMatchObject({
      field: 'amount',
      rule: 'max_amount',
    });
  });
});

describe('assertWithinBalance', () => {
  it('lets an amount reach the balance, and with strict only stay below it', () => {
    expect(() => assertWithinBalance(100_000, 'amount', 100_000)).not.toThrow();
    expect(domainError(() => assertWithinBalance(100_001, 'amount', 100_000)).rule).toBe('within_balance');
    expect(() => assertWithinBalance(99_999, 'creditAmount', 100_000, { strict: true })).not.toThrow();
    expect(domainError(() => assertWithinBalance(100_000, 'creditAmount', 100_000, { strict: true }))).toMatchObject({
      field: 'creditAmount',
      message: 'creditAmount: 100000 must be below the balance of 100000',
    });
  });
});
