import { createTransport } from 'nodemailer';
import type { MailSettings } from '../activities/mail-activities';
import type { RelanceConfig } from '../config/load-config';

/** The SMTP transport and the creditor's particulars every mail carries, from configuration. */
export function createMailSettings(config: RelanceConfig): MailSettings {
  return {
    transport: createTransport(config.smtpUrl),
    from: config.mailFrom,
    creditorName: config.creditor.name,
    paymentInstructions: config.creditor.paymentInstructions,
    contact: config.creditor.contact,
  };
}
