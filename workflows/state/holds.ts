import { assertFutureDate } from '../../domain/commitment-rules';
import { dueMoment } from '../../domain/due-moment';
import type { Cancel, Pause, Resume } from '../messages';
import { refusal, requireOpen, requireText } from './refusal';
import type { StateCore } from './state-core';

export function validatePause(state: StateCore, pause: Pause, timezone: string): void {
  requireOpen(state);
  if (state.view.hold) throw refusal('reason', 'not_paused', 'the invoice is already paused');
  if (pause?.until !== undefined) assertFutureDate(pause.until, 'until', { now: state.now(), timezone });
}

export function applyPause(state: StateCore, pause: Pause, timezone: string): void {
  state.view.hold = {
    since: state.now(),
    ...(pause.reason ? { reason: pause.reason } : {}),
    ...(pause.until ? { until: dueMoment(pause.until, timezone) } : {}),
    ...(pause.by ? { by: pause.by } : {}),
  };
  state.record('paused', { ...pause });
  state.changed();
}

/** A hold the workflow itself puts on escalation (an approval rejected or not given in time), lifted by `resume`. */
export function holdEscalation(state: StateCore, reason: string, by?: string): void {
  if (state.view.hold) return;
  state.view.hold = { since: state.now(), reason, ...(by ? { by } : {}) };
  state.record('paused', { reason, ...(by ? { by } : {}), automatic: true });
  state.changed();
}

export function validateResume(state: StateCore): void {
  requireOpen(state);
  // A time-barred step also waits for a person to say the debt may still be claimed.
  if (!state.view.hold && state.view.blocked?.reason !== 'time_barred') {
    throw refusal('reason', 'paused', 'the invoice is not paused');
  }
}

/** `automatic`: the hold's own end date came, rather than a person lifting it. */
export function applyResume(state: StateCore, resume: Resume | undefined, automatic = false): void {
  const hold = state.view.hold;
  if (!hold) return;
  state.view.hold = null;
  state.record('resumed', { ...(resume ?? {}), since: hold.since, ...(automatic ? { automatic: true } : {}) });
  state.followups.push({ kind: 'resume_escalation' });
  state.changed();
}

export function validateCancel(state: StateCore, cancel: Cancel): void {
  requireOpen(state);
  requireText(cancel?.reason, 'reason');
}

export function applyCancel(state: StateCore, cancel: Cancel): void {
  state.record('cancelled', { ...cancel, balance: state.view.balance });
  state.close('cancelled');
  state.changed();
}
