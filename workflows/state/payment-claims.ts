import { assertPositiveAmount, startOfDay } from '../../domain/commitment-rules';
import { assertCleanText } from '../../domain/text';
import type { PaymentClaimChecked } from '../messages';
import type { PaymentClaimRecord, PaymentClaimView } from '../read-model';
import { applyPayment } from './payments';
import { refusal, requireOpen, requireText } from './refusal';
import type { StateCore } from './state-core';

const OUTCOMES: readonly PaymentClaimChecked['outcome'][] = ['confirmed', 'not_found'];

/**
 * The debtor says it paid (`already_paid` on the self-service page): escalation waits and a `verify_payment` task asks
 * operations to look for the money. One claim stands at a time.
 */
export function validatePaymentClaim(state: StateCore): void {
  const claim = state.view.paymentClaim;
  if (claim) {
    throw refusal(
      'answer',
      'payment_claim_pending',
      `a payment the debtor made on ${claim.paidOn} (reference « ${claim.reference} ») is being checked already`,
    );
  }
}

export function openPaymentClaim(
  state: StateCore,
  claim: Pick<PaymentClaimView, 'paidOn' | 'reference' | 'answerId'>,
  balance: number,
  currency: string,
): void {
  const { view } = state;
  const number = (view.paymentClaims?.length ?? 0) + 1;
  const taskKey = `payment-claim-${number}`;
  view.paymentClaim = { ...claim, claimedAt: state.now(), taskKey, taskId: null };
  state.followups.push({
    kind: 'answer_task',
    key: taskKey,
    taskKind: 'verify_payment',
    reason:
      `the debtor says it paid on ${claim.paidOn} (reference « ${claim.reference} »): ` +
      'confirm the money came in (with the amount received) or report it not found',
    detail: { paidOn: claim.paidOn, reference: claim.reference, answerId: claim.answerId, balance, currency },
  });
  state.changed();
}

export function validatePaymentClaimChecked(state: StateCore, checked: PaymentClaimChecked): void {
  requireText(checked?.taskId, 'taskId');
  if (!OUTCOMES.includes(checked.outcome)) {
    throw refusal('outcome', 'claim_outcome', `outcome must be one of ${OUTCOMES.join(', ')}`);
  }
  const earlier = state.view.paymentClaims?.find((c) => c.taskId === checked.taskId);
  // The same check again (a retried completion) is answered with the state; a claim the invoice's closing ended too.
  if (earlier && (earlier.outcome === checked.outcome || earlier.outcome === 'closed') && !state.ended) return;
  if (earlier) throw refusal('outcome', 'checked', `task ${checked.taskId} was already checked: ${earlier.outcome}`);
  requireOpen(state);
  const claim = state.view.paymentClaim;
  if (!claim || claim.taskId !== checked.taskId) {
    throw refusal('taskId', 'pending_claim', `no payment claim is being checked under task ${checked.taskId}`);
  }
  if (checked.outcome === 'confirmed' && checked.amount !== undefined) assertPositiveAmount(checked.amount, 'amount');
  if (checked.outcome === 'not_found' && checked.amount !== undefined) {
    throw refusal('amount', 'confirmed', 'only a confirmed payment carries an amount');
  }
  if (checked.note !== undefined) assertCleanText(checked.note, 'note', { multiLine: true, maxLength: 2_000 });
}

/**
 * Ends the claim. `confirmed` records a payment `claim:<taskId>` received on the day the debtor gave (the balance
 * unless an amount is given), as any payment: a zero balance closes the invoice as paid. Otherwise escalation resumes
 * as after a pause. True when a payment was recorded.
 */
export function applyPaymentClaimChecked(state: StateCore, checked: PaymentClaimChecked, timezone: string): boolean {
  const { view } = state;
  const claim = view.paymentClaim;
  if (!claim || claim.taskId !== checked.taskId) return false;
  const amount = checked.outcome === 'confirmed' ? (checked.amount ?? view.balance) : undefined;
  endClaim(state, claim, {
    outcome: checked.outcome,
    ...(amount !== undefined ? { amount } : {}),
    ...(checked.note ? { note: checked.note } : {}),
    ...(checked.by ? { by: checked.by } : {}),
  });
  state.record('payment_claim_checked', {
    taskId: checked.taskId,
    outcome: checked.outcome,
    paidOn: claim.paidOn,
    reference: claim.reference,
    ...(amount !== undefined ? { amount } : {}),
    ...(checked.note ? { note: checked.note } : {}),
    ...(checked.by ? { by: checked.by } : {}),
  });
  const paid =
    amount !== undefined &&
    applyPayment(state, {
      paymentId: `claim:${checked.taskId}`,
      amount,
      currency: view.currency,
      receivedAt: startOfDay(claim.paidOn, timezone),
      reference: claim.reference,
    });
  if (!state.closed) state.followups.push({ kind: 'resume_escalation' });
  state.changed();
  return paid;
}

/** The invoice closed (paid by a real payment, cancelled…) while the claim stood: nobody needs to check it now. */
export function closePaymentClaim(state: StateCore): void {
  const claim = state.view.paymentClaim;
  if (!claim) return;
  endClaim(state, claim, { outcome: 'closed' });
  state.record('payment_claim_ended', { taskId: claim.taskId, reason: `the invoice is ${state.view.status}` });
}

/** Records the task the claim waits on, once opened (unless the claim ended meanwhile). */
export function attachClaimTask(state: StateCore, taskKey: string, taskId: string): void {
  const claim = state.view.paymentClaim;
  if (claim?.taskKey === taskKey) claim.taskId = taskId;
  const ended = state.view.paymentClaims?.find((c) => c.taskKey === taskKey);
  if (ended && ended.taskId === null) ended.taskId = taskId;
}

function endClaim(
  state: StateCore,
  claim: PaymentClaimView,
  end: Pick<PaymentClaimRecord, 'outcome' | 'amount' | 'note' | 'by'>,
): void {
  state.view.paymentClaim = null;
  (state.view.paymentClaims ??= []).push({ ...claim, ...end, endedAt: state.now() });
}
