import type { Queryable } from './database';

/** The message as it goes to the relay, rendered once; attachments are documents, referenced by id. */
export interface OutboxMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** RFC 3339; the Date header, so every attempt sends the same bytes. */
  date: string;
  headers: Record<string, string>;
  attachments: { documentId: string; filename: string; contentType: string; sha256: string }[];
}

export type OutboxStatus = 'pending' | 'sent' | 'rejected';

export interface OutboxMail {
  id: string;
  invoiceId: string;
  messageId: string;
  recipient: string;
  template: string;
  message: OutboxMessage;
  status: OutboxStatus;
  /** SMTP conversations started for this mail, including any that ended without an answer. */
  attempts: number;
  lastError: string | null;
  relayResponse: string | null;
  createdAt: string;
  sentAt: string | null;
}

export type NewOutboxMail = Pick<OutboxMail, 'id' | 'invoiceId' | 'messageId' | 'recipient' | 'template' | 'message'>;

interface Row {
  id: string;
  invoice_id: string;
  message_id: string;
  recipient: string;
  template: string;
  message: OutboxMessage;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  relay_response: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const toOutboxMail = (row: Row): OutboxMail => ({
  id: row.id,
  invoiceId: row.invoice_id,
  messageId: row.message_id,
  recipient: row.recipient,
  template: row.template,
  message: row.message,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  relayResponse: row.relay_response,
  createdAt: row.created_at.toISOString(),
  sentAt: row.sent_at?.toISOString() ?? null,
});

/** Writes the intent to send once; a retry gets the intent (and the rendered message) of the first attempt. */
export async function recordMailIntent(db: Queryable, mail: NewOutboxMail): Promise<OutboxMail> {
  await db.query(
    `INSERT INTO mail_outbox (id, invoice_id, message_id, recipient, template, message)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [mail.id, mail.invoiceId, mail.messageId, mail.recipient, mail.template, JSON.stringify(mail.message)],
  );
  return (await findOutboxMail(db, mail.id))!;
}

export async function findOutboxMail(db: Queryable, id: string): Promise<OutboxMail | undefined> {
  const rows = await db.query<Row>('SELECT * FROM mail_outbox WHERE id = $1', [id]);
  return rows[0] ? toOutboxMail(rows[0]) : undefined;
}

/**
 * Claims the intent for the length of the caller's transaction, or answers undefined at once when another attempt
 * holds it: two attempts of one activity never talk to the relay about the same mail at the same time. An advisory
 * lock rather than a row lock, so the attempt counter can still be written outside the transaction.
 */
export async function claimOutboxMail(tx: Queryable, id: string): Promise<OutboxMail | undefined> {
  const [lock] = await tx.query<{ claimed: boolean }>(
    "SELECT pg_try_advisory_xact_lock(hashtextextended('mail_outbox:' || $1, 0)) AS claimed",
    [id],
  );
  return lock?.claimed ? findOutboxMail(tx, id) : undefined;
}

/** Counts an SMTP conversation before it starts, outside any transaction, so a crash cannot erase the count. */
export async function countMailAttempt(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE mail_outbox SET attempts = attempts + 1, last_attempt_at = now() WHERE id = $1`, [id]);
}

export async function markMailSent(db: Queryable, id: string, relayResponse: string): Promise<void> {
  await db.query(`UPDATE mail_outbox SET status = 'sent', sent_at = now(), relay_response = $2 WHERE id = $1`, [
    id,
    relayResponse,
  ]);
}

export async function markMailRejected(db: Queryable, id: string, reason: string): Promise<void> {
  await db.query(`UPDATE mail_outbox SET status = 'rejected', last_error = $2 WHERE id = $1`, [id, reason]);
}

export async function noteMailError(db: Queryable, id: string, error: string): Promise<void> {
  await db.query(`UPDATE mail_outbox SET last_error = $2 WHERE id = $1`, [id, error]);
}
