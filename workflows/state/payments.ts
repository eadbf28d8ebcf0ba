import { assertPositiveAmount } from '../../domain/commitment-rules';
import type { PaymentReceived, PaymentReversed } from '../messages';
import { allocatePlan, endPlan } from './instalment-plan';
import { reopenLegalFile } from './legal-file';
import { endPromise } from './promises';
import { refusal, requireNotEnded, requireText } from './refusal';
import type { StateCore } from './state-core';

export function validatePayment(state: StateCore, payment: PaymentReceived): void {
  // A payment already applied is answered with the state however late it is repeated (a payer retrying a lost answer).
  if (typeof payment?.paymentId === 'string' && isApplied(state, payment.paymentId)) return;
  requireNotEnded(state);
  requireText(payment?.paymentId, 'paymentId');
  assertPositiveAmount(payment.amount, 'amount');
  if (payment.currency !== state.view.currency) {
    throw refusal(
      'currency',
      'currency_mismatch',
      `currency ${payment.currency} does not match the invoice currency ${state.view.currency}`,
    );
  }
  if (typeof payment.receivedAt !== 'string' || Number.isNaN(Date.parse(payment.receivedAt))) {
    throw refusal('receivedAt', 'instant', 'receivedAt must be an RFC 3339 instant');
  }
}

const isApplied = (state: StateCore, paymentId: string) => state.view.payments.some((p) => p.paymentId === paymentId);

/** Applies a payment once per paymentId; a zero balance closes the invoice as paid and keeps any overpayment. */
export function applyPayment(state: StateCore, payment: PaymentReceived): boolean {
  const { view } = state;
  if (isApplied(state, payment.paymentId)) return false;
  view.payments.push({ ...payment });
  view.balance -= payment.amount;
  state.record('payment_received', {
    paymentId: payment.paymentId,
    amount: payment.amount,
    currency: payment.currency,
    receivedAt: payment.receivedAt,
    ...(payment.method ? { method: payment.method } : {}),
    ...(payment.reference ? { reference: payment.reference } : {}),
    ...(payment.recordedBy ? { by: payment.recordedBy } : {}),
  });
  if (view.balance <= 0) {
    view.credit += -view.balance;
    view.balance = 0;
  }
  allocatePlan(state);
  if (view.balance === 0) settle(state, payment.paymentId);
  state.changed();
  const overtaken = view.pendingReversals?.find((r) => r.paymentId === payment.paymentId);
  if (overtaken) {
    view.pendingReversals = view.pendingReversals!.filter((r) => r !== overtaken);
    applyReversal(state, overtaken);
  }
  return true;
}

/** A zero balance keeps the plan and the promise, closes the invoice as paid and thanks the customer. */
function settle(state: StateCore, paymentId: string): void {
  if (state.view.plan?.status === 'active') endPlan(state, 'kept');
  if (state.view.promise) endPromise(state, true);
  if (state.closed) return;
  state.close('paid');
  state.followups.push({ kind: 'notice', key: `payment:${paymentId}:thanks`, template: 'payment-thanks', paymentId });
}

/**
 * `early` (signals): a reversal may overtake its payment on the way here; it is then kept and applied when the
 * payment arrives. An update still refuses it, since its caller can learn and retry.
 */
export function validateReversal(state: StateCore, reversal: PaymentReversed, early = false): void {
  requireNotEnded(state);
  requireText(reversal?.paymentId, 'paymentId');
  requireText(reversal.reason, 'reason');
  if (!early && !state.view.payments.some((p) => p.paymentId === reversal.paymentId)) {
    throw refusal('paymentId', 'known_payment', `no payment ${reversal.paymentId} was received on this invoice`);
  }
}

/** Re-opens the reversed amount; an invoice closed as paid goes back to the stage it stood at. */
export function applyReversal(state: StateCore, reversal: PaymentReversed): boolean {
  const { view } = state;
  const payment = view.payments.find((p) => p.paymentId === reversal.paymentId);
  if (!payment) return keepEarlyReversal(state, reversal);
  if (payment.reversed) return false;
  // A thank-you not sent yet for this payment is no longer due.
  state.followups = state.followups.filter((f) => !(f.kind === 'notice' && f.paymentId === reversal.paymentId));
  payment.reversed = { reason: reversal.reason, at: state.now() };
  const absorbed = Math.min(payment.amount, view.credit);
  view.credit -= absorbed;
  view.balance += payment.amount - absorbed;
  state.record('payment_reversed', {
    paymentId: reversal.paymentId,
    amount: payment.amount,
    reason: reversal.reason,
    ...(reversal.by ? { by: reversal.by } : {}),
  });
  if (view.status === 'paid' && view.balance > 0) {
    view.status = 'open';
    delete view.closedAt;
    reopenLegalFile(state, reversal.paymentId);
    state.followups.push({ kind: 'resume_escalation' });
  }
  allocatePlan(state);
  state.changed();
  return true;
}

/** A reversal that overtook its payment waits for it, once per paymentId. */
function keepEarlyReversal(state: StateCore, reversal: PaymentReversed): boolean {
  const pending = (state.view.pendingReversals ??= []);
  if (pending.some((r) => r.paymentId === reversal.paymentId)) return false;
  pending.push({ paymentId: reversal.paymentId, reason: reversal.reason });
  state.record('reversal_before_payment', { paymentId: reversal.paymentId, reason: reversal.reason });
  state.changed();
  return true;
}
