import { CustomerPaymentRow, findCustomerPayment } from '../../db/customers';
import type { Queryable } from '../../db/database';
import {
  CustomerPayment,
  CustomerPaymentAllocation,
  customerPaymentReversedUpdate,
  customerPaymentUpdate,
} from '../../workflows/customer-messages';
import { isKnownCurrency } from '../../domain/money';
import { ConflictError, HttpError, ValidationError } from '../http/http-errors';
import { CustomerWorkflowDeps, sendCustomerUpdate } from '../temporal/customer-workflow-client';

// A payment across a customer's invoices, from the REST API or a signed webhook: one path, one set of rules.

export interface RecordedCustomerPayment {
  allocation: CustomerPaymentAllocation;
  /** False when this payment id had been recorded already (with the same content): the answer is the first one. */
  created: boolean;
}

/**
 * Records a customer payment, idempotently by id: the same payment again answers its allocation, another payment under
 * the same id (another customer, amount, currency, date, reference or method) is a 409. The customer's workflow
 * allocates it: the invoices the reference names first, then oldest due date first; the rest is credit.
 */
export async function recordCustomerPayment(
  deps: CustomerWorkflowDeps & { db: Queryable },
  customerId: string,
  payment: CustomerPayment,
): Promise<RecordedCustomerPayment> {
  if (!isKnownCurrency(payment.currency)) {
    throw new ValidationError([
      { field: 'currency', rule: 'iso4217', message: `currency: '${payment.currency}' is not an ISO 4217 currency` },
    ]);
  }
  const stored = await findCustomerPayment(deps.db, payment.paymentId);
  if (stored) assertSamePayment(stored, customerId, payment);
  // Recorded meanwhile under another body (amount, currency, customer): the workflow refuses it as a conflict, a 409.
  const allocation = await sendCustomerUpdate(deps, customerId, customerPaymentUpdate, payment);
  // Recorded meanwhile under another date, reference or method (the workflow compares the money only): the update kept
  // the first body and allocated nothing for this one, which is then a 409 too, not the first body's answer.
  if (!stored) {
    const recorded = await findCustomerPayment(deps.db, payment.paymentId);
    if (recorded) assertSamePayment(recorded, customerId, payment);
  }
  return { allocation, created: !stored };
}

/** Reverses a customer payment and every share of it; an unknown payment (or another customer's) is a 404. */
export async function reverseCustomerPayment(
  deps: CustomerWorkflowDeps & { db: Queryable },
  customerId: string,
  reversal: { paymentId: string; reason: string; by?: string },
): Promise<CustomerPaymentAllocation> {
  const stored = await findCustomerPayment(deps.db, reversal.paymentId);
  if (stored?.customerId !== customerId) {
    throw new HttpError(404, 'Not found', `customer ${customerId} has no payment ${reversal.paymentId}`);
  }
  return sendCustomerUpdate(deps, customerId, customerPaymentReversedUpdate, reversal);
}

function assertSamePayment(stored: CustomerPaymentRow, customerId: string, payment: CustomerPayment): void {
  const same =
    stored.customerId === customerId &&
    stored.amount === payment.amount &&
    stored.currency === payment.currency &&
    Date.parse(stored.receivedAt) === Date.parse(payment.receivedAt) &&
    (stored.reference ?? undefined) === payment.reference &&
    (stored.method ?? undefined) === payment.method;
  if (!same) {
    throw new ConflictError(
      stored.customerId === customerId
        ? `payment ${payment.paymentId} was recorded already with other content`
        : `payment ${payment.paymentId} was recorded already for another customer`,
    );
  }
}
