import {
  currentInsolvency,
  customerCredit,
  customerPayments,
  CustomerHoldRow,
  CustomerInsolvencyRow,
  CustomerPaymentWithAllocations,
  standingCustomerHolds,
} from '../../db/customers';
import type { Queryable } from '../../db/database';
import { customerOutstanding, InvoiceRow, listCustomerInvoices } from '../../db/invoices';
import type { CustomerCollectionView, CustomerHoldView, InsolvencyView } from '../../workflows/customer-messages';

/** A customer's invoices shown at most (a page of the invoice list filtered by customerId shows the rest). */
export const MAX_CUSTOMER_INVOICES = 1000;
/** The customer's most recent payments shown. */
export const MAX_CUSTOMER_PAYMENTS = 100;

/** The customer's invoices, oldest due first; empty when no invoice names the customer (it is then unknown). */
export async function customerInvoices(db: Queryable, customerId: string, limit = MAX_CUSTOMER_INVOICES) {
  return listCustomerInvoices(db, customerId, limit);
}

/**
 * `GET /v1/customers/{id}`: the customer as its latest invoice describes it, its invoices and what they owe per
 * currency, the holds in force, the procedure in progress, its payments and its credit. Holds and the procedure come
 * from the customer's workflow when it runs (they hold from the moment it accepts them), else from PostgreSQL.
 */
export async function buildCustomerResource(
  db: Queryable,
  invoices: InvoiceRow[],
  view: CustomerCollectionView | null,
  now: Date,
) {
  const customerId = invoices[0]!.customerId;
  const [storedHolds, storedInsolvency, credit, payments, outstanding] = await Promise.all([
    standingCustomerHolds(db, customerId),
    currentInsolvency(db, customerId),
    customerCredit(db, customerId),
    customerPayments(db, customerId, MAX_CUSTOMER_PAYMENTS),
    customerOutstanding(db, customerId),
  ]);
  const latest = invoices.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
  const holds = view
    ? view.holds.filter((hold) => inForce(hold, now)).map(toHoldResource)
    : storedHolds.map(toHoldResource);
  const insolvency = view ? (view.insolvency?.outcome ? null : view.insolvency) : storedInsolvency;
  return {
    customerId,
    customer: latest.customer,
    invoices: invoices.map((row) => ({
      id: row.id,
      stage: row.stage,
      balance: row.balance,
      currency: row.currency,
      dueDate: row.dueDate,
      status: row.status,
      amount: row.amount,
    })),
    // Over every open invoice, not only the ones listed.
    outstanding,
    holds,
    credit,
    insolvency: insolvency ? toInsolvencyResource(insolvency, storedInsolvency) : null,
    payments: payments.map(toPaymentResource),
  };
}

export type CustomerResource = Awaited<ReturnType<typeof buildCustomerResource>>;

function inForce(hold: CustomerHoldView, now: Date): boolean {
  return hold.until === null || Date.parse(hold.until) > now.getTime();
}

function toHoldResource(hold: CustomerHoldView | CustomerHoldRow) {
  return {
    holdId: hold.holdId,
    kind: hold.kind,
    reason: hold.reason,
    until: hold.until,
    since: hold.since,
    by: hold.by,
  };
}

function toInsolvencyResource(procedure: InsolvencyView | CustomerInsolvencyRow, stored: CustomerInsolvencyRow | null) {
  return {
    procedure: procedure.procedure,
    openedOn: procedure.openedOn,
    publishedOn: procedure.publishedOn,
    declareBy: procedure.declareBy,
    taskId: procedure.taskId,
    outcome: procedure.outcome,
    /** What to declare per invoice, once the procedure is recorded. */
    claims: stored?.procedure === procedure.procedure && stored.openedOn === procedure.openedOn ? stored.claims : [],
  };
}

function toPaymentResource(payment: CustomerPaymentWithAllocations) {
  return {
    paymentId: payment.paymentId,
    amount: payment.amount,
    currency: payment.currency,
    receivedAt: payment.receivedAt,
    reference: payment.reference,
    method: payment.method,
    reversedAt: payment.reversedAt,
    reversalReason: payment.reversalReason,
    shares: payment.allocations.map((share) => ({
      invoiceId: share.invoiceId,
      amount: share.amount,
      source: share.source,
      allocatedAt: share.allocatedAt,
      reversedAt: share.reversedAt,
      undeliverableAt: share.undeliverableAt,
    })),
    credit: payment.credit,
  };
}
