import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { customerStateQuery } from '../../workflows/customer-messages';
import { stateQuery } from '../../workflows/messages';
import type { InvoiceState } from '../../workflows/read-model';
import { customerWorkflowId, invoiceWorkflowId } from '../../workflows/routing';
import { exportHistory } from '../histories/export-history';
import { pdfText } from '../templates/pdf-text';
import { eventually } from '../support/eventually';
import { inboxMessage, messagesTo } from '../support/mail-inbox';
import { requiredEnv } from '../support/test-database';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../support/test-stack';

/**
 * Collecting per customer, as the issue's "done when" says, on the real servers (dev server, PostgreSQL, SMTP sink,
 * workers, the API): one e-mail and one phone task for invoices falling due together, holds and insolvency on every
 * invoice of a customer, a payment naming no invoice spread oldest first with the rest as credit.
 */
describe('collecting per customer, against the real servers', () => {
  let stack: TestStack;
  const policyId = `cust-${randomUUID().slice(0, 8)}`;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const api = () => request(stack.app);

  beforeAll(async () => {
    stack = await startTestStack();
    const policy = await ops(api().post('/v1/policies')).send({
      id: policyId,
      name: 'Per customer',
      calendar: null,
      instalmentGrace: 'PT10S',
      promiseGrace: 'PT10S',
      disputeSla: 'PT60S',
      consolidationWindow: 'PT5S',
      steps: [
        { after: 'PT1S', action: 'email', template: 'reminder-1' },
        { after: 'PT12S', action: 'phone_task' },
      ],
    });
    expect([policy.status, policy.body.detail]).toEqual([201, undefined]);
  }, 120_000);

  afterAll(() => stack.stop());

  const newCustomer = (prefix: string) => {
    const id = `${prefix}-${randomUUID().slice(0, 8)}`;
    return { id, email: `${id.toLowerCase()}@client.test` };
  };

  async function createInvoice(
    customer: { id: string; email: string },
    due: string,
    overrides: Record<string, unknown> = {},
  ): Promise<string> {
    const id = `${customer.id}-${randomUUID().slice(0, 4)}`;
    const body = invoiceBody(id, customer.email, due, { policyId, ...overrides });
    const created = await ops(api().post('/v1/invoices')).send({
      ...body,
      customer: { ...body.customer, id: customer.id },
    });
    expect([created.status, created.body.detail]).toEqual([201, undefined]);
    return id;
  }

  async function state(invoiceId: string): Promise<InvoiceState> {
    const client = await stack.temporal.client();
    return client.workflow.getHandle(invoiceWorkflowId(invoiceId)).query(stateQuery);
  }

  async function trail(invoiceId: string) {
    const response = await ops(api().get(`/v1/invoices/${invoiceId}/communications`));
    return response.body.items as { id: string; kind: string; messageId: string | null; result: string }[];
  }

  const inSeconds = (s: number) => new Date(Date.now() + s * 1_000).toISOString().replace(/\.\d+Z$/, 'Z');

  it('sends one e-mail listing two invoices due together, cites its Message-ID in both trails, and opens one phone task', async () => {
    const customer = newCustomer('CC');
    const due = inSeconds(2);
    const [a, b] = [await createInvoice(customer, due), await createInvoice(customer, due, { amount: 45_000 })];

    const [mail] = await eventually(
      () => messagesTo(customer.email),
      (m) => m.length >= 1,
      60_000,
    );
    const full = await inboxMessage(mail!.id);
    expect(full.text).toContain(a);
    expect(full.text).toContain(b);

    for (const invoiceId of [a, b]) {
      const rows = await eventually(
        () => trail(invoiceId!),
        (r) => r.some((row) => row.kind === 'step:email'),
      );
      expect(rows.filter((r) => r.kind === 'step:email').map((r) => [r.result, r.messageId])).toEqual([
        ['sent', mail!.messageId],
      ]);
    }
    const states = await eventually(
      () => Promise.all([state(a!), state(b!)]),
      (s) => s.every((one) => one.stage === 'calling'),
      60_000,
    );
    for (const s of states) expect(s.history.find((h) => h.action === 'email')?.messageId).toBe(mail!.messageId);
    // Exactly one e-mail reached the customer, and one open phone task covers both invoices.
    expect(await messagesTo(customer.email)).toHaveLength(1);
    const tasks = await stack.db.query<{ id: string; invoice_id: string }>(
      `SELECT t.id, ti.invoice_id FROM tasks t JOIN task_invoices ti ON ti.task_id = t.id
        WHERE t.customer_id = $1 AND t.kind = 'phone_call' AND t.status = 'open' ORDER BY ti.invoice_id`,
      [customer.id],
    );
    expect(new Set(tasks.map((t) => t.id)).size).toBe(1);
    expect(tasks.map((t) => t.invoice_id).sort()).toEqual([a, b].sort());

    const client = await stack.temporal.client();
    const customerView = await client.workflow.getHandle(customerWorkflowId(customer.id)).query(customerStateQuery);
    expect(customerView.counts).toMatchObject({ batchesSent: 1, invoicesConsolidated: 2 });

    if (process.env.RELANCE_RECORD_HISTORIES === '1') {
      const dir = join(__dirname, '..', 'histories');
      const address = requiredEnv('TEMPORAL_ADDRESS');
      await exportHistory(address, invoiceWorkflowId(a!), join(dir, 'consolidated-reminder.json'));
      await exportHistory(address, customerWorkflowId(customer.id), join(dir, 'customer-collection.json'));
    }
  }, 120_000);

  it('holds every invoice of a customer, a later one too, until the hold is lifted', async () => {
    const customer = newCustomer('CH');
    const due = inSeconds(4);
    const first = await createInvoice(customer, due);
    const placed = await ops(api().post(`/v1/customers/${customer.id}/holds`)).send({
      kind: 'do_not_contact',
      reason: 'the customer asked for its accountant to be called only',
    });
    expect([placed.status, typeof placed.body.holdId]).toEqual([201, 'string']);
    const later = await createInvoice(customer, due);
    for (const id of [first, later]) {
      const s = await eventually(
        () => state(id),
        (one) => one.stage === 'paused',
      );
      expect(s.customerHolds).toEqual([
        expect.objectContaining({ holdId: placed.body.holdId, kind: 'do_not_contact' }),
      ]);
    }
    const seen = await ops(api().get(`/v1/customers/${customer.id}`));
    expect(seen.status).toBe(200);
    expect(seen.body.holds).toEqual([expect.objectContaining({ holdId: placed.body.holdId })]);
    // Past the due date and the first step's moment: nothing reached the customer.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(await messagesTo(customer.email)).toHaveLength(0);

    const lifted = await ops(api().delete(`/v1/customers/${customer.id}/holds/${placed.body.holdId}`));
    expect(lifted.status).toBe(200);
    await eventually(
      () => messagesTo(customer.email),
      (m) => m.length >= 1,
      60_000,
    );
    const after = await Promise.all([state(first), state(later)]);
    expect(after.map((s) => s.customerHolds)).toEqual([[], []]);
  }, 120_000);

  it('freezes every open invoice on insolvency and opens one file_claim task due two months after publication', async () => {
    const customer = newCustomer('CI');
    const due = inSeconds(60);
    const invoices = [await createInvoice(customer, due), await createInvoice(customer, due, { amount: 20_000 })];
    // Issued after the opening judgment: paid at its due date (art. L622-17 C. com.), neither frozen nor declared.
    const afterwards = await createInvoice(customer, due, { issueDate: '2026-11-25' });
    const opened = await ops(api().post(`/v1/customers/${customer.id}/insolvency`)).send({
      procedure: 'redressement',
      openedOn: '2026-11-20',
      publishedOn: '2026-11-27',
    });
    expect([opened.status, opened.body.detail]).toEqual([201, undefined]);
    expect(opened.body).toMatchObject({ procedure: 'redressement', declareBy: '2027-01-27' });
    for (const id of invoices) {
      await eventually(
        () => state(id),
        (s) => s.stage === 'insolvency',
      );
    }
    const tasks = await stack.db.query<{ id: string; due_at: Date; context: { claims: unknown[] } }>(
      `SELECT id, due_at, context FROM tasks WHERE customer_id = $1 AND kind = 'file_claim'`,
      [customer.id],
    );
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.context.claims).toHaveLength(2);
    expect(JSON.stringify(tasks[0]!.context.claims)).not.toContain(afterwards);
    const later = await state(afterwards);
    expect([later.stage, later.insolvency ?? null]).toEqual(['scheduled', null]);
    expect(tasks[0]!.due_at.toISOString().slice(0, 10) >= '2027-01-26').toBe(true);
    expect(tasks[0]!.due_at.toISOString().slice(0, 10) <= '2027-01-27').toBe(true);
    const again = await ops(api().post(`/v1/customers/${customer.id}/insolvency`)).send({
      procedure: 'liquidation',
      openedOn: '2026-11-25',
      publishedOn: '2026-11-28',
    });
    expect(again.status).toBe(409);
  }, 120_000);

  it('spreads a payment naming no invoice over the oldest first, keeps the rest as credit, and shows each share', async () => {
    const customer = newCustomer('CP');
    const older = await createInvoice(customer, inSeconds(3_600), { amount: 10_000 });
    const newer = await createInvoice(customer, inSeconds(7_200), { amount: 20_000 });
    const paymentId = `VIR-${randomUUID().slice(0, 8)}`;
    const body = { paymentId, amount: 25_000, currency: 'EUR', receivedAt: new Date().toISOString() };
    const paid = await ops(api().post(`/v1/customers/${customer.id}/payments`)).send(body);
    expect([paid.status, paid.body.detail]).toEqual([201, undefined]);
    expect(paid.body.shares).toEqual([
      { invoiceId: older, amount: 10_000 },
      { invoiceId: newer, amount: 15_000 },
    ]);
    const [a, b] = await eventually(
      () => Promise.all([state(older), state(newer)]),
      (s) => s[0]!.status === 'paid' && s[1]!.balance === 5_000,
    );
    expect(a!.payments.map((p) => p.paymentId)).toEqual([`${paymentId}/${older}`]);
    expect(b!.payments.map((p) => [p.paymentId, p.amount])).toEqual([[`${paymentId}/${newer}`, 15_000]]);

    const extra = await ops(api().post(`/v1/customers/${customer.id}/payments`)).send({
      ...body,
      paymentId: `${paymentId}-2`,
      amount: 8_000,
    });
    expect(extra.body).toMatchObject({ shares: [{ invoiceId: newer, amount: 5_000 }], credit: 3_000 });
    const view = await eventually(
      () => ops(api().get(`/v1/customers/${customer.id}`)),
      (r) => r.status === 200 && r.body.credit?.[0]?.amount === 3_000,
    );
    expect(view.body.credit).toEqual([{ currency: 'EUR', amount: 3_000 }]);
    // The statement of account lists the open invoice, both payments and the credit.
    const statement = await ops(api().get(`/v1/customers/${customer.id}/statement`))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect([statement.status, statement.headers['content-type']]).toEqual([200, 'application/pdf']);
    const text = pdfText(statement.body as Buffer);
    expect(text).toContain('Relevé de compte');
    expect(text).toContain(paymentId);
    expect(text).toMatch(/30,00\s€/);
    // The same payment again is the same answer, applied once.
    const repeated = await ops(api().post(`/v1/customers/${customer.id}/payments`)).send(body);
    expect([repeated.status, repeated.body.shares]).toEqual([200, paid.body.shares]);
  }, 120_000);
});
