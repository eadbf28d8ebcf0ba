import { DEFAULT_INSTALMENT_REMINDER_LEAD, DunningAction, DunningPolicy } from '../domain/dunning-policy';
import { reminderSlot, ScheduledStep, ScheduleInput } from '../domain/dunning-schedule';
import { addIsoDuration, parseIsoDuration } from '../domain/iso-duration';
import type {
  BlockedStep,
  InstalmentView,
  InvoiceState,
  NextActionKind,
  NextActionView,
  TimelineEntry,
} from './read-model';

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
  const step = plan.schedule.find((candidate) => candidate.index >= plan.nextIndex);
  if (!step) return wait('close', 'ladder complete: waiting for payment');
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
  // The debtor has until the end of the formal notice's deadline: no legal file opens before it has passed.
  const deadline = step.action === 'legal_file' ? noticeDeadline(plan.view) : undefined;
  return {
    type: 'run_step',
    kind: step.action,
    at: deadline && deadline > step.at ? deadline : step.at,
    summary: `wait until ${step.at} for ${step.action} « ${step.template} »`,
    step,
  };
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
    timeline.push({
      action: step.action,
      at: step.at,
      index: step.index,
      template: step.template,
      ...(held ? { tentative: true } : {}),
    });
  }
  return timeline;
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

/** The next action as the state query shows it. */
export function nextActionView(next: NextAction): NextActionView | null {
  if (next.type === 'retry_step') {
    const { reason, taskId, table } = next.block;
    return { action: 'blocked', at: next.at, step: next.step.index, reason, taskId, ...(table ? { table } : {}) };
  }
  return next.at ? { action: next.kind, at: next.at } : null;
}

/** The deadline given by the last formal notice actually sent. */
export function noticeDeadline(view: InvoiceState): string | undefined {
  return [...view.history].reverse().find((h) => h.action === 'formal_notice' && h.result === 'sent')?.deadline;
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
