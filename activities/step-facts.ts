import { DateTime } from 'luxon';
import { isCalendarDate } from '../domain/due-moment';
import type { InvoiceSnapshot } from '../workflows/messages';

/** The due date as the customer reads it: the calendar date itself, or the local date of a due instant. */
export function localDueDate(invoice: InvoiceSnapshot): string {
  if (isCalendarDate(invoice.dueDate)) return invoice.dueDate;
  return DateTime.fromISO(invoice.dueDate, { zone: invoice.customer.timezone }).toISODate()!;
}

/** Whole days late on the customer's calendar, 0 before or on the due date. */
export function daysLate(invoice: InvoiceSnapshot, at: Date): number {
  const today = DateTime.fromJSDate(at, { zone: invoice.customer.timezone }).startOf('day');
  const due = DateTime.fromISO(localDueDate(invoice), { zone: invoice.customer.timezone }).startOf('day');
  return Math.max(0, Math.round(today.diff(due, 'days').days));
}

/** The customer-local calendar date of an instant. */
export function localDate(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toISODate()!;
}
