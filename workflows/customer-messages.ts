import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { StepContext } from '../activities/contracts';

// Messages between one customer's coordinating workflow (`customerCollection`), its invoices' workflows and the API.
// Wire names are a contract with running histories: never rename them.

export const CUSTOMER_HOLD_KINDS = ['do_not_contact', 'pause'] as const;
export const INSOLVENCY_PROCEDURES = ['sauvegarde', 'redressement', 'liquidation'] as const;
export const INSOLVENCY_OUTCOMES = ['dismissed', 'plan_adopted', 'insufficient_assets'] as const;

export type CustomerHoldKind = (typeof CUSTOMER_HOLD_KINDS)[number];
export type InsolvencyProcedure = (typeof INSOLVENCY_PROCEDURES)[number];
/**
 * How a procedure ended, for each open invoice: `dismissed` (the judgment fell) resumes escalation; `plan_adopted`
 * keeps the invoice frozen, paid as the plan says; `insufficient_assets` (clôture pour insuffisance d'actif) closes it
 * as `written_off`.
 */
export type InsolvencyOutcome = (typeof INSOLVENCY_OUTCOMES)[number];

/** `POST /v1/customers/{id}/holds`; `holdId` is chosen by the API, so a retried update is one hold. */
export interface PlaceCustomerHold {
  holdId: string;
  kind: CustomerHoldKind;
  reason: string;
  /** RFC 3339 instant the hold ends by itself; without it, until lifted. */
  until?: string;
  by?: string;
}

export interface LiftCustomerHold {
  holdId: string;
  by?: string;
}

/** `POST /v1/customers/{id}/insolvency`; dates are calendar dates (YYYY-MM-DD). */
export interface OpenInsolvency {
  procedure: InsolvencyProcedure;
  openedOn: string;
  publishedOn: string;
  by?: string;
}

export interface CloseInsolvency {
  outcome: InsolvencyOutcome;
  note?: string;
  by?: string;
}

/** `POST /v1/customers/{id}/payments`, and a signed webhook settlement naming a customer but no invoice. */
export interface CustomerPayment {
  paymentId: string;
  amount: number;
  currency: string;
  receivedAt: string;
  reference?: string;
  method?: string;
  by?: string;
}

export interface CustomerPaymentReversed {
  paymentId: string;
  reason: string;
  by?: string;
}

/** One share of a customer payment, delivered to its invoice as payment `<paymentId>/<invoiceId>`. */
export interface PaymentShare {
  invoiceId: string;
  amount: number;
}

export interface CustomerPaymentAllocation {
  paymentId: string;
  currency: string;
  shares: PaymentShare[];
  /** What no open invoice took: the customer's credit, used by its next invoices. */
  credit: number;
}

/** An invoice's e-mail step asks to go out with the customer's other steps falling due in the same window. */
export interface ConsolidationRequest {
  invoiceId: string;
  /** The step's proof-trail id (`contextRecordId`): what the reply names, and what makes a retried request one. */
  recordId: string;
  context: StepContext;
  /** How long the customer's batch stays open after its first request (the policy's consolidation window). */
  windowMs: number;
  /** The policy's contact budget: at most `messages` e-mails to the customer within any `perMs`. */
  budget?: { messages: number; perMs: number } | null;
}

/** A new invoice of the customer opened: the customer's credit in its currency is applied to it. */
export interface InvoiceOpened {
  invoiceId: string;
  currency: string;
}

export interface CustomerHoldView {
  holdId: string;
  kind: CustomerHoldKind;
  reason: string;
  since: string;
  until: string | null;
  by: string | null;
}

export interface InsolvencyView {
  procedure: InsolvencyProcedure;
  openedOn: string;
  publishedOn: string;
  /** The `file_claim` task's due date: two months after publication (R622-24 C. com.). */
  declareBy: string;
  taskId: string | null;
  outcome: InsolvencyOutcome | null;
}

