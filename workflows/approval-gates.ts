import type { ScheduledStep } from '../domain/dunning-schedule';
import { mainQueue } from './activity-proxies';
import type { Collection } from './collection';
import { permanentRefusal } from './failures';
import { approvalRequests, isApproved, pendingApprovalOf, requestApproval } from './state/approvals';

/**
 * Approval gates. A policy step with `approval` runs only once a manager approved it on an `approval` task, or once the
 * task's timeout passed with `onTimeout: proceed`. A rejection, or a timeout with `hold`, holds escalation (stage
 * `paused`); resuming then asks again with a new task: an approval is never presumed from an earlier refusal or
 * silence. An approval once given stands for that step of that ladder, through holds, blocks and payments.
 */
export function needsApproval(c: Collection, step: ScheduledStep): boolean {
  if (!c.policy.steps[step.index]?.approval) return false;
  return !isApproved(c.view, step.index) && !pendingApprovalOf(c.view, step.index);
}

/** Opens the step's approval task, due when its timeout runs out, and records the pending approval. */
export async function askApproval(c: Collection, step: ScheduledStep): Promise<void> {
  const { view, state } = c;
  const { timeout, onTimeout } = c.policy.steps[step.index]!.approval!;
  const ladder = view.ladder ? `:ladder-${view.ladder}` : '';
  const key = `approval:step-${step.index}${ladder}:${approvalRequests(view, step.index) + 1}`;
  const requestedAt = c.now();
  const dueAt = c.after(timeout);
  const reason =
    `approve step ${step.index} (${step.action} « ${step.template} ») before it goes out; ` +
    `without a decision by ${dueAt} it ${onTimeout === 'proceed' ? 'goes out anyway' : 'is held'}`;
  let taskId = key;
  try {
    ({ taskId } = await mainQueue.createSupportTask.executeWithOptions(
      { summary: `approval task for step ${step.index} (${step.action})` },
      [{ invoice: c.invoice, key, kind: 'approval', reason, dueAt }],
    ));
  } catch (error) {
    // No task could be opened: nobody can decide, so the timeout decides (recorded for a person to see).
    const refusal = permanentRefusal(error);
    if (!refusal) throw error;
    state.record('task_failed', { key, kind: 'approval', reason: refusal.message });
  }
  requestApproval(state, {
    step: step.index,
    action: step.action,
    template: step.template,
    ...(view.ladder ? { ladder: view.ladder } : {}),
    taskId,
    requestedAt,
    dueAt,
    onTimeout,
  });
}
