import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DunningAction, DunningPolicy } from '../domain/dunning-policy';
import type { ScheduledStep } from '../domain/dunning-schedule';

/** Wire names are a contract with the API, payment systems and running histories: never rename them. */
export const INVOICE_WORKFLOW_TYPE = 'invoiceCollection';
export const INVOICE_TASK_QUEUE = 'invoice-collection';
export const invoiceWorkflowId = (invoiceId: string): string => `invoice-${invoiceId}`;
/**
 * Activities that send mail run on their own task queue, `<workflow queue>-mail`, whose workers carry a task-queue-wide
 * rate limit: SMTP relays throttle, and a month-end wave must drain at that rate rather than fail.
 */
export const mailTaskQueue = (workflowTaskQueue: string): string => `${workflowTaskQueue}-mail`;

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

export interface CustomerSnapshot {
  id: string;
  name: string;
  email: string;
  phone?: string;
  locale: string;
  timezone: string;
  country: string;
}

/** The invoice as it was when collection started; the policy is copied so that editing it never moves running work. */
export interface InvoiceSnapshot {
  id: string;
  customer: CustomerSnapshot;
  amount: number;
  currency: string;
  issueDate: string;
  dueDate: string;
}

export interface InvoiceCollectionInput {
  invoice: InvoiceSnapshot;
  policy: DunningPolicy;
  /** Continue as new once the history reaches this many events (default 4,000); tests lower it. */
  historyLimit?: number;
  /** Set only by continue-as-new: where the previous run stood. */
  carried?: CarriedState;
}

/** What a message asks the workflow's main loop to do once its handler has changed the state. */
export type Followup =
  | { kind: 'resume_escalation'; fromIndex?: number; bringForward?: boolean }
  | {
      kind: 'notice';
      key: string;
      template: 'payment-thanks' | 'plan-confirmation' | 'plan-broken';
      paymentId?: string;
      /** plan-broken: the instalment that was missed. */
      instalmentIndex?: number;
    }
  | { kind: 'support_task'; key: string; taskKind: 'dispute_review'; reason: string };

/** Everything a run hands to the next one on continue-as-new; nothing else survives. */
export interface CarriedState {
  state: InvoiceState;
  schedule: ScheduledStep[];
  nextIndex: number;
  version: number;
  /** Proof-trail events not yet projected when the run ended. */
  pendingEvents: TrailEvent[];
  nextSeq: number;
  /** Work asked by messages and not yet done. */
  followups: Followup[];
  /** Side-effect keys already done (notices, support tasks), so that none runs twice. */
  done: string[];
}

export interface PaymentReceived {
  paymentId: string;
  amount: number;
  currency: string;
  receivedAt: string;
  method?: string;
  reference?: string;
}

export interface PaymentReversed {
  paymentId: string;
  reason: string;
}

export interface PaymentRecord extends PaymentReceived {
  reversed?: { reason: string; at: string };
}

export interface Instalment {
  /** A calendar date (due at the end of that day in the customer's zone) or an RFC 3339 instant. */
  dueDate: string;
  amount: number;
}

export interface InstalmentAgreed {
  instalments: Instalment[];
  agreedBy?: string;
}

export interface DisputeRaised {
  reason: string;
  raisedBy?: string;
}

export type DisputeOutcome = 'rejected' | 'upheld' | 'partially_upheld';

export interface DisputeResolved {
  outcome: DisputeOutcome;
  /** partially_upheld only: the credit granted, in minor units; it lowers the balance. */
  creditAmount?: number;
  note?: string;
  resolvedBy?: string;
}

export interface PromiseToPay {
  /** A calendar date or an RFC 3339 instant, in the future. */
  promisedDate: string;
  /** Minor units; the whole balance when absent. */
  amount?: number;
  promisedBy?: string;
}

export interface Pause {
  reason?: string;
  /** When the hold lifts by itself (calendar date or RFC 3339 instant); held until `resume` when absent. */
  until?: string;
  by?: string;
}

