import { assertCleanText } from '../../domain/text';
import type { ApprovalDecided } from '../messages';
import type { ApprovalRecord, InvoiceState, PendingApproval } from '../read-model';
import { holdEscalation } from './holds';
import { refusal, requireOpen, requireText } from './refusal';
import type { StateCore } from './state-core';

const DECISIONS: readonly ApprovalDecided['decision'][] = ['approved', 'rejected'];

/** The step a pending approval or a decision is about, as one key (policy moves start a new ladder). */
const sameStep = (a: { step: number; ladder?: number }, index: number, ladder: number | undefined) =>
  a.step === index && (a.ladder ?? 0) === (ladder ?? 0);

/** The approval the ladder's step `index` waits for, if it is the one pending. */
export function pendingApprovalOf(view: InvoiceState, index: number): PendingApproval | null {
  const pending = view.approval;
  return pending && sameStep(pending, index, view.ladder) ? pending : null;
}

/**
 * Whether step `index` may run: its latest decision approves it, or its timeout said `proceed`. A rejection or a
 * `hold` timeout is no approval: once escalation resumes, a new approval task asks again.
 */
export function isApproved(view: InvoiceState, index: number): boolean {
  const decisions = (view.approvals ?? []).filter((a) => sameStep(a, index, view.ladder));
  const latest = decisions[decisions.length - 1];
  return latest?.decision === 'approved' || (latest?.decision === 'timed_out' && latest.onTimeout === 'proceed');
}

/** How many times step `index` was put to a person already: each request gets its own task. */
export function approvalRequests(view: InvoiceState, index: number): number {
  return (view.approvals ?? []).filter((a) => sameStep(a, index, view.ladder)).length + (view.approval ? 1 : 0);
}

export function requestApproval(state: StateCore, pending: PendingApproval): void {
  state.view.approval = pending;
  state.record('approval_requested', { ...pending });
  state.changed();
}

export function validateApprovalDecided(state: StateCore, decided: ApprovalDecided): void {
  requireText(decided?.taskId, 'taskId');
  if (!DECISIONS.includes(decided.decision)) {
    throw refusal('decision', 'approval_decision', `decision must be one of ${DECISIONS.join(', ')}`);
  }
  const earlier = (state.view.approvals ?? []).find((a) => a.taskId === decided.taskId);
  // The same decision again (a double click, a retry) is answered with the state; a different one is refused.
  if (earlier?.decision === decided.decision && !state.ended) return;
  requireOpen(state);
  if (earlier?.decision === 'timed_out') {
    throw refusal('taskId', 'pending_approval', `approval task ${decided.taskId} timed out: resume to ask again`);
  }
  if (earlier) throw refusal('decision', 'decided', `approval task ${decided.taskId} was already ${earlier.decision}`);
  if (state.view.approval?.taskId !== decided.taskId) {
    throw refusal('taskId', 'pending_approval', `no approval is pending under task ${decided.taskId}`);
  }
  if (decided.note !== undefined) assertCleanText(decided.note, 'note', { multiLine: true, maxLength: 2_000 });
}

/** Approved: the step runs. Rejected: escalation is held (stage `paused`) with the rejection as the reason. */
export function applyApprovalDecided(state: StateCore, decided: ApprovalDecided): boolean {
  const { view } = state;
  const pending = view.approval;
  if (!pending || pending.taskId !== decided.taskId) return false;
  view.approval = null;
  decide(state, pending, {
    decision: decided.decision,
    ...(decided.note ? { note: decided.note } : {}),
    ...(decided.by ? { by: decided.by } : {}),
  });
  state.record('approval_decided', { step: pending.step, action: pending.action, ...decided });
  if (decided.decision === 'rejected') {
    holdEscalation(
      state,
      `approval of step ${pending.step} (${pending.action} « ${pending.template} ») rejected${decided.note ? `: ${decided.note}` : ''}`,
      decided.by,
    );
  }
  state.changed();
  return true;
}

/** Nobody decided by the task's due date: the policy's `onTimeout` applies. */
export function approvalTimedOut(state: StateCore): void {
  const { view } = state;
  const pending = view.approval;
  if (!pending) return;
  view.approval = null;
  decide(state, pending, { decision: 'timed_out', onTimeout: pending.onTimeout });
  state.record('approval_timed_out', {
    step: pending.step,
    action: pending.action,
    taskId: pending.taskId,
    dueAt: pending.dueAt,
    onTimeout: pending.onTimeout,
  });
  // The task can no longer be answered: its step ran or is held.
  state.followups.push({
    kind: 'close_tasks',
    key: `${pending.taskId}:timed-out`,
    kinds: ['approval'],
    outcome: 'timed_out',
  });
  if (pending.onTimeout === 'hold') {
    holdEscalation(
      state,
      `approval of step ${pending.step} (${pending.action} « ${pending.template} ») not given by ${pending.dueAt}`,
    );
  }
  state.changed();
}

function decide(
  state: StateCore,
  pending: PendingApproval,
  decision: Pick<ApprovalRecord, 'decision' | 'onTimeout' | 'note' | 'by'>,
): void {
  (state.view.approvals ??= []).push({
    step: pending.step,
    ...(pending.ladder ? { ladder: pending.ladder } : {}),
    taskId: pending.taskId,
    at: state.now(),
    ...decision,
  });
}
