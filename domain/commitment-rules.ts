import { DateTime } from 'luxon';
import { DomainError, quote } from './domain-error';
import { assertDueDate, dueMoment, isCalendarDate } from './due-moment';
import { addIsoDuration, parseIsoDuration } from './iso-duration';
import { MAX_MINOR_UNITS } from './money';

/** What the rules on a commitment compare with: the current instant and the customer's time zone. */
export interface CommitmentContext {
  /** RFC 3339 instant. */
  now: string;
  /** The customer's IANA time zone: a calendar date falls due at the end of that day there. */
  timezone: string;
}

/**
 * A date the debtor or a person commits to (a promise, an instalment, the end of a hold) must lie ahead; returns the
 * instant it stands for. A calendar date means the end of that day in the customer's zone, so today is still ahead.
 */
export function assertFutureDate(value: unknown, field: string, context: CommitmentContext): string {
  assertDueDate(value, field);
  const at = dueMoment(value, context.timezone);
  if (Date.parse(at) <= Date.parse(context.now)) {
    throw new DomainError(field, 'future', `${field}: ${quote(value)} is not in the future`);
  }
  return at;
}

/**
 * A date committed to no further than `limit` (ISO 8601) from today: a calendar date up to the day `limit` from now
 * falls on in the customer's zone, an instant up to that instant. Check `assertFutureDate` first.
 */
export function assertWithinLimit(value: string, field: string, limit: string, context: CommitmentContext): void {
  const latest = addIsoDuration(context.now, parseIsoDuration(limit), context.timezone);
  const latestDay = localDay(latest, context.timezone);
  const within = isCalendarDate(value)
    ? value <= latestDay
    : Date.parse(dueMoment(value, context.timezone)) <= Date.parse(latest);
  if (!within) {
    throw new DomainError(
      field,
      'promise_limit',
      `${field}: ${quote(value)} is further ahead than ${limit} from today (at the latest ${latestDay})`,
    );
  }
}

/**
 * A day something already happened (a payment the debtor says it made): a calendar date up to today in the customer's
 * zone, or an instant up to now.
 */
export function assertPastDate(value: unknown, field: string, context: CommitmentContext): asserts value is string {
  assertDueDate(value, field);
  const past = isCalendarDate(value)
    ? value <= localDay(context.now, context.timezone)
    : Date.parse(dueMoment(value, context.timezone)) <= Date.parse(context.now);
  if (!past) throw new DomainError(field, 'not_future', `${field}: ${quote(value)} has not come yet`);
}

/** The instant a day the debtor names began in its zone (a payment made "on" that day); an instant as given. */
export function startOfDay(value: string, timezone: string): string {
  if (!isCalendarDate(value)) return dueMoment(value, timezone);
  return DateTime.fromISO(value, { zone: timezone }).startOf('day').toUTC().toISO() as string;
}

/** The calendar date an instant falls on in the zone. */
function localDay(instant: string, timezone: string): string {
  return DateTime.fromISO(instant, { zone: timezone }).toISODate() as string;
}

/** An amount someone commits to pay or to credit: a positive integer in minor units, at most 10^13. */
export function assertPositiveAmount(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new DomainError(
      field,
      'positive_minor_units',
      `${field}: ${quote(value)} is not a positive integer amount in minor units`,
    );
  }
  if (value > MAX_MINOR_UNITS) {
    throw new DomainError(field, 'max_amount', `${field}: ${value} is beyond ${MAX_MINOR_UNITS} minor units`);
  }
}

/**
 * An amount that must not exceed the balance (a promise), or with `strict` must stay below it (the credit on a dispute
 * upheld in part: a credit of the whole balance is an upheld dispute).
 */
export function assertWithinBalance(
  amount: number,
  field: string,
  balance: number,
  options: { strict?: boolean } = {},
): void {
  const strict = options.strict === true;
  if (amount > balance || (strict && amount === balance)) {
    throw new DomainError(
      field,
      'within_balance',
      `${field}: ${amount} ${strict ? 'must be below' : 'exceeds'} the balance of ${balance}`,
    );
  }
}
