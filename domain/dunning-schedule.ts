import { DateTime } from 'luxon';
import { nextBusinessDay, previousBusinessDay } from './business-calendar';
import { addDays } from './calendar-date';
import { DomainError, quote } from './domain-error';
import {
  assertDueDate,
  dueMoment,
  isCalendarDate,
  isRfc3339Instant,
  parseInstant,
  toUtcIso,
  validateTimezone,
} from './due-moment';
import { DunningAction, DunningPolicy, PolicyCalendar } from './dunning-policy';
import { IsoDuration, addIsoDuration, isNegativeDuration, parseIsoDuration, shiftDateTime } from './iso-duration';

export interface ScheduledStep {
  /** Index of the step in the policy. */
  index: number;
  action: DunningAction;
  template: string;
  /** ISO UTC instant. */
  at: string;
  /** formal_notice only: ISO UTC instant at which the debtor's final deadline expires. */
  deadline?: string;
}

export interface ScheduleInput {
  dueDate: string;
  timezone: string;
  /** ISO 3166-1 alpha-2, for public holidays; only read when the calendar keeps to business days. */
  country: string;
  policy: DunningPolicy;
}

interface Slotting {
  calendar: PolicyCalendar;
  timezone: string;
  country: string;
}

function sendDay(day: string, direction: 1 | -1, slotting: Slotting): string {
  if (!slotting.calendar.businessDaysOnly) return day;
  return direction === 1 ? nextBusinessDay(day, slotting.country) : previousBusinessDay(day, slotting.country);
}

// Luxon moves a wall-clock time that a spring-forward skips to the same time after the gap.
function atSendHour(day: string, slotting: Slotting): DateTime {
  const [year, month, date] = day.split('-').map(Number);
  return DateTime.fromObject({ year, month, day: date, hour: slotting.calendar.sendHour }, { zone: slotting.timezone });
}

/**
 * Calendar placement: the local date of (due reference + offset) at the send hour. A step after
 * the due date rolls forward to a business day and never precedes the due moment; a step before
 * it rolls backward, since a courtesy note that arrives after the due date defeats its purpose.
 */
function calendarSlot(dueDate: string, due: DateTime, offset: IsoDuration, slotting: Slotting): DateTime {
  const reference = isCalendarDate(dueDate)
    ? DateTime.fromISO(dueDate, { zone: slotting.timezone })
    : parseInstant(dueDate).setZone(slotting.timezone);
  const direction = isNegativeDuration(offset) ? -1 : 1;
  let day = sendDay(shiftDateTime(reference, offset).toISODate() as string, direction, slotting);
  let at = atSendHour(day, slotting);
  while (direction === 1 ? at < due : at >= due) {
    day = sendDay(addDays(day, direction), direction, slotting);
    at = atSendHour(day, slotting);
  }
  return at;
}

/**
 * Art. 642 CPC: a time limit expires at the end of its last day, and one ending on a Saturday,
 * Sunday or public holiday is extended to the next working day.
 */
function calendarDeadline(noticeAt: DateTime, deadline: IsoDuration, slotting: Slotting): string {
  const lastDay = sendDay(shiftDateTime(noticeAt, deadline).toISODate() as string, 1, slotting);
  return dueMoment(lastDay, slotting.timezone);
}

export function scheduleSteps(input: ScheduleInput): ScheduledStep[] {
  const { dueDate, timezone, country, policy } = input;
  validateTimezone(timezone, 'timezone');
  assertDueDate(dueDate, 'dueDate');
  const dueIso = dueMoment(dueDate, timezone);
  const due = parseInstant(dueIso).setZone(timezone);
  const calendar = policy.calendar;
  const slotting = calendar ? { calendar, timezone, country } : null;
  let previous: DateTime | null = null;
  return policy.steps.map((step, index) => {
    const offset = parseIsoDuration(step.after, `policy.steps[${index}].after`);
    let at = slotting
      ? calendarSlot(dueDate, due, offset, slotting)
      : parseInstant(addIsoDuration(dueIso, offset, timezone));
    // Rolling is monotonic so this only guards the invariant: steps never run out of policy order.
    if (previous && at < previous) at = previous;
    previous = at;
    const scheduled: ScheduledStep = { index, action: step.action, template: step.template, at: toUtcIso(at) };
    if (step.deadline !== undefined) {
      const deadline = parseIsoDuration(step.deadline, `policy.steps[${index}].deadline`);
      scheduled.deadline = slotting
        ? calendarDeadline(at.setZone(timezone), deadline, slotting)
        : addIsoDuration(scheduled.at, deadline, timezone);
    }
    return scheduled;
  });
}

