import { assertPositiveAmount, assertWithinBalance } from '../../domain/commitment-rules';
import type { DisputeRaised, DisputeResolved } from '../messages';
import { allocatePlan } from './instalment-plan';
import { endPromise } from './promises';
import { refusal, requireOpen, requireText } from './refusal';
import type { StateCore } from './state-core';

const DISPUTE_OUTCOMES = ['rejected', 'upheld', 'partially_upheld'];

export function validateDispute(state: StateCore, dispute: DisputeRaised): void {
  requireOpen(state);
  requireText(dispute?.reason, 'reason');
  if (state.view.dispute) throw refusal('reason', 'no_dispute', 'a dispute is already open on this invoice');
}

export function applyDispute(state: StateCore, dispute: DisputeRaised, slaEndsAt: string): void {
  const { view } = state;
  const event = state.record('dispute_raised', {
    reason: dispute.reason,
    ...(dispute.raisedBy ? { raisedBy: dispute.raisedBy } : {}),
  });
  view.dispute = {
    id: `dispute-${event.seq}`,
    reason: dispute.reason,
    ...(dispute.raisedBy ? { raisedBy: dispute.raisedBy } : {}),
    raisedAt: event.at,
    slaEndsAt,
    slaBreached: false,
  };
  view.disputes.push({ id: `dispute-${event.seq}`, reason: dispute.reason, raisedAt: event.at });
  // A contested debt is no longer a promise the debtor made.
  if (view.promise) endPromise(state, false, 'superseded by a dispute');
  state.changed();
}

/** Once, when the dispute outlives its SLA: a support task asks a person to look at it. */
export function disputeSlaPassed(state: StateCore): void {
  const dispute = state.view.dispute;
  if (!dispute || dispute.slaBreached) return;
  dispute.slaBreached = true;
  state.record('dispute_sla_passed', {
    dispute: dispute.id,
    raisedAt: dispute.raisedAt,
    slaEndsAt: dispute.slaEndsAt,
  });
  state.followups.push({
    kind: 'support_task',
    key: `${dispute.id}:sla`,
    taskKind: 'dispute_review',
    reason: `dispute raised ${dispute.raisedAt} unresolved past its SLA (${dispute.slaEndsAt}): ${dispute.reason}`,
  });
  state.changed();
}

export function validateResolution(state: StateCore, resolution: DisputeResolved): void {
  requireOpen(state);
  if (!state.view.dispute) throw refusal('outcome', 'open_dispute', 'no dispute is open on this invoice');
  if (!DISPUTE_OUTCOMES.includes(resolution?.outcome)) {
    throw refusal('outcome', 'dispute_outcome', `outcome must be one of ${DISPUTE_OUTCOMES.join(', ')}`);
  }
  if (resolution.outcome === 'partially_upheld') {
    // A credit of the whole balance is an upheld dispute.
    assertPositiveAmount(resolution.creditAmount, 'creditAmount');
    assertWithinBalance(resolution.creditAmount, 'creditAmount', state.view.balance, { strict: true });
  } else if (resolution.creditAmount !== undefined) {
    throw refusal('creditAmount', 'partially_upheld', 'only a partially upheld dispute carries a creditAmount');
  }
}

/** Rejected resumes escalation; upheld cancels the invoice (credit note); partially upheld lowers the balance. */
export function applyResolution(state: StateCore, resolution: DisputeResolved): void {
  const { view } = state;
  const dispute = view.dispute!;
  view.dispute = null;
  const logged = view.disputes.find((d) => d.id === dispute.id);
  if (logged) {
    logged.outcome = resolution.outcome;
    logged.resolvedAt = state.now();
    if (resolution.creditAmount) logged.creditAmount = resolution.creditAmount;
  }
  state.record('dispute_resolved', {
    dispute: dispute.id,
    outcome: resolution.outcome,
    ...(resolution.creditAmount ? { creditAmount: resolution.creditAmount } : {}),
    ...(resolution.note ? { note: resolution.note } : {}),
    ...(resolution.resolvedBy ? { resolvedBy: resolution.resolvedBy } : {}),
  });
  if (resolution.outcome === 'upheld') {
    state.close('cancelled');
  } else {
    if (resolution.outcome === 'partially_upheld') {
      view.balance -= resolution.creditAmount as number;
      allocatePlan(state);
    }
    state.followups.push({ kind: 'resume_escalation' });
  }
  state.changed();
}
