import { dueMoment } from '../domain/due-moment';
import type { StatutoryAmounts } from '../domain/late-payment';
import { formatMoney } from '../domain/money';
import type { LetterContext } from '../templates/letter';
import type { MailContext } from '../templates/mail-context';
import type { InvoiceSnapshot } from '../workflows/messages';
import type { MailSettings } from './contracts';
import { daysLate } from './step-facts';

/** Dates as the customer reads them: long form, in their language and time zone. */
export function formatDate(locale: string, timezone: string, at: Date | string): string {
  const instant = typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at) ? new Date(`${at}T12:00:00Z`) : new Date(at);
  const zone = typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at) ? 'UTC' : timezone;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: zone }).format(instant);
}

export function moneyIn(invoice: InvoiceSnapshot) {
  return (amount: number) => formatMoney({ amount, currency: invoice.currency }, invoice.customer.locale);
}

/** The due date as printed: the last day the invoice could be paid on time. */
export function printedDueDate(invoice: InvoiceSnapshot): string {
  const due = new Date(dueMoment(invoice.dueDate, invoice.customer.timezone));
  return formatDate(invoice.customer.locale, invoice.customer.timezone, new Date(due.getTime() - 1));
}

export function mailContext(invoice: InvoiceSnapshot, balance: number, at: Date, mail: MailSettings): MailContext {
  const money = moneyIn(invoice);
  return {
    invoiceNumber: invoice.id,
    customerName: invoice.customer.name,
    amount: money(invoice.amount),
    balance: money(balance),
    dueDate: printedDueDate(invoice),
    daysLate: daysLate(invoice, at),
    paymentInstructions: mail.paymentInstructions,
    contact: mail.contact,
    creditorName: mail.creditorName,
  };
}

export function letterContext(
  invoice: InvoiceSnapshot,
  balance: number,
  at: Date,
  mail: MailSettings,
  extra: Pick<LetterContext, 'history'> & { amounts?: StatutoryAmounts | null; deadline?: string } = {},
): LetterContext {
  const { locale, timezone } = invoice.customer;
  const money = moneyIn(invoice);
  const date = (value: Date | string) => formatDate(locale, timezone, value);
  const french = locale.toLowerCase().startsWith('fr');
  const place = mail.creditorCity ? `${mail.creditorCity}, ${french ? 'le ' : ''}` : french ? 'Le ' : '';
  const amounts = extra.amounts;
  return {
    creditor: {
      name: mail.creditorName,
      address: mail.creditorAddress ?? [],
      contact: mail.contact,
      registration: mail.creditorRegistration,
    },
    debtor: {
      name: invoice.customer.name,
      customerId: invoice.customer.id,
      email: invoice.customer.email,
      phone: invoice.customer.phone,
      country: invoice.customer.country,
    },
    invoiceNumber: invoice.id,
    issueDate: date(invoice.issueDate),
    amount: money(invoice.amount),
    balance: money(balance),
    dueDate: printedDueDate(invoice),
    daysLate: daysLate(invoice, at),
    dated: `${place}${date(at)}`,
    paymentInstructions: mail.paymentInstructions,
    history: extra.history,
    notice:
      extra.deadline === undefined
        ? undefined
        : {
            interest: money(amounts?.interest.amount ?? 0),
            indemnity: money(amounts?.indemnity.amount ?? 0),
            total: money(amounts?.total.amount ?? balance),
            deadline: date(extra.deadline),
            periods: (amounts?.periods ?? []).map((p) => ({
              from: date(p.from),
              to: date(p.to),
              days: p.days,
              ratePercent: `${p.ratePercent.toLocaleString(locale)} %`,
              interest: money(p.interest),
            })),
          },
  };
}
