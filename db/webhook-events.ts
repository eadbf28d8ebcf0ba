import { jsonb } from './pg-text';
import type { Queryable } from './database';

export type PaymentEventStatus = 'processing' | 'applied' | 'unmatched' | 'rejected' | 'matched' | 'dismissed';

export interface PaymentEventRow {
  eventId: string;
  type: string;
  invoiceId: string;
  paymentId: string;
  status: PaymentEventStatus;
  payload: Record<string, unknown>;
  detail: string | null;
  receivedAt: string;
  settledAt: string | null;
  settledBy: string | null;
}

interface Row {
  event_id: string;
  type: string;
  invoice_id: string;
  payment_id: string;
  status: PaymentEventStatus;
  payload: Record<string, unknown>;
  detail: string | null;
  received_at: Date;
  settled_at: Date | null;
  settled_by: string | null;
}

const toEvent = (row: Row): PaymentEventRow => ({
  eventId: row.event_id,
  type: row.type,
  invoiceId: row.invoice_id,
  paymentId: row.payment_id,
  status: row.status,
  payload: row.payload,
  detail: row.detail,
  receivedAt: row.received_at.toISOString(),
  settledAt: row.settled_at?.toISOString() ?? null,
  settledBy: row.settled_by,
});

/** Remembers a webhook signature; false when it was seen before (a replay). */
export async function rememberSignature(db: Queryable, signature: string): Promise<boolean> {
  const rows = await db.query(
    'INSERT INTO webhook_signatures (signature) VALUES ($1) ON CONFLICT DO NOTHING RETURNING 1',
    [signature],
  );
  return rows.length > 0;
}

/** Signatures older than the acceptance window can never be replayed successfully: no need to keep them. */
export async function forgetSignaturesBefore(db: Queryable, before: Date): Promise<void> {
  await db.query('DELETE FROM webhook_signatures WHERE received_at < $1', [before.toISOString()]);
}

/**
 * Records an event unless its id is known; answers the stored row and whether this call recorded it. A concurrent
 * delivery of the same id waits on the first one's transaction and then finds it.
 */
export async function recordPaymentEvent(
  db: Queryable,
  event: Pick<PaymentEventRow, 'eventId' | 'type' | 'invoiceId' | 'paymentId' | 'payload'>,
): Promise<{ event: PaymentEventRow; created: boolean }> {
  const rows = await db.query<Row>(
    `INSERT INTO payment_events (event_id, type, invoice_id, payment_id, status, payload)
     VALUES ($1, $2, $3, $4, 'processing', $5) ON CONFLICT (event_id) DO NOTHING RETURNING *`,
    [event.eventId, event.type, event.invoiceId, event.paymentId, jsonb(event.payload)],
  );
  if (rows[0]) return { event: toEvent(rows[0]), created: true };
  const existing = await findPaymentEvent(db, event.eventId);
  if (!existing) throw new Error(`payment event ${event.eventId} vanished during insert`);
  return { event: existing, created: false };
}

export async function findPaymentEvent(db: Queryable, eventId: string): Promise<PaymentEventRow | undefined> {
  const rows = await db.query<Row>('SELECT * FROM payment_events WHERE event_id = $1', [eventId]);
  return rows[0] ? toEvent(rows[0]) : undefined;
}

export async function setPaymentEventStatus(
  db: Queryable,
  eventId: string,
  status: PaymentEventStatus,
  detail: string | null,
  settledBy: string | null = null,
): Promise<PaymentEventRow> {
  const rows = await db.query<Row>(
    `UPDATE payment_events SET status = $2, detail = $3, settled_by = $4,
       settled_at = CASE WHEN $4::text IS NULL THEN settled_at ELSE now() END
     WHERE event_id = $1 RETURNING *`,
    [eventId, status, detail, settledBy],
  );
  return toEvent(rows[0]!);
}

/** Events waiting for a person: unknown invoice, or refused by the invoice's workflow. Oldest first, keyset paged. */
export async function listUnsettledPaymentEvents(
  db: Queryable,
  page: { after?: { receivedAt: string; eventId: string }; limit: number },
): Promise<PaymentEventRow[]> {
  const rows = await db.query<Row>(
    `SELECT * FROM payment_events
     WHERE status IN ('unmatched', 'rejected')
       AND ($1::timestamptz IS NULL OR (date_trunc('milliseconds', received_at), event_id) > ($1::timestamptz, $2::text))
     ORDER BY date_trunc('milliseconds', received_at), event_id LIMIT $3`,
    [page.after?.receivedAt ?? null, page.after?.eventId ?? null, page.limit],
  );
  return rows.map(toEvent);
}

/** A person matched the event to another invoice than the one the payment system named. */
export async function reassignPaymentEvent(db: Queryable, eventId: string, invoiceId: string): Promise<void> {
  await db.query('UPDATE payment_events SET invoice_id = $2 WHERE event_id = $1', [eventId, invoiceId]);
}
