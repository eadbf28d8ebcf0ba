import { DateTime, IANAZone } from 'luxon';
import { DomainError, quote } from './domain-error';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
// RFC 3339 section 5.6: full-date "T" full-time with a mandatory offset; 'T' and 'Z' may be lower case.
const RFC3339_INSTANT = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

export function isCalendarDate(s: unknown): s is string {
  return typeof s === 'string' && CALENDAR_DATE.test(s) && DateTime.fromISO(s, { zone: 'UTC' }).isValid;
}

export function isRfc3339Instant(s: unknown): s is string {
  return typeof s === 'string' && RFC3339_INSTANT.test(s) && parseInstant(s).isValid;
}

/** Parses an RFC 3339 instant keeping its own offset; check `isValid` or use `isRfc3339Instant` first. */
export function parseInstant(s: string): DateTime {
  return DateTime.fromISO(s.toUpperCase(), { setZone: true });
}

/** Luxon types `toISO()` as nullable; every DateTime reaching here is valid. */
export function toUtcIso(at: DateTime): string {
  const iso = at.toUTC().toISO();
  if (iso === null) {
    throw new DomainError('instant', 'invalid_instant', `instant: ${at.invalidExplanation ?? 'invalid date'}`);
  }
  return iso;
}

export function validateTimezone(tz: unknown, field = 'timezone'): asserts tz is string {
  if (typeof tz !== 'string' || !IANAZone.isValidZone(tz)) {
    throw new DomainError(field, 'iana_timezone', `${field}: ${quote(tz)} is not an IANA time zone`);
  }
}

export function assertDueDate(dueDate: unknown, field = 'dueDate'): asserts dueDate is string {
  if (!isCalendarDate(dueDate) && !isRfc3339Instant(dueDate)) {
    throw new DomainError(
      field,
      'due_date',
      `${field}: ${quote(dueDate)} is neither a calendar date (YYYY-MM-DD) nor an RFC 3339 instant`,
    );
  }
}

/**
 * The instant an invoice becomes late. A calendar due date gives the debtor the whole of that day
 * in their own time zone (French and EU practice: payment "at the latest on" the date), so lateness
 * starts when the next local day starts; an instant is taken as given.
 */
export function dueMoment(dueDate: string, timezone: string): string {
  validateTimezone(timezone);
  assertDueDate(dueDate);
  if (isCalendarDate(dueDate)) {
    return toUtcIso(DateTime.fromISO(dueDate, { zone: timezone }).plus({ days: 1 }).startOf('day'));
  }
  return toUtcIso(parseInstant(dueDate));
}
