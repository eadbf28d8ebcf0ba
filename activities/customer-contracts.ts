import type {
  CloseInsolvency,
  ConsolidationRequest,
  CustomerPayment,
  CustomerPaymentAllocation,
  CustomerPaymentReversed,
  InsolvencyView,
  InvoiceOpened,
  LiftCustomerHold,
  OpenInsolvency,
  PlaceCustomerHold,
} from '../workflows/customer-messages';

/** How joining the customer's batch went: already sent (by an earlier attempt's batch), alone, or waiting for it. */
export type JoinedBatch =
  /** The customer's e-mail listing this invoice went out already: its proof-trail row exists. */
  | { kind: 'sent'; messageId: string }
  /** No other open invoice of the customer: the step sends its own mail at once, without waiting for a window. */
  | { kind: 'alone' }
  /** The request reached the customer's workflow; its answer comes as a `consolidatedMail` signal. */
  | { kind: 'joined' };

/** Signals the customer workflow sends its invoices through an activity (one history event pair for any number). */
export type InvoiceSignalName = 'customerHold' | 'insolvency' | 'consolidatedMail';

export interface InvoiceSignalDelivery {
  invoiceId: string;
  payload: unknown;
}

/**
 * The customer workflow's side effects (main task queue), and the invoice's local join. Each is idempotent: a retry
 * after a worker died finds what the first attempt recorded.
 */
export interface CustomerActivities {
  /**
   * Local activity of the invoice workflow: `sent` when the proof trail already holds this step's consolidated row;
   * `alone` when the customer has no other open invoice (or the window is zero); else signals-with-start the customer
   * workflow (`consolidationRequest`) and answers `joined`.
   */
  joinCustomerBatch(request: ConsolidationRequest): Promise<JoinedBatch>;
  /** Writes the hold (once by id) and answers the customer's open invoices, to be told. */
  recordCustomerHold(customerId: string, hold: PlaceCustomerHold): Promise<{ since: string; invoiceIds: string[] }>;
  /** Marks the hold lifted (once) and answers the customer's open invoices. */
  recordCustomerHoldLifted(customerId: string, lift: LiftCustomerHold): Promise<{ invoiceIds: string[] }>;
  /**
   * Records the procedure, computes per open invoice what to declare (principal outstanding, statutory interest to
   * the opening judgment, fixed indemnity) and opens one `file_claim` task due two months after publication, covering
   * them all. Answers the view and the invoices to freeze.
   */
  recordInsolvencyOpened(
    customerId: string,
    open: OpenInsolvency,
  ): Promise<{ view: InsolvencyView; invoiceIds: string[] }>;
  recordInsolvencyClosed(customerId: string, close: CloseInsolvency): Promise<{ invoiceIds: string[] }>;
  /**
   * Records the payment (once by id) and its shares: invoices its reference names first, then oldest due date first,
   * same currency, open invoices only; the rest is credit. Delivers each share not yet delivered to its invoice as
   * payment `<paymentId>/<invoiceId>`.
   */
  allocateCustomerPayment(customerId: string, payment: CustomerPayment): Promise<CustomerPaymentAllocation>;
  /** Reverses every share (payment reversals `<paymentId>/<invoiceId>`) and the credit left. */
  reverseCustomerPayment(customerId: string, reversal: CustomerPaymentReversed): Promise<CustomerPaymentAllocation>;
  /** The customer's credit in the invoice's currency, oldest payment first, applied to a new invoice as shares. */
  applyCustomerCredit(customerId: string, opened: InvoiceOpened): Promise<CustomerPaymentAllocation[]>;
  /** Signals each invoice's workflow; an invoice whose workflow has ended is skipped. */
  signalInvoices(signal: InvoiceSignalName, deliveries: InvoiceSignalDelivery[]): Promise<{ delivered: number }>;
}

/** Mail queue: the customer's one e-mail for a batch. */
export interface CustomerMailActivities {
  /**
   * Sends one e-mail to the customer listing every invoice of the batch still open (number, due date, outstanding,
   * days late, each invoice's statement or original attached), in the customer's language, once (outbox id derived
   * from the batch), and writes each invoice's proof-trail row (its step's record id, kind `step:email`) citing the
   * one Message-ID. `left` names requests not included (invoice closed or no longer escalating): they are answered
   * `null`.
   */
  sendConsolidatedReminder(
    customerId: string,
    requests: ConsolidationRequest[],
  ): Promise<{ messageId: string; invoiceIds: string[]; left: string[] }>;
}
