import { DateTime } from 'luxon';
import { DomainError, quote } from './domain-error';
import { isCalendarDate } from './due-moment';

/** Calendar dates ('YYYY-MM-DD') carry no zone: they are handled on the UTC line to stay DST-free. */
export function assertCalendarDate(date: unknown, field = 'date'): asserts date is string {
  if (!isCalendarDate(date)) {
    throw new DomainError(field, 'calendar_date', `${field}: ${quote(date)} is not a calendar date (YYYY-MM-DD)`);
  }
}

function toDateTime(date: string): DateTime {
  return DateTime.fromISO(date, { zone: 'UTC' });
}

function fromDateTime(at: DateTime): string {
  return at.toISODate() as string;
}

export function addDays(date: string, days: number): string {
  return fromDateTime(toDateTime(date).plus({ days }));
}

/** 1 = Monday … 7 = Sunday (ISO 8601). */
export function isoWeekday(date: string): number {
  return toDateTime(date).weekday;
}

export function calendarDate(year: number, month: number, day: number): string {
  return fromDateTime(DateTime.fromObject({ year, month, day }, { zone: 'UTC' }));
}

/** Number of days from `from` to `to`, both counted: 2025-07-01..2025-07-01 is one day. */
export function daysInclusive(from: string, to: string): number {
  return Math.round(toDateTime(to).diff(toDateTime(from), 'days').days) + 1;
}
