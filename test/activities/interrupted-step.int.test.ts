import { createActivities } from '../../activities';
import { listCommunications } from '../../db/communications';
import { listTasks } from '../../db/tasks';
import type { Database } from '../../db/database';
import { findOutboxMail, lockOutboxMail, recordMailIntent } from '../../db/mail-outbox';
import { createTestDatabase } from '../support/test-database';
import { FaultSmtpServer, startFaultSmtpServer } from './fault-smtp-server';
import { anInvoice, aStep, mailSettings } from './fixtures';

const recordIdOf = (invoiceId: string) => `${invoiceId}:step-1:email`;

describe('settling a step stopped while its attempt may have run', () => {
  let db: Database & { url: string };
  let relay: FaultSmtpServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    relay = await startFaultSmtpServer({ answer: (attempt) => (attempt === 1 ? 451 : undefined) });
  });

  afterAll(async () => {
    await relay.stop();
    await db.close();
  });

  const activities = (overrides = {}) => createActivities({ db, mail: mailSettings(relay.url, overrides) });

  it('withdraws a mail the relay never took, then a later run of the step renders and sends it once', async () => {
    const invoice = anInvoice();
    // The first attempt met a relay answering 451, then the invoice was paid: the intent stays pending.
    await expect(activities().sendReminderEmail(aStep(invoice))).rejects.toThrow(/451/);
    expect(await findOutboxMail(db, recordIdOf(invoice.id))).toMatchObject({ status: 'pending', attempts: 1 });

    expect(await activities().settleInterruptedStep(aStep(invoice))).toEqual({ tookPlace: false });
    expect(await findOutboxMail(db, recordIdOf(invoice.id))).toMatchObject({ status: 'withdrawn' });
    // The attempt reached the relay before it failed: the proof trail says the mail may have gone, with its Message-ID.
    const outbox = (await findOutboxMail(db, recordIdOf(invoice.id)))!;
    expect(await listCommunications(db, invoice.id)).toEqual([
      expect.objectContaining({ result: 'unconfirmed', messageId: outbox.messageId }),
    ]);

    // Escalation resumed (a reversal): the same step runs again, with the balance as it now stands.
    const sent = await activities().sendReminderEmail(aStep(invoice, {}, 50_000));
    expect(sent.alreadySent).toBe(false);
    expect(relay.deliveries.filter((d) => d.to.includes(invoice.customer.email))).toHaveLength(1);
    expect(relay.deliveries.at(-1)!.raw).toMatch(/500,00/);
    expect(await findOutboxMail(db, recordIdOf(invoice.id))).toMatchObject({ status: 'sent' });
    expect((await listCommunications(db, invoice.id)).map((c) => c.result).sort()).toEqual(['sent', 'unconfirmed']);
  });

  it('says a step took place when the relay took its mail, or its task is on the proof trail', async () => {
    const invoice = anInvoice();
    await activities().sendReminderEmail(aStep(invoice));
    expect(await activities().settleInterruptedStep(aStep(invoice))).toEqual({ tookPlace: true });

    const call = aStep(invoice, { index: 2, action: 'phone_task', template: 'phone-call' });
    await activities().createPhoneTask(call);
    expect(await activities().settleInterruptedStep(call)).toEqual({ tookPlace: true });
    expect(await listTasks(db, { invoiceId: invoice.id })).toHaveLength(1);

    const never = aStep(invoice, { index: 3, action: 'letter', template: 'registered-letter' });
    expect(await activities().settleInterruptedStep(never)).toEqual({ tookPlace: false });
  });

  it('waits while another attempt holds the mail, so none can hand it to the relay after the decision', async () => {
    const invoice = anInvoice();
    await recordMailIntent(db, {
      id: recordIdOf(invoice.id),
      invoiceId: invoice.id,
      messageId: '<held@atelier-martin.test>',
      recipient: invoice.customer.email,
      template: 'reminder-1',
      message: {
        from: 'a@b.test',
        to: invoice.customer.email,
        subject: 's',
        text: 't',
        html: 'h',
        date: new Date().toISOString(),
        headers: {},
        attachments: [],
      },
    });
    await db.withTransaction(async (tx) => {
      expect(await lockOutboxMail(tx, recordIdOf(invoice.id))).toBe(true);
      await expect(activities().settleInterruptedStep(aStep(invoice))).rejects.toMatchObject({ type: 'MailInFlight' });
    });
    expect(await findOutboxMail(db, recordIdOf(invoice.id))).toMatchObject({ status: 'pending' });
  });

  it('tells a person once when every attempt of a mail has failed for longer than allowed, and keeps trying', async () => {
    const invoice = anInvoice();
    const down = await startFaultSmtpServer({ answer: () => 421 });
    try {
      let clock = Date.parse('2026-03-21T09:00:00Z');
      const settings = { ...mailSettings(down.url), stallAlertAfterMs: 30 * 60_000, now: () => new Date(clock) };
      const stalled = createActivities({ db, mail: settings });
      await expect(stalled.sendReminderEmail(aStep(invoice))).rejects.toThrow(/421/);
      expect(await listTasks(db, { invoiceId: invoice.id })).toHaveLength(0);
      clock += 31 * 60_000;
      await expect(stalled.sendReminderEmail(aStep(invoice))).rejects.toThrow(/421/);
      await expect(stalled.sendReminderEmail(aStep(invoice))).rejects.toThrow(/421/);
      const tasks = await listTasks(db, { invoiceId: invoice.id });
      expect(tasks).toEqual([expect.objectContaining({ kind: 'mail_relay', status: 'open' })]);
      expect(await findOutboxMail(db, recordIdOf(invoice.id))).toMatchObject({ status: 'pending', attempts: 3 });
    } finally {
      await down.stop();
    }
  });
});
