import { dueMoment } from '../domain/due-moment';
import { minimumNoticePeriod } from '../domain/dunning-schedule';
import { addIsoDuration, parseIsoDuration } from '../domain/iso-duration';
import { formatMoney } from '../domain/money';
import type { StatutoryAmounts } from '../domain/statutory-amounts';
import type { LetterAddress, LetterContext } from '../templates/letter';
import type { MailContext } from '../templates/mail-context';
import type { NoticeClaim } from '../templates/notice-claim';
import type { Queryable } from '../db/database';
import { saveShortLink, ShortLink } from '../db/self-service-short-links';
import { selfServiceShortCode, selfServiceUrl, signSelfServiceToken } from '../templates/self-service-link';
import type { InvoiceSnapshot } from '../workflows/messages';
import type { MailSettings } from './contracts';
import { daysLate } from './step-facts';

/**
 * The customer's self-service link, valid `linkTtlMs` after `at`: the time the mail or letter is dated, rendered once
 * and stored (outbox, documents), so a retried step sends the link it first wrote. Undefined without a secret.
 */
export function selfServiceLink(mail: MailSettings, customerId: string, at: Date): string | undefined {
  const config = mail.selfService;
  const secret = config?.secrets[0];
  if (!config || !secret) return undefined;
  const expiresAt = new Date(at.getTime() + config.linkTtlMs);
  return selfServiceUrl(config.publicUrl, signSelfServiceToken({ customerId, expiresAt }, secret));
}

/**
 * The short link a letter prints instead (`PUBLIC_URL/s/<code>`, typed by hand): the code of the same customer and
 * expiry as `selfServiceLink`, with the first secret, kept in `self_service_short_links` so `/s/` can open it. Saved
 * before the letter is rendered; the same letter rendered again saves and prints the same code. Undefined without a
 * secret.
 */
export async function saveLetterShortLink(
  db: Queryable,
  mail: MailSettings,
  customerId: string,
  at: Date,
): Promise<ShortLink | undefined> {
  const config = mail.selfService;
  const secret = config?.secrets[0];
  if (!config || !secret) return undefined;
  const expiresAt = new Date(at.getTime() + config.linkTtlMs);
  const link = { code: selfServiceShortCode(customerId, expiresAt, secret), customerId, expiresAt };
  await saveShortLink(db, link);
  return link;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const isFrench = (locale: string) => locale.toLowerCase().startsWith('fr');

/**
 * Dates as the customer reads them: long form, in their language and time zone. French writes the first of the month
 * as an ordinal (« 1er mai 2026 »), which Intl does not.
 */
export function formatDate(locale: string, timezone: string, at: Date | string): string {
  const dateOnly = typeof at === 'string' && DATE_ONLY.test(at);
  const instant = dateOnly ? new Date(`${at}T12:00:00Z`) : new Date(at);
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: dateOnly ? 'UTC' : timezone });
  if (!isFrench(locale)) return format.format(instant);
  return format
    .formatToParts(instant)
    .map((part) => (part.type === 'day' && Number(part.value) === 1 ? '1er' : part.value))
    .join('');
}

export function moneyIn(invoice: InvoiceSnapshot) {
  return (amount: number) => formatMoney({ amount, currency: invoice.currency }, invoice.customer.locale);
}

/** The due date as printed: the last day the invoice could be paid on time. */
export function printedDueDate(invoice: InvoiceSnapshot): string {
  return printedDeadline(invoice, dueMoment(invoice.dueDate, invoice.customer.timezone));
}

/**
 * The formal notice's deadline as printed: the last full day to pay. The workflow's deadline is the instant the legal
 * file may open (00:00 of the next day in the customer's zone), so the day printed is the one ending just before it.
 * A bare `YYYY-MM-DD` is taken as that last day already. Under English law (a letter before claim) the day printed is
 * never earlier than 14 days after the letter (`at`), whatever the policy gave.
 */
export function printedDeadline(
  invoice: InvoiceSnapshot,
  deadline: string,
  letter: { at?: Date; governingLaw?: string } = {},
): string {
  const { locale, timezone } = invoice.customer;
  if (DATE_ONLY.test(deadline)) return formatDate(locale, timezone, deadline);
  let lastDay = Date.parse(deadline) - 1;
  // The shortest period the governing law allows (domain/dunning-schedule.ts), which the workflow also keeps to.
  const minimum = minimumNoticePeriod(letter.governingLaw ?? invoice.governingLaw);
  if (letter.at && minimum) {
    const least = addIsoDuration(letter.at.toISOString(), parseIsoDuration(minimum), timezone);
    lastDay = Math.max(lastDay, Date.parse(least));
  }
  return formatDate(locale, timezone, new Date(lastDay));
}

const percent = (locale: string, value: number) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 4 }).format(value / 100);

