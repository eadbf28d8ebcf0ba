import type { DunningAction } from '../domain/dunning-policy';
import type { StepBlock } from '../domain/failure-types';
import type { ApprovalTimeoutRule } from '../domain/dunning-policy';
import type {
  CallOutcomeKind,
  DisputeOutcome,
  Instalment,
  LegalFileOutcome,
  LetterEvent,
  LetterTracked,
  MailEvent,
  PaymentReceived,
  PaymentReversed,
} from './messages';
import type { CustomerHoldView as HoldPlacedOnCustomer, InsolvencyView } from './customer-messages';

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
  /** The customer is in insolvency proceedings: individual collection stops (arrêt des poursuites individuelles). */
  | 'insolvency'
  | 'paid'
  | 'cancelled'
  | 'written_off'
  | 'settled'
  | 'abandoned'
  /** Older histories only: the legal file used to end collection; it now stays open in `legal` until it closes. */
  | 'handed_to_legal';

/**
 * `open` while collection goes on, the legal file's time included; then how it ended: `paid`, `cancelled`,
 * `written_off`, or a legal file's outcome `settled` / `abandoned`. `handed_to_legal`: older histories only.
 */
export type InvoiceStatus = 'open' | 'paid' | 'cancelled' | 'written_off' | 'settled' | 'abandoned' | 'handed_to_legal';

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
  | 'stage_changed'
  | 'legal_file_opened'
  | 'legal_file_closed'
  | 'legal_file_reopened'
  | 'written_off'
  | 'letter_tracked'
  | 'approval_requested'
  | 'approval_decided'
  | 'approval_timed_out'
  | 'mail_event'
  | 'resend_ready'
  | 'notice_withheld'
  | 'customer_hold_placed'
  | 'customer_hold_lifted'
  | 'insolvency_opened'
  | 'insolvency_closed'
  /** What the debtor answered on the self-service page (`by: 'debtor'`, `via: 'self_service'`, its answerId, fields). */
  | 'debtor_answer'
  /** The outcome of the `verify_payment` task on a debtor's payment claim. */
  | 'payment_claim_checked'
  /** A payment claim or a plan request ended without a decision: the invoice closed, or a plan was agreed meanwhile. */
  | 'payment_claim_ended'
  | 'plan_request_decided'
  | 'plan_request_ended';

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
  /** formal_notice whose letter was delivered: the deadline counted from delivery, when later than `deadline`. */
  deadlineFromDelivery?: string;
  /** blocked only: why, and the task a person was given. */
  block?: BlockRef;
  /** The Message-ID the step's mail went out under (e-mail and formal notice steps); late bounces are matched on it. */
  messageId?: string;
  /** A re-send after a contact correction: 1 for the first (its mail has a Message-ID of its own). */
  resend?: number;
  /** Letters (registered reminder, formal notice): what the mail room reported on the registered letter. */
  tracking?: LetterTrackingView;
  /** What the relay reported later about the step's mail (a hard bounce, a complaint). */
  mailEvents?: { eventId: string; kind: MailEvent['kind']; recipient: string; occurredAt: string; detail?: string }[];
}

/** The registered letter of a step as the mail room tracked it: the latest event, the number and the dates. */
export interface LetterTrackingView {
  taskId: string;
  letter: LetterTracked['letter'];
  status: LetterEvent;
  trackingNumber?: string;
  postedOn?: string;
  deliveredOn?: string;
  /** Every event reported, in order (a letter is posted, then delivered or returned). */
  events: { event: LetterEvent; at: string; note?: string; by?: string }[];
}

/** The legal file opened by the ladder's last step; the invoice stays open in `legal` until it closes. */
export interface LegalFileView {
  /** `LF-<invoiceId>`. */
  id: string;
  openedAt: string;
  status: 'open' | 'closed';
  outcome?: LegalFileOutcome;
  closedAt?: string;
  note?: string;
}

/** A policy step waiting for a manager's approval: its `approval` task, due at `dueAt`, when `onTimeout` applies. */
export interface PendingApproval {
  step: number;
  action: DunningAction;
  template: string;
  ladder?: number;
  taskId: string;
  requestedAt: string;
  dueAt: string;
  onTimeout: ApprovalTimeoutRule;
}

/** A decision on an approval task; a step runs when the latest one for it is `approved` or a `proceed` timeout. */
export interface ApprovalRecord {
  step: number;
  ladder?: number;
  taskId: string;
  decision: 'approved' | 'rejected' | 'timed_out';
  /** timed_out only: what the policy said to do then. */
  onTimeout?: ApprovalTimeoutRule;
  at: string;
  note?: string;
  by?: string;
}

/**
 * A step whose message did not reach the customer (a refused or bounced e-mail, a letter returned "address unknown"),
 * waiting for a corrected contact: a `fix_contact` task asks for it, and the correction re-sends the step once.
 */
