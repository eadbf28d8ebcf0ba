import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createActivities } from '../../activities';
import { MAX_INVOICES_ATTACHED } from '../../activities/customer-mail';
import { contextRecordId } from '../../activities/mail-activities';
import { listCommunications } from '../../db/communications';
import type { Database } from '../../db/database';
import { storeOriginalInvoice } from '../../db/documents';
import { insertInvoice, projectInvoice } from '../../db/invoices';
import { listTasks } from '../../db/tasks';
import type { ConsolidationRequest } from '../../workflows/customer-messages';
import type { InvoiceSnapshot } from '../../workflows/messages';
import { anInvoicePdf } from '../api/documents/invoice-pdf';
import { eventually } from '../support/eventually';
import { inboxMessage, messagesTo } from '../support/mail-inbox';
import { createTestDatabase, requiredEnv } from '../support/test-database';
import { startFaultSmtpServer } from './fault-smtp-server';
import { anInvoice, aStep, mailSettings } from './fixtures';

describe("the customer's one e-mail about several invoices", () => {
  let db: Database;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db.close());

  const activities = (smtpUrl = requiredEnv('SMTP_URL')) => createActivities({ db, mail: mailSettings(smtpUrl) });

  /** Invoices of one customer, each with its own number, amount and due date. */
  function invoicesOfOneCustomer(count: number, email = `compta-${randomUUID().slice(0, 8)}@dupont.test`) {
    const customerId = `C-${randomUUID().slice(0, 8)}`;
    return Array.from({ length: count }, (_, i) =>
      anInvoice({ amount: 100_000 + i * 23_450, dueDate: `2026-02-0${i + 2}` }, { id: customerId, email }),
    );
  }

  const request = (invoice: InvoiceSnapshot, template = 'reminder-1'): ConsolidationRequest => {
    const context = aStep(invoice, { template });
    return { invoiceId: invoice.id, recordId: contextRecordId(context), context, windowMs: 10_000 };
  };

  async function store(invoice: InvoiceSnapshot, status = 'open') {
    await insertInvoice(db, {
      id: invoice.id,
      customerId: invoice.customer.id,
      customer: { ...invoice.customer },
      amount: invoice.amount,
      currency: invoice.currency,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      dueAt: `${invoice.dueDate}T23:00:00Z`,
      policyId: 'fr-b2b-standard',
      policyVersion: 1,
      requestHash: invoice.id,
    });
    if (status !== 'open') {
      await projectInvoice(db, invoice.id, 1, {
        status,
        stage: status,
        balance: 0,
        nextAction: null,
        nextActionAt: null,
      });
    }
  }

  it('sends one mail listing both invoices with both statements, and writes each proof-trail row citing it', async () => {
    const [first, second] = invoicesOfOneCustomer(2);
    await Promise.all([store(first!), store(second!)]);
    const requests = [request(first!), request(second!)];

    const answer = await activities().sendConsolidatedReminder(first!.customer.id, requests);

    expect(answer).toEqual({ messageId: expect.any(String), invoiceIds: [first!.id, second!.id], left: [] });
    const [message, ...more] = await eventually(
      () => messagesTo(first!.customer.email),
      (m) => m.length >= 1,
    );
    expect(more).toEqual([]);
    expect(message!.subject).toBe('2 factures en retard\u00a0: solde dû 2\u202f234,50\u00a0€');
    expect(message!.attachments.map((a) => a.filename)).toEqual([
      `releve-${first!.id}.pdf`,
      `releve-${second!.id}.pdf`,
    ]);
    const { text, html } = await inboxMessage(message!.id);
    for (const invoice of [first!, second!]) expect(text).toContain(`n°\u00a0${invoice.id}`);
    expect(text).toContain('Total restant dû\u00a0: 2\u202f234,50\u00a0€');
    expect(text).toContain(
      `n°\u00a0${second!.id}, échue le 3 février 2026\u00a0: 1\u202f234,50\u00a0€ (46\u00a0jours de retard)`,
    );
    await writeFile(path.join(tmpdir(), 'relance-customer-reminder.html'), html ?? '');

    for (const [invoice, other] of [
      [first!, second!],
      [second!, first!],
    ] as const) {
      const rows = (await listCommunications(db, invoice.id)).filter((r) => r.channel === 'email');
      expect(rows).toEqual([
        expect.objectContaining({
          id: `${invoice.id}:step-1:email`,
          kind: 'step:email',
          result: 'sent',
          messageId: answer.messageId,
          detail: expect.objectContaining({
            batch: expect.stringMatching(new RegExp(`^customer-${invoice.customer.id}:batch-[0-9a-f]{24}$`)),
            others: [other.id],
            attachments: [expect.objectContaining({ filename: `releve-${invoice.id}.pdf` })],
          }),
        }),
      ]);
    }
  });

  it('sends nothing more when retried, even once one of its invoices is paid, and answers the same', async () => {
    const [first, second] = invoicesOfOneCustomer(2);
    await Promise.all([store(first!), store(second!)]);
    const requests = [request(first!), request(second!)];
    const answer = await activities().sendConsolidatedReminder(first!.customer.id, requests);
    await eventually(
      () => messagesTo(first!.customer.email),
      (m) => m.length === 1,
    );

    await projectInvoice(db, second!.id, 5, {
      status: 'paid',
      stage: 'paid',
      balance: 0,
      nextAction: null,
      nextActionAt: null,
    });
    const again = await activities().sendConsolidatedReminder(first!.customer.id, [...requests].reverse());

    expect(again).toEqual(answer);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await messagesTo(first!.customer.email)).toHaveLength(1);
    expect((await listCommunications(db, second!.id)).filter((r) => r.result === 'sent')).toHaveLength(1);
  });

  it('leaves out an invoice no longer open, and attaches each original uploaded', async () => {
    const [first, second, paid] = invoicesOfOneCustomer(3);
    await Promise.all([store(first!), store(second!), store(paid!, 'paid')]);
    for (const invoice of [first!, second!]) {
      const content = await anInvoicePdf(invoice.id, '');
      await db.withTransaction((tx) =>
        storeOriginalInvoice(tx, {
          invoiceId: invoice.id,
          filename: `facture-${invoice.id}.pdf`,
          contentType: 'application/pdf',
          content,
        }),
      );
    }

    const answer = await activities().sendConsolidatedReminder(first!.customer.id, [
      request(first!),
      request(second!, 'reminder-2'),
      request(paid!),
    ]);

    expect(answer).toMatchObject({ invoiceIds: [first!.id, second!.id], left: [paid!.id] });
    const [message] = await eventually(
      () => messagesTo(first!.customer.email),
      (m) => m.length === 1,
    );
    expect(message!.attachments.map((a) => a.filename).sort()).toEqual(
      [
        `releve-${first!.id}.pdf`,
        `releve-${second!.id}.pdf`,
        `facture-${first!.id}.pdf`,
        `facture-${second!.id}.pdf`,
      ].sort(),
    );
    const { text } = await inboxMessage(message!.id);
    expect(text).not.toContain(paid!.id);
    expect(text).toContain('sous huit jours');
    expect(text).toContain(`facture-${second!.id}.pdf`);
    expect(await listCommunications(db, paid!.id)).toEqual([]);
  });

  it('records a refusal on every invoice and opens one contact task covering them', async () => {
    const relay = await startFaultSmtpServer({ rejectRecipient: () => 550 });
    try {
      const [first, second] = invoicesOfOneCustomer(2);
      const requests = [request(first!), request(second!)];
      const send = () => activities(relay.url).sendConsolidatedReminder(first!.customer.id, requests);

      await expect(send()).rejects.toMatchObject({ type: 'MailRejected', nonRetryable: true });
      await expect(send()).rejects.toMatchObject({ type: 'MailRejected' });

      for (const invoice of [first!, second!]) {
        const steps = (await listCommunications(db, invoice.id)).filter((r) => r.kind === 'step:email');
        expect(steps.map((r) => [r.id, r.result])).toEqual([[`${invoice.id}:step-1:email`, 'rejected']]);
        expect(steps[0]!.detail.reason).toContain('550');
      }
      const [task, ...others] = await listTasks(db, { invoiceId: second!.id });
      expect(others).toEqual([]);
      expect(task).toMatchObject({ kind: 'fix_contact', status: 'open', customerId: first!.customer.id });
      expect(task!.invoices.map((i) => i.invoiceId).sort()).toEqual([first!.id, second!.id].sort());
      expect(relay.deliveries).toHaveLength(0);
    } finally {
      await relay.stop();
    }
  });

  it('lists every invoice of a large batch but attaches the statements of the oldest ten only', async () => {
    const invoices = Array.from({ length: 12 }, () => invoicesOfOneCustomer(1)[0]!).map((invoice, i) => ({
      ...invoice,
      dueDate: `2026-02-${String(i + 10).padStart(2, '0')}`,
    }));
    const customer = { ...invoices[0]!.customer };
    const ofOne = invoices.map((invoice) => ({ ...invoice, customer }));
    await Promise.all(ofOne.map((invoice) => store(invoice)));

    const answer = await activities().sendConsolidatedReminder(
      customer.id,
      ofOne.map((invoice) => request(invoice)),
    );

    expect(answer.invoiceIds).toHaveLength(12);
    const [message] = await eventually(
      () => messagesTo(customer.email),
      (m) => m.length >= 1,
    );
    const full = await inboxMessage(message!.id);
    for (const invoice of ofOne) expect(full.text).toContain(invoice.id);
    const statements = full.attachments.filter((a) => a.contentType === 'application/pdf');
    expect(statements).toHaveLength(MAX_INVOICES_ATTACHED);
  });
});
