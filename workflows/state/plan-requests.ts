import { isDomainError } from '../../domain/domain-error';
import { formatMoney } from '../../domain/money';
import { assertCleanText } from '../../domain/text';
import type { ApprovalDecided, Instalment } from '../messages';
import type { PlanRequestRecord, PlanRequestView } from '../read-model';
import { applyPlan, validatePlan } from './instalment-plan';
import { refusal, requireOpen } from './refusal';
import type { StateCore } from './state-core';

const DECISIONS: readonly ApprovalDecided['decision'][] = ['approved', 'rejected'];

/**
 * The debtor asks for an instalment plan (`request_plan` on the self-service page): the instalments must be a plan
 * operations could agree as they stand (`instalmentAgreed`'s rules), and one request waits at a time.
 */
export function validatePlanRequest(state: StateCore, instalments: Instalment[], timezone: string): void {
  const pending = state.view.planRequest;
  if (pending) {
    throw refusal(
      'instalments',
      'plan_request_pending',
      `an instalment plan the debtor asked for on ${pending.requestedAt} waits for approval already`,
    );
  }
  validatePlan(state, { instalments }, timezone);
}

/** Escalation waits while an `approval` task carrying the proposed instalments is decided. */
export function openPlanRequest(state: StateCore, instalments: Instalment[], answerId: string): void {
  const { view } = state;
  const number = (view.planRequests?.length ?? 0) + 1;
  const taskKey = `plan-request-${number}`;
  view.planRequest = { instalments, answerId, requestedAt: state.now(), taskKey, taskId: null };
  const last = instalments[instalments.length - 1]!;
  state.followups.push({
    kind: 'answer_task',
    key: taskKey,
    taskKind: 'approval',
    reason:
      `the debtor asks to pay the balance of ${formatMoney({ amount: view.balance, currency: view.currency }, 'en-GB')} ` +
      `in ${instalments.length} instalment(s), the last on ${last.dueDate}: approve to agree the plan, or reject`,
    detail: { kind: 'instalment_plan', instalments, total: view.balance, currency: view.currency, answerId },
  });
  state.changed();
}

/** Whether an approval decision is about the debtor's plan request (pending or ended) rather than a policy step. */
export function isPlanRequestTask(state: StateCore, taskId: unknown): boolean {
  if (typeof taskId !== 'string') return false;
  const { planRequest, planRequests } = state.view;
  return planRequest?.taskId === taskId || !!planRequests?.some((r) => r.taskId === taskId);
}

export function validatePlanDecision(state: StateCore, decided: ApprovalDecided, timezone: string): void {
  if (!DECISIONS.includes(decided.decision)) {
    throw refusal('decision', 'approval_decision', `decision must be one of ${DECISIONS.join(', ')}`);
  }
  const earlier = state.view.planRequests?.find((r) => r.taskId === decided.taskId);
  // The same decision again is answered with the state; so is any decision on a request the invoice's closing or
  // another plan ended, which leaves nothing to decide.
  const moot = earlier?.outcome === 'closed' || earlier?.outcome === 'superseded';
  if (earlier && (earlier.outcome === decided.decision || moot) && !state.ended) return;
  if (earlier) throw refusal('decision', 'decided', `approval task ${decided.taskId} was already ${earlier.outcome}`);
  requireOpen(state);
  if (decided.note !== undefined) assertCleanText(decided.note, 'note', { multiLine: true, maxLength: 2_000 });
  if (decided.decision !== 'approved') return;
  try {
    validatePlan(state, { instalments: state.view.planRequest!.instalments }, timezone);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    throw refusal(
      'decision',
      'plan_still_fits',
      `the plan asked for can no longer be agreed (${error.message}); reject it`,
    );
  }
}

/** Approved: the plan is agreed as `instalmentAgreed` would, by the approver. Rejected: escalation resumes. */
export function applyPlanDecision(
  state: StateCore,
  decided: ApprovalDecided,
  timezone: string,
  instalmentGrace: string,
): boolean {
  const request = state.view.planRequest;
  if (!request || request.taskId !== decided.taskId) return false;
  const extra = { ...(decided.note ? { note: decided.note } : {}), ...(decided.by ? { by: decided.by } : {}) };
  endRequest(state, request, { outcome: decided.decision, ...extra });
  state.record('plan_request_decided', { taskId: decided.taskId, decision: decided.decision, ...extra });
  if (decided.decision === 'approved') {
    applyPlan(
      state,
      { instalments: request.instalments, agreedBy: decided.by ?? 'approver' },
      timezone,
      instalmentGrace,
    );
  } else {
    state.followups.push({ kind: 'resume_escalation' });
  }
  state.changed();
  return true;
}

/** A plan agreed otherwise, or the invoice closing, leaves the request without a decision to take. */
export function endPlanRequest(state: StateCore, outcome: 'closed' | 'superseded', reason: string): void {
  const request = state.view.planRequest;
  if (!request) return;
  endRequest(state, request, { outcome });
  state.record('plan_request_ended', { taskId: request.taskId, outcome, reason });
}

/** Records the task the request waits on, once opened (unless the request ended meanwhile). */
export function attachPlanRequestTask(state: StateCore, taskKey: string, taskId: string): void {
  const request = state.view.planRequest;
  if (request?.taskKey === taskKey) request.taskId = taskId;
  const ended = state.view.planRequests?.find((r) => r.taskKey === taskKey);
  if (ended && ended.taskId === null) ended.taskId = taskId;
}

function endRequest(
  state: StateCore,
  request: PlanRequestView,
  end: Pick<PlanRequestRecord, 'outcome' | 'note' | 'by'>,
): void {
  state.view.planRequest = null;
  (state.view.planRequests ??= []).push({ ...request, ...end, endedAt: state.now() });
}
