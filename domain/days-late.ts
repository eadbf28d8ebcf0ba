import { DomainError, quote } from './domain-error';

const DAY_MS = 86_400_000;

/**
 * Days past the due moment, as the customer reads them and an aging report counts them: any started day counts as a
 * day. 0 up to and at the due moment, 1 from then until 24 hours after it (included), 2 after that, and so on.
 */
export function daysLate(dueAt: Date | string, at: Date | string): number {
  const late = instant(at, 'at') - instant(dueAt, 'dueAt');
  return late <= 0 ? 0 : Math.ceil(late / DAY_MS);
}

function instant(value: Date | string, field: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) throw new DomainError(field, 'instant', `${field}: ${quote(String(value))} is not an instant`);
  return ms;
}
