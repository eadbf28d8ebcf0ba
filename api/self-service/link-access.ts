import type { Database } from '../../db/database';
import { CustomerOpenInvoice, customerOpenInvoices } from '../../db/customers';
import { listCustomerInvoices } from '../../db/invoices';
import { findShortLink } from '../../db/self-service-short-links';
import { SelfServiceGrant, SHORT_CODE, verifySelfServiceToken } from '../../templates/self-service-link';

/** What a valid link opens: its customer (as its invoices name it) and the customer's open invoices. */
export interface LinkAccess {
  token: string;
  /** SHA-256 of the token: what answers and views are counted by. */
  hash: string;
  customerId: string;
  customer: { name: string; locale: string; timezone: string };
  invoices: CustomerOpenInvoice[];
}

/**
 * The grant a link's token carries: a signed token verified against `secrets`, or a letter's short code (10 characters
 * of base32) looked up in `self_service_short_links`. `undefined` for an unknown, expired, forged or tampered one alike,
 * and for every token when no secret is configured (the page is off).
 */
export async function grantOfToken(
  db: Database,
  token: string,
  secrets: string[],
  now: Date,
): Promise<SelfServiceGrant | undefined> {
  if (secrets.length === 0) return undefined;
  if (!SHORT_CODE.test(token)) return verifySelfServiceToken(token, secrets, now);
  const link = await findShortLink(db, token);
  if (!link || !(link.expiresAt.getTime() > now.getTime())) return undefined;
  return { customerId: link.customerId, expiresAt: link.expiresAt };
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
