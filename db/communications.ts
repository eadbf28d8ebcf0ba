import type { Queryable } from './database';

export interface CommunicationRow {
  id: string;
  invoiceId: string;
  channel: string;
  kind: string;
  recipient: string | null;
  template: string | null;
  messageId: string | null;
  result: string;
  detail: Record<string, unknown>;
  occurredAt: string;
}

interface Row {
  id: string;
  invoice_id: string;
  channel: string;
  kind: string;
  recipient: string | null;
  template: string | null;
  message_id: string | null;
  result: string;
  detail: Record<string, unknown>;
  occurred_at: Date;
}

const toCommunication = (row: Row): CommunicationRow => ({
  id: row.id,
  invoiceId: row.invoice_id,
  channel: row.channel,
  kind: row.kind,
  recipient: row.recipient,
  template: row.template,
  messageId: row.message_id,
  result: row.result,
  detail: row.detail,
  occurredAt: row.occurred_at.toISOString(),
});

/** Appends to the proof trail; the id is derived from what happened, so a retried write is a no-op. */
export async function appendCommunication(db: Queryable, entry: CommunicationRow): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO communications (id, invoice_id, channel, kind, recipient, template, message_id, result, detail, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      entry.id,
      entry.invoiceId,
      entry.channel,
      entry.kind,
      entry.recipient,
      entry.template,
      entry.messageId,
      entry.result,
      JSON.stringify(entry.detail),
      entry.occurredAt,
    ],
  );
  return rows.length > 0;
}

export async function findCommunication(db: Queryable, id: string): Promise<CommunicationRow | undefined> {
  const rows = await db.query<Row>('SELECT * FROM communications WHERE id = $1', [id]);
  return rows[0] ? toCommunication(rows[0]) : undefined;
}

export async function listCommunications(db: Queryable, invoiceId: string): Promise<CommunicationRow[]> {
  const rows = await db.query<Row>(
    'SELECT * FROM communications WHERE invoice_id = $1 ORDER BY occurred_at, recorded_at, id',
    [invoiceId],
  );
  return rows.map(toCommunication);
}
