import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { invoiceWorkflowId } from '../../workflows/routing';
import { eventually } from '../support/eventually';
import { inboxMessage, messagesTo } from '../support/mail-inbox';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../support/test-stack';

const OPS = KEYS.ops;
const SUPPORT = KEYS.support;

describe('an invoice through Temporal, PostgreSQL and SMTP', () => {
  let stack: TestStack;
  let app: TestStack['app'];

  beforeAll(async () => {
    stack = await startTestStack();
    app = stack.app;
  });

  afterAll(() => stack.stop());

  it('sends a late reminder at the due instant, then closes as paid on a full payment', async () => {
    const id = `F-${randomUUID().slice(0, 8)}`;
    const email = `${id.toLowerCase()}@client.test`;
    const due = new Date(Date.now() + 3_000).toISOString();

    const created = await request(app)
      .post('/v1/invoices')
      .auth(OPS, { type: 'bearer' })
      .send(invoiceBody(id, email, due));
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/v1/invoices/${id}`);
    expect(created.body).toMatchObject({ id, amount: 123_450, currency: 'EUR', status: 'open' });

    expect(await messagesTo(email)).toHaveLength(0);
    const [listedMail] = await eventually(
      () => messagesTo(email),
      (messages) => messages.length >= 1,
      30_000,
    );
    const reminder = await inboxMessage(listedMail!.id);
    expect(reminder.subject).toBe(`Facture n° ${id} en retard`);
    expect(reminder.text).toMatch(/1\s234,50\s€/);

    const before = await request(app).get(`/v1/invoices/${id}`).auth(SUPPORT, { type: 'bearer' });
    expect(before.status).toBe(200);
    expect(before.body.state).toMatchObject({ status: 'open', stage: 'reminding', balance: 123_450 });

    const paid = await request(app)
      .post(`/v1/invoices/${id}/payments`)
      .auth(OPS, { type: 'bearer' })
      .send({ paymentId: 'pay-1', amount: 123_450, currency: 'EUR', receivedAt: new Date().toISOString() });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'paid', stage: 'paid', balance: 0 });

    const after = await request(app).get(`/v1/invoices/${id}`).auth(SUPPORT, { type: 'bearer' });
    expect(after.body.state.status).toBe('paid');
    const trail = await request(app).get(`/v1/invoices/${id}/communications`).auth(SUPPORT, { type: 'bearer' });
    // The ladder's steps only: the thank-you for the payment may already be on the trail too.
    expect(trail.body.items.filter((item: { kind: string }) => item.kind.startsWith('step:'))).toEqual([
      expect.objectContaining({ channel: 'email', recipient: email, template: 'reminder-1', result: 'sent' }),
    ]);
    expect(trail.body.items.find((item: { channel: string }) => item.channel === 'email').messageId).toBe(
      reminder.messageId,
    );
    const listed = await eventually(
      () => request(app).get('/v1/invoices?status=paid').auth(SUPPORT, { type: 'bearer' }),
      (response) => response.body.items?.some((item: { id: string }) => item.id === id),
    );
    expect(listed.status).toBe(200);
  });

  it('starts one workflow when the same invoice is created twice, and refuses a different body under the same id', async () => {
    const id = `F-${randomUUID().slice(0, 8)}`;
    const body = invoiceBody(id, `${id.toLowerCase()}@client.test`, '2099-12-31');
    const first = await request(app).post('/v1/invoices').auth(OPS, { type: 'bearer' }).send(body);
    const second = await request(app).post('/v1/invoices').auth(OPS, { type: 'bearer' }).send(body);
    expect([first.status, second.status]).toEqual([201, 200]);
    const client = await stack.temporal.client();
    const runs = [];
    for await (const run of client.workflow.list({ query: `WorkflowId = '${invoiceWorkflowId(id)}'` })) runs.push(run);
    expect(runs).toHaveLength(1);

    const changed = await request(app)
      .post('/v1/invoices')
      .auth(OPS, { type: 'bearer' })
      .send({ ...body, amount: 99 });
    expect(changed.status).toBe(409);
    expect(changed.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it("fixes the governing law at creation (the creditor's country by default), keeps the postal address, pins a policy version", async () => {
    const id = `F-${randomUUID().slice(0, 8)}`;
    const body = invoiceBody(id, `${id.toLowerCase()}@client.test`, '2099-12-31', { policyId: 'fr-b2b-standard' });
    const created = await request(app).post('/v1/invoices').auth(OPS, { type: 'bearer' }).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ governingLaw: 'FR', customer: { address: body.customer.address } });
    const client = await stack.temporal.client();
    const [input] = (await client.workflow.getHandle(invoiceWorkflowId(id)).fetchHistory()).events![0]!
      .workflowExecutionStartedEventAttributes!.input!.payloads!;
    const started = JSON.parse(Buffer.from(input!.data!).toString());
    expect(started.invoice).toMatchObject({ governingLaw: 'FR', customer: { address: body.customer.address } });

    const german = `F-${randomUUID().slice(0, 8)}`;
    const chosen = await request(app)
      .post('/v1/invoices')
      .auth(OPS, { type: 'bearer' })
      .send(
        invoiceBody(german, `${german.toLowerCase()}@client.test`, '2099-12-31', {
          governingLaw: 'DE',
          policyVersion: 1,
        }),
      );
    expect(chosen.status).toBe(201);
    expect(chosen.body).toMatchObject({ governingLaw: 'DE', policy: { id: 'demo-fast', version: 1 } });

    const refusals = await Promise.all(
      [
        { governingLaw: 'Germany' },
        { policyVersion: 99 },
        { customer: { ...body.customer, address: { lines: [], postcode: '69003', city: 'Lyon', country: 'FR' } } },
        {
          customer: {
            ...body.customer,
            address: { lines: ['1 rue\u0000'], postcode: '69003', city: 'Lyon', country: 'FR' },
          },
        },
      ].map((overrides) =>
        request(app)
          .post('/v1/invoices')
          .auth(OPS, { type: 'bearer' })
          .send({ ...invoiceBody(`F-${randomUUID().slice(0, 8)}`, 'x@client.test', '2099-12-31'), ...overrides }),
      ),
    );
    expect(refusals.map((r) => [r.status, r.body.errors?.[0]?.field])).toEqual([
      [400, 'governingLaw'],
      [400, 'policyVersion'],
      [400, 'customer.address.lines'],
      [400, 'customer.address.lines[0]'],
    ]);
  });

  it('refuses a payment in another currency with a 422 naming the field, and counts a repeated payment once', async () => {
    const id = `F-${randomUUID().slice(0, 8)}`;
    await request(app)
      .post('/v1/invoices')
      .auth(OPS, { type: 'bearer' })
      .send(invoiceBody(id, 'x@client.test', '2099-12-31'));
    const payment = { paymentId: 'p1', amount: 20_000, currency: 'EUR', receivedAt: new Date().toISOString() };
    const wrong = await request(app)
      .post(`/v1/invoices/${id}/payments`)
      .auth(KEYS.payments, { type: 'bearer' })
      .send({ ...payment, currency: 'USD' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'currency' })]);
    expect(wrong.body.detail).toMatch(/USD does not match the invoice currency EUR/);
    for (let i = 0; i < 2; i++) {
      await request(app).post(`/v1/invoices/${id}/payments`).auth(KEYS.payments, { type: 'bearer' }).send(payment);
    }
    const state = await request(app).get(`/v1/invoices/${id}`).auth(SUPPORT, { type: 'bearer' });
    expect(state.body.state).toMatchObject({ status: 'open', balance: 103_450 });
    expect(state.body.state.payments).toHaveLength(1);
  });

  it('names the bad field, refuses a missing or weak key, and answers 404 for an unknown invoice', async () => {
    const bad = await request(app)
      .post('/v1/invoices')
      .auth(OPS, { type: 'bearer' })
      .send({ ...invoiceBody('F-bad', 'not-an-email', '2026-13-45'), amount: 12.5 });
    expect(bad.status).toBe(400);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['customer.email', 'amount', 'dueDate']));

    expect((await request(app).get('/v1/invoices/nope')).status).toBe(401);
    expect((await request(app).post('/v1/invoices').auth(SUPPORT, { type: 'bearer' }).send({})).status).toBe(403);
    expect((await request(app).get('/v1/invoices/nope').auth(SUPPORT, { type: 'bearer' })).status).toBe(404);
  });
});
