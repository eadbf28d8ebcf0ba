import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import { appendCommunication, findCommunication } from '../db/communications';
import type { Database } from '../db/database';
import { dueMoment } from '../domain/due-moment';
import type { ScheduledStep } from '../domain/dunning-schedule';
import { formatMoney } from '../domain/money';
import type { MailContext } from '../templates/mail-context';
import { findMailTemplate } from '../templates/mail-templates';
import { daysLate } from './step-facts';
import type { InvoiceSnapshot } from '../workflows/messages';

export interface MailSettings {
  transport: Transporter;
  from: string;
  creditorName: string;
  paymentInstructions: string;
  contact: string;
  /** Supplies the activity's clock; injectable so tests can pin it. */
  now?: () => Date;
}

export interface StepContext {
  invoice: InvoiceSnapshot;
  step: ScheduledStep;
  balance: number;
  policyId: string;
}

export interface SentMail {
  messageId: string;
  recipient: string;
  sentAt: string;
  alreadySent: boolean;
}

/** The proof-trail id of a step: one per (invoice, step), so a retry finds what an earlier attempt recorded. */
export const stepRecordId = (invoiceId: string, step: Pick<ScheduledStep, 'index' | 'action'>) =>
  `${invoiceId}:step-${step.index}:${step.action}`;

/** A Message-ID derived from (invoice, step): even an SMTP-level retry is recognisable as the same message. */
export function stepMessageId(invoiceId: string, stepIndex: number, from: string): string {
  const digest = createHash('sha256').update(`${invoiceId}\u0000${stepIndex}`).digest('hex').slice(0, 32);
  return `<${digest}.step-${stepIndex}@${mailDomain(from)}>`;
}

/** The domain of the sender address, for Message-IDs the sender owns. */
export function mailDomain(from: string): string {
  return from.match(/@([^>\s]+)/)?.[1] ?? 'relance.invalid';
}

export type StepMailer = (context: StepContext, notice?: MailContext['notice']) => Promise<SentMail>;

/** Sends the e-mail of a dunning step once, and records it in the proof trail. */
export function createStepMailer(deps: { db: Database; mail: MailSettings }): StepMailer {
  const { db, mail } = deps;
  const now = mail.now ?? (() => new Date());

  return async function sendStepMail(context: StepContext, notice?: MailContext['notice']): Promise<SentMail> {
    const { invoice, step } = context;
    const recordId = stepRecordId(invoice.id, step);
    const existing = await findCommunication(db, recordId);
    if (existing?.messageId) {
      return {
        messageId: existing.messageId,
        recipient: existing.recipient ?? invoice.customer.email,
        sentAt: existing.occurredAt,
        alreadySent: true,
      };
    }
    const template = findMailTemplate(invoice.customer.locale, step.template);
    if (!template) {
      throw ApplicationFailure.nonRetryable(
        `no mail template '${step.template}' for locale ${invoice.customer.locale}`,
        'UnknownTemplate',
      );
    }
    const sentAt = now();
    const rendered = template({ ...mailContext(invoice, context.balance, sentAt, mail), notice });
    const messageId = stepMessageId(invoice.id, step.index, mail.from);
    try {
      await mail.transport.sendMail({
        from: mail.from,
        to: invoice.customer.email,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId,
        headers: { 'X-Relance-Invoice': invoice.id, 'X-Relance-Step': String(step.index) },
      });
    } catch (error) {
      throw classifySmtpError(error);
    }
    await appendCommunication(db, {
      id: recordId,
      invoiceId: invoice.id,
      channel: 'email',
      kind: `step:${step.action}`,
      recipient: invoice.customer.email,
      template: step.template,
      messageId,
      result: 'sent',
      detail: {
        subject: rendered.subject,
        stepIndex: step.index,
        balance: context.balance,
        currency: invoice.currency,
      },
      occurredAt: sentAt.toISOString(),
    });
    return { messageId, recipient: invoice.customer.email, sentAt: sentAt.toISOString(), alreadySent: false };
  };
}

export function createMailActivities(deps: { mailer: StepMailer }) {
  return {
    /** Sends the reminder e-mail of a dunning step once, and records it in the proof trail. */
    sendReminderEmail: (context: StepContext): Promise<SentMail> => deps.mailer(context),
  };
}

function mailContext(invoice: InvoiceSnapshot, balance: number, at: Date, mail: MailSettings): MailContext {
  const locale = invoice.customer.locale;
  const due = new Date(dueMoment(invoice.dueDate, invoice.customer.timezone));
  const dueDate = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: invoice.customer.timezone }).format(
    new Date(due.getTime() - 1),
  );
  return {
    invoiceNumber: invoice.id,
    customerName: invoice.customer.name,
    amount: formatMoney({ amount: invoice.amount, currency: invoice.currency }, locale),
    balance: formatMoney({ amount: balance, currency: invoice.currency }, locale),
    dueDate,
    daysLate: daysLate(invoice, at),
    paymentInstructions: mail.paymentInstructions,
    contact: mail.contact,
    creditorName: mail.creditorName,
  };
}

/** A refused recipient or a 5xx answer will not change on retry; everything else (network, 4xx) is transient. */
export function classifySmtpError(error: unknown): Error {
  const smtp = error as { responseCode?: number; code?: string; message?: string };
  const message = smtp?.message ?? String(error);
  if ((smtp.responseCode !== undefined && smtp.responseCode >= 500) || smtp.code === 'EENVELOPE') {
    return ApplicationFailure.nonRetryable(`the mail server refused the message: ${message}`, 'MailRejected');
  }
  return error instanceof Error ? error : new Error(message);
}