/**
 * When a reminder `lead` ahead of `dueAt` goes out: on the calendar, at the send hour of that local day, moved back to a
 * business day (a reminder that arrives after its date is no reminder); to the millisecond with the calendar off.
 */
export function reminderSlot(input: Omit<ScheduleInput, 'dueDate'>, dueAt: string, lead: string): string {
  const duration = parseIsoDuration(lead, 'lead');
  const before = { ...duration, sign: (duration.sign === 1 ? -1 : 1) as 1 | -1 };
  const { calendar } = input.policy;
  if (!calendar) return addIsoDuration(dueAt, before, input.timezone);
  const slotting = { calendar, timezone: input.timezone, country: input.country };
  // A calendar due date is due at the end of its day: the reminder counts from that day, not from the next midnight.
  const lastDay = parseInstant(dueAt).setZone(input.timezone).minus({ milliseconds: 1 });
  const day = sendDay(shiftDateTime(lastDay, before).toISODate() as string, -1, slotting);
  return toUtcIso(atSendHour(day, slotting));
}

/**
 * The final deadline a formal notice gives when it actually goes out at `sentAt` (a late or caught-up notice still
 * gives its full period, not what was left of the planned one).
 */
export function formalNoticeDeadline(
  input: ScheduleInput,
  index: number,
  sentAt: string,
  /** The shortest period the governing law allows (`minimumNoticePeriod`); a shorter policy deadline gives way. */
  minimum?: string,
): string {
  const step = input.policy.steps[index];
  if (!step?.deadline) {
    throw new DomainError('index', 'formal_notice', `index: step ${index} is not a formal notice with a deadline`);
  }
  const given = noticeDeadline(input, parseIsoDuration(step.deadline, `policy.steps[${index}].deadline`), sentAt);
  if (minimum === undefined) return given;
  const least = noticeDeadline(input, parseIsoDuration(minimum, 'minimum'), sentAt);
  return Date.parse(least) > Date.parse(given) ? least : given;
}

/**
 * The final deadline of a formal notice whose registered letter was delivered on `deliveredOn` (YYYY-MM-DD, the
 * acknowledgement of receipt): the period runs from delivery (art. 668-669 CPC: notification by post takes effect on
 * the day of receipt), never ending before `current`, the deadline the notice already gave.
 */
export function deliveredNoticeDeadline(
  input: ScheduleInput,
  index: number,
  deliveredOn: string,
  current: string,
  minimum?: string,
): string {
  if (!isCalendarDate(deliveredOn)) {
    throw new DomainError(
      'deliveredOn',
      'calendar_date',
      `deliveredOn: ${quote(deliveredOn)} is not a YYYY-MM-DD date`,
    );
  }
  // The day of delivery does not count (art. 641 CPC): the period runs from its start, like a notice issued that day.
  const delivered = toUtcIso(DateTime.fromISO(deliveredOn, { zone: input.timezone }).startOf('day'));
  const fromDelivery = formalNoticeDeadline(input, index, delivered, minimum);
  return Date.parse(fromDelivery) > Date.parse(current) ? fromDelivery : current;
}

/**
 * The shortest time to answer a formal notice the governing law expects: in England and Wales, the Practice Direction
 * – Pre-Action Conduct gives a debtor 14 days to answer a letter before claim. Elsewhere the policy's period stands.
 */
export function minimumNoticePeriod(governingLaw: string | undefined): string | undefined {
  return governingLaw?.toUpperCase() === 'GB' ? 'P14D' : undefined;
}

