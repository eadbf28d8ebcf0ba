import { DEFAULT_INSTALMENT_REMINDER_LEAD, DunningAction, DunningPolicy } from '../domain/dunning-policy';
import { reminderSlot, ScheduledStep, ScheduleInput } from '../domain/dunning-schedule';
import { addIsoDuration, parseIsoDuration } from '../domain/iso-duration';
import type {
  BlockedStep,
  InstalmentView,
  InvoiceState,
  NextActionKind,
  NextActionView,
  PendingApproval,
  PendingResend,
  TimelineEntry,
} from './read-model';
import { isApproved, pendingApprovalOf } from './state/approvals';

/** How often a step waiting for a rate table is tried again without being told: hourly, or every 30 s off-calendar. */
export const RATES_RECHECK_ON_CALENDAR = 'PT1H';
export const RATES_RECHECK_WITHOUT_CALENDAR = 'PT30S';

/** What the collection of an invoice stands at: its state, its ladder and what was already done. Plain data. */
export interface CollectionPlan {
  view: InvoiceState;
  policy: DunningPolicy;
  scheduleInput: ScheduleInput;
  /** The ladder as scheduled now, and the first policy step not yet taken. */
  schedule: ScheduledStep[];
  nextIndex: number;
  /** Side-effect keys already done (instalment reminders among them). */
  done: ReadonlySet<string>;
  /** RFC 3339, workflow time. */
  now: string;
}

/**
 * The one thing the invoice waits for now. `at: null` means nothing is scheduled: only a message moves it on. The main
 * loop waits until `at`, then performs it by its `type`.
 */
export type NextAction =
  | { type: 'wait'; kind: NextActionKind; at: null; summary: string }
  | { type: 'end_hold'; kind: 'hold_ends'; at: string; summary: string }
  | { type: 'pass_dispute_sla'; kind: 'dispute_sla'; at: string; summary: string }
  | {
      type: 'remind_instalment';
      kind: 'instalment_reminder';
      at: string;
      summary: string;
      instalmentIndex: number;
      key: string;
    }
  | { type: 'check_instalment'; kind: 'instalment_check'; at: string; summary: string; instalmentIndex: number }
  | { type: 'check_promise'; kind: 'promise_check'; at: string; summary: string }
  | { type: 'run_step'; kind: DunningAction; at: string; summary: string; step: ScheduledStep }
  /** A step whose message did not reach the customer goes out again, now that the contact was corrected. */
  | { type: 'resend_step'; kind: 'resend'; at: string; summary: string; resend: PendingResend }
  /** The ladder's step waits for its approval task; at `at` (the task's due date) the policy's `onTimeout` applies. */
  | { type: 'approval_timeout'; kind: 'approval'; at: string; summary: string; approval: PendingApproval }
  /** The ladder step waits for a person; `at`: when it is tried again unasked (rates only), else a message moves it. */
  | {
      type: 'retry_step';
      kind: 'blocked';
      at: string | null;
      summary: string;
      step: ScheduledStep;
      block: BlockedStep;
    };

