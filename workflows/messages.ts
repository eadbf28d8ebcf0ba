import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DunningPolicy } from '../domain/dunning-policy';
import type { CarriedState } from './carried-state';
import type { CustomerHoldNotice, InsolvencyNotice } from './customer-messages';
import type { InvoiceState, InvoiceStatus } from './read-model';

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
/** `POST /v1/invoices/{id}/write-off`: closes the invoice as `written_off`, in any open stage, `legal` included. */
export const writeOffUpdate = defineUpdate<InvoiceState, [WriteOff]>('writeOff');
/** `POST /v1/legal-files/{id}/close`: the legal file ends and the invoice closes with that outcome. */
export const closeLegalFileUpdate = defineUpdate<InvoiceState, [CloseLegalFile]>('closeLegalFile');
/** The mail room's tracking of a registered letter (a `post_letter` task); a delivered formal notice's deadline runs from delivery. */
export const letterTrackedUpdate = defineUpdate<InvoiceState, [LetterTracked]>('letterTracked');
/** A manager's decision on an `approval` task guarding a policy step. */
export const approvalDecidedUpdate = defineUpdate<InvoiceState, [ApprovalDecided]>('approvalDecided');
/** The relay reported later what happened to a mail (a DSN, a provider's webhook): a hard bounce or a complaint. */
export const mailEventSignal = defineSignal<[MailEvent]>('mailEvent');
/** A rate table was extended (`POST /v1/rates/{table}`): a step waiting on `rates_outdated` is tried again. */
export const ratesUpdatedSignal = defineSignal<[RatesUpdated]>('ratesUpdated');
/**
 * What the debtor answered on the self-service page (`PUBLIC_URL/s/<token>`); recorded on the proof trail as said by
 * the debtor (`by: "debtor"`, `via: "self_service"`).
 */
export const debtorAnswerUpdate = defineUpdate<InvoiceState, [DebtorAnswer]>('debtorAnswer');
/** The outcome of the `verify_payment` task opened by a debtor's `already_paid`. */
export const paymentClaimCheckedUpdate = defineUpdate<InvoiceState, [PaymentClaimChecked]>('paymentClaimChecked');
export const stateQuery = defineQuery<InvoiceState>('state');

export interface CustomerSnapshot {
  id: string;
  name: string;
  email: string;
  phone?: string;
  locale: string;
  timezone: string;
  country: string;
  /** Where registered letters and formal notices are posted; without it those steps wait for a person to give it. */
  address?: PostalAddress;
}

/** A postal address as printed in an envelope's window: street lines, then postcode and city, then the country. */
export interface PostalAddress {
  lines: string[];
  postcode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
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
  /**
   * ISO 3166-1 alpha-2 of the law that governs late payment: given at creation, else the creditor's country
   * (`CREDITOR_COUNTRY`, Rome I art. 4) fixed then. Absent only in invoices started before it existed.
   */
  governingLaw?: string;
}

export interface InvoiceCollectionInput {
  invoice: InvoiceSnapshot;
  policy: DunningPolicy;
  /** Continue as new once the history reaches this many events (default 4,000); tests lower it. */
  historyLimit?: number;
  /** Set only by continue-as-new: where the previous run stood. */
  carried?: CarriedState;
  /** What stands on the customer when the invoice opens: its holds and an insolvency procedure in progress. */
  customer?: { holds?: CustomerHoldNotice[]; insolvency?: InsolvencyNotice };
}

export interface PaymentReceived {
  paymentId: string;
  amount: number;
  currency: string;
  receivedAt: string;
  method?: string;
  reference?: string;
  /** Who reported it: the name of the API key, or the webhook; set by the API, never taken from a request body. */
  recordedBy?: string;
}

export interface PaymentReversed {
  paymentId: string;
  reason: string;
  /** Who reported it, as for a payment. */
  by?: string;
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
  /** The postal address letters go to; a letter step waiting for one runs again. */
  address?: PostalAddress;
  by?: string;
}

export interface RatesUpdated {
  /** The table extended: `ECB_MRO`, `DE_BASE`, `BOE_BANK`. */
  table: string;
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

export interface InvoiceCollectionResult {
  status: InvoiceStatus;
  balance: number;
  credit: number;
  currency: string;
}

export interface WriteOff {
  reason: string;
  by?: string;
}

export type LegalFileOutcome = 'paid' | 'settled' | 'written_off' | 'abandoned';

export interface CloseLegalFile {
  legalFileId: string;
  outcome: LegalFileOutcome;
  note?: string;
  by?: string;
}

export type LetterEvent = 'posted' | 'delivered' | 'returned_unclaimed' | 'refused' | 'address_unknown';

export interface LetterTracked {
  /** The `post_letter` task the mail room works on. */
  taskId: string;
  letter: 'registered-reminder' | 'formal-notice';
  event: LetterEvent;
  trackingNumber?: string;
  /** `posted`: the day it was handed to the post (YYYY-MM-DD). */
  postedOn?: string;
  /** `delivered`: the day of the acknowledgement of receipt (YYYY-MM-DD); a formal notice's deadline runs from it. */
  deliveredOn?: string;
  note?: string;
  by?: string;
}

export interface ApprovalDecided {
  /** The `approval` task the workflow opened before the step. */
  taskId: string;
  decision: 'approved' | 'rejected';
  note?: string;
  by?: string;
}

export interface MailEvent {
  /** The relay's or provider's event id: an event delivered twice counts once. */
  eventId: string;
  /** The Message-ID of the mail it is about, as the proof trail recorded it. */
  messageId: string;
  kind: 'hard_bounce' | 'complaint';
  recipient: string;
  detail?: string;
  occurredAt: string;
}

/** Why a debtor disputes an invoice, as offered on the self-service page. */
export const DEBTOR_DISPUTE_REASONS = [
  'not_received',
  'defective',
  'wrong_amount',
  'already_credited',
  'not_ordered',
  'other',
] as const;
export type DebtorDisputeReason = (typeof DEBTOR_DISPUTE_REASONS)[number];

export const DEBTOR_ANSWERS = ['already_paid', 'promise_to_pay', 'dispute', 'request_plan'] as const;
export type DebtorAnswerKind = (typeof DEBTOR_ANSWERS)[number];

/**
 * One answer of the debtor about one invoice. `answerId` makes a repeated submission (a double click, a retried
 * request) count once. `already_paid`: escalation waits and a `verify_payment` task opens. `promise_to_pay`: as
 * `promiseToPay`, the date within the policy's `promiseLimit`. `dispute`: as `disputeRaised`. `request_plan`: an
 * `approval` task with the proposed instalments opens; escalation waits; approving it agrees the plan.
 */
export type DebtorAnswer = { answerId: string } & (
  | { answer: 'already_paid'; paidOn: string; reference: string }
  | { answer: 'promise_to_pay'; promisedDate: string }
  | { answer: 'dispute'; reason: DebtorDisputeReason; text?: string }
  | { answer: 'request_plan'; instalments: Instalment[] }
);

export interface PaymentClaimChecked {
  /** The `verify_payment` task. */
  taskId: string;
  /** `confirmed`: the money is there — recorded as a payment (`amount`, default the balance); `not_found`: escalation resumes. */
  outcome: 'confirmed' | 'not_found';
  amount?: number;
  note?: string;
  by?: string;
}
