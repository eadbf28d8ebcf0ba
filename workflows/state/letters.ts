import { DateTime } from 'luxon';
import { assertCalendarDate } from '../../domain/calendar-date';
import { assertCleanText } from '../../domain/text';
import type { LetterEvent, LetterTracked } from '../messages';
import type { StepRecord } from '../read-model';
import { refusal, requireNotEnded, requireText } from './refusal';
import { awaitContact } from './resends';
import type { StateCore } from './state-core';

/** The ladder action whose registered letter the mail room tracks. */
const LETTER_STEPS = { 'registered-reminder': 'letter', 'formal-notice': 'formal_notice' } as const;
const LETTER_EVENTS: readonly LetterEvent[] = [
  'posted',
  'delivered',
  'returned_unclaimed',
  'refused',
  'address_unknown',
];

/** Moves a formal notice's deadline to run from its delivery: never earlier than the deadline it already gives. */
export type DeadlineFromDelivery = (notice: StepRecord, deliveredOn: string) => string;

export function validateLetterTracked(state: StateCore, tracked: LetterTracked, timezone: string): void {
  requireNotEnded(state);
  requireText(tracked?.taskId, 'taskId');
  assertCleanText(tracked.taskId, 'taskId', { maxLength: 200 });
  if (!Object.keys(LETTER_STEPS).includes(tracked.letter)) {
    throw refusal('letter', 'letter', `letter must be one of ${Object.keys(LETTER_STEPS).join(', ')}`);
  }
  if (!LETTER_EVENTS.includes(tracked.event)) {
    throw refusal('event', 'letter_event', `event must be one of ${LETTER_EVENTS.join(', ')}`);
  }
  const step = trackedStep(state, tracked);
  if (!step) throw refusal('letter', 'letter_sent', `no ${tracked.letter} letter went out on this invoice`);
  if (tracked.trackingNumber !== undefined) {
    requireText(tracked.trackingNumber, 'trackingNumber');
    assertCleanText(tracked.trackingNumber, 'trackingNumber', { maxLength: 64 });
  }
  if (tracked.event === 'delivered' && tracked.deliveredOn === undefined) {
    throw refusal('deliveredOn', 'required', 'a delivered letter needs the day of its acknowledgement of receipt');
  }
  const sentOn = localDate(step.at, timezone);
  const today = localDate(state.now(), timezone);
  for (const field of ['postedOn', 'deliveredOn'] as const) {
    const day = tracked[field];
    if (day === undefined) continue;
    assertCalendarDate(day, field);
    if (day < sentOn) throw refusal(field, 'after_sent', `must not be before the letter was issued (${sentOn})`);
    if (day > today) throw refusal(field, 'not_future', `must not be after today (${today})`);
  }
  const postedOn = tracked.postedOn ?? step.tracking?.postedOn;
  if (tracked.deliveredOn !== undefined && postedOn !== undefined && tracked.deliveredOn < postedOn) {
    throw refusal('deliveredOn', 'after_posted', `must not be before the letter was posted (${postedOn})`);
  }
  if (tracked.note !== undefined) assertCleanText(tracked.note, 'note', { multiLine: true, maxLength: 2_000 });
}

/**
 * Records what the mail room reports on a registered letter, on its step and on the proof trail; the same report
 * twice counts once. A formal notice delivered gives its full period from delivery; one returned unclaimed or refused
 * counts as presented and keeps its deadline; an unknown address asks a person for the right one (`fix_contact`) and
 * holds the legal file until the notice is sent again to it.
 */
export function applyLetterTracked(
  state: StateCore,
  tracked: LetterTracked,
  deadlineFromDelivery: DeadlineFromDelivery,
  resends: boolean,
): boolean {
  const step = trackedStep(state, tracked)!;
  const tracking = (step.tracking ??= {
    taskId: tracked.taskId,
    letter: tracked.letter,
    status: tracked.event,
    events: [],
  });
  const repeated = tracking.events.some((e) => e.event === tracked.event) && tracking.status === tracked.event;
  if (repeated && (tracked.deliveredOn ?? tracking.deliveredOn) === tracking.deliveredOn) return false;
  tracking.taskId = tracked.taskId;
  tracking.status = tracked.event;
  if (tracked.trackingNumber) tracking.trackingNumber = tracked.trackingNumber;
  if (tracked.postedOn) tracking.postedOn = tracked.postedOn;
  if (tracked.deliveredOn) tracking.deliveredOn = tracked.deliveredOn;
  tracking.events.push({
    event: tracked.event,
    at: state.now(),
    ...(tracked.note ? { note: tracked.note } : {}),
    ...(tracked.by ? { by: tracked.by } : {}),
  });
  const before = step.deadlineFromDelivery ?? step.deadline;
  if (tracked.event === 'delivered' && step.action === 'formal_notice' && step.deadline) {
    const moved = deadlineFromDelivery(step, tracked.deliveredOn!);
    if (Date.parse(moved) > Date.parse(before!)) step.deadlineFromDelivery = moved;
  }
  const deadline = step.deadlineFromDelivery ?? step.deadline;
  state.record('letter_tracked', {
    ...tracked,
    step: step.index,
    template: step.template,
    ...(deadline ? { deadline } : {}),
    ...(deadline && deadline !== before ? { deadlineBefore: before } : {}),
  });
  if (tracked.event === 'address_unknown') {
    const taskKey = `letter:${tracked.taskId}:address_unknown`;
    state.followups.push({
      kind: 'support_task',
      key: taskKey,
      taskKind: 'fix_contact',
      reason:
        `the post returned the ${tracked.letter} letter « ${step.template} »` +
        `${tracking.trackingNumber ? ` (${tracking.trackingNumber})` : ''} as addressee unknown: give the customer's ` +
        `correct postal address${step.action === 'formal_notice' ? '; the legal file waits for the notice to be sent to it' : ''}`,
    });
    if (resends) awaitContact(state, step, 'address_unknown', { taskKey });
  }
  state.changed();
  return true;
}

/** The letter a report is about: the one already tracked under that task, else the latest of its kind sent. */
function trackedStep(state: StateCore, tracked: LetterTracked): StepRecord | undefined {
  const action = LETTER_STEPS[tracked.letter];
  const sent = state.view.history.filter((h) => h.action === action && h.result === 'sent');
  return sent.find((h) => h.tracking?.taskId === tracked.taskId) ?? sent[sent.length - 1];
}

function localDate(instant: string, timezone: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(timezone).toISODate() as string;
}
