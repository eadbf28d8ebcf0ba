import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { MailSettings, StepContext } from '../../activities/contracts';
import type { ScheduledStep } from '../../domain/dunning-schedule';
import type { InvoiceSnapshot } from '../../workflows/messages';

/** A French B2B invoice due on 4 February 2026, with its own id and mailbox so tests never see each other's mail. */
export function anInvoice(
  overrides: Partial<InvoiceSnapshot> = {},
  customer: Partial<InvoiceSnapshot['customer']> = {},
) {
  const id = `F-2026-${randomUUID().slice(0, 8)}`;
  const invoice: InvoiceSnapshot = {
    id,
    customer: {
      id: `C-${id}`,
      name: 'Boulangerie Dupont',
      email: `${id.toLowerCase()}@dupont.test`,
      phone: '+33 1 23 45 67 89',
      locale: 'fr-FR',
      timezone: 'Europe/Paris',
      country: 'FR',
      address: { lines: ['12 rue des Lilas'], postcode: '69003', city: 'Lyon', country: 'FR' },
      ...customer,
    },
    amount: 123_450,
    currency: 'EUR',
    issueDate: '2026-01-05',
    dueDate: '2026-02-04',
    ...overrides,
  };
  return invoice;
}

export function aStep(
  invoice: InvoiceSnapshot,
  step: Partial<ScheduledStep> = {},
  balance = invoice.amount,
): StepContext {
  return {
    invoice,
    step: { index: 1, action: 'email', template: 'reminder-1', at: '2026-02-05T08:00:00Z', ...step },
    balance,
    policyId: 'fr-b2b-standard',
  };
}

/** The creditor's settings, over a real SMTP transport; the clock is pinned to 21 March 2026, 10:00 Paris time. */
export function mailSettings(smtpUrl: string, overrides: Partial<MailSettings> = {}): MailSettings {
  return {
    transport: createTransport(smtpUrl),
    from: 'Atelier Martin <recouvrement@atelier-martin.test>',
    creditorName: 'Atelier Martin SAS',
    paymentInstructions: 'virement IBAN FR76 3000 6000 0112 3456 7890 189',
    contact: 'compta@atelier-martin.test',
    creditorAddress: ['12 rue des Tanneurs', '69002 Lyon'],
    creditorRegistration: 'SIREN 812 345 678',
    creditorCity: 'Lyon',
    now: () => new Date('2026-03-21T09:00:00Z'),
    ...overrides,
  };
}