function noticeDeadline(input: ScheduleInput, deadline: IsoDuration, sentAt: string): string {
  const { calendar } = input.policy;
  if (!calendar) return addIsoDuration(sentAt, deadline, input.timezone);
  const slotting = { calendar, timezone: input.timezone, country: input.country };
  return calendarDeadline(parseInstant(sentAt).setZone(input.timezone), deadline, slotting);
}

function millis(instant: string, field: string): number {
  if (!isRfc3339Instant(instant)) {
    throw new DomainError(field, 'rfc3339', `${field}: ${quote(instant)} is not an RFC 3339 instant`);
  }
  return parseInstant(instant).toMillis();
}

/**
 * Backlog onboarding: of the steps from `fromIndex` that are already due, only the most advanced
 * one runs; the earlier ones are reported as skipped rather than fired in a burst.
 */
export function selectCatchUp(
  schedule: ScheduledStep[],
  fromIndex: number,
  now: string,
): { run: ScheduledStep | null; skipped: ScheduledStep[] } {
  const nowMillis = millis(now, 'now');
  const due = schedule.filter((step) => step.index >= fromIndex && millis(step.at, 'at') <= nowMillis);
  if (due.length === 0) return { run: null, skipped: [] };
  const run = due.reduce((best, step) => (step.index > best.index ? step : best));
  return { run, skipped: due.filter((step) => step !== run) };
}

/** The step that follows policy step `index`, or null at the end of the ladder. */
export function nextStepAfter(schedule: ScheduledStep[], index: number): ScheduledStep | null {
  return schedule.filter((step) => step.index > index).sort((a, b) => a.index - b.index)[0] ?? null;
}

/**
 * Escalation resuming after an interruption (a hold, a dispute, a broken promise or plan, a bounced payment): the
 * step `fromIndex` runs at the first send slot from `now` and the later steps keep their spacing to it, so a long
 * interruption never releases a burst of overdue steps. A step still ahead of `now` keeps its date, unless
 * `bringForward` asks for it at the next slot (a broken plan makes the whole balance due at once).
 */
export function rebaseSchedule(
  input: ScheduleInput,
  fromIndex: number,
  now: string,
  options: { bringForward?: boolean } = {},
): ScheduledStep[] {
  const original = scheduleSteps(input);
  const from = original[fromIndex];
  if (!from) return original;
  const nowMillis = millis(now, 'now');
  if (millis(from.at, 'at') >= nowMillis && !options.bringForward) return original;
  const { timezone, policy } = input;
  const offset = parseIsoDuration(policy.steps[fromIndex]!.after);
  const negated = { ...offset, sign: (offset.sign === 1 ? -1 : 1) as 1 | -1 };
  const local = parseInstant(now).setZone(timezone);
  if (!policy.calendar) {
    const anchor = toUtcIso(shiftDateTime(local, negated));
    return merge(original, scheduleSteps({ ...input, dueDate: anchor }), fromIndex);
  }
  // On the calendar, anchor a virtual due date so that the step lands on today's send slot, or the next one.
  let anchor = shiftDateTime(local.startOf('day'), negated).toISODate() as string;
  for (let attempt = 0; attempt < 14; attempt++) {
    let rebased = scheduleSteps({ ...input, dueDate: anchor });
    if (millis(rebased[fromIndex]!.at, 'at') >= nowMillis) {
      // A step that rolled over a weekend keeps its spacing from the day it actually runs, not the day it rolled from.
      for (let later = addDays(anchor, 1); ; later = addDays(later, 1)) {
        const candidate = scheduleSteps({ ...input, dueDate: later });
        if (candidate[fromIndex]!.at !== rebased[fromIndex]!.at) break;
        rebased = candidate;
      }
      return merge(original, rebased, fromIndex);
    }
    anchor = addDays(anchor, 1);
  }
  throw new DomainError('now', 'no_send_slot', `now: no send slot within two weeks of ${now}`);
}

function merge(original: ScheduledStep[], rebased: ScheduledStep[], fromIndex: number): ScheduledStep[] {
  return original.map((step, index) => (index < fromIndex ? step : rebased[index]!));
}