export interface Resume {
  reason?: string;
  by?: string;
}

export interface Cancel {
  reason: string;
  by?: string;
}

export interface MovePolicy {
  /** The new policy version, as stored: the caller resolves it, the workflow keeps this copy. */
  policy: DunningPolicy;
  /**
   * The step of the new policy escalation continues at. By default, the first step that escalates beyond the last
   * step taken (the first step when none was taken yet).
   */
  fromStep?: number;
  reason?: string;
  by?: string;
}

/** A corrected contact: later steps and notices go to it (a refused address raises a fix-contact task). */
export interface ContactUpdate {
  email?: string;
  phone?: string;
  by?: string;
}

export type CallOutcomeKind = 'reached' | 'no_answer' | 'wrong_number' | 'promise_to_pay' | 'dispute' | 'paid_already';

/** What a collector reports on a phone task; a promise or a dispute acts as `promiseToPay` / `disputeRaised`. */
export interface CallOutcome {
  taskId: string;
  outcome: CallOutcomeKind;
  note?: string;
  /** promise_to_pay only. */
  promisedDate?: string;
  promisedAmount?: number;
  /** dispute only. */
  disputeReason?: string;
  by?: string;
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
  | 'stage_changed';

export interface StepRecord {
  index: number;
  action: DunningAction;
  template: string;
  scheduledAt: string;
  at: string;
  result: 'sent' | 'skipped' | 'failed';
  detail?: string;
  /** formal_notice: the final deadline the notice gave. */
  deadline?: string;
}

export type NextActionKind =
  DunningAction | 'instalment_reminder' | 'instalment_check' | 'promise_check' | 'dispute_sla' | 'hold_ends' | 'close';

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
  nextAction: { action: NextActionKind; at: string } | null;
  timeline: TimelineEntry[];
  history: StepRecord[];
  closedAt?: string;
}

export interface InvoiceCollectionResult {
  status: InvoiceStatus;
  balance: number;
  credit: number;
  currency: string;
}

export const paymentReceivedSignal = defineSignal<[PaymentReceived]>('paymentReceived');
export const paymentReceivedUpdate = defineUpdate<InvoiceState, [PaymentReceived]>('paymentReceived');
export const paymentReversedSignal = defineSignal<[PaymentReversed]>('paymentReversed');
export const paymentReversedUpdate = defineUpdate<InvoiceState, [PaymentReversed]>('paymentReversed');
export const instalmentAgreedSignal = defineSignal<[InstalmentAgreed]>('instalmentAgreed');
export const instalmentAgreedUpdate = defineUpdate<InvoiceState, [InstalmentAgreed]>('instalmentAgreed');
export const disputeRaisedSignal = defineSignal<[DisputeRaised]>('disputeRaised');
export const disputeRaisedUpdate = defineUpdate<InvoiceState, [DisputeRaised]>('disputeRaised');
export const disputeResolvedUpdate = defineUpdate<InvoiceState, [DisputeResolved]>('disputeResolved');
export const promiseToPayUpdate = defineUpdate<InvoiceState, [PromiseToPay]>('promiseToPay');
export const pauseUpdate = defineUpdate<InvoiceState, [Pause]>('pause');
export const resumeUpdate = defineUpdate<InvoiceState, [Resume]>('resume');
export const cancelUpdate = defineUpdate<InvoiceState, [Cancel]>('cancel');
export const movePolicyUpdate = defineUpdate<InvoiceState, [MovePolicy]>('movePolicy');
export const updateContactUpdate = defineUpdate<InvoiceState, [ContactUpdate]>('updateContact');
export const callOutcomeSignal = defineSignal<[CallOutcome]>('callOutcome');
export const callOutcomeUpdate = defineUpdate<InvoiceState, [CallOutcome]>('callOutcome');
export const stateQuery = defineQuery<InvoiceState>('state');

/** Update validators reject with this failure type; `details[0].field` names the offending field. */
export const INVALID_MESSAGE = 'InvalidMessage';
