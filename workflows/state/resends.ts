import { isRfc3339Instant } from '../../domain/due-moment';
import type { ContactUpdate, CustomerSnapshot, MailEvent } from '../messages';
import type { PendingResend, StepRecord } from '../read-model';
import { refusal, requireNotEnded, requireText } from './refusal';
import type { StateCore } from './state-core';

const MAIL_EVENT_KINDS: readonly MailEvent['kind'][] = ['hard_bounce', 'complaint'];
const MAX_DETAIL_LENGTH = 500;

type ResendStep = Pick<StepRecord, 'index' | 'action' | 'template'>;

/**
 * A step's message did not reach the customer: it waits for a corrected contact and is then sent once more, as re-send
 * n + 1 (a new record and Message-ID). Only the most advanced such step waits: re-sending an older reminder after a
 * later one would go back down the ladder.
 */
export function awaitContact(
  state: StateCore,
  step: ResendStep,
  cause: PendingResend['cause'],
  options: { taskKey?: string; ready?: boolean } = {},
): void {
  const { view } = state;
  const current = view.resend;
  if (current && (current.ladder ?? 0) === (view.ladder ?? 0) && current.step > step.index) return;
  const resends = view.history.filter((h) => h.index === step.index && h.resend !== undefined);
  const resend = Math.max(0, ...resends.map((h) => h.resend!)) + 1;
  view.resend = {
    step: step.index,
    action: step.action,
    template: step.template,
    ...(view.ladder ? { ladder: view.ladder } : {}),
    cause,
    needs: cause === 'address_unknown' ? 'address' : 'email',
    ...(options.taskKey ? { taskKey: options.taskKey } : {}),
    resend,
    since: state.now(),
    ready: options.ready ?? false,
    ...(cause === 'address_unknown' && step.action === 'formal_notice' ? { holdsLegalFile: true } : {}),
  };
  state.changed();
}

/** A contact correction that changes what the waiting step needs (its e-mail, or its postal address) releases it. */
export function contactCorrected(state: StateCore, update: ContactUpdate, previous: CustomerSnapshot): void {
  const pending = state.view.resend;
  if (!pending || pending.ready) return;
  const fixed =
    pending.needs === 'email'
      ? update.email !== undefined && update.email !== previous.email
      : update.address !== undefined;
  if (!fixed) return;
  pending.ready = true;
  state.record('resend_ready', {
    index: pending.step,
    action: pending.action,
    resend: pending.resend,
    cause: pending.cause,
  });
  state.changed();
}

export function validateMailEvent(state: StateCore, event: MailEvent): void {
  requireNotEnded(state);
  requireText(event?.eventId, 'eventId');
  requireText(event.messageId, 'messageId');
  requireText(event.recipient, 'recipient');
  if (!MAIL_EVENT_KINDS.includes(event.kind)) {
    throw refusal('kind', 'mail_event', `kind must be one of ${MAIL_EVENT_KINDS.join(', ')}`);
  }
  if (!isRfc3339Instant(event.occurredAt)) throw refusal('occurredAt', 'instant', 'must be an RFC 3339 instant');
}

/**
 * A relay's later report on a mail, once per event id. Matched to the step whose Message-ID it names: a hard bounce is
 * a refusal come late (a `fix_contact` task; a corrected e-mail re-sends the step); a complaint is recorded and given
 * to a person with a `fix_contact` task, and nothing is re-sent. `resends`: whether a bounce waits for a correction.
 */
export function applyMailEvent(state: StateCore, event: MailEvent, currentEmail: string, resends: boolean): boolean {
  const { view } = state;
  const seen = (view.mailEventIds ??= []);
  if (seen.includes(event.eventId)) return false;
  seen.push(event.eventId);
  const detail = typeof event.detail === 'string' ? plain(event.detail) : undefined;
  const step = [...view.history].reverse().find((h) => h.messageId === event.messageId && h.result === 'sent');
  state.record('mail_event', {
    eventId: event.eventId,
    messageId: event.messageId,
    kind: event.kind,
    recipient: event.recipient,
    occurredAt: event.occurredAt,
    ...(detail ? { detail } : {}),
    ...(step ? { step: step.index, template: step.template } : { matched: false }),
  });
  if (step) {
    (step.mailEvents ??= []).push({
      eventId: event.eventId,
      kind: event.kind,
      recipient: event.recipient,
      occurredAt: event.occurredAt,
      ...(detail ? { detail } : {}),
    });
    const taskKey = `mail-event:${event.eventId}`;
    const what = `${step.action} « ${step.template} » (${event.messageId}) to ${event.recipient}`;
    state.followups.push({
      kind: 'support_task',
      key: taskKey,
      taskKind: 'fix_contact',
      reason:
        event.kind === 'hard_bounce'
          ? `the mail relay reported a hard bounce of ${what}${detail ? `: ${detail}` : ''}; give a working e-mail address`
          : `the recipient complained about ${what} (marked as spam)${detail ? `: ${detail}` : ''}; check who should receive our mail`,
    });
    // The contact may have been corrected since that mail went out: the step then goes out again at once.
    if (event.kind === 'hard_bounce' && resends) {
      awaitContact(state, step, 'hard_bounce', { taskKey, ready: currentEmail !== event.recipient });
    }
  }
  state.changed();
  return true;
}

/** Relay text reaches the proof trail on one line and bounded. */
function plain(text: string): string {
  return text.replace(CONTROL_CHARACTERS, ' ').trim().slice(0, MAX_DETAIL_LENGTH);
}

// eslint-disable-next-line no-control-regex -- control characters are what this strips
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;
