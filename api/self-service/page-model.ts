import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Database } from '../../db/database';
import { listDocuments, ORIGINAL_INVOICE_KIND } from '../../db/documents';
import { formatMoney } from '../../domain/money';
import { paymentInstructionsIn } from '../../templates/payment-instructions';
import { DEBTOR_ANSWERS, DebtorAnswerKind } from '../../workflows/messages';
import type { LinkAccess } from './link-access';
import { PAGE_TEXT, PageLanguage } from './self-service-text';

/** One open invoice as the page lists it: strings already formatted in the page's language. */
export interface PageInvoice {
  id: string;
  issueDate: string;
  dueDate: string;
  amount: string;
  balance: string;
  stage: string;
  /** Its PDF: the original invoice when one was uploaded, else the latest statement; absent when neither exists. */
  document?: { href: string; original: boolean };
}

/** What became of the answer just posted, shown next to its form (and summed up at the top). */
export interface AnswerOutcome {
  answer: DebtorAnswerKind;
  /** Invoices the answer was taken for. */
  done: string[];
  /** Refusals, by the field at fault, with the invoices they concern (empty: the whole form). */
  refused: { field: string; invoices: string[] }[];
  /** What was posted, to fill the form in again after a refusal. */
  values: Record<string, string>;
}

export interface SelfServicePageModel {
  lang: PageLanguage;
  /** The page's own path (`/s/<token>`), from PUBLIC_URL's path: every link and form is built on it. */
  pagePath: string;
  stylesheet: string;
  creditor: { name: string; contact?: string; paymentInstructions?: string };
  customerName: string;
  invoices: PageInvoice[];
  totals: string[];
  /** Per form: the hidden value that makes a form posted twice count once. */
  nonces: Record<DebtorAnswerKind, string>;
  /** Today in the customer's zone: the earliest date a promise or a plan may start. */
  today: string;
  outcome?: AnswerOutcome;
}

/** The creditor as the page names it: who, how to reach it, how to pay it (the e-mails' wording). */
export interface PageCreditor {
  name: string;
  contact: string;
  paymentInstructions: string;
}

/**
 * Everything the page shows for a link, formatted in the page's language (the customer's own locale when it speaks
 * that language, so a fr-BE customer reads Belgian formats): amounts as money, dates in the customer's zone, each
 * invoice's PDF, fresh nonces for the forms.
 */
export async function buildPageModel(input: {
  db: Database;
  access: LinkAccess;
  lang: PageLanguage;
  /** The path of the page, `/s/<token>` under PUBLIC_URL's own path. */
  pagePath: string;
  stylesheet: string;
  creditor: PageCreditor | undefined;
  now: Date;
  outcome?: AnswerOutcome;
}): Promise<SelfServicePageModel> {
  const { access, lang, pagePath, creditor } = input;
  const text = PAGE_TEXT[lang];
  const { customer } = access;
  const locale = customer.locale.toLowerCase().startsWith(lang) ? customer.locale : text.locale;
  const day = (value: string) => formatDay(locale, customer.timezone, value);
  const invoices: PageInvoice[] = [];
  const totals = new Map<string, number>();
  for (const invoice of access.invoices) {
    const money = (amount: number) => formatMoney({ amount, currency: invoice.currency }, locale);
    const document = await invoiceDocument(input.db, invoice.id);
    invoices.push({
      id: invoice.id,
      issueDate: day(invoice.issueDate),
      dueDate: day(invoice.dueDate),
      amount: money(invoice.amount),
      balance: money(invoice.balance),
      stage: text.stages[invoice.stage] ?? invoice.stage,
      document: document && {
        href: `${pagePath}/documents/${encodeURIComponent(document.id)}`,
        original: document.kind === ORIGINAL_INVOICE_KIND,
      },
    });
    totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0) + invoice.balance);
  }
  const nonces = Object.fromEntries(
    DEBTOR_ANSWERS.map((answer) => [answer, randomBytes(16).toString('base64url')]),
  ) as Record<DebtorAnswerKind, string>;
  return {
    lang,
    pagePath,
    stylesheet: input.stylesheet,
    creditor: {
      name: creditor?.name ?? '',
      contact: creditor?.contact,
      paymentInstructions: creditor && paymentInstructionsIn(lang, creditor.paymentInstructions),
    },
    customerName: customer.name,
    invoices,
    totals: [...totals].map(([currency, amount]) => formatMoney({ amount, currency }, locale)),
    nonces,
    today: DateTime.fromJSDate(input.now).setZone(customer.timezone).toISODate() ?? '',
    outcome: input.outcome,
  };
}

/** The PDF the page links for an invoice: its original when uploaded, else the latest statement a reminder carried. */
export async function invoiceDocument(db: Database, invoiceId: string) {
  const documents = await listDocuments(db, invoiceId);
  const latest = (kind: string) => documents.filter((d) => d.kind === kind).at(-1);
  return latest(ORIGINAL_INVOICE_KIND) ?? latest('statement');
}

/** A date as the table prints it: a calendar date as written, an instant in the customer's zone. */
function formatDay(locale: string, timezone: string, value: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const at = dateOnly ? new Date(`${value}T12:00:00Z`) : new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: dateOnly ? 'UTC' : timezone }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}
