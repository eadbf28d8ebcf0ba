import { DateTime } from 'luxon';
import type { NewTask } from '../db/tasks';
import { daysLate as daysPastDue } from '../domain/days-late';
import { dueMoment, isCalendarDate } from '../domain/due-moment';
import type { InvoiceSnapshot } from '../workflows/messages';
import type { StepContext } from './contracts';

/** The due date as the customer reads it: the calendar date itself, or the local date of a due instant. */
export function localDueDate(invoice: InvoiceSnapshot): string {
  if (isCalendarDate(invoice.dueDate)) return invoice.dueDate;
  return DateTime.fromISO(invoice.dueDate, { zone: invoice.customer.timezone }).toISODate()!;
}

/** The invoice's days late at `at`, as the customer reads them (domain/days-late): any started day counts as a day. */
export function daysLate(invoice: InvoiceSnapshot, at: Date): number {
  return daysPastDue(dueMoment(invoice.dueDate, invoice.customer.timezone), at);
}

/** The task row of a step: what a collector or the mail room needs on screen, taken from the step's context. */
export function stepTask(
  context: StepContext,
  id: string,
  kind: string,
  at: Date,
  extra: Record<string, unknown>,
): NewTask {
  const { invoice } = context;
  return {
    id,
    invoiceId: invoice.id,
    kind,
    customer: { ...invoice.customer },
    phone: invoice.customer.phone ?? null,
    amount: invoice.amount,
    balance: context.balance,
    currency: invoice.currency,
    daysLate: daysLate(invoice, at),
    context: extra,
    dueAt: at.toISOString(),
  };
}

/** The customer-local calendar date of an instant. */
export function localDate(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toISODate()!;
}