/** What `customerState` answers; lists are bounded (holds in force, the open batch, the payments not yet allocated). */
export interface CustomerCollectionView {
  customerId: string;
  holds: CustomerHoldView[];
  insolvency: InsolvencyView | null;
  /** The consolidation batch now open: the invoices it holds and when it goes out. */
  batch: { invoiceIds: string[]; sendAt: string } | null;
  /** Counters over the customer's life (carried across continue-as-new). */
  counts: { batchesSent: number; invoicesConsolidated: number; paymentsAllocated: number };
  /**
   * The e-mails its workflow let out lately (instants, newest last, at most MAX_BUDGET_MESSAGES), and until when a
   * batch waits for the contact budget (absent in older runs).
   */
  contact?: { sentAt: string[]; deferredUntil: string | null };
}

export interface CustomerCollectionInput {
  customerId: string;
  /** Continue as new once the history reaches this many events (default 2,000); tests lower it. */
  historyLimit?: number;
  /** Set only by continue-as-new. */
  carried?: CustomerCarriedState;
}

export interface CustomerCarriedState {
  view: CustomerCollectionView;
  /** Work accepted and not yet done (bounded by what arrived in one run). */
  pending: CustomerWork[];
  /** Consolidation requests of the open batch. */
  batch: ConsolidationRequest[];
  batchSendAt: string | null;
}

/** Work the customer workflow's main loop does with activities, in arrival order. */
export type CustomerWork =
  | { type: 'hold'; hold: PlaceCustomerHold }
  | { type: 'lift'; lift: LiftCustomerHold }
  | { type: 'insolvency'; open: OpenInsolvency }
  | { type: 'close_insolvency'; close: CloseInsolvency }
  | { type: 'payment'; payment: CustomerPayment }
  | { type: 'reversal'; reversal: CustomerPaymentReversed }
  | { type: 'invoice_opened'; opened: InvoiceOpened };

export const placeCustomerHoldUpdate = defineUpdate<{ holdId: string }, [PlaceCustomerHold]>('placeCustomerHold');
export const liftCustomerHoldUpdate = defineUpdate<CustomerCollectionView, [LiftCustomerHold]>('liftCustomerHold');
export const openInsolvencyUpdate = defineUpdate<InsolvencyView, [OpenInsolvency]>('openInsolvency');
export const closeInsolvencyUpdate = defineUpdate<InsolvencyView, [CloseInsolvency]>('closeInsolvency');
/** Answers once the payment is allocated: its shares and the credit left. */
export const customerPaymentUpdate = defineUpdate<CustomerPaymentAllocation, [CustomerPayment]>('customerPayment');
export const customerPaymentReversedUpdate = defineUpdate<CustomerPaymentAllocation, [CustomerPaymentReversed]>(
  'customerPaymentReversed',
);
export const consolidationRequestSignal = defineSignal<[ConsolidationRequest]>('consolidationRequest');
export const invoiceOpenedSignal = defineSignal<[InvoiceOpened]>('invoiceOpened');
export const customerStateQuery = defineQuery<CustomerCollectionView>('customerState');

// What the customer workflow tells its invoices (signals, each idempotent by its id).

/** A customer hold placed (or, with `lifted`, lifted): escalation stops while any stands. */
export interface CustomerHoldNotice {
  holdId: string;
  kind: CustomerHoldKind;
  reason: string;
  until?: string;
  lifted?: boolean;
  by?: string;
}

/** Insolvency opened (no `outcome`) or closed (with the outcome this invoice takes). */
export interface InsolvencyNotice {
  procedure: InsolvencyProcedure;
  openedOn: string;
  publishedOn: string;
  declareBy: string;
  taskId?: string;
  outcome?: InsolvencyOutcome;
  note?: string;
  by?: string;
}

/**
 * The answer to a consolidation request: the one Message-ID of the customer's e-mail that listed this invoice (the
 * proof-trail row is written), or `null` when it goes out alone (nothing else fell due with it, or it was left out).
 */
export interface ConsolidatedMail {
  recordId: string;
  messageId: string | null;
  invoiceIds: string[];
  /** The contact budget is spent: the step's answer comes at or after this instant (`messageId` is then null). */
  deferredUntil?: string;
}

export const customerHoldSignal = defineSignal<[CustomerHoldNotice]>('customerHold');
export const insolvencySignal = defineSignal<[InsolvencyNotice]>('insolvency');
export const consolidatedMailSignal = defineSignal<[ConsolidatedMail]>('consolidatedMail');
