import type { Queryable } from '../../db/database';
import { listInvoices } from '../../db/invoices';
import { PaymentEventRow, setPaymentEventStatus } from '../../db/webhook-events';
import type { CustomerPaymentAllocation } from '../../workflows/customer-messages';
import { HttpError } from '../http/http-errors';
import { reversalReason, settlementPayment } from '../payments/payment-events';
import type { PaymentEvent } from '../payments/webhook-schemas';
import type { CustomerWorkflowDeps } from '../temporal/customer-workflow-client';
import { recordCustomerPayment, reverseCustomerPayment } from './customer-payments';

export interface CustomerPaymentEventOutcome {
  event: PaymentEventRow;
  state: CustomerPaymentAllocation | null;
}

/**
 * Applies a signed settlement (or reversal) that names a customer and no invoice to the customer's workflow, which
 * spreads it over the customer's invoices. As for an invoice's events, an unknown customer or a refusal is kept for a
 * person to settle (GET /v1/webhooks/payments/unmatched) rather than bounced back to a sender that would only retry.
 */
export async function applyCustomerPaymentEvent(
  deps: CustomerWorkflowDeps & { db: Queryable },
  tx: Queryable,
  event: PaymentEvent,
  customerId: string,
): Promise<CustomerPaymentEventOutcome> {
  const known = await listInvoices(tx, { customerId, limit: 1 });
  if (known.length === 0) {
    return {
      event: await setPaymentEventStatus(tx, event.eventId, 'unmatched', `no customer ${customerId}`),
      state: null,
    };
  }
  try {
    const state =
      event.type === 'settlement'
        ? (await recordCustomerPayment(deps, customerId, { ...settlementPayment(event), by: 'payment-webhook' }))
            .allocation
        : await reverseCustomerPayment(deps, customerId, {
            paymentId: event.paymentId,
            reason: reversalReason(event),
            by: 'payment-webhook',
          });
    return { event: await setPaymentEventStatus(tx, event.eventId, 'applied', null), state };
  } catch (error) {
    if (error instanceof HttpError && error.status < 500) {
      return { event: await setPaymentEventStatus(tx, event.eventId, 'rejected', error.message), state: null };
    }
    throw error;
  }
}