/** What holds escalation comes first (a hold, a dispute, a plan, a promise), then the ladder. */
export function nextAction(plan: CollectionPlan): NextAction {
  const { hold, dispute, promise } = plan.view;
  if (hold) {
    if (!hold.until) return wait('hold_ends', 'paused until resumed');
    return { type: 'end_hold', kind: 'hold_ends', at: hold.until, summary: `paused until ${hold.until}` };
  }
  if (dispute) {
    if (dispute.slaBreached) return wait('dispute_sla', 'disputed, past its SLA: waiting for resolution');
    return {
      type: 'pass_dispute_sla',
      kind: 'dispute_sla',
      at: dispute.slaEndsAt,
      summary: `disputed: SLA ends ${dispute.slaEndsAt}`,
    };
  }
  if (plan.view.plan?.status === 'active') return nextInstalmentAction(plan);
  if (promise) {
    return {
      type: 'check_promise',
      kind: 'promise_check',
      at: promise.watchUntil,
      summary: `promise to pay ${promise.promisedDate}: check at ${promise.watchUntil}`,
    };
  }
  // The debtor's own word holds the ladder until a person answers it: a payment to look for, a plan to approve.
  const { paymentClaim, planRequest } = plan.view;
  if (paymentClaim) {
    return wait(
      'payment_claim',
      `the debtor says it paid on ${paymentClaim.paidOn}: waiting for task ${paymentClaim.taskId ?? paymentClaim.taskKey} to check it`,
    );
  }
  if (planRequest) {
    return wait(
      'plan_request',
      `the debtor asked for an instalment plan: waiting for approval task ${planRequest.taskId ?? planRequest.taskKey}`,
    );
  }
  const { resend, legalFile } = plan.view;
  if (resend?.ready) {
    return {
      type: 'resend_step',
      kind: 'resend',
      at: plan.now,
      summary: `re-send ${resend.action} « ${resend.template} » to the corrected contact`,
      resend,
    };
  }
  const step = plan.schedule.find((candidate) => candidate.index >= plan.nextIndex);
  if (!step) {
    if (legalFile?.status === 'open') {
      return wait('legal_file_open', `legal file ${legalFile.id} open: waiting for a payment or for the file to close`);
    }
    return wait('close', 'ladder complete: waiting for payment');
  }
  const block = blockOf(plan.view, step);
  if (block) {
    return {
      type: 'retry_step',
      kind: 'blocked',
      at: recheckAt(plan, block),
      summary: `${step.action} « ${step.template} » waits for a person: ${block.reason} (task ${block.taskId})`,
      step,
      block,
    };
  }
  const approval = pendingApprovalOf(plan.view, step.index);
  if (approval) {
    return {
      type: 'approval_timeout',
      kind: 'approval',
      at: approval.dueAt,
      summary: `${step.action} « ${step.template} » waits for approval (task ${approval.taskId}) until ${approval.dueAt}, then ${approval.onTimeout}s`,
      approval,
    };
  }
  // A notice returned for an unknown address never reached the debtor: no legal file before it is sent again.
  if (step.action === 'legal_file' && resend?.holdsLegalFile) {
    return wait('fix_contact', `legal file waits for the formal notice to be re-sent to a corrected address`);
  }
  const at = effectiveAt(plan.view, step);
  return {
    type: 'run_step',
    kind: step.action,
    at,
    summary:
      at === step.at
        ? `wait until ${at} for ${step.action} « ${step.template} »`
        : `wait until ${at} (the formal notice's deadline) for ${step.action} « ${step.template} »`,
    step,
  };
}

/** When a step can really run: the debtor has until the end of the notice's deadline, so no legal file opens before. */
function effectiveAt(view: InvoiceState, step: ScheduledStep): string {
  const deadline = step.action === 'legal_file' ? noticeDeadline(view) : undefined;
  return deadline && deadline > step.at ? deadline : step.at;
}

function nextInstalmentAction(plan: CollectionPlan): NextAction {
  const active = plan.view.plan!;
  const instalment = active.instalments.find((i) => i.status === 'pending');
  if (!instalment) return wait('instalment_check', 'plan paid: waiting for the balance to settle');
  const key = instalmentReminderKey(active.number, instalment);
  const remindAt = instalmentReminderAt(plan, instalment);
  // A reminder is due only if it could go out before its instalment, and after the plan was agreed.
  if (!plan.done.has(key) && remindAt >= active.agreedAt && plan.now < instalment.dueAt) {
    return {
      type: 'remind_instalment',
      kind: 'instalment_reminder',
      at: remindAt,
      summary: `remind instalment ${instalment.index + 1} due ${instalment.dueDate}`,
      instalmentIndex: instalment.index,
      key,
    };
  }
  return {
    type: 'check_instalment',
    kind: 'instalment_check',
    at: instalment.graceEndsAt,
    summary: `check instalment ${instalment.index + 1} (due ${instalment.dueDate}, grace to ${instalment.graceEndsAt})`,
    instalmentIndex: instalment.index,
  };
}

