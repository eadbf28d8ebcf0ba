import type { Database } from '../../db/database';
import { CustomerOpenInvoice, customerOpenInvoices } from '../../db/customers';
import { listCustomerInvoices } from '../../db/invoices';

/** What a valid link opens: its customer (as its invoices name it) and the customer's open invoices. */
export interface LinkAccess {
  token: string;
  /** SHA-256 of the token: what answers and views are counted by. */
  hash: string;
  customerId: string;
  customer: { name: string; locale: string; timezone: string };
  invoices: CustomerOpenInvoice[];
}

/** The customer a verified link names, read live; undefined when no invoice names it (refused like a bad link). */
export async function loadLinkAccess(
  db: Database,
  link: { token: string; hash: string; customerId: string },
): Promise<LinkAccess | undefined> {
  const invoices = await customerOpenInvoices(db, link.customerId);
  const any = invoices[0] ?? (await listCustomerInvoices(db, link.customerId, 1))[0];
  if (!any) return undefined;
  const text = (value: unknown, fallback: string) => (typeof value === 'string' && value ? value : fallback);
  const customer = {
    name: text(any.customer.name, ''),
    locale: text(any.customer.locale, 'en'),
    timezone: text(any.customer.timezone, 'UTC'),
  };
  return { ...link, customer, invoices };
}
