import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../db/database';
import type { NewDocument } from '../db/documents';
import { FailureType } from '../domain/failure-types';
import type { ScheduledStep } from '../domain/dunning-schedule';
import type { MailSettings, SentMail, StepContext } from './contracts';
import type { MailContext } from '../templates/mail-context';
import { findMailTemplate } from '../templates/mail-templates';
import { letterDocument } from './letter-documents';
import { createMailDelivery, MailDelivery } from './mail-delivery';
import { formatDate, letterContext, mailContext, saveLetterShortLink } from './mail-facts';
import { contextRecordId, counted } from '../workflows/record-ids';
import { earlierContacts } from './trail-facts';

export { classifySmtpError } from './smtp-errors';

export { contextRecordId, counted, stepRecordId } from '../workflows/record-ids';

/**
 * A Message-ID derived from (invoice, ladder, step, re-send): even an SMTP-level retry is recognisable as the same
 * message, and a re-send is a new message that threads apart from the one that bounced.
 */
export function stepMessageId(invoiceId: string, stepIndex: number, from: string, ladder = 0, resend = 0): string {
  const seed = `${invoiceId}\u0000${stepIndex}${counted('\u0000', ladder)}${counted('\u0000resend-', resend)}`;
  const digest = createHash('sha256').update(seed).digest('hex').slice(0, 32);
  return `<${digest}.step-${stepIndex}${counted('.resend-', resend)}@${mailDomain(from)}>`;
}

/** The domain of the sender address, for Message-IDs the sender owns. */
export function mailDomain(from: string): string {
  return from.match(/@([^>\s]+)/)?.[1] ?? 'relance.invalid';
}

/** Attachments of a step's mail, rendered once by the first attempt. */
export type StepDocuments = (at: Date) => Promise<NewDocument[]>;

export type StepMailer = (
  context: StepContext,
  notice?: MailContext['notice'],
  documents?: StepDocuments,
) => Promise<SentMail>;

/** Reminders after the due date carry a statement of the invoice; the courtesy note before it does not. */
const carriesStatement = (step: ScheduledStep) => step.action === 'email' && step.template !== 'courtesy';

/**
 * Sends the e-mail of a dunning step once, and records it in the proof trail. A refused address fails the step for
 * good and hands the address to a person (`onRejected`).
 */
export function createStepMailer(deps: {
  db: Database;
  mail: MailSettings;
  delivery?: MailDelivery;
  onRejected: (context: StepContext, reason: string) => Promise<void>;
}): StepMailer {
  const { db, mail } = deps;
  const deliver = deps.delivery ?? createMailDelivery(deps);

  return async function sendStepMail(context, notice, documents) {
    const { invoice, step } = context;
    const template = findMailTemplate(invoice.customer.locale, step.template);
    if (!template) {
      throw ApplicationFailure.nonRetryable(
        `no mail template '${step.template}' for locale ${invoice.customer.locale}`,
        FailureType.UnknownTemplate,
      );
    }
    const recordId = contextRecordId(context);
    const attach: StepDocuments | undefined =
      documents ?? (carriesStatement(step) ? (at) => invoiceStatement(db, mail, context, recordId, at) : undefined);
    return deliver({
      recordId,
      invoice,
      kind: `step:${step.action}`,
      template: step.template,
      messageId: stepMessageId(invoice.id, step.index, mail.from, context.ladder, context.resend),
      headers: { 'X-Relance-Invoice': invoice.id, 'X-Relance-Step': String(step.index) },
      detail: {
        stepIndex: step.index,
        balance: context.balance,
        currency: invoice.currency,
        ...(context.resend ? { resend: context.resend } : {}),
      },
      async render(at, alsoAttached) {
        const docs = attach ? await attach(at) : [];
        const rendered = template({
          ...mailContext(invoice, context.balance, at, mail),
          firstContact: context.firstContact ?? false,
          notice,
          attachments: [...docs.map((d) => d.filename), ...alsoAttached],
        });
        return { mail: rendered, documents: docs };
      },
      onRejected: (reason) => deps.onRejected(context, reason),
    });
  };
}

/** An invoice's statement as its reminder carries it (earlier contacts listed), stored under the step's record id. */
export async function invoiceStatement(
  db: Database,
  mail: MailSettings,
  context: StepContext,
  recordId: string,
  at: Date,
): Promise<NewDocument[]> {
  const { invoice } = context;
  const { locale, timezone } = invoice.customer;
  const history = (await earlierContacts(db, invoice.id))
    .filter((c) => c.result === 'sent' || c.result === 'task_created')
    .map((c) => ({ date: formatDate(locale, timezone, c.at), what: c.subject ?? c.template ?? c.channel }));
  // A statement may be printed and read on paper: it carries the short link, saved before it is rendered.
  const shortLink = await saveLetterShortLink(db, mail, invoice.customer.id, at);
  const letter = letterContext(invoice, context.balance, at, mail, { history, shortLink });
  return [await letterDocument(recordId, 'statement', invoice, letter, at)];
}

export function createMailActivities(deps: { mailer: StepMailer }) {
  return {
    /** Sends the reminder e-mail of a dunning step once, with its statement, and records it in the proof trail. */
    sendReminderEmail: (context: StepContext): Promise<SentMail> => deps.mailer(context),
  };
}