function countryName(locale: string, code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** The customer's postal address with the country named in the letter's language; undefined when none is known. */
export function postalAddress(invoice: InvoiceSnapshot): LetterAddress | undefined {
  const address = invoice.customer.address;
  if (!address) return undefined;
  return { ...address, countryName: countryName(invoice.customer.locale, address.country) };
}

/** The statutory claim formatted for the customer; null when no statutory claim applies. */
export function noticeClaim(
  invoice: InvoiceSnapshot,
  amounts: StatutoryAmounts | null | undefined,
): NoticeClaim | null {
  if (!amounts) return null;
  const { locale, timezone } = invoice.customer;
  const money = moneyIn(invoice);
  const date = (value: string) => formatDate(locale, timezone, value);
  const { law, paid } = amounts;
  return {
    governingLaw: amounts.governingLaw.toUpperCase(),
    countryName: countryName(locale, amounts.governingLaw),
    table: law.table,
    points: law.points.toLocaleString(locale),
    rateFixing: law.rateFixing,
    imputation: law.imputation,
    citations: law.citations,
    principalBefore: money(amounts.principal.amount + paid.principal.amount),
    principal: money(amounts.principal.amount),
    interest: money(amounts.interest.amount),
    interestAccrued: money(amounts.interestAccrued.amount),
    paidPrincipal: paid.principal.amount > 0 ? money(paid.principal.amount) : undefined,
    paidInterest: paid.interest.amount > 0 ? money(paid.interest.amount) : undefined,
    indemnity: money(amounts.indemnity.amount),
    hasIndemnity: amounts.indemnity.amount > 0,
    total: money(amounts.total.amount),
    ratePercent: amounts.ratePercent === null ? '' : percent(locale, amounts.ratePercent),
    dailyInterest: money(amounts.dailyInterest.amount),
    interestFrom: amounts.interestFrom ? date(amounts.interestFrom) : undefined,
    periods: amounts.periods.map((p) => ({
      from: date(p.from),
      to: date(p.to),
      days: p.days,
      ratePercent: percent(locale, p.ratePercent),
      base: money(p.base),
      interest: money(p.interest),
    })),
  };
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
    governingLaw: invoice.governingLaw,
    selfServiceUrl: selfServiceLink(mail, invoice.customer.id, at),
  };
}

/**
 * The formal notice's facts for its e-mail, the same figures and wording choices as its letter: pass the result as the
 * step mailer's `notice`. `claim: null` keeps every rate and indemnity out of the e-mail.
 */
export function noticeMailFacts(
  invoice: InvoiceSnapshot,
  balance: number,
  amounts: StatutoryAmounts | null,
  deadline: string,
  letter: { at?: Date; firstContact?: boolean } = {},
): NonNullable<MailContext['notice']> {
  const claim = noticeClaim(invoice, amounts);
  const money = moneyIn(invoice);
  return {
    interest: claim?.interest ?? '',
    indemnity: claim?.indemnity ?? '',
    total: claim?.total ?? money(balance),
    deadline: printedDeadline(invoice, deadline, { at: letter.at, governingLaw: amounts?.governingLaw }),
    ratePercent: claim?.ratePercent ?? '',
    claim,
    firstContact: letter.firstContact ?? false,
  };
}

export interface LetterExtra {
  /** The statement's earlier communications. */
  history?: LetterContext['history'];
  /** The formal notice's statutory amounts; null when no statutory claim applies. */
  amounts?: StatutoryAmounts | null;
  /** The formal notice's deadline: the instant the legal file may open. Makes the letter a notice. */
  deadline?: string;
  /** StepContext.firstContact: no earlier reminder reached the customer. */
  firstContact?: boolean;
  /** The letter's short self-service link, once saved (`saveLetterShortLink`): printed instead of the signed one. */
  shortLink?: ShortLink;
}

export function letterContext(
  invoice: InvoiceSnapshot,
  balance: number,
  at: Date,
  mail: MailSettings,
  extra: LetterExtra = {},
): LetterContext {
  const { locale, timezone } = invoice.customer;
  const money = moneyIn(invoice);
  const date = (value: Date | string) => formatDate(locale, timezone, value);
  const french = isFrench(locale);
  const place = mail.creditorCity ? `${mail.creditorCity}, ${french ? 'le ' : ''}` : french ? 'Le ' : '';
  const claim = noticeClaim(invoice, extra.amounts);
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
      address: postalAddress(invoice),
    },
    invoiceNumber: invoice.id,
    issueDate: date(invoice.issueDate),
    amount: money(invoice.amount),
    balance: money(balance),
    dueDate: printedDueDate(invoice),
    daysLate: daysLate(invoice, at),
    dated: `${place}${date(at)}`,
    paymentInstructions: mail.paymentInstructions,
    governingLaw: extra.amounts?.governingLaw ?? invoice.governingLaw,
    firstContact: extra.firstContact ?? false,
    history: extra.history,
    selfServiceUrl:
      extra.shortLink && mail.selfService
        ? selfServiceUrl(mail.selfService.publicUrl, extra.shortLink.code)
        : selfServiceLink(mail, invoice.customer.id, at),
    notice:
      extra.deadline === undefined
        ? undefined
        : {
            deadline: printedDeadline(invoice, extra.deadline, { at, governingLaw: extra.amounts?.governingLaw }),
            total: claim?.total ?? money(balance),
            claim,
          },
  };
}
