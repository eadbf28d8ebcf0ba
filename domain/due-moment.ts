import { DateTime, IANAZone } from 'luxon';
import { DomainError, quote } from './domain-error';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
// RFC 3339 section 5.6: full-date "T" full-time with a mandatory offset; 'T' and 'Z' may be lower case.
const RFC3339_INSTANT = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The dates Relance computes with: every date or instant it takes lies in 1970-01-01..2100-12-31. A year 9999 due date
 * plus a policy offset is past what a workflow timer can express; a year 0 is no business date either.
 */
export const EARLIEST_DATE = '1970-01-01';
export const LATEST_DATE = '2100-12-31';

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

/** Whether a calendar date or an instant, as written (its own date and offset), lies within the supported dates. */
export function isSupportedDate(value: string): boolean {
  const day = value.slice(0, 10);
  return day >= EARLIEST_DATE && day <= LATEST_DATE;
}

/** Refuses a date or instant outside EARLIEST_DATE..LATEST_DATE, naming the field; the format is checked elsewhere. */
export function assertSupportedDate(value: string, field: string): void {
  if (!isSupportedDate(value)) {
    throw new DomainError(
      field,
      'date_range',
      `${field}: ${quote(value)} must lie between ${EARLIEST_DATE} and ${LATEST_DATE}`,
    );
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
  assertSupportedDate(dueDate, field);
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
