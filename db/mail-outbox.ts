import { jsonb } from './pg-text';
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

/**
 * `withdrawn`: the step it belonged to was stopped (a payment, a dispute, a hold) before the relay accepted it; a later
 * run of the same step renders it again.
 */
export type OutboxStatus = 'pending' | 'sent' | 'rejected' | 'withdrawn';

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
    [mail.id, mail.invoiceId, mail.messageId, mail.recipient, mail.template, jsonb(mail.message)],
  );
  return (await findOutboxMail(db, mail.id))!;
}

/** A withdrawn intent taken up again by a later run of its step: rendered anew, as it stands now. */
export async function reviveMailIntent(db: Queryable, id: string, message: OutboxMessage): Promise<OutboxMail> {
  await db.query(
    `UPDATE mail_outbox SET status = 'pending', message = $2, last_error = NULL WHERE id = $1 AND status = 'withdrawn'`,
    [id, jsonb(message)],
  );
  return (await findOutboxMail(db, id))!;
}

/**
 * Withdraws a mail the relay has not accepted, under the claim of `claimOutboxMail` so no attempt is talking to the
 * relay about it meanwhile. Answers the intent as it now stands (undefined: there never was one).
 */
export async function withdrawMailIntent(tx: Queryable, id: string): Promise<OutboxMail | undefined> {
  await tx.query(`UPDATE mail_outbox SET status = 'withdrawn' WHERE id = $1 AND status = 'pending'`, [id]);
  return findOutboxMail(tx, id);
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
  return (await lockOutboxMail(tx, id)) ? findOutboxMail(tx, id) : undefined;
}

/** The claim alone: true when this transaction now holds mail `id`, false when another attempt does. */
export async function lockOutboxMail(tx: Queryable, id: string): Promise<boolean> {
  const [lock] = await tx.query<{ claimed: boolean }>(
    "SELECT pg_try_advisory_xact_lock(hashtextextended('mail_outbox:' || $1, 0)) AS claimed",
    [id],
  );
  return lock?.claimed === true;
}

/** Counts an SMTP conversation before it starts, outside any transaction, so a crash cannot erase the count. */
export async function countMailAttempt(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE mail_outbox SET attempts = attempts + 1, last_attempt_at = now() WHERE id = $1`, [id]);
}

export async function markMailSent(db: Queryable, id: string, relayResponse: string): Promise<void> {
  await db.query(
    `UPDATE mail_outbox SET status = 'sent', sent_at = now(), relay_response = $2, failing_since = NULL WHERE id = $1`,
    [id, relayResponse],
  );
}

export async function markMailRejected(db: Queryable, id: string, reason: string): Promise<void> {
  await db.query(`UPDATE mail_outbox SET status = 'rejected', last_error = $2 WHERE id = $1`, [id, reason]);
}

/** Notes a failed attempt; answers since when the mail has been failing, or null when there is no intent. */
export async function noteMailError(db: Queryable, id: string, error: string, at: string): Promise<MailFailing | null> {
  const rows = await db.query<{ failing_since: Date; stall_reported_at: Date | null }>(
    `UPDATE mail_outbox SET last_error = $2, failing_since = COALESCE(failing_since, $3)
     WHERE id = $1 RETURNING failing_since, stall_reported_at`,
    [id, error, at],
  );
  const row = rows[0];
  return row ? { since: row.failing_since.toISOString(), reported: row.stall_reported_at !== null } : null;
}

export interface MailFailing {
  /** The first failed attempt of the current run of failures. */
  since: string;
  /** Whether a person was already told. */
  reported: boolean;
}

/** Records that a person was told about a stalled mail; true for the one caller that recorded it first. */
export async function markStallReported(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE mail_outbox SET stall_reported_at = now() WHERE id = $1 AND stall_reported_at IS NULL RETURNING id`,
    [id],
  );
  return rows.length > 0;
}