export interface PendingResend {
  step: number;
  action: DunningAction;
  template: string;
  ladder?: number;
  cause: 'mail_rejected' | 'hard_bounce' | 'address_unknown';
  /** What the correction must change: the e-mail, or the postal address. */
  needs: 'email' | 'address';
  /** The `fix_contact` task a person works on (its key, for a bounce reported later or a returned letter). */
  taskKey?: string;
  /** The re-send's number, carried to the activity as `resend` (a new record and Message-ID). */
  resend: number;
  since: string;
  /** The contact was corrected: the step goes out again as soon as escalation runs. */
  ready: boolean;
  /** address_unknown: the legal file waits for the re-sent notice (and its new deadline). */
  holdsLegalFile?: boolean;
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
  | DunningAction
  | 'instalment_reminder'
  | 'instalment_check'
  | 'promise_check'
  | 'dispute_sla'
  | 'hold_ends'
  | 'close'
  | 'approval'
  | 'resend'
  | 'fix_contact'
  | 'legal_file_open'
  /** The debtor says it paid: escalation waits for the `verify_payment` task. */
  | 'payment_claim'
  /** The debtor asked for an instalment plan: escalation waits for the `approval` task. */
  | 'plan_request';

/**
 * What the state query shows next, for every wait:
 * - `{ action, at }`: a timed action (a ladder step at its effective moment — a legal file at the later of its date and
 *   the notice's deadline —, an instalment check, a hold's end, …); `resend`: a step re-sent at once after a contact fix;
 * - `{ action: 'approval', at: dueAt, step, taskId }`: a step waits for its approval task; at `dueAt` its `onTimeout`
 *   applies;
 * - `{ action: 'blocked', at, step, reason, taskId }`: a step waits for a person (`at`: the next automatic re-check, or
 *   null);
 * - `{ action: 'fix_contact', at: null, step, taskKey, reason }`: the legal file waits for a notice returned "address
 *   unknown" to be re-sent to a corrected address;
 * - `{ action: 'legal_file_open', at: null, legalFileId }`: the ladder is done and the legal file is open: nothing is
 *   scheduled, the invoice waits for a payment or for the file to close;
 * - `{ action: 'payment_claim' | 'plan_request', at: null, taskId }`: escalation waits for a person to check the payment
 *   the debtor says it made, or to decide on the plan it asked for (`taskId` null until the task is opened);
 * - null: nothing is scheduled (a closed invoice, an indefinite hold, a dispute past its SLA, a ladder done without a
 *   legal file).
 */
export type NextActionView =
  | {
      action: Exclude<
        NextActionKind,
        'approval' | 'fix_contact' | 'legal_file_open' | 'payment_claim' | 'plan_request'
      >;
      at: string;
    }
  | { action: 'approval'; at: string; step: number; taskId: string }
  | ({ action: 'blocked'; at: string | null; step: number } & BlockRef)
  | { action: 'fix_contact'; at: null; step: number; taskKey?: string; reason: PendingResend['cause'] }
  | { action: 'legal_file_open'; at: null; legalFileId: string }
  | { action: 'payment_claim' | 'plan_request'; at: null; taskId: string | null };

/** A projected future action. Ladder steps carry their policy index; while escalation is held they are tentative. */
export interface TimelineEntry {
  action: NextActionKind;
  at: string;
  index?: number;
  template?: string;
  tentative?: boolean;
  /** The step needs a manager's approval first: `required` (not asked yet), `pending`, or `approved`. */
  approval?: 'required' | 'pending' | 'approved';
}

/**
 * The debtor said on the self-service page that it paid: escalation waits while a `verify_payment` task checks it.
 * `taskId` is null until the task is opened (a moment after the answer).
 */
export interface PaymentClaimView {
  paidOn: string;
  reference: string;
  answerId: string;
  claimedAt: string;
  /** The task's idempotency key, and the task itself once opened. */
  taskKey: string;
  taskId: string | null;
}

/** A claim once checked (`confirmed`, `not_found`), or ended when the invoice closed first (`closed`). */
export interface PaymentClaimRecord extends PaymentClaimView {
  outcome: 'confirmed' | 'not_found' | 'closed';
  endedAt: string;
  amount?: number;
  note?: string;
  by?: string;
}

/** The debtor asked for an instalment plan on the self-service page: escalation waits for an `approval` task. */
export interface PlanRequestView {
  instalments: Instalment[];
  answerId: string;
  requestedAt: string;
  taskKey: string;
  taskId: string | null;
}

/** A plan request once decided, or ended without a decision (the invoice closed, another plan agreed). */
export interface PlanRequestRecord extends PlanRequestView {
  outcome: 'approved' | 'rejected' | 'closed' | 'superseded';
  endedAt: string;
  note?: string;
  by?: string;
}

/** A customer hold as each invoice holds it: who placed it stays with the customer's workflow. */
export type CustomerHoldView = Omit<HoldPlacedOnCustomer, 'by'>;

/** The customer's procedure as each of its invoices holds it. */
export type InvoiceInsolvencyView = InsolvencyView;

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
  /** The legal file, once the ladder opened it (absent before, and in older histories). */
  legalFile?: LegalFileView | null;
  /** The approval a policy step waits for, if any. */
  approval?: PendingApproval | null;
  /** Every decision on an approval task, timeouts included. */
  approvals?: ApprovalRecord[];
  /** A step waiting for a corrected contact to be sent again. */
  resend?: PendingResend | null;
  /** Relay events (bounces, complaints) already counted, by event id: one delivered twice counts once. */
  mailEventIds?: string[];
  /** Why the invoice was written off, when it was. */
  writeOff?: { reason: string; at: string; by?: string };
  /** Holds placed on the customer that stand now (`do_not_contact`, `pause`): escalation stops while any does. */
  customerHolds?: CustomerHoldView[];
  /** The customer's insolvency procedure, from its opening; its `outcome` once closed. */
  insolvency?: InvoiceInsolvencyView | null;
  /** A payment the debtor says it made, being checked; escalation waits meanwhile. */
  paymentClaim?: PaymentClaimView | null;
  paymentClaims?: PaymentClaimRecord[];
  /** An instalment plan the debtor asked for, waiting for approval; escalation waits meanwhile. */
  planRequest?: PlanRequestView | null;
  planRequests?: PlanRequestRecord[];
  /** The latest self-service answers taken, by answerId (bounded): the same answer again counts once. */
  debtorAnswerIds?: string[];
  timeline: TimelineEntry[];
  history: StepRecord[];
  closedAt?: string;
}
