import { createHash } from 'node:crypto';
import { paymentOnTrail } from '../db/communications';
import type { Database } from '../db/database';
import type { MailContext } from '../templates/mail-context';
import { findMailTemplate } from '../templates/mail-templates';
import type { CustomerNoticeInput, CustomerNoticeTemplate } from './contracts';
import { invalidInput } from './invalid-input';
import { createMailDelivery, MailDelivery } from './mail-delivery';
import type { MailSettings, SentMail } from './contracts';
import { mailDomain } from './mail-activities';
import { formatDate, mailContext, moneyIn } from './mail-facts';

const NOTICE_TEMPLATES: readonly CustomerNoticeTemplate[] = [
  'payment-thanks',
  'plan-confirmation',
  'instalment-reminder',
  'plan-broken',
];

/** The proof-trail id of a customer notice: one per (invoice, key). */
export const noticeRecordId = (invoiceId: string, key: string) => `${invoiceId}:notice:${key}`;

/** A Message-ID seeded from (invoice, key): every attempt at one notice carries the same one. */
export function noticeMessageId(invoiceId: string, key: string, from: string): string {
  const digest = createHash('sha256').update(`${invoiceId}\u0000notice\u0000${key}`).digest('hex').slice(0, 32);
  return `<${digest}.notice@${mailDomain(from)}>`;
}

export function createNoticeActivities(deps: {
  db: Database;
  mail: MailSettings;
  delivery?: MailDelivery;
  onRejected: (input: CustomerNoticeInput, reason: string) => Promise<void>;
}) {
  const { mail } = deps;
  const deliver = deps.delivery ?? createMailDelivery(deps);

  return {
    /**
     * Tells the customer what changed outside the ladder (a payment received, a plan agreed, an instalment coming up
     * or missed), once per key, and records it in the proof trail.
     */
    async sendCustomerNotice(input: CustomerNoticeInput): Promise<SentMail> {
      const { invoice } = input;
      checkNotice(input);
      const template = findMailTemplate(invoice.customer.locale, input.template)!;
      // A cheque returned before its thank-you left the queue gets none: thanking for money not received misleads.
      if (
        input.template === 'payment-thanks' &&
        input.payment &&
        (await paymentOnTrail(deps.db, invoice.id, input.payment.paymentId, 'payment_reversed'))
      ) {
        return {
          messageId: '',
          recipient: invoice.customer.email,
          sentAt: '',
          alreadySent: false,
          withheld: 'payment_reversed',
        };
      }
      return deliver({
        recordId: noticeRecordId(invoice.id, input.key),
        invoice,
        kind: `notice:${input.template}`,
        template: input.template,
        messageId: noticeMessageId(invoice.id, input.key, mail.from),
        headers: { 'X-Relance-Invoice': invoice.id, 'X-Relance-Notice': input.template },
        detail: { key: input.key, balance: input.balance, currency: invoice.currency },
        render: async (at) => ({ mail: template(noticeContext(input, at, mail)), documents: [] }),
        onRejected: (reason) => deps.onRejected(input, reason),
      });
    },
  };
}

/** The contract of a customer notice, checked before anything is rendered or sent. */
export function checkNotice(input: CustomerNoticeInput): void {
  if (!NOTICE_TEMPLATES.includes(input.template)) {
    throw invalidInput('template', `'${input.template}' is not one of ${NOTICE_TEMPLATES.join(', ')}`);
  }
  if (!input.key) throw invalidInput('key', 'a customer notice needs an idempotency key');
  if (input.template === 'payment-thanks' && !input.payment)
    throw invalidInput('payment', 'payment-thanks names the payment');
  if (input.template !== 'payment-thanks' && !input.plan)
    throw invalidInput('plan', `${input.template} needs the plan`);
  if (input.template === 'instalment-reminder' || input.template === 'plan-broken') {
    const index = input.instalmentIndex;
    if (index === undefined || !input.plan?.instalments[index]) {
      throw invalidInput('instalmentIndex', `${input.template} needs the index of an instalment of the plan`);
    }
  }
}

function noticeContext(input: CustomerNoticeInput, at: Date, mail: MailSettings): MailContext {
  const { invoice } = input;
  const { locale, timezone } = invoice.customer;
  const money = moneyIn(invoice);
  const instalments = (input.plan?.instalments ?? []).map((i, position) => ({
    number: position + 1,
    dueDate: formatDate(locale, timezone, new Date(Date.parse(i.dueAt) - 1)),
    amount: money(i.amount),
  }));
  return {
    ...mailContext(invoice, input.balance, at, mail),
    plan: input.plan ? { number: input.plan.number, total: money(input.plan.total), instalments } : undefined,
    instalment: input.instalmentIndex === undefined ? undefined : instalments[input.instalmentIndex],
    payment: input.payment && {
      amount: money(input.payment.amount),
      receivedOn: formatDate(locale, timezone, input.payment.receivedAt),
      settled: input.balance <= 0,
    },
  };
}
