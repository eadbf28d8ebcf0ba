import { createHash } from 'node:crypto';
import { createActivities } from '../../activities';
import { listCommunications } from '../../db/communications';
import type { Database } from '../../db/database';
import { storeOriginalInvoice } from '../../db/documents';
import { anInvoicePdf } from '../api/documents/invoice-pdf';
import { eventually } from '../support/eventually';
import { inboxAttachment, inboxMessage, messagesTo } from '../support/mail-inbox';
import { createTestDatabase, requiredEnv } from '../support/test-database';
import { anInvoice, aStep, mailSettings } from './fixtures';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the original invoice on every mail about it', () => {
  let db: Database;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db.close());

  const activities = () => createActivities({ db, mail: mailSettings(requiredEnv('SMTP_URL')) });

  async function upload(invoiceId: string, note = '') {
    const content = await anInvoicePdf(invoiceId, note);
    const { document } = await db.withTransaction((tx) =>
      storeOriginalInvoice(tx, {
        invoiceId,
        filename: `facture-${invoiceId}.pdf`,
        contentType: 'application/pdf',
        content,
      }),
    );
    return { content, document };
  }

  it('attaches the uploaded original beside the statement, names it in the text and cites its SHA-256', async () => {
    const invoice = anInvoice();
    const { content, document } = await upload(invoice.id);

    const sent = await activities().sendReminderEmail(aStep(invoice));

    const [message] = await eventually(
      () => messagesTo(invoice.customer.email),
      (m) => m.length === 1,
    );
    expect(message!.attachments.map((a) => a.filename)).toEqual([
      `releve-${invoice.id}.pdf`,
      `facture-${invoice.id}.pdf`,
    ]);
    expect(await inboxAttachment(message!.id, 1)).toEqual(content);
    expect((await inboxMessage(message!.id)).text).toContain(`facture-${invoice.id}.pdf`);
    const [row] = await listCommunications(db, invoice.id);
    expect(row!.messageId).toBe(sent.messageId);
    expect(row!.detail.attachments).toEqual([
      expect.objectContaining({ filename: `releve-${invoice.id}.pdf` }),
      {
        documentId: document.id,
        filename: `facture-${invoice.id}.pdf`,
        contentType: 'application/pdf',
        sha256: sha256(content),
      },
    ]);
  });

  it('attaches it to customer notices too', async () => {
    const invoice = anInvoice();
    const { content } = await upload(invoice.id);

    await activities().sendCustomerNotice({
      invoice,
      template: 'payment-thanks',
      key: 'payment:P-1:thanks',
      balance: 23_450,
      payment: { paymentId: 'P-1', amount: 100_000, receivedAt: '2026-03-20T10:00:00Z' },
    });

    const [message] = await eventually(
      () => messagesTo(invoice.customer.email),
      (m) => m.length === 1,
    );
    expect(message!.attachments).toEqual([expect.objectContaining({ filename: `facture-${invoice.id}.pdf` })]);
    expect(await inboxAttachment(message!.id, 0)).toEqual(content);
  });

  it('attaches the latest version to a mail after a correction; an earlier mail keeps citing the one it carried', async () => {
    const invoice = anInvoice();
    const first = await upload(invoice.id, 'v1');
    await activities().sendReminderEmail(aStep(invoice));
    const second = await upload(invoice.id, 'corrigée');
    expect(second.document.id).not.toBe(first.document.id);

    await activities().sendReminderEmail(aStep(invoice, { index: 2, template: 'reminder-2' }));

    const rows = await listCommunications(db, invoice.id);
    const cited = rows.map((r) => (r.detail.attachments as { sha256: string }[]).map((a) => a.sha256));
    expect(cited).toEqual([
      [expect.any(String), sha256(first.content)],
      [expect.any(String), sha256(second.content)],
    ]);
  });

  it('sends nothing extra when no original was uploaded', async () => {
    const invoice = anInvoice();
    await activities().sendReminderEmail(aStep(invoice));
    const [message] = await eventually(
      () => messagesTo(invoice.customer.email),
      (m) => m.length === 1,
    );
    expect(message!.attachments.map((a) => a.filename)).toEqual([`releve-${invoice.id}.pdf`]);
  });
});

describe('re-sending a step after the contact was corrected', () => {
  let db: Database;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db.close());

  it('is a new mail under a new record id and Message-ID, the first send left as it was', async () => {
    const { sendReminderEmail } = createActivities({ db, mail: mailSettings(requiredEnv('SMTP_URL')) });
    const invoice = anInvoice();
    const first = await sendReminderEmail(aStep(invoice));
    const corrected = { ...invoice, customer: { ...invoice.customer, email: `fixed-${invoice.customer.email}` } };

    const resent = await sendReminderEmail({ ...aStep(corrected), resend: 1 });
    const again = await sendReminderEmail({ ...aStep(corrected), resend: 1 });

    expect(resent.messageId).not.toBe(first.messageId);
    expect(resent.messageId).toMatch(/\.step-1\.resend-1@atelier-martin\.test>$/);
    expect(again).toEqual({ ...resent, alreadySent: true });
    const rows = await listCommunications(db, invoice.id);
    expect(rows.map((r) => [r.id, r.recipient, r.messageId])).toEqual([
      [`${invoice.id}:step-1:email`, invoice.customer.email, first.messageId],
      [`${invoice.id}:step-1:email:resend-1`, corrected.customer.email, resent.messageId],
    ]);
    expect(rows[1]!.detail).toMatchObject({ resend: 1 });
    const [message] = await eventually(
      () => messagesTo(corrected.customer.email),
      (m) => m.length === 1,
    );
    expect(message!.messageId).toBe(resent.messageId);
  });
});
