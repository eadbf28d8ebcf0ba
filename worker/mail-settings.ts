import { createTransport } from 'nodemailer';
import type { MailSettings } from '../activities/contracts';
import type { RelanceConfig } from '../config/load-config';

/** Well inside the mail activity's own timeout: a relay that stops answering fails the attempt, which is retried. */
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 45_000 };

/** The SMTP transport and the creditor's particulars every mail and letter carries, from configuration. */
export function createMailSettings(config: RelanceConfig): MailSettings {
  return {
    transport: createTransport(withTimeouts(config.smtpUrl)),
    from: config.mailFrom,
    creditorName: config.creditor.name,
    paymentInstructions: config.creditor.paymentInstructions,
    contact: config.creditor.contact,
    creditorAddress: config.creditor.address,
    creditorRegistration: config.creditor.registration,
    creditorCity: config.creditor.city,
    stallAlertAfterMs: config.mailStallAlertAfterMs,
  };
}

/** Nodemailer reads transport options from the URL's query; values already in SMTP_URL win. */
export function withTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [name, value] of Object.entries(SMTP_TIMEOUTS)) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, String(value));
  }
  return url.toString();
}
