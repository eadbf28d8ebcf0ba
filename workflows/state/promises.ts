import { assertFutureDate, assertPositiveAmount, assertWithinBalance } from '../../domain/commitment-rules';
import { dueMoment } from '../../domain/due-moment';
import { addIsoDuration, parseIsoDuration } from '../../domain/iso-duration';
import type { PromiseToPay } from '../messages';
import { refusal, requireOpen } from './refusal';
import type { StateCore } from './state-core';

/** `field` names the date as the caller sent it; a promise made on a call names its amount `promisedAmount`. */
export function validatePromise(
  state: StateCore,
  promise: PromiseToPay,
  timezone: string,
  field = 'promisedDate',
): void {
  requireOpen(state);
  const { view } = state;
  if (view.dispute) throw refusal(field, 'no_dispute', 'a dispute is open: resolve it before taking a promise');
  if (view.plan?.status === 'active') throw refusal(field, 'no_plan', 'an instalment plan is running');
  assertFutureDate(promise?.promisedDate, field, { now: state.now(), timezone });
  const amountField = field === 'promisedDate' ? 'amount' : 'promisedAmount';
  if (promise.amount !== undefined) {
    assertPositiveAmount(promise.amount, amountField);
    assertWithinBalance(promise.amount, amountField, view.balance);
  }
}

export function applyPromise(state: StateCore, promise: PromiseToPay, timezone: string, promiseGrace: string): void {
  const { view } = state;
  if (view.promise) endPromise(state, false, 'replaced by a new promise');
  const due = dueMoment(promise.promisedDate, timezone);
  const amount = promise.amount ?? view.balance;
  view.promise = {
    promisedDate: promise.promisedDate,
    amount,
    madeAt: state.now(),
    ...(promise.promisedBy ? { promisedBy: promise.promisedBy } : {}),
    watchUntil: addIsoDuration(due, parseIsoDuration(promiseGrace), timezone),
    balanceWhenMade: view.balance,
  };
  state.record('promise_made', {
    promisedDate: promise.promisedDate,
    amount,
    ...(promise.promisedBy ? { promisedBy: promise.promisedBy } : {}),
  });
  state.changed();
}

/** At the end of the grace after the promised date: kept when the promised amount came in, broken otherwise. */
export function checkPromise(state: StateCore): void {
  const promise = state.view.promise;
  if (!promise) return;
  const paid = promise.balanceWhenMade - state.view.balance;
  endPromise(state, paid >= promise.amount);
  state.followups.push({ kind: 'resume_escalation' });
  state.changed();
}

/** Ends the promise standing; with a `reason` it was overtaken (by a plan, a dispute, a new promise), not broken. */
export function endPromise(state: StateCore, kept: boolean, reason?: string): void {
  const { view } = state;
  const promise = view.promise!;
  view.promise = null;
  const paid = promise.balanceWhenMade - view.balance;
  if (reason) {
    state.record('promise_broken', { promisedDate: promise.promisedDate, amount: promise.amount, paid, reason });
    return;
  }
  if (!kept) view.brokenPromises++;
  state.record(kept ? 'promise_kept' : 'promise_broken', {
    promisedDate: promise.promisedDate,
    amount: promise.amount,
    paid,
    ...(kept ? {} : { brokenPromises: view.brokenPromises }),
  });
}
