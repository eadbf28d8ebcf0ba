import {
  assertDueDate,
  assertSupportedDate,
  dueMoment,
  isSupportedDate,
  isCalendarDate,
  isRfc3339Instant,
  toUtcIso,
  validateTimezone,
} from '../../domain/due-moment';
import { DateTime } from 'luxon';
import { domainError } from './support';

describe('isCalendarDate', () => {
  it('accepts real YYYY-MM-DD dates only', () => {
    expect(isCalendarDate('2026-03-10')).toBe(true);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-3-10')).toBe(false);
    expect(isCalendarDate('20260310')).toBe(false);
    expect(isCalendarDate('2026-03-10T00:00:00Z')).toBe(false);
    expect(isCalendarDate(20260310)).toBe(false);
  });
});

describe('isRfc3339Instant', () => {
  it('accepts full date-times with Z or a numeric offset', () => {
    expect(isRfc3339Instant('2026-03-10T23:00:00Z')).toBe(true);
    expect(isRfc3339Instant('2026-03-10T23:00:00.123Z')).toBe(true);
    expect(isRfc3339Instant('2026-03-10T15:00:00+01:00')).toBe(true);
    expect(isRfc3339Instant('2026-03-10t15:00:00z')).toBe(true);
  });

  it('refuses local times, dates and impossible values', () => {
    expect(isRfc3339Instant('2026-03-10T15:00:00')).toBe(false);
    expect(isRfc3339Instant('2026-03-10T15:00Z')).toBe(false);
    expect(isRfc3339Instant('2026-03-10')).toBe(false);
    expect(isRfc3339Instant('2026-02-30T10:00:00Z')).toBe(false);
    expect(isRfc3339Instant('2026-03-10T25:00:00Z')).toBe(false);
    expect(isRfc3339Instant(null)).toBe(false);
  });
});

describe('isSupportedDate and assertSupportedDate', () => {
  it.each([['1970-01-01'], ['2100-12-31'], ['2026-03-10T15:00:00+01:00'], ['2100-12-31T23:59:59-12:00']])(
    'accepts %s, within 1970-01-01..2100-12-31 as written',
    (value) => {
      expect(isSupportedDate(value)).toBe(true);
      expect(() => assertSupportedDate(value, 'dueDate')).not.toThrow();
    },
  );

  it.each([['1969-12-31'], ['2101-01-01'], ['9999-12-31'], ['0000-01-01'], ['9999-12-31T23:59:59Z']])(
    'refuses %s naming the field',
    (value) => {
      const error = domainError(() => assertSupportedDate(value, 'instalments[0].dueDate'));
      expect(error.field).toBe('instalments[0].dueDate');
      expect(error.rule).toBe('date_range');
    },
  );

  it('is part of what a due date must be, so the workflow validators refuse the same dates', () => {
    expect(domainError(() => assertDueDate('9999-12-31', 'promisedDate')).rule).toBe('date_range');
    expect(domainError(() => dueMoment('9999-12-31', 'Europe/Paris')).field).toBe('dueDate');
  });
});

describe('validateTimezone', () => {
  it('accepts IANA zones', () => {
    expect(() => validateTimezone('Europe/Paris', 'customer.timezone')).not.toThrow();
    expect(() => validateTimezone('UTC', 'customer.timezone')).not.toThrow();
  });

  it('refuses anything else naming the field', () => {
    const error = domainError(() => validateTimezone('Europe/Pariss', 'customer.timezone'));
    expect(error.field).toBe('customer.timezone');
    expect(error.rule).toBe('iana_timezone');
    expect(error.message).toBe("customer.timezone: 'Europe/Pariss' is not an IANA time zone");
    expect(domainError(() => validateTimezone(undefined, 'timezone')).rule).toBe('iana_timezone');
  });
});

describe('dueMoment', () => {
  it('makes a calendar date due when the next local day starts in Paris (winter)', () => {
    expect(dueMoment('2026-03-10', 'Europe/Paris')).toBe('2026-03-10T23:00:00.000Z');
  });

  it('makes a calendar date due when the next local day starts in Paris (summer)', () => {
    expect(dueMoment('2026-07-10', 'Europe/Paris')).toBe('2026-07-10T22:00:00.000Z');
  });

  it('uses the offset of the next day when the clocks change overnight', () => {
    expect(dueMoment('2026-03-28', 'Europe/Paris')).toBe('2026-03-28T23:00:00.000Z');
    expect(dueMoment('2026-03-29', 'Europe/Paris')).toBe('2026-03-29T22:00:00.000Z');
  });

  it('handles zones east and west of UTC', () => {
    expect(dueMoment('2026-03-10', 'America/New_York')).toBe('2026-03-11T04:00:00.000Z');
    expect(dueMoment('2026-03-10', 'Asia/Tokyo')).toBe('2026-03-10T15:00:00.000Z');
    expect(dueMoment('2026-12-31', 'UTC')).toBe('2027-01-01T00:00:00.000Z');
  });

  it('returns an RFC 3339 instant normalised to UTC', () => {
    expect(dueMoment('2026-03-10T15:00:00+01:00', 'Europe/Paris')).toBe('2026-03-10T14:00:00.000Z');
    expect(dueMoment('2026-03-10T15:00:00.5Z', 'America/New_York')).toBe('2026-03-10T15:00:00.500Z');
  });

  it('refuses a bad due date or time zone', () => {
    const error = domainError(() => dueMoment('10/03/2026', 'Europe/Paris'));
    expect(error.field).toBe('dueDate');
    expect(error.rule).toBe('due_date');
    expect(domainError(() => dueMoment('2026-03-10', 'Paris')).field).toBe('timezone');
  });
});

describe('assertDueDate', () => {
  it('names the field it is given', () => {
    expect(domainError(() => assertDueDate('tomorrow', 'invoice.dueDate')).field).toBe('invoice.dueDate');
    expect(() => assertDueDate('2026-03-10', 'invoice.dueDate')).not.toThrow();
  });
});

describe('toUtcIso', () => {
  it('writes a DateTime as a UTC ISO string with milliseconds', () => {
    expect(toUtcIso(DateTime.fromISO('2026-03-10T10:00:00+01:00'))).toBe('2026-03-10T09:00:00.000Z');
  });

  it('refuses an invalid DateTime', () => {
    expect(domainError(() => toUtcIso(DateTime.fromISO('nonsense'))).rule).toBe('invalid_instant');
  });
});
