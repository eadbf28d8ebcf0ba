import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { SendMailOptions } from 'nodemailer';
import { appendCommunication, findCommunication } from '../db/communications';
import type { Database } from '../db/database';
import { findDocument, findOriginalInvoice, NewDocument, storeDocument } from '../db/documents';
import {
  claimOutboxMail,
  findOutboxMail,
  countMailAttempt,
  markMailRejected,
  markMailSent,
  markStallReported,
  noteMailError,
  OutboxMail,
  OutboxMessage,
  recordMailIntent,
  reviveMailIntent,
} from '../db/mail-outbox';
import { isEmailAddress } from '../domain/contact';
import { FailureType } from '../domain/failure-types';
import type { RenderedMail } from '../templates/mail-context';
import type { InvoiceSnapshot } from '../workflows/messages';
import { sharedMetrics } from '../observability/metrics';
import type { MailSettings, SentMail } from './contracts';
import { classifySmtpError } from './smtp-errors';

/** One mail to deliver exactly once, identified by its proof-trail id. */
export interface MailRequest {
  /** Proof-trail id and outbox id: derived from what the mail is about, so every attempt finds the same one. */
  recordId: string;
  invoice: InvoiceSnapshot;
  /** Proof-trail kind, e.g. `step:email` or `notice:payment-thanks`. */
  kind: string;
  template: string;
  messageId: string;
  headers: Record<string, string>;
  /**
   * Renders the mail and the documents it makes; called once, by the first attempt. `alsoAttached` names what is
   * attached besides them (the original invoice, when one was uploaded), for a text that lists the attachments.
   */
  render: (at: Date, alsoAttached: string[]) => Promise<{ mail: RenderedMail; documents: NewDocument[] }>;
  /** Facts worth keeping in the proof trail beside the mail (balance, step, …). */
  detail: Record<string, unknown>;
  /** Proof-trail channel; `email` unless given. */
  channel?: string;
  /** The customer's address unless given (internal notifications). */
  recipient?: string;
  /** Called when the relay refuses the recipient for good, before the failure is thrown (a task for a person). */
  onRejected?: (reason: string) => Promise<void>;
}

export type MailDelivery = (request: MailRequest) => Promise<SentMail>;

/**
 * Delivers a mail once. The intent is written to `mail_outbox` before the SMTP conversation, with the rendered bytes
 * and a deterministic Message-ID; the relay's acceptance is committed to it the moment the relay answers, then the
 * proof trail is written. A retry reads the outbox: accepted → it only writes the missing proof-trail row; refused →
 * it fails again the same way; unknown (the attempt died inside the SMTP conversation) → it sends the same bytes under
 * the same Message-ID again. Only that window, between the relay's "250 OK" and the outbox commit (one UPDATE), can
 * put a second copy on the wire; mailbox providers and clients that thread by Message-ID (Gmail among them) show it
 * as one message, and the proof trail's `attempts` says a second conversation took place. Exactly one proof-trail
 * row is written in every case.
 */