/** What the state query shows of the future: every action foreseen, ladder steps tentative while escalation is held. */
export function projectTimeline(plan: CollectionPlan, held: boolean): TimelineEntry[] {
  const { view } = plan;
  const timeline: TimelineEntry[] = [];
  if (view.hold?.until) timeline.push({ action: 'hold_ends', at: view.hold.until });
  if (view.dispute && !view.dispute.slaBreached) timeline.push({ action: 'dispute_sla', at: view.dispute.slaEndsAt });
  if (view.plan?.status === 'active') {
    for (const instalment of view.plan.instalments.filter((i) => i.status === 'pending')) {
      const remindAt = instalmentReminderAt(plan, instalment);
      const key = instalmentReminderKey(view.plan.number, instalment);
      if (!plan.done.has(key) && remindAt >= view.plan.agreedAt && remindAt > plan.now) {
        timeline.push({ action: 'instalment_reminder', at: remindAt });
      }
      timeline.push({ action: 'instalment_check', at: instalment.graceEndsAt });
    }
  }
  if (view.promise) timeline.push({ action: 'promise_check', at: view.promise.watchUntil });
  for (const step of plan.schedule.filter((s) => s.index >= plan.nextIndex)) {
    const approval = approvalMark(plan, step);
    timeline.push({
      action: step.action,
      at: effectiveAt(view, step),
      index: step.index,
      template: step.template,
      ...(held ? { tentative: true } : {}),
      ...(approval ? { approval } : {}),
    });
  }
  return timeline;
}

/** Whether a projected step needs a manager's approval, and where that stands. */
function approvalMark(plan: CollectionPlan, step: ScheduledStep): TimelineEntry['approval'] {
  if (!plan.policy.steps[step.index]?.approval) return undefined;
  if (pendingApprovalOf(plan.view, step.index)) return 'pending';
  return isApproved(plan.view, step.index) ? 'approved' : 'required';
}

/** The block standing on this ladder step, if any (a block of another ladder or an earlier step no longer holds). */
export function blockOf(view: InvoiceState, step: ScheduledStep): BlockedStep | null {
  const block = view.blocked;
  if (!block || block.index !== step.index || (block.ladder ?? 0) !== (view.ladder ?? 0)) return null;
  return block;
}

/** A rate table may be extended without anyone telling this invoice: the step is tried again now and then. */
function recheckAt(plan: CollectionPlan, block: BlockedStep): string | null {
  if (block.reason !== 'rates_outdated') return null;
  const every = plan.policy.calendar ? RATES_RECHECK_ON_CALENDAR : RATES_RECHECK_WITHOUT_CALENDAR;
  return addIsoDuration(block.checkedAt, parseIsoDuration(every), plan.scheduleInput.timezone);
}

/** The next action as the state query shows it (read-model.ts lists every shape). */
export function nextActionView(next: NextAction, view: InvoiceState): NextActionView | null {
  switch (next.type) {
    case 'retry_step': {
      const { reason, taskId, table } = next.block;
      return { action: 'blocked', at: next.at, step: next.step.index, reason, taskId, ...(table ? { table } : {}) };
    }
    case 'approval_timeout':
      return { action: 'approval', at: next.at, step: next.approval.step, taskId: next.approval.taskId };
    case 'wait':
      if (next.kind === 'legal_file_open' && view.legalFile) {
        return { action: 'legal_file_open', at: null, legalFileId: view.legalFile.id };
      }
      if (next.kind === 'payment_claim' && view.paymentClaim) {
        return { action: 'payment_claim', at: null, taskId: view.paymentClaim.taskId };
      }
      if (next.kind === 'plan_request' && view.planRequest) {
        return { action: 'plan_request', at: null, taskId: view.planRequest.taskId };
      }
      if (next.kind === 'fix_contact' && view.resend) {
        const { step, taskKey, cause } = view.resend;
        return { action: 'fix_contact', at: null, step, ...(taskKey ? { taskKey } : {}), reason: cause };
      }
      return null;
    default:
      return { action: next.kind, at: next.at } as NextActionView;
  }
}

/**
 * The deadline given by the last formal notice actually sent: counted from its delivery when its registered letter
 * was delivered later (never earlier than the one it gave).
 */
export function noticeDeadline(view: InvoiceState): string | undefined {
  const notice = [...view.history].reverse().find((h) => h.action === 'formal_notice' && h.result === 'sent');
  return notice?.deadlineFromDelivery ?? notice?.deadline;
}

export const instalmentReminderKey = (planNumber: number, instalment: InstalmentView) =>
  `plan-${planNumber}:instalment-${instalment.index}:reminder`;

function instalmentReminderAt(plan: CollectionPlan, instalment: InstalmentView): string {
  const lead = plan.policy.instalmentReminderLead ?? DEFAULT_INSTALMENT_REMINDER_LEAD;
  return reminderSlot(plan.scheduleInput, instalment.dueAt, lead);
}

function wait(kind: NextActionKind, summary: string): NextAction {
  return { type: 'wait', kind, at: null, summary };
}
