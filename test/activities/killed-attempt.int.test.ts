import { spawn } from 'node:child_process';
import path from 'node:path';
import { createActivities } from '../../activities';
import { listCommunications } from '../../db/communications';
import type { Database } from '../../db/database';
import { findOutboxMail } from '../../db/mail-outbox';
import { createTestDatabase } from '../support/test-database';
import { FaultSmtpServer, startFaultSmtpServer } from './fault-smtp-server';
import { anInvoice, aStep, mailSettings } from './fixtures';

/** Runs send-then-die.ts in its own process and waits until the kernel has killed it. */
function sendThenDie(
  databaseUrl: string,
  smtpUrl: string,
  invoice: unknown,
  moment: string,
): Promise<NodeJS.Signals | null> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(__dirname, 'send-then-die.ts'),
      databaseUrl,
      smtpUrl,
      JSON.stringify(invoice),
      moment,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(signal));
  });
}

describe('a worker process killed in the middle of a send', () => {
  let db: Database & { url: string };
  let relay: FaultSmtpServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    relay = await startFaultSmtpServer({});
  });

  afterAll(async () => {
    await relay.stop();
    await db.close();
  });

  it('after the outbox recorded the acceptance: the retry writes the proof-trail row and sends nothing', async () => {
    const invoice = anInvoice();
    expect(await sendThenDie(db.url, relay.url, invoice, 'before-record')).toBe('SIGKILL');
    expect(relay.deliveries.filter((d) => d.to.includes(invoice.customer.email))).toHaveLength(1);
    expect(await listCommunications(db, invoice.id)).toEqual([]);

    const retry = await createActivities({ db, mail: mailSettings(relay.url) }).sendReminderEmail(aStep(invoice));

    const delivered = relay.deliveries.filter((d) => d.to.includes(invoice.customer.email));
    expect(delivered).toHaveLength(1);
    expect(retry).toMatchObject({ alreadySent: true, messageId: delivered[0]!.messageId });
    expect(await listCommunications(db, invoice.id)).toEqual([
      expect.objectContaining({ result: 'sent', messageId: delivered[0]!.messageId }),
    ]);
  });

  it('between the relay accepting and the commit: the retry resends one identical message, and the row says so', async () => {
    const invoice = anInvoice();
    expect(await sendThenDie(db.url, relay.url, invoice, 'after-relay')).toBe('SIGKILL');
    // The dead attempt's transaction, and the lock it held, ended with its connection.
    expect(await findOutboxMail(db, `${invoice.id}:step-1:email`)).toMatchObject({ status: 'pending', attempts: 1 });

    await createActivities({ db, mail: mailSettings(relay.url) }).sendReminderEmail(aStep(invoice));

    const delivered = relay.deliveries.filter((d) => d.to.includes(invoice.customer.email));
    expect(delivered).toHaveLength(2);
    expect(new Set(delivered.map((d) => d.messageId)).size).toBe(1);
    const rows = await listCommunications(db, invoice.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.detail).toMatchObject({ attempts: 2 });
  });
});
