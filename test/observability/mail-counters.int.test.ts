import { createActivities } from '../../activities';
import type { MailSettings } from '../../activities/contracts';
import type { Database } from '../../db/database';
import { sharedMetrics } from '../../observability/metrics';
import { anInvoice, aStep, mailSettings } from '../activities/fixtures';
import { startFaultSmtpServer } from '../activities/fault-smtp-server';
import { createTestDatabase, requiredEnv } from '../support/test-database';
import { sampleSum } from './prometheus-text';

const REMINDER = { kind: 'step:email', template: 'reminder-1' };

/** What the mail counters say for each way a mail can go: once per mail sent, however many attempts it took. */
describe('the mail counters', () => {
  let db: Database;
  const activities = (mail: MailSettings) => createActivities({ db, mail });
  const count = async (name: string, labels: Record<string, string> = {}) =>
    sampleSum(await sharedMetrics().registry.metrics(), name, { ...REMINDER, ...labels });
  /** How much each counter moved while `work` ran. */
  async function moves(work: () => Promise<unknown>) {
    const read = async () => ({
      sent: await count('relance_mails_sent_total'),
      attemptFailed: await count('relance_mails_failed_total', { reason: 'attempt_failed' }),
      rejected: await count('relance_mails_failed_total', { reason: 'rejected' }),
      retried: await count('relance_mails_resent_total', { reason: 'retried' }),
      contactCorrected: await count('relance_mails_resent_total', { reason: 'contact_corrected' }),
    });
    const before = await read();
    await work();
    const after = await read();
    return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]));
  }

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('count a mail sent once, and nothing for a second call that finds it sent', async () => {
    const { sendReminderEmail } = activities(mailSettings(requiredEnv('SMTP_URL')));
    const invoice = anInvoice();
    expect(
      await moves(async () => {
        await sendReminderEmail(aStep(invoice));
        await sendReminderEmail(aStep(invoice));
      }),
    ).toEqual({ sent: 1, attemptFailed: 0, rejected: 0, retried: 0, contactCorrected: 0 });
  });

  it('count a failed attempt and, once the relay takes it, one mail sent on a retry', async () => {
    const relay = await startFaultSmtpServer({ answer: (attempt) => (attempt === 1 ? 451 : undefined) });
    try {
      const { sendReminderEmail } = activities(mailSettings(relay.url));
      const invoice = anInvoice();
      expect(
        await moves(async () => {
          await sendReminderEmail(aStep(invoice)).catch(() => undefined);
          await sendReminderEmail(aStep(invoice));
        }),
      ).toEqual({ sent: 1, attemptFailed: 1, rejected: 0, retried: 1, contactCorrected: 0 });
    } finally {
      await relay.stop();
    }
  });

  it('count a mailbox refused for good once, and a step re-sent to the corrected address as re-sent', async () => {
    const relay = await startFaultSmtpServer({ rejectRecipient: (a) => (a.startsWith('gone') ? 550 : undefined) });
    try {
      const { sendReminderEmail } = activities(mailSettings(relay.url));
      const invoice = anInvoice({}, { email: `gone-${Date.now()}@dupont.test` });
      expect(
        await moves(async () => {
          await sendReminderEmail(aStep(invoice)).catch(() => undefined);
          await sendReminderEmail(aStep(invoice)).catch(() => undefined);
        }),
      ).toEqual({ sent: 0, attemptFailed: 0, rejected: 1, retried: 0, contactCorrected: 0 });
      const corrected = { ...invoice, customer: { ...invoice.customer, email: `back-${Date.now()}@dupont.test` } };
      expect(await moves(() => sendReminderEmail({ ...aStep(corrected), resend: 1 }))).toEqual({
        sent: 1,
        attemptFailed: 0,
        rejected: 0,
        retried: 0,
        contactCorrected: 1,
      });
    } finally {
      await relay.stop();
    }
  });
});
