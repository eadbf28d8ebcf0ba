import { assertPastDate, assertWithinLimit, startOfDay } from '../../domain/commitment-rules';
import { DEFAULT_PROMISE_LIMIT, parseDunningPolicy } from '../../domain/dunning-policy';
import { domainError } from './support';

// Noon in Paris on 10 March: late evening in Nouméa already, so "today" depends on the customer's zone.
const context = { now: '2026-03-10T11:00:00.000Z', timezone: 'Europe/Paris' };

describe('assertWithinLimit: how far ahead a debtor may promise', () => {
  // Days count on the customer's calendar: across the change to summer time, noon stays noon (10:00Z on 9 April).
  it('accepts a date up to the day the limit ends in the customer zone, an instant up to that instant', () => {
    expect(() => assertWithinLimit('2026-04-09', 'promisedDate', 'P30D', context)).not.toThrow();
    expect(() => assertWithinLimit('2026-04-09T10:00:00Z', 'promisedDate', 'P30D', context)).not.toThrow();
  });

  it('refuses a date past the limit, naming the field and the last day allowed', () => {
    expect(domainError(() => assertWithinLimit('2026-04-10', 'promisedDate', 'P30D', context))).toMatchObject({
      field: 'promisedDate',
      rule: 'promise_limit',
      message: "promisedDate: '2026-04-10' is further ahead than P30D from today (at the latest 2026-04-09)",
    });
    expect(domainError(() => assertWithinLimit('2026-04-09T10:00:01Z', 'promisedDate', 'P30D', context)).rule).toBe(
      'promise_limit',
    );
  });

  it('counts the last day in the customer zone', () => {
    const noumea = { ...context, timezone: 'Pacific/Noumea' };
    expect(() => assertWithinLimit('2026-03-11', 'promisedDate', 'P1D', noumea)).not.toThrow();
    expect(domainError(() => assertWithinLimit('2026-03-12', 'promisedDate', 'P1D', noumea)).rule).toBe(
      'promise_limit',
    );
  });
});

describe('assertPastDate: the day a debtor says it paid', () => {
  it('accepts today and earlier in the customer zone, and instants up to now', () => {
    expect(() => assertPastDate('2026-03-10', 'paidOn', context)).not.toThrow();
    expect(() => assertPastDate('2026-02-28', 'paidOn', context)).not.toThrow();
    expect(() => assertPastDate('2026-03-10T11:00:00Z', 'paidOn', context)).not.toThrow();
  });

  it('refuses a day to come, naming the field', () => {
    expect(domainError(() => assertPastDate('2026-03-11', 'paidOn', context))).toMatchObject({
      field: 'paidOn',
      rule: 'not_future',
    });
    expect(domainError(() => assertPastDate('2026-03-10T11:00:01Z', 'paidOn', context)).rule).toBe('not_future');
  });

  it('refuses what is no date, or one out of range', () => {
    expect(domainError(() => assertPastDate('last week', 'paidOn', context)).rule).toBe('due_date');
    expect(domainError(() => assertPastDate('1900-01-01', 'paidOn', context)).rule).toBe('date_range');
  });
});

describe('startOfDay', () => {
  it('is when the named day began in the customer zone; an instant stays as given', () => {
    expect(startOfDay('2026-03-10', 'Europe/Paris')).toBe('2026-03-09T23:00:00.000Z');
    expect(startOfDay('2026-03-10T08:30:00+01:00', 'Europe/Paris')).toBe('2026-03-10T07:30:00.000Z');
  });
});

describe('the policy field promiseLimit', () => {
  const policy = (extra: Record<string, unknown> = {}) => ({
    id: 'limits',
    name: 'Limits',
    calendar: null,
    instalmentGrace: 'P5D',
    promiseGrace: 'P3D',
    disputeSla: 'P30D',
    steps: [{ after: 'P1D', action: 'email' }],
    ...extra,
  });

  it('is optional: absent, the default of P30D applies where it is read', () => {
    expect(parseDunningPolicy(policy()).promiseLimit).toBeUndefined();
    expect(DEFAULT_PROMISE_LIMIT).toBe('P30D');
  });

  it('keeps a duration given', () => {
    expect(parseDunningPolicy(policy({ promiseLimit: 'P14D' })).promiseLimit).toBe('P14D');
  });

  it.each([
    ['not a duration', '2 weeks', 'iso_duration'],
    ['negative', '-P14D', 'non_negative'],
    ['zero', 'P0D', 'positive'],
    ['longer than ten years', 'P11Y', 'max_duration'],
    ['not a string', 14, 'required'],
  ])('refuses one %s, naming the field', (_case, promiseLimit, rule) => {
    expect(domainError(() => parseDunningPolicy(policy({ promiseLimit })))).toMatchObject({
      field: 'promiseLimit',
      rule,
    });
  });
});
