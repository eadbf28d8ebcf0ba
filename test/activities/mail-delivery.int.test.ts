import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import { createActivities } from '../../activities';
import type { MailSettings } from '../../activities/contracts';
import { listCommunications } from '../../db/communications';
import type { Database, Queryable } from '../../db/database';
import { findOutboxMail } from '../../db/mail-outbox';
import { listTasks } from '../../db/tasks';
import { createTestDatabase, requiredEnv } from '../support/test-database';
import { eventually } from '../support/eventually';
import { inboxMessage, messagesTo } from '../support/mail-inbox';
import { startFaultSmtpServer } from './fault-smtp-server';
import { anInvoice, aStep, mailSettings } from './fixtures';

describe('sending a dunning e-mail exactly once', () => {
  let db: Database & { url: string };

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db.close());

  const activities = (mail: MailSettings, database: Database = db) => createActivities({ db: database, mail });

  it('sends the reminder with its statement attached and records it once, and a second call sends nothing', async () => {
    const invoice = anInvoice();
    const { sendReminderEmail } = activities(mailSettings(requiredEnv('SMTP_URL')));

    const first = await sendReminderEmail(aStep(invoice));
    const again = await sendReminderEmail(aStep(invoice));

    expect(first.alreadySent).toBe(false);
    expect(again).toEqual({ ...first, alreadySent: true });
    const [message, ...others] = await eventually(
      () => messagesTo(invoice.customer.email),
      (m) => m.length >= 1,
    );
    expect(others).toHaveLength(0);
    expect(message!.subject).toBe(`Facture n° ${invoice.id} en retard`);
    expect(message!.messageId).toBe(first.messageId);
    expect(message!.attachments).toEqual([
      expect.objectContaining({ filename: `releve-${invoice.id}.pdf`, contentType: 'application/pdf' }),
    ]);
    const body = await inboxMessage(message!.id);
    expect(body.text).toMatch(/solde dû s'élève à 1\s234,50\s€/u);
    expect(body.text).toContain('45 jours de retard');
    expect(body.html).toContain('virement IBAN FR76');
    const rows = await listCommunications(db, invoice.id);
    expect(rows).toEqual([
      expect.objectContaining({
        channel: 'email',
        template: 'reminder-1',
        result: 'sent',
        messageId: first.messageId,
        recipient: invoice.customer.email,
      }),
    ]);
    expect(rows[0]!.detail).toMatchObject({
      attempts: 1,
      attachments: [expect.objectContaining({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })],
    });
  });

  it('retries a relay that answers 451 and then accepts: one message, one proof-trail row', async () => {
    const relay = await startFaultSmtpServer({ answer: (attempt) => (attempt === 1 ? 451 : undefined) });
    try {
      const invoice = anInvoice();
      const { sendReminderEmail } = activities(mailSettings(relay.url));

      const refused = await sendReminderEmail(aStep(invoice)).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(Error);
      expect(refused).not.toBeInstanceOf(ApplicationFailure);
      expect(await listCommunications(db, invoice.id)).toHaveLength(0);

      const sent = await sendReminderEmail(aStep(invoice));
      expect(relay.deliveries).toHaveLength(1);
      expect(relay.deliveries[0]!.messageId).toBe(sent.messageId);
      const rows = await listCommunications(db, invoice.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.detail).toMatchObject({ attempts: 2 });
    } finally {
      await relay.stop();
    }
  });

  it('finishes the record without sending again when the attempt died after the relay accepted', async () => {
    const relay = await startFaultSmtpServer({});
    try {
      const invoice = anInvoice();
      const dying = crashOnFirst(db, /INSERT INTO communications/);
      const firstAttempt = activities(mailSettings(relay.url), dying);
      await expect(firstAttempt.sendReminderEmail(aStep(invoice))).rejects.toThrow('process died');
      expect(relay.deliveries).toHaveLength(1);
      expect(await listCommunications(db, invoice.id)).toHaveLength(0);

      const retry = await activities(mailSettings(relay.url)).sendReminderEmail(aStep(invoice));

      expect(retry.alreadySent).toBe(true);
      expect(relay.deliveries).toHaveLength(1);
      const rows = await listCommunications(db, invoice.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ messageId: relay.deliveries[0]!.messageId, result: 'sent' });
      expect(rows[0]!.detail).toMatchObject({ attempts: 1 });
    } finally {
      await relay.stop();
    }
  });

  it('resends the very same message under the same Message-ID when the attempt died before the acceptance was committed', async () => {
    const relay = await startFaultSmtpServer({});
    try {
      const invoice = anInvoice();
      const settings = mailSettings(relay.url);
      const dyingTransport = {
        sendMail: async (message: unknown) => {
          await settings.transport.sendMail(message as never);
          throw new Error('process died');
        },
      } as unknown as Transporter;
      await expect(
        activities({ ...settings, transport: dyingTransport }).sendReminderEmail(aStep(invoice)),
      ).rejects.toThrow('process died');

      await activities(settings).sendReminderEmail(aStep(invoice));

      // The one window no outbox can close: the relay got it twice, byte for byte, under one Message-ID, which
      // mailbox providers and mail clients show as one message; the proof trail holds one row and counts the attempts.
      expect(relay.deliveries).toHaveLength(2);
      expect(new Set(relay.deliveries.map((d) => d.messageId)).size).toBe(1);
      expect(stripTrace(relay.deliveries[1]!.raw)).toBe(stripTrace(relay.deliveries[0]!.raw));
      const rows = await listCommunications(db, invoice.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.detail).toMatchObject({ attempts: 2 });
    } finally {
      await relay.stop();
    }
  });

  it('lets only one of two simultaneous attempts talk to the relay', async () => {
    const relay = await startFaultSmtpServer({});
    try {
      const invoice = anInvoice();
      const { sendReminderEmail } = activities(mailSettings(relay.url));
      const results = await Promise.allSettled([sendReminderEmail(aStep(invoice)), sendReminderEmail(aStep(invoice))]);

      expect(relay.deliveries).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected')
          expect(result.reason).toMatchObject({ type: 'MailInFlight', nonRetryable: false });
      }
      expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
      expect(await listCommunications(db, invoice.id)).toHaveLength(1);
    } finally {
      await relay.stop();
    }
  });

  it('fails for good on a 550, records why, asks a person to fix the contact, and never asks the relay again', async () => {
    const relay = await startFaultSmtpServer({ rejectRecipient: () => 550 });
    try {
      const invoice = anInvoice();
      const { sendReminderEmail } = activities(mailSettings(relay.url));

      const failure = await sendReminderEmail(aStep(invoice)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'MailRejected', nonRetryable: true });
      expect((failure as Error).message).toContain('550');
      const seen = relay.attempts;

      await expect(sendReminderEmail(aStep(invoice))).rejects.toMatchObject({ type: 'MailRejected' });
      expect(relay.attempts).toBe(seen);
      expect(relay.deliveries).toHaveLength(0);

      const rows = await listCommunications(db, invoice.id);
      expect(rows.map((r) => [r.channel, r.result])).toEqual([
        ['email', 'rejected'],
        ['task', 'task_created'],
      ]);
      expect(rows[0]!.detail.reason).toContain('550');
      const tasks = await listTasks(db, { invoiceId: invoice.id });
      expect(tasks).toEqual([expect.objectContaining({ kind: 'fix_contact', status: 'open' })]);
      expect(tasks[0]!.context.reason).toContain('mailbox unavailable');
      expect((await findOutboxMail(db, rows[0]!.id))?.status).toBe('rejected');
    } finally {
      await relay.stop();
    }
  });

  it('refuses a malformed address without contacting any relay', async () => {
    const relay = await startFaultSmtpServer({});
    try {
      const invoice = anInvoice({}, { email: 'compta at dupont' });
      const { sendReminderEmail } = activities(mailSettings(relay.url));

      await expect(sendReminderEmail(aStep(invoice))).rejects.toMatchObject({
        type: 'MailRejected',
        nonRetryable: true,
        message: expect.stringContaining("'compta at dupont' is malformed"),
      });
      expect(relay.attempts).toBe(0);
      expect((await listTasks(db, { invoiceId: invoice.id })).map((t) => t.kind)).toEqual(['fix_contact']);
    } finally {
      await relay.stop();
    }
  });

  it('retries a relay that refuses our own credentials: an operator can fix that, unlike a dead mailbox', async () => {
    const failing = {
      sendMail: async () => {
        throw Object.assign(new Error('Invalid login: 535 5.7.8 Authentication failed'), {
          code: 'EAUTH',
          responseCode: 535,
          command: 'AUTH PLAIN',
        });
      },
    } as unknown as Transporter;
    const invoice = anInvoice();
    const failure = await activities({ ...mailSettings(requiredEnv('SMTP_URL')), transport: failing })
      .sendReminderEmail(aStep(invoice))
      .catch((error: unknown) => error);
    expect(failure).not.toBeInstanceOf(ApplicationFailure);
    expect(await listTasks(db, { invoiceId: invoice.id })).toEqual([]);
    expect((await findOutboxMail(db, `${invoice.id}:step-1:email`))?.lastError).toContain('535');
  });
});

/** The database, except that the first statement matching `pattern` fails as if the process had died there. */
function crashOnFirst(db: Database, pattern: RegExp): Database {
  let crashed = false;
  const wrap = (target: Queryable): Queryable => ({
    query: (text, params) => {
      if (!crashed && pattern.test(text)) {
        crashed = true;
        return Promise.reject(new Error('process died'));
      }
      return target.query(text, params);
    },
  });
  return { ...db, ...wrap(db), withTransaction: (work) => db.withTransaction((tx) => work(wrap(tx))) };
}

/** The relay's own Received trace differs per delivery; the message we sent must not. */
const stripTrace = (raw: string) => raw.replace(/^Received:.*(\r?\n[ \t].*)*\r?\n/gim, '');
