import type { CurrencyAmount, CustomerPaymentWithAllocations } from '../../db/customers';
import type { InvoiceRow } from '../../db/invoices';
import { daysLate } from '../../domain/days-late';
import { formatMoney } from '../../domain/money';
import type { CustomerStatement } from '../../templates/customer-statement';
import type { CustomerSnapshot } from '../../workflows/messages';

/** The creditor's particulars a statement is headed with (the `CREDITOR_*` configuration). */
export interface StatementCreditor {
  name: string;
  contact: string;
  address?: string[];
  registration?: string;
  city?: string;
}

/** What a statement is made of, as stored: the customer's invoices, its payments with their shares, its credit. */
export interface StatementFacts {
  creditor: StatementCreditor;
  /** The customer's invoices, any status; at least one (a customer is known by its invoices). */
  invoices: InvoiceRow[];
  payments: CustomerPaymentWithAllocations[];
  credit: CurrencyAmount[];
  at: Date;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The statement as the customer reads it, as of `at`: its latest invoice's name, address, language and time zone; each
 * open invoice oldest due first; its payments oldest first with their shares in force; per currency the outstanding,
 * the credit and the net due (negative when the credit exceeds what is owed).
 */
export function customerStatementContent(facts: StatementFacts): CustomerStatement {
  const customer = latestCustomer(facts.invoices);
  const locale = customer.locale || 'en';
  const timezone = customer.timezone || 'UTC';
  const language = locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
  const money = (amount: number, currency: string) => formatMoney({ amount, currency }, locale);
  const day = (value: string) => shortDate(locale, timezone, value);

  const open = facts.invoices
    .filter((invoice) => invoice.status === 'open')
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
  const payments = [...facts.payments].sort(
    (a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.paymentId.localeCompare(b.paymentId),
  );
  const currencies = [...new Set([...open.map((i) => i.currency), ...facts.credit.map((c) => c.currency)])].sort();

  return {
    language,
    creditor: {
      name: facts.creditor.name,
      address: facts.creditor.address ?? [],
      contact: facts.creditor.contact,
      registration: facts.creditor.registration,
      city: facts.creditor.city,
    },
    debtor: {
      name: customer.name,
      customerId: facts.invoices[0]!.customerId,
      email: customer.email,
      phone: customer.phone,
      country: customer.country,
      address: customer.address && { ...customer.address, countryName: countryName(locale, customer.address.country) },
    },
    asOf: longDate(locale, timezone, facts.at),
    invoices: open.map((invoice) => ({
      invoiceNumber: invoice.id,
      issueDate: day(invoice.issueDate),
      // An instant due date is printed as the day it falls on for the customer; a calendar date as written.
      dueDate: day(DATE_ONLY.test(invoice.dueDate) ? invoice.dueDate : invoice.dueAt),
      amount: money(invoice.amount, invoice.currency),
      paid: money(Math.max(0, invoice.amount - invoice.balance), invoice.currency),
      outstanding: money(invoice.balance, invoice.currency),
      daysLate: daysLate(invoice.dueAt, facts.at),
    })),
    payments: payments.map((payment) => ({
      receivedOn: day(payment.receivedAt),
      // A payment without a reference is known by its id, as the payer's system sent it.
      reference: payment.reference ?? payment.paymentId,
      amount: money(payment.amount, payment.currency),
      reversed: payment.reversedAt !== null,
      // Shares reversed, or returned as credit because their invoice had closed, no longer count.
      allocations: payment.allocations
        .filter((share) => share.reversedAt === null && share.undeliverableAt === null)
        .map((share) => ({ invoiceNumber: share.invoiceId, amount: money(share.amount, payment.currency) })),
      credit: payment.credit > 0 ? money(payment.credit, payment.currency) : undefined,
    })),
    totals: currencies.map((currency) => {
      const outstanding = open.filter((i) => i.currency === currency).reduce((sum, i) => sum + i.balance, 0);
      const credit = facts.credit.find((c) => c.currency === currency)?.amount ?? 0;
      return {
        currency,
        outstanding: money(outstanding, currency),
        credit: money(credit, currency),
        net: money(outstanding - credit, currency),
      };
    }),
  };
}

/** The statement's day in the customer's zone, `YYYY-MM-DD`: its file name. */
export function statementDay(invoices: InvoiceRow[], at: Date): string {
  const timezone = latestCustomer(invoices).timezone || 'UTC';
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The customer as its most recent invoice describes it. */
function latestCustomer(invoices: InvoiceRow[]): CustomerSnapshot {
  const latest = invoices.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
  return latest.customer as unknown as CustomerSnapshot;
}

/** A table's date: numeric, in the customer's zone; a calendar date stays the day it names. */
function shortDate(locale: string, timezone: string, value: string): string {
  const dateOnly = DATE_ONLY.test(value);
  return new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: dateOnly ? 'UTC' : timezone,
  }).format(new Date(dateOnly ? `${value}T12:00:00Z` : value));
}

/** The heading's date, long form; French writes the first of the month as an ordinal (« 1er mai »), which Intl does not. */
function longDate(locale: string, timezone: string, at: Date): string {
  const parts = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: timezone }).formatToParts(at);
  const french = locale.toLowerCase().startsWith('fr');
  return parts.map((p) => (french && p.type === 'day' && Number(p.value) === 1 ? '1er' : p.value)).join('');
}

function countryName(locale: string, code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
