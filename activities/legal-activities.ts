import { appendCommunication, listCommunications } from '../db/communications';
import type { Database } from '../db/database';
import { openLegalFile } from '../db/legal-files';
import { insertTask } from '../db/tasks';
import { DomainError } from '../domain/domain-error';
import { computeLatePaymentAmounts, StatutoryAmounts, supportsStatutoryAmounts } from '../domain/late-payment';
import { recommendLegalRoute } from '../domain/legal-route';
import { formatMoney } from '../domain/money';
import type { InvoiceSnapshot } from '../workflows/messages';
import type { MailSettings, SentMail, StepContext, StepMailer } from './mail-activities';
import { mailDomain, stepRecordId } from './mail-activities';
import { localDate, localDueDate, stepTask } from './step-facts';

export interface FormalNoticeResult extends SentMail {
  amounts: StatutoryAmounts | null;
}

export interface LegalFileResult {
  legalFileId: string;
  route: string;
  created: boolean;
}

export function createLegalActivities(deps: { db: Database; mail: MailSettings; mailer: StepMailer }) {
  const { db, mail, mailer } = deps;
  const now = mail.now ?? (() => new Date());

  return {
    /**
     * The mise en demeure: e-mailed at once with the statutory interest and fixed indemnity, and queued as a
     * registered letter to post. It states a final deadline; it is not an enforceable title.
     */
    async sendFormalNotice(context: StepContext & { deadline: string }): Promise<FormalNoticeResult> {
      const { invoice } = context;
      const at = now();
      const amounts = statutoryAmounts(invoice, context.balance, localDate(at, invoice.customer.timezone));
      const locale = invoice.customer.locale;
      const fmt = (amount: number) => formatMoney({ amount, currency: invoice.currency }, locale);
      const deadline = new Intl.DateTimeFormat(locale, {
        dateStyle: 'long',
        timeZone: invoice.customer.timezone,
      }).format(new Date(context.deadline));
      const lastPeriod = amounts?.periods[amounts.periods.length - 1];
      const sent = await mailer(context, {
        interest: fmt(amounts?.interest.amount ?? 0),
        indemnity: fmt(amounts?.indemnity.amount ?? 0),
        total: fmt(amounts?.total.amount ?? context.balance),
        deadline,
        ratePercent: lastPeriod ? `${lastPeriod.ratePercent.toLocaleString(locale)} %` : '—',
      });
      const postId = `${stepRecordId(invoice.id, context.step)}:post`;
      await insertTask(
        db,
        stepTask(context, postId, 'post_letter', at, { letter: 'formal-notice', deadline: context.deadline, amounts }),
      );
      return { ...sent, amounts };
    },

    /** Opens the legal file once, with the whole dossier and the recommended court route. */
    async openLegalFile(context: StepContext & { contested: boolean; legalTeam?: string }): Promise<LegalFileResult> {
      const { invoice } = context;
      const at = now();
      const amounts = statutoryAmounts(invoice, context.balance, localDate(at, invoice.customer.timezone));
      const outstanding = amounts
        ? { amount: amounts.principal.amount + amounts.interest.amount, currency: invoice.currency }
        : { amount: context.balance, currency: invoice.currency };
      const recommendation = recommendLegalRoute({ outstanding, contested: context.contested });
      const communications = await listCommunications(db, invoice.id);
      const id = `LF-${invoice.id}`;
      const { file, created } = await db.withTransaction(async (tx) => {
        const result = await openLegalFile(tx, {
          id,
          invoiceId: invoice.id,
          recommendedRoute: recommendation.route,
          routeReason: recommendation.reason,
          dossier: {
            invoice,
            balance: context.balance,
            amounts,
            recommendation,
            contested: context.contested,
            communications,
            openedAt: at.toISOString(),
          },
        });
        if (result.created) {
          await appendCommunication(tx, {
            id: stepRecordId(invoice.id, context.step),
            invoiceId: invoice.id,
            channel: 'legal',
            kind: 'step:legal_file',
            recipient: context.legalTeam ?? mail.from,
            template: context.step.template,
            messageId: null,
            result: 'opened',
            detail: { legalFileId: id, route: recommendation.route },
            occurredAt: at.toISOString(),
          });
        }
        return result;
      });
      if (created) {
        await mail.transport.sendMail({
          from: mail.from,
          to: context.legalTeam ?? mail.from,
          subject: `Legal file ${id}: invoice ${invoice.id}, ${invoice.customer.name}`,
          text: `A legal file was opened for invoice ${invoice.id} (${invoice.customer.name}).\nRecommended route: ${recommendation.route}.\n${recommendation.reason}\n`,
          messageId: `<${id.toLowerCase()}.legal-file@${mailDomain(mail.from)}>`,
        });
      }
      return { legalFileId: file.id, route: file.recommendedRoute, created };
    },
  };
}

/** Statutory amounts where the customer's jurisdiction and currency allow them; null where they do not apply. */
function statutoryAmounts(invoice: InvoiceSnapshot, balance: number, asOf: string): StatutoryAmounts | null {
  if (!supportsStatutoryAmounts(invoice.customer.country)) return null;
  try {
    return computeLatePaymentAmounts({
      principal: { amount: balance, currency: invoice.currency },
      dueDate: localDueDate(invoice),
      asOf,
      jurisdiction: invoice.customer.country,
    });
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}
