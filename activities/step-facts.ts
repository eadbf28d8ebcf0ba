import { DateTime } from 'luxon';
import type { NewTask } from '../db/tasks';
import { dueMoment, isCalendarDate } from '../domain/due-moment';
import type { InvoiceSnapshot } from '../workflows/messages';
import type { StepContext } from './mail-activities';

/** The due date as the customer reads it: the calendar date itself, or the local date of a due instant. */
export function localDueDate(invoice: InvoiceSnapshot): string {
  if (isCalendarDate(invoice.dueDate)) return invoice.dueDate;
  return DateTime.fromISO(invoice.dueDate, { zone: invoice.customer.timezone }).toISODate()!;
}

/** Days late counting a started day as a day: 0 up to the due moment, 1 in the first 24 hours after it. */
export function daysLate(invoice: InvoiceSnapshot, at: Date): number {
  const due = Date.parse(dueMoment(invoice.dueDate, invoice.customer.timezone));
  return at.getTime() <= due ? 0 : Math.floor((at.getTime() - due) / 86_400_000) + 1;
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