export function createMailDelivery(deps: {
  db: Database;
  mail: MailSettings;
  /** A mail has failed for longer than `mail.stallAlertAfterMs`: called once per mail. */
  onStalled?: (request: MailRequest, reason: string, since: string) => Promise<void>;
}): MailDelivery {
  const { db, mail } = deps;
  const now = mail.now ?? (() => new Date());

  return async function deliver(request: MailRequest): Promise<SentMail> {
    const { invoice, recordId } = request;
    const recorded = await findCommunication(db, recordId);
    if (recorded?.result === 'sent' && recorded.messageId) {
      return {
        messageId: recorded.messageId,
        recipient: recorded.recipient ?? invoice.customer.email,
        sentAt: recorded.occurredAt,
        alreadySent: true,
      };
    }
    const recipient = request.recipient ?? invoice.customer.email;
    // The customer's address came from outside and is checked; an internal one comes from our own configuration.
    const malformed = request.recipient === undefined ? recipientProblem(recipient) : undefined;
    if (malformed) {
      countRejected(request);
      return reject(request, recipient, malformed, null);
    }

    let intent =
      (await findOutboxMail(db, recordId)) ??
      (await recordMailIntent(db, {
        id: recordId,
        invoiceId: invoice.id,
        messageId: request.messageId,
        recipient,
        template: request.template,
        message: await renderOnce(request, recipient),
      }));
    // A step stopped before the relay took its mail, now run again (escalation resumed): the mail says what is true now.
    if (intent.status === 'withdrawn')
      intent = await reviveMailIntent(db, recordId, await renderOnce(request, recipient));
    // Prepared before the transaction, which then holds a single connection for the SMTP conversation: a wave of
    // sends can never starve the pool it needs to finish them.
    const message = intent.status === 'pending' ? await nodemailerMessage(intent) : undefined;
    // Counted before the conversation, in its own statement: an attempt that dies mid-conversation still shows.
    if (message) await countMailAttempt(db, recordId);

    const outcome = await db
      .withTransaction(async (tx): Promise<Outcome> => {
        const claimed = await claimOutboxMail(tx, recordId);
        if (!claimed) return { kind: 'in_flight' };
        if (claimed.status === 'withdrawn') return { kind: 'withdrawn' };
        if (claimed.status !== 'pending' || !message) {
          return { kind: claimed.status === 'pending' ? 'in_flight' : claimed.status, intent: claimed, fresh: false };
        }
        try {
          const info = (await mail.transport.sendMail(message)) as { response?: string };
          await markMailSent(tx, recordId, info.response ?? '');
          return { kind: 'sent', intent: { ...claimed, relayResponse: info.response ?? '' }, fresh: true };
        } catch (error) {
          const failure = classifySmtpError(error);
          if (failure instanceof ApplicationFailure && failure.type === FailureType.MailRejected) {
            await markMailRejected(tx, recordId, failure.message);
            return { kind: 'rejected', intent: { ...claimed, lastError: failure.message }, fresh: true };
          }
          throw failure;
        }
      })
      .catch(async (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        sharedMetrics().mailsFailed.inc({ kind: request.kind, template: request.template, reason: 'attempt_failed' });
        await reportFailure(request, reason).catch(() => undefined);
        throw error;
      });

    if (outcome.kind === 'in_flight') {
      throw ApplicationFailure.retryable(`another attempt is sending mail ${recordId}`, FailureType.MailInFlight);
    }
    if (outcome.kind === 'withdrawn') {
      // Its step was stopped and settled while this attempt was preparing: the workflow no longer waits for it.
      throw ApplicationFailure.nonRetryable(
        `mail ${recordId} was withdrawn before it was sent`,
        FailureType.MailWithdrawn,
      );
    }
    if (outcome.kind === 'rejected') {
      if (outcome.fresh) countRejected(request);
      return reject(request, recipient, outcome.intent.lastError ?? 'refused by the mail server', outcome.intent);
    }
    const sentAt = outcome.fresh ? now().toISOString() : (outcome.intent.sentAt ?? now().toISOString());
    const { attempts } = outcome.intent;
    if (outcome.fresh) countSent(request, attempts);
    await appendCommunication(db, {
      id: recordId,
      invoiceId: invoice.id,
      channel: request.channel ?? 'email',
      kind: request.kind,
      recipient,
      template: request.template,
      messageId: intent.messageId,
      result: 'sent',
      detail: {
        subject: intent.message.subject,
        attachments: intent.message.attachments,
        relayResponse: outcome.intent.relayResponse,
        attempts,
        ...request.detail,
      },
      occurredAt: sentAt,
    });
    return { messageId: intent.messageId, recipient, sentAt, alreadySent: !outcome.fresh };
  };

  /**
   * Notes a failed attempt; when every attempt has failed for longer than `stallAlertAfterMs` (a relay down, or
   * answering 4xx for good), tells a person once. The attempts go on: the mail leaves as soon as the relay heals.
   */
  async function reportFailure(request: MailRequest, reason: string): Promise<void> {
    const failing = await noteMailError(db, request.recordId, reason, now().toISOString());
    const after = mail.stallAlertAfterMs;
    if (!failing || failing.reported || after === undefined || !deps.onStalled) return;
    if (now().getTime() - Date.parse(failing.since) < after) return;
    if (await markStallReported(db, request.recordId)) await deps.onStalled(request, reason, failing.since);
  }

  /**
   * Every mail about an invoice carries its original, as uploaded when the mail is first rendered: the proof trail then
   * cites that version's SHA-256, and a retry sends the same one even if a corrected version arrived since.
   */
  async function renderOnce(request: MailRequest, recipient: string): Promise<OutboxMessage> {
    const at = now();
    const original = await findOriginalInvoice(db, request.invoice.id);
    const { mail: rendered, documents } = await request.render(at, original ? [original.filename] : []);
    const stored = [];
    for (const document of documents) stored.push(await storeDocument(db, document));
    if (original) stored.push(original);
    return {
      from: mail.from,
      to: recipient,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      date: at.toISOString(),
      headers: request.headers,
      attachments: stored.map((d) => ({
        documentId: d.id,
        filename: d.filename,
        contentType: d.contentType,
        sha256: d.sha256,
      })),
    };
  }

  async function nodemailerMessage(intent: OutboxMail): Promise<SendMailOptions> {
    const { message } = intent;
    const attachments = [];
    for (const attachment of message.attachments) {
      const document = await findDocument(db, attachment.documentId);
      if (!document) throw new Error(`document ${attachment.documentId} of mail ${intent.id} is missing`);
      attachments.push({
        filename: attachment.filename,
        contentType: attachment.contentType,
        content: document.content,
      });
    }
    return {
      from: message.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      date: new Date(message.date),
      messageId: intent.messageId,
      headers: message.headers,
      attachments,
      // Derived from the Message-ID rather than random, so a resend is the same bytes as the first send.
      baseBoundary: createHash('sha256').update(intent.messageId).digest('hex').slice(0, 16),
    } as SendMailOptions;
  }

  /** Records the refusal once, hands the address to a person, and fails for good: retrying cannot fix an address. */
  async function reject(
    request: MailRequest,
    recipient: string,
    reason: string,
    intent: OutboxMail | null,
  ): Promise<never> {
    await appendCommunication(db, {
      id: request.recordId,
      invoiceId: request.invoice.id,
      channel: request.channel ?? 'email',
      kind: request.kind,
      recipient,
      template: request.template,
      messageId: intent?.messageId ?? null,
      result: 'rejected',
      detail: { reason, attempts: intent?.attempts ?? 0, ...request.detail },
      occurredAt: now().toISOString(),
    });
    await request.onRejected?.(reason);
    throw ApplicationFailure.nonRetryable(reason, FailureType.MailRejected);
  }
}

/** Counted once per mail, by the attempt the relay answered: a retry that finds the outcome recorded counts nothing. */
function countSent(request: MailRequest, attempts: number): void {
  const { mailsSent, mailsResent } = sharedMetrics();
  const labels = { kind: request.kind, template: request.template };
  mailsSent.inc(labels);
  if (request.detail.resend) mailsResent.inc({ ...labels, reason: 'contact_corrected' });
  if (attempts > 1) mailsResent.inc({ ...labels, reason: 'retried' });
}

function countRejected(request: MailRequest): void {
  sharedMetrics().mailsFailed.inc({ kind: request.kind, template: request.template, reason: 'rejected' });
}

type Outcome =
  { kind: 'in_flight' } | { kind: 'withdrawn' } | { kind: 'sent' | 'rejected'; intent: OutboxMail; fresh: boolean };

/** Why an address cannot receive mail (the rule of domain/contact), before any relay is asked; undefined when it can. */
export function recipientProblem(address: string): string | undefined {
  if (!address || !address.trim()) return 'the customer has no e-mail address';
  if (!isEmailAddress(address.trim())) {
    return `the customer's e-mail address '${address}' is malformed`;
  }
  return undefined;
}
