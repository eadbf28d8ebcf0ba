import type { Database, Queryable } from '../../db/database';
import { findInvoice } from '../../db/invoices';
import { PaymentEventRow, setPaymentEventStatus } from '../../db/webhook-events';
import { PaymentReceived, paymentReversedUpdate } from '../../workflows/messages';
import { InvoiceState } from '../../workflows/read-model';
import { HttpError } from '../http/http-errors';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import type { PaymentEvent } from './webhook-schemas';
import { recordPayment, sendUpdate } from '../temporal/invoice-workflow-client';

export interface PaymentEventOutcome {
  event: PaymentEventRow;
  state: InvoiceState | null;
}

/**
 * Applies a recorded payment event to its invoice's workflow, inside the caller's transaction: the event's status is
 * committed only with the outcome, so a crash before the commit leaves the event unrecorded and the payment system's
 * retry applies it (the workflow deduplicates by payment id). An unknown invoice, or a refusal by the workflow, is
 * kept for a person to settle rather than bounced back to a sender that would only retry.
 */
export async function applyPaymentEvent(
  deps: { db: Database; temporal: TemporalGateway },
  tx: Queryable,
  event: PaymentEvent,
  invoiceId: string,
  settledBy: string | null = null,
): Promise<PaymentEventOutcome> {
  const invoice = await findInvoice(tx, invoiceId);
  if (!invoice) {
    const stored = await setPaymentEventStatus(tx, event.eventId, 'unmatched', `no invoice ${invoiceId}`);
    return { event: stored, state: null };
  }
  try {
    const state =
      event.type === 'settlement'
        ? await recordPayment(deps.temporal, invoice.id, {
            ...settlementPayment(event),
            recordedBy: settledBy ?? 'payment-webhook',
          })
        : await sendUpdate(deps.temporal, invoice.id, paymentReversedUpdate, {
            paymentId: event.paymentId,
            reason: reversalReason(event),
            by: settledBy ?? 'payment-webhook',
          });
    const status = settledBy ? 'matched' : 'applied';
    return { event: await setPaymentEventStatus(tx, event.eventId, status, null, settledBy), state };
  } catch (error) {
    if (error instanceof HttpError && error.status < 500) {
      return { event: await setPaymentEventStatus(tx, event.eventId, 'rejected', error.message), state: null };
    }
    throw error;
  }
}

/** A settlement as the payment it reports, for an invoice or a customer alike. */
export function settlementPayment(event: Extract<PaymentEvent, { type: 'settlement' }>): PaymentReceived {
  return {
    paymentId: event.paymentId,
    amount: event.amount,
    currency: event.currency,
    receivedAt: event.receivedAt,
    ...(event.method === undefined ? {} : { method: event.method }),
    ...(event.reference === undefined ? {} : { reference: event.reference }),
  };
}

/** As a reversal reads on the proof trail: its kind, and what the payment system said. */
export function reversalReason(event: Extract<PaymentEvent, { type: 'reversal' }>): string {
  return event.reason ? `${event.kind}: ${event.reason}` : event.kind;
}
