import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { signatureHeader } from '../../../api/payments/webhook-signature';
import { eventually } from '../../support/eventually';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';
import { createApiApp, WEBHOOK_SECRET } from '../support/api-app';

/** The customer endpoints against a real Temporal dev server, workers and PostgreSQL. */
describe('/v1/customers/{id}', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createApiApp>['app'];
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const payments = (r: request.Test) => r.auth(KEYS.payments, { type: 'bearer' });
  const support = (r: request.Test) => r.auth(KEYS.support, { type: 'bearer' });

  beforeAll(async () => {
    stack = await startTestStack();
    ({ app } = createApiApp({ db: stack.db, temporal: stack.temporal, taskQueue: stack.taskQueue }));
  }, 120_000);

  afterAll(() => stack.stop());

  const newCustomerId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

  /** An invoice of the customer, not due for decades: nothing is sent while the test looks at it. */
  async function createInvoice(customerId: string, dueDate: string, overrides: Record<string, unknown> = {}) {
    const id = `${customerId}-${randomUUID().slice(0, 4)}`;
    const body = invoiceBody(id, `${customerId.toLowerCase()}@client.test`, dueDate, {
      policyId: 'fr-b2b-standard',
      ...overrides,
    });
    const created = await ops(request(app).post('/v1/invoices')).send({
      ...body,
      customer: { ...body.customer, id: customerId },
    });
    expect([created.status, created.body.detail]).toEqual([201, undefined]);
    return id;
  }

  const invoiceState = async (id: string) => (await support(request(app).get(`/v1/invoices/${id}`))).body.state;
  const customer = async (id: string) => {
    const response = await support(request(app).get(`/v1/customers/${id}`));
    expect(response.status).toBe(200);
    return response.body;
  };

  it('answers 404 for a customer no invoice names, and 400 for an id that cannot be one', async () => {
    const unknown = await support(request(app).get(`/v1/customers/${newCustomerId('NONE')}`));
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    const hold = await ops(request(app).post(`/v1/customers/${newCustomerId('NONE')}/holds`)).send({
      kind: 'pause',
      reason: 'no such customer',
    });
    expect(hold.status).toBe(404);
    expect((await support(request(app).get('/v1/customers/%00x'))).status).toBe(400);
  });

  it('holds every invoice of the customer (stage paused), new ones too, and lifts it once', async () => {
    const customerId = newCustomerId('HOLD');
    const [a, b] = [await createInvoice(customerId, '2099-01-31'), await createInvoice(customerId, '2099-03-31')];

    const placed = await ops(request(app).post(`/v1/customers/${customerId}/holds`)).send({
      kind: 'pause',
      reason: 'conciliation talks',
    });
    expect([placed.status, placed.body.detail]).toEqual([201, undefined]);
    const { holdId } = placed.body;
    expect(holdId).toMatch(/^hold-/);
    expect(placed.headers.location).toBe(`/v1/customers/${customerId}/holds/${holdId}`);

    const view = await customer(customerId);
    expect(view.holds).toEqual([
      {
        holdId,
        kind: 'pause',
        reason: 'conciliation talks',
        until: null,
        since: expect.any(String),
        by: expect.stringMatching(/^ops:/),
      },
    ]);
    for (const id of [a, b]) {
      await eventually(
        () => invoiceState(id),
        (state) => state?.stage === 'paused',
      );
    }
    await eventually(
      () => customer(customerId),
      (body) => body.invoices.every((invoice: { stage: string }) => invoice.stage === 'paused'),
    );

    // An invoice opened while the hold stands starts held.
    const c = await createInvoice(customerId, '2099-05-31');
    const started = await eventually(
      () => invoiceState(c),
      (state) => state?.stage === 'paused',
    );
    expect(started.customerHolds.map((hold: { holdId: string }) => hold.holdId)).toEqual([holdId]);

    const lifted = await ops(request(app).delete(`/v1/customers/${customerId}/holds/${holdId}`));
    expect([lifted.status, lifted.body.repeated, lifted.body.holds]).toEqual([200, false, []]);
    for (const id of [a, b, c]) {
      await eventually(
        () => invoiceState(id),
        (state) => state?.stage === 'scheduled',
      );
    }
    expect((await customer(customerId)).holds).toEqual([]);

    const again = await ops(request(app).delete(`/v1/customers/${customerId}/holds/${holdId}`));
    expect([again.status, again.body.repeated]).toEqual([200, true]);
    const unknown = await ops(request(app).delete(`/v1/customers/${customerId}/holds/hold-never-placed`));
    expect(unknown.status).toBe(404);
  });

  it('refuses a hold ending in the past (422) or of an unknown kind (400), naming the field', async () => {
    const customerId = newCustomerId('BADHOLD');
    await createInvoice(customerId, '2099-01-31');
    const past = await ops(request(app).post(`/v1/customers/${customerId}/holds`)).send({
      kind: 'do_not_contact',
      reason: 'lawyer',
      until: '2020-01-01',
    });
    expect([past.status, past.body.errors?.[0]?.field]).toEqual([422, 'until']);
    const kind = await ops(request(app).post(`/v1/customers/${customerId}/holds`)).send({
      kind: 'forever',
      reason: 'lawyer',
    });
    expect([kind.status, kind.body.errors?.[0]?.field]).toEqual([400, 'kind']);
    const supportKey = await support(request(app).post(`/v1/customers/${customerId}/holds`)).send({
      kind: 'pause',
      reason: 'read-only key',
    });
    expect(supportKey.status).toBe(403);
  });

  it('spreads a payment naming no invoice oldest due first, keeps the rest as credit and applies it to a new invoice', async () => {
    const customerId = newCustomerId('PAY');
    const older = await createInvoice(customerId, '2099-01-31', { amount: 100_000 });
    const newer = await createInvoice(customerId, '2099-06-30', { amount: 50_000 });
    const payment = {
      paymentId: `sepa-${randomUUID().slice(0, 8)}`,
      amount: 170_000,
      currency: 'EUR',
      receivedAt: new Date().toISOString(),
    };

    const recorded = await payments(request(app).post(`/v1/customers/${customerId}/payments`)).send(payment);
    expect([recorded.status, recorded.body.detail]).toEqual([201, undefined]);
    expect(recorded.body).toEqual({
      paymentId: payment.paymentId,
      currency: 'EUR',
      shares: [
        { invoiceId: older, amount: 100_000 },
        { invoiceId: newer, amount: 50_000 },
      ],
      credit: 20_000,
    });

    const repeated = await payments(request(app).post(`/v1/customers/${customerId}/payments`)).send(payment);
    expect([repeated.status, repeated.body]).toEqual([200, recorded.body]);
    const conflicting = await payments(request(app).post(`/v1/customers/${customerId}/payments`)).send({
      ...payment,
      amount: 1_000,
    });
    expect(conflicting.status).toBe(409);

    for (const id of [older, newer]) {
      const state = await eventually(
        () => invoiceState(id),
        (s) => s?.status === 'paid',
      );
      expect(state.payments.map((p: { paymentId: string }) => p.paymentId)).toEqual([`${payment.paymentId}/${id}`]);
    }
    const view = await customer(customerId);
    expect(view.credit).toEqual([{ currency: 'EUR', amount: 20_000 }]);
    expect(view.payments).toEqual([
      expect.objectContaining({ paymentId: payment.paymentId, amount: 170_000, credit: 20_000 }),
    ]);

    // A new invoice in that currency takes the credit left.
    const later = await createInvoice(customerId, '2099-09-30', { amount: 30_000 });
    await eventually(
      () => invoiceState(later),
      (s) => s?.balance === 10_000,
    );
    await eventually(
      () => customer(customerId),
      (body) => body.credit.length === 0 && body.outstanding[0]?.amount === 10_000,
    );
  });

  it('pays the invoice a payment reference names first, and reverses every share of it', async () => {
    const customerId = newCustomerId('REF');
    const older = await createInvoice(customerId, '2099-01-31', { amount: 100_000 });
    const named = await createInvoice(customerId, '2099-06-30', { amount: 50_000 });
    const paymentId = `sepa-${randomUUID().slice(0, 8)}`;
    const recorded = await payments(request(app).post(`/v1/customers/${customerId}/payments`)).send({
      paymentId,
      amount: 80_000,
      currency: 'EUR',
      receivedAt: new Date().toISOString(),
      reference: `virement ${named}`,
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body.shares).toEqual([
      { invoiceId: named, amount: 50_000 },
      { invoiceId: older, amount: 30_000 },
    ]);
    await eventually(
      () => invoiceState(older),
      (s) => s?.balance === 70_000,
    );

    const reversed = await payments(
      request(app).post(`/v1/customers/${customerId}/payments/${paymentId}/reverse`),
    ).send({ reason: 'chargeback' });
    expect([reversed.status, reversed.body.detail]).toEqual([200, undefined]);
    await eventually(
      () => invoiceState(older),
      (s) => s?.balance === 100_000,
    );
    await eventually(
      () => invoiceState(named),
      (s) => s?.balance === 50_000,
    );
    const unknown = await payments(request(app).post(`/v1/customers/${customerId}/payments/never-paid/reverse`)).send({
      reason: 'chargeback',
    });
    expect(unknown.status).toBe(404);
  });

  it('takes a signed settlement naming only the customer as a payment across its invoices', async () => {
    const customerId = newCustomerId('HOOK');
    const only = await createInvoice(customerId, '2099-01-31', { amount: 40_000 });
    const event = {
      eventId: `evt-${randomUUID()}`,
      type: 'settlement',
      customerId,
      paymentId: `pay-${randomUUID().slice(0, 8)}`,
      amount: 45_000,
      currency: 'EUR',
      receivedAt: new Date().toISOString(),
      method: 'sepa_credit_transfer',
    };
    const raw = JSON.stringify(event);
    const delivered = await request(app)
      .post('/v1/webhooks/payments')
      .set('Content-Type', 'application/json')
      .set('Relance-Signature', signatureHeader(WEBHOOK_SECRET, Math.floor(Date.now() / 1000), raw))
      .send(raw);
    expect([delivered.status, delivered.body.status, delivered.body.detail]).toEqual([200, 'applied', null]);
    expect(delivered.body.state).toEqual({
      paymentId: event.paymentId,
      currency: 'EUR',
      shares: [{ invoiceId: only, amount: 40_000 }],
      credit: 5_000,
    });
    await eventually(
      () => invoiceState(only),
      (s) => s?.status === 'paid',
    );
    expect((await customer(customerId)).credit).toEqual([{ currency: 'EUR', amount: 5_000 }]);

    // A customer no invoice names waits for a person, like an unknown invoice.
    const stranger = { ...event, eventId: `evt-${randomUUID()}`, customerId: newCustomerId('NOBODY') };
    const strangerRaw = JSON.stringify(stranger);
    const waiting = await request(app)
      .post('/v1/webhooks/payments')
      .set('Content-Type', 'application/json')
      .set('Relance-Signature', signatureHeader(WEBHOOK_SECRET, Math.floor(Date.now() / 1000), strangerRaw))
      .send(strangerRaw);
    expect([waiting.status, waiting.body.status]).toEqual([202, 'unmatched']);
  });

  it('freezes every open invoice in an insolvency procedure, refuses a second one, and resumes when dismissed', async () => {
    const customerId = newCustomerId('INSOLV');
    const [a, b] = [await createInvoice(customerId, '2099-01-31'), await createInvoice(customerId, '2099-03-31')];
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    const procedure = { procedure: 'redressement', openedOn: daysAgo(10), publishedOn: daysAgo(3) };

    const future = await ops(request(app).post(`/v1/customers/${customerId}/insolvency`)).send({
      ...procedure,
      publishedOn: '2099-01-01',
    });
    expect([future.status, future.body.errors?.[0]?.field]).toEqual([422, 'publishedOn']);

    const opened = await ops(request(app).post(`/v1/customers/${customerId}/insolvency`)).send(procedure);
    expect([opened.status, opened.body.detail]).toEqual([201, undefined]);
    expect(opened.body).toMatchObject({ ...procedure, outcome: null, taskId: expect.any(String) });
    expect(opened.body.declareBy > procedure.publishedOn).toBe(true);
    for (const id of [a, b]) {
      await eventually(
        () => invoiceState(id),
        (state) => state?.stage === 'insolvency',
      );
    }
    expect((await customer(customerId)).insolvency).toMatchObject({ procedure: 'redressement', outcome: null });

    const second = await ops(request(app).post(`/v1/customers/${customerId}/insolvency`)).send({
      ...procedure,
      procedure: 'liquidation',
    });
    expect(second.status).toBe(409);

    const closed = await ops(request(app).post(`/v1/customers/${customerId}/insolvency/close`)).send({
      outcome: 'dismissed',
    });
    expect([closed.status, closed.body.outcome]).toEqual([200, 'dismissed']);
    for (const id of [a, b]) {
      await eventually(
        () => invoiceState(id),
        (state) => state?.stage === 'scheduled',
      );
    }
    expect((await customer(customerId)).insolvency).toBeNull();
    const none = await ops(request(app).post(`/v1/customers/${customerId}/insolvency/close`)).send({
      outcome: 'plan_adopted',
    });
    expect(none.status).toBe(409);
  });
});
