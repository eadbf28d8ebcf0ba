import { jsonb } from './pg-text';
import type { Queryable } from './database';

/** `processing`: kept, not yet told to its invoices; `delivered`: told; `unmatched`: no mail of ours has its Message-ID. */
export type MailEventStatus = 'processing' | 'delivered' | 'unmatched';

export interface MailEventRow {
  eventId: string;
  messageId: string;
  kind: 'hard_bounce' | 'complaint';
  recipient: string;
  status: MailEventStatus;
  /** The invoices whose proof trail cites the Message-ID (several for a consolidated mail). */
  invoiceIds: string[];
  payload: Record<string, unknown>;
  occurredAt: string;
  receivedAt: string;
}

interface Row {
  event_id: string;
  message_id: string;
  kind: MailEventRow['kind'];
  recipient: string;
  status: MailEventStatus;
  invoice_ids: string[];
  payload: Record<string, unknown>;
  occurred_at: Date;
  received_at: Date;
}

const toMailEvent = (row: Row): MailEventRow => ({
  eventId: row.event_id,
  messageId: row.message_id,
  kind: row.kind,
  recipient: row.recipient,
  status: row.status,
  invoiceIds: row.invoice_ids,
  payload: row.payload,
  occurredAt: row.occurred_at.toISOString(),
  receivedAt: row.received_at.toISOString(),
});

/** Records an event unless its id is known; answers the stored row and whether this call recorded it. */
export async function recordMailEvent(
  db: Queryable,
  event: Pick<MailEventRow, 'eventId' | 'messageId' | 'kind' | 'recipient' | 'payload' | 'occurredAt'>,
): Promise<{ event: MailEventRow; created: boolean }> {
  const rows = await db.query<Row>(
    `INSERT INTO mail_events (event_id, message_id, kind, recipient, status, payload, occurred_at)
     VALUES ($1, $2, $3, $4, 'processing', $5, $6) ON CONFLICT (event_id) DO NOTHING RETURNING *`,
    [event.eventId, event.messageId, event.kind, event.recipient, jsonb(event.payload), event.occurredAt],
  );
  if (rows[0]) return { event: toMailEvent(rows[0]), created: true };
  const existing = await findMailEvent(db, event.eventId);
  if (!existing) throw new Error(`mail event ${event.eventId} vanished during insert`);
  return { event: existing, created: false };
}

export async function findMailEvent(db: Queryable, eventId: string): Promise<MailEventRow | undefined> {
  const rows = await db.query<Row>('SELECT * FROM mail_events WHERE event_id = $1', [eventId]);
  return rows[0] ? toMailEvent(rows[0]) : undefined;
}

export async function setMailEventStatus(
  db: Queryable,
  eventId: string,
  status: MailEventStatus,
  invoiceIds: string[],
): Promise<MailEventRow> {
  const rows = await db.query<Row>(
    'UPDATE mail_events SET status = $2, invoice_ids = $3 WHERE event_id = $1 RETURNING *',
    [eventId, status, invoiceIds],
  );
  return toMailEvent(rows[0]!);
}

/**
 * The invoices a Message-ID of ours is about: those whose proof trail cites it, and those with the mail in the outbox
 * (the relay may report a bounce before the proof-trail row of the send is written).
 */
export async function invoicesCitingMessage(db: Queryable, messageId: string): Promise<string[]> {
  const rows = await db.query<{ invoice_id: string }>(
    `SELECT invoice_id FROM communications WHERE message_id = $1
     UNION SELECT invoice_id FROM mail_outbox WHERE message_id = $1
     ORDER BY invoice_id`,
    [messageId],
  );
  return rows.map((row) => row.invoice_id);
}
