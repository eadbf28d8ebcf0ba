import type { Transporter } from 'nodemailer';
import type { SelfServiceConfig } from '../config/load-config';
import type { ScheduledStep } from '../domain/dunning-schedule';
import type { InvoiceSnapshot } from '../workflows/messages';
import type { InstalmentPlanView, TrailEvent } from '../workflows/read-model';

/**
 * Inputs of the activities the workflow calls beyond the ladder's steps. The workflow and the activities share these
 * shapes; a field renamed here breaks both at compile time, never a running history silently.
 */

export type CustomerNoticeTemplate = 'payment-thanks' | 'plan-confirmation' | 'instalment-reminder' | 'plan-broken';

export interface CustomerNoticeInput {
  invoice: InvoiceSnapshot;
  template: CustomerNoticeTemplate;
  /**
   * Unique per invoice and notice (`plan-1:confirmation`, `plan-1:instalment-2:reminder`, `payment:P-9:thanks`): the
   * idempotency key of the send and the seed of its Message-ID.
   */
  key: string;
  /** Outstanding after the event, in minor units of the invoice currency. */
  balance: number;
  plan?: InstalmentPlanView;
  /** instalment-reminder: the instalment (index into plan.instalments) the reminder is about. */
  instalmentIndex?: number;
  payment?: { paymentId: string; amount: number; receivedAt: string };
}

/**
 * `mail_relay`: the relay has refused or not answered every attempt of a mail for longer than allowed. `step_failed`: a
 * ladder step was refused for a reason the workflow does not expect (a fault of ours), so a person looks at it.
 */
export type SupportTaskKind =
  | 'dispute_review'
  | 'fix_contact'
  | 'mail_relay'
  | 'step_failed'
  | 'rates_outdated'
  | 'time_barred'
  | 'approval'
  /** The debtor says it paid (self-service `already_paid`): someone looks for the money. */
  | 'verify_payment';

export interface SupportTaskInput {
  invoice: InvoiceSnapshot;
  /** Unique per invoice and task (`dispute-2:sla`): a retry finds the task it already made. */
  key: string;
  kind: SupportTaskKind;
  reason: string;
  dueAt?: string;
  /** What the person needs besides the reason, kept in the task's context (a plan's proposed instalments). */
  detail?: Record<string, unknown>;
}

export interface ProjectionInput {
  invoiceId: string;
  /** Monotonic per invoice across continue-as-new: an older projection never overwrites a newer one. */
  version: number;
  state: import('../workflows/read-model').InvoiceState;
  /** Proof-trail rows to append, each at most once (keyed by invoice and seq). */
  events: TrailEvent[];
}

export interface MailSettings {
  transport: Transporter;
  from: string;
  creditorName: string;
  paymentInstructions: string;
  contact: string;
  /** The creditor's postal address, one line per entry, printed on letters. */
  creditorAddress?: string[];
  /** The creditor's registration (SIREN, company number), printed in the footer of letters. */
  creditorRegistration?: string;
  /** Where letters are written from ("Lyon, le 3 mars 2026"). */
  creditorCity?: string;
  /**
   * How long every attempt of a mail may fail (relay down, or answering 4xx) before a person is told; unset: never.
   * The attempts go on regardless.
   */
  stallAlertAfterMs?: number;
  /** The debtor's self-service page, whose link every customer e-mail and letter carries; unset: no link. */
  selfService?: SelfServiceConfig;
  /** Supplies the activity's clock; injectable so tests can pin it. */
  now?: () => Date;
}

export interface StepContext {
  invoice: InvoiceSnapshot;
  step: ScheduledStep;
  balance: number;
  policyId: string;
  /** How many times the invoice moved to another policy before this step (absent: never). */
  ladder?: number;
  /**
   * True when no reminder, call or letter of the ladder has reached the customer before this step (a backlog invoice's
   * first contact): its text then never claims earlier reminders. Absent in steps of older histories: false.
   */
  firstContact?: boolean;
  /**
   * How many times this step was sent again after its first attempt failed on a contact the customer then corrected
   * (absent: never). A re-send is a new mail under a new Message-ID: its record id and Message-ID carry it.
   */
  resend?: number;
  /** Payments received and not reversed, oldest first: statutory interest runs on the unpaid part day by day. */
  payments?: { paymentId: string; amount: number; receivedAt: string }[];
}

export interface SentMail {
  messageId: string;
  recipient: string;
  sentAt: string;
  alreadySent: boolean;
  /** Set when the mail was deliberately not sent (`payment_reversed`: a thank-you for a payment since reversed). */
  withheld?: string;
}
