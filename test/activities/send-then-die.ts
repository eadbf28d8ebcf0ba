/**
 * A worker process that dies by SIGKILL in the middle of sending a reminder, at the moment the test names:
 * `after-relay` (the relay said 250, nothing committed yet) or `before-record` (the outbox says sent, the proof-trail
 * row is not written). Run by killed-attempt.int.test.ts; arguments: database URL, SMTP URL, invoice JSON, moment.
 */
import type { Transporter } from 'nodemailer';
import { createActivities } from '../../activities';
import { createDatabase, Database } from '../../db/database';
import type { InvoiceSnapshot } from '../../workflows/messages';
import { aStep, mailSettings } from './fixtures';

const [databaseUrl, smtpUrl, invoiceJson, moment] = process.argv.slice(2) as [string, string, string, string];
const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};

const db = createDatabase({ connectionString: databaseUrl, max: 3 });
const dying: Database =
  moment === 'before-record'
    ? {
        ...db,
        query: (text, params) => (/INSERT INTO communications/.test(text) ? die() : db.query(text, params)),
      }
    : db;
const settings = mailSettings(smtpUrl);
const transport =
  moment === 'after-relay'
    ? ({
        sendMail: async (message: unknown) => {
          await settings.transport.sendMail(message as never);
          die();
        },
      } as unknown as Transporter)
    : settings.transport;

void createActivities({ db: dying, mail: { ...settings, transport } }).sendReminderEmail(
  aStep(JSON.parse(invoiceJson) as InvoiceSnapshot),
);
