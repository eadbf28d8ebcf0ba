import type { DunningAction } from '../domain/dunning-policy';
import type { StepBlock } from '../domain/failure-types';
import type { CallOutcomeKind, DisputeOutcome, Instalment, PaymentReceived, PaymentReversed } from './messages';

export type DunningStage =
  | 'scheduled'
  | 'reminding'
  | 'calling'
  | 'letter'
  | 'formal_notice'
  | 'legal'
  | 'instalment_plan'
  | 'promise_to_pay'
  | 'disputed'
  | 'paused'
  | 'paid'
  | 'cancelled'
  | 'written_off'
  | 'handed_to_legal';

export type InvoiceStatus = 'open' | 'paid' | 'cancelled' | 'written_off' | 'handed_to_legal';

export interface PaymentRecord extends PaymentReceived {
  reversed?: { reason: string; at: string };
}

export type InstalmentStatus = 'pending' | 'paid' | 'missed';

export interface InstalmentView extends Instalment {
  index: number;
  /** The instant it falls due, and the end of its grace period. */
  dueAt: string;
  graceEndsAt: string;
  paid: number;
  status: InstalmentStatus;
}

export interface InstalmentPlanView {
  /** 1 for the first plan of this invoice, 2 for the next one after a break, … */
  number: number;
  status: 'active' | 'kept' | 'broken' | 'replaced';
  agreedAt: string;
  agreedBy?: string;
  total: number;
  instalments: InstalmentView[];
  brokenAt?: string;
}

export interface DisputeView {
  /** `dispute-<seq>`: names the dispute in the proof trail and in the support task its SLA raises. */
  id: string;
  reason: string;
  raisedBy?: string;
  raisedAt: string;
  /** When the policy's SLA for resolving it runs out; a support task is raised then. */
  slaEndsAt: string;
  slaBreached: boolean;
}

export interface DisputeRecord {
  id: string;
  reason: string;
  raisedAt: string;
  outcome?: DisputeOutcome;
  resolvedAt?: string;
  creditAmount?: number;
}

export interface PromiseView {
  promisedDate: string;
  amount: number;
  madeAt: string;
  promisedBy?: string;
  /** Escalation waits until then: the promised date plus the policy's grace. */
  watchUntil: string;
  /** The balance when the promise was made: what came in since is measured against it. */
  balanceWhenMade: number;
}

export interface HoldView {
  reason?: string;
  since: string;
  until?: string;
  by?: string;
}

/** One row of the proof trail written by the workflow itself (payments, plans, disputes, stage changes, …). */
export interface TrailEvent {
  /** Per invoice, from 1, never reused (continue-as-new carries it on). */
  seq: number;
  at: string;
  kind: TrailEventKind;
  detail: Record<string, unknown>;
}

export type TrailEventKind =
  | 'payment_received'
  | 'payment_reversed'
  | 'plan_agreed'
  | 'instalment_paid'
  | 'plan_kept'
  | 'plan_broken'
  | 'promise_made'
  | 'promise_kept'
  | 'promise_broken'
  | 'dispute_raised'
  | 'dispute_sla_passed'
  | 'dispute_resolved'
  | 'paused'
  | 'resumed'
  | 'cancelled'
  | 'policy_moved'
  | 'call_outcome'
  | 'contact_updated'
  | 'reversal_before_payment'
  | 'notice_failed'
  | 'task_failed'
  | 'message_refused'
  | 'step_unblocked'
  | 'stage_changed';

export interface StepRecord {
  index: number;
  action: DunningAction;
  template: string;
  scheduledAt: string;
  at: string;
  /** `blocked`: the step waits for a person (see `block`); nothing was produced and it runs again once unblocked. */
  result: 'sent' | 'skipped' | 'failed' | 'blocked';
  detail?: string;
  /** formal_notice: the final deadline the notice gave. */
  deadline?: string;
  /** blocked only: why, and the task a person was given. */
  block?: BlockRef;
}

/** Why a step waits for a person, and the task that asks them. */
export type BlockRef = Pick<StepBlock, 'reason' | 'taskId' | 'table'>;

/** The ladder step that waits for a person: the cursor stays on it, and it runs again when something may have changed. */
export interface BlockedStep extends BlockRef {
  index: number;
  action: DunningAction;
  template: string;
  message: string;
  /** The ladder (policy moves) the step belongs to; absent: the first. */
  ladder?: number;
  /** When it was first refused, and when it was last tried. */
  since: string;
  checkedAt: string;
}

export type NextActionKind =
  DunningAction | 'instalment_reminder' | 'instalment_check' | 'promise_check' | 'dispute_sla' | 'hold_ends' | 'close';

/** What the state query shows next: a timed action, or a step waiting for a person (`at`: when it is re-checked). */
export type NextActionView =
  { action: NextActionKind; at: string } | ({ action: 'blocked'; at: string | null; step: number } & BlockRef);

/** A projected future action. Ladder steps carry their policy index; while escalation is held they are tentative. */
export interface TimelineEntry {
  action: NextActionKind;
  at: string;
  index?: number;
  template?: string;
  tentative?: boolean;
}

export interface InvoiceState {
  invoiceId: string;
  status: InvoiceStatus;
  stage: DunningStage;
  amount: number;
  balance: number;
  credit: number;
  currency: string;
  dueAt: string;
  payments: PaymentRecord[];
  policy: { id: string; version: number };
  /** How many times the invoice moved to another policy; the steps of each ladder are recorded apart. */
  ladder?: number;
  plan: InstalmentPlanView | null;
  dispute: DisputeView | null;
  /** Every dispute raised on the invoice, the open one included, with its outcome once resolved. */
  disputes: DisputeRecord[];
  promise: PromiseView | null;
  brokenPromises: number;
  hold: HoldView | null;
  /** Reversals signalled before their payment arrived; each applies as soon as its payment does. */
  pendingReversals?: PaymentReversed[];
  /** Outcomes collectors reported on phone tasks, one per task. */
  calls: { taskId: string; outcome: CallOutcomeKind; at: string }[];
  nextAction: NextActionView | null;
  /** The ladder step waiting for a person, if any (absent in older histories). */
  blocked?: BlockedStep | null;
  timeline: TimelineEntry[];
  history: StepRecord[];
  closedAt?: string;
}
