import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { signatureHeader } from '../../../api/payments/webhook-signature';
import { recordPaymentEvent } from '../../../db/webhook-events';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';
import { createApiApp, WEBHOOK_SECRET } from '../support/api-app';

/** Signed payment webhooks against a real Temporal dev server, worker and PostgreSQL. */
describe('POST /v1/webhooks/payments', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createApiApp>['app'];
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const support = (r: request.Test) => r.auth(KEYS.support, { type: 'bearer' });
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    stack = await startTestStack();
    ({ app } = createApiApp({ db: stack.db, temporal: stack.temporal, taskQueue: stack.taskQueue }));
  });

  afterAll(() => stack.stop());

  function deliver(event: object, options: { secret?: string; t?: number; header?: string } = {}) {
    const raw = JSON.stringify(event);
    const header = options.header ?? signatureHeader(options.secret ?? WEBHOOK_SECRET, options.t ?? nowSeconds(), raw);
    return {
      raw,
      header,
      send: () =>
        request(app)
          .post('/v1/webhooks/payments')
          .set('Content-Type', 'application/json')
          .set('Relance-Signature', header)
          .send(raw),
    };
  }

  async function newInvoice(): Promise<string> {
    const id = `W-${randomUUID().slice(0, 8)}`;
    const created = await ops(request(app).post('/v1/invoices')).send(
      invoiceBody(id, `${id}@client.test`, '2099-12-31'),
    );
    expect(created.status).toBe(201);
    return id;
  }

  const settlement = (invoiceId: string, amount = 50_000) => ({
    eventId: `evt-${randomUUID()}`,
    type: 'settlement',
    invoiceId,
    paymentId: `pay-${randomUUID().slice(0, 8)}`,
    amount,
    currency: 'EUR',
    receivedAt: new Date().toISOString(),
    method: 'sepa_credit_transfer',
  });

  const balanceOf = async (id: string) => (await support(request(app).get(`/v1/invoices/${id}`))).body.state.balance;

  it('applies a settlement signed with the shared secret and answers the new state', async () => {
    const id = await newInvoice();
    const response = await deliver(settlement(id)).send();
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'applied', duplicate: false, state: { balance: 73_450 } });
    expect(await balanceOf(id)).toBe(73_450);
  });

  it('applies an event delivered twice (signed afresh each time) once', async () => {
    const id = await newInvoice();
    const event = settlement(id);
    expect((await deliver(event).send()).status).toBe(200);
    const again = await deliver(event, { t: nowSeconds() + 1 }).send();
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'applied', duplicate: true });
    expect(await balanceOf(id)).toBe(73_450);
  });

  it('applies an event delivered twice at the same moment once', async () => {
    const id = await newInvoice();
    const event = settlement(id, 10_000);
    const signedAt = nowSeconds();
    const [a, b] = await Promise.all([
      deliver(event, { t: signedAt }).send(),
      deliver(event, { t: signedAt - 1 }).send(),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.duplicate, b.body.duplicate].sort()).toEqual([false, true]);
    expect(await balanceOf(id)).toBe(113_450);
  });

  it('applies, on its redelivery, an event whose first delivery was kept but never answered (an outage, a crash)', async () => {
    const id = await newInvoice();
    const event = settlement(id, 20_000);
    await recordPaymentEvent(stack.db, {
      eventId: event.eventId,
      type: 'settlement',
      invoiceId: id,
      paymentId: event.paymentId,
      payload: event,
    });
    const redelivered = await deliver(event).send();
    expect(redelivered.status).toBe(200);
    expect(redelivered.body).toMatchObject({ status: 'applied', duplicate: true });
    expect(await balanceOf(id)).toBe(103_450);
  });

  it('refuses a replayed request with 401, even within five minutes', async () => {
    const id = await newInvoice();
    const delivery = deliver(settlement(id));
    expect((await delivery.send()).status).toBe(200);
    const replay = await delivery.send();
    expect(replay.status).toBe(401);
    expect(replay.body.detail).toMatch(/used before/);
  });

  it('refuses forged, stale, missing and malformed signatures with 401 and applies nothing', async () => {
    const id = await newInvoice();
    const event = settlement(id);
    const forged = await deliver(event, { secret: 'whsec-guessed-0123456789abcdef' }).send();
    expect(forged.status).toBe(401);
    expect(forged.headers['content-type']).toMatch(/application\/problem\+json/);
    const stale = await deliver(event, { t: nowSeconds() - 301 }).send();
    expect(stale.status).toBe(401);
    expect(stale.body.detail).toMatch(/older than 300 seconds/);
    const missing = await request(app)
      .post('/v1/webhooks/payments')
      .set('Content-Type', 'application/json')
      .send(event);
    expect(missing.status).toBe(401);
    expect((await deliver(event, { header: 't=1,v1=zz' }).send()).status).toBe(401);
    const signed = deliver(event);
    const tampered = await request(app)
      .post('/v1/webhooks/payments')
      .set('Content-Type', 'application/json')
      .set('Relance-Signature', signed.header)
      .send(signed.raw.replace('50000', '123450'));
    expect(tampered.status).toBe(401);
    expect(await balanceOf(id)).toBe(123_450);
  });

  it('accepts a signature among several v1 entries, as while rotating the secret', async () => {
    const id = await newInvoice();
    const event = settlement(id);
    const raw = JSON.stringify(event);
    const header = signatureHeader(['whsec-next-secret-0123456789ab', WEBHOOK_SECRET], nowSeconds(), raw);
    expect((await deliver(event, { header }).send()).status).toBe(200);
  });

  it('answers 400 naming the field for a signed but invalid event', async () => {
    const response = await deliver({ type: 'settlement', invoiceId: 'x', paymentId: 'p', amount: 1.5 }).send();
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['eventId', 'amount']),
    );
  });

  it('reverses a settlement on a chargeback', async () => {
    const id = await newInvoice();
    const paid = settlement(id);
    await deliver(paid).send();
    const reversal = await deliver({
      eventId: `evt-${randomUUID()}`,
      type: 'reversal',
      invoiceId: id,
      paymentId: paid.paymentId,
      kind: 'chargeback',
    }).send();
    expect(reversal.status).toBe(200);
    expect(reversal.body.state.balance).toBe(123_450);
    expect(reversal.body.state.payments[0].reversed.reason).toMatch(/chargeback/);
  });

  it('stores an event for an unknown invoice (202), lists it, and applies it once a person matches it', async () => {
    const id = await newInvoice();
    const event = settlement('F-TYPO-1');
    const stored = await deliver(event).send();
    expect(stored.status).toBe(202);
    expect(stored.body).toMatchObject({ status: 'unmatched', eventId: event.eventId });

    const listed = await support(request(app).get('/v1/webhooks/payments/unmatched'));
    expect(listed.body.items.map((e: { eventId: string }) => e.eventId)).toContain(event.eventId);

    const path = `/v1/webhooks/payments/unmatched/${event.eventId}/match`;
    expect((await support(request(app).post(path)).send({ invoiceId: id })).status).toBe(403);
    expect((await ops(request(app).post(path)).send({ invoiceId: 'F-STILL-WRONG' })).status).toBe(422);
    const matched = await request(app).post(path).auth(KEYS.payments, { type: 'bearer' }).send({ invoiceId: id });
    expect(matched.status).toBe(200);
    expect(matched.body.event).toMatchObject({
      status: 'matched',
      invoiceId: id,
      settledBy: expect.stringMatching(/^payments:/),
    });
    expect(await balanceOf(id)).toBe(73_450);
    expect((await ops(request(app).post(path)).send({ invoiceId: id })).status).toBe(409);

    const after = await support(request(app).get('/v1/webhooks/payments/unmatched'));
    expect(after.body.items.map((e: { eventId: string }) => e.eventId)).not.toContain(event.eventId);
  });

  it('keeps an event the workflow refuses (wrong currency) for a person, who may dismiss it', async () => {
    const id = await newInvoice();
    const event = { ...settlement(id), currency: 'USD' };
    const refused = await deliver(event).send();
    expect(refused.status).toBe(202);
    expect(refused.body.status).toBe('rejected');
    expect(refused.body.detail).toMatch(/currency|USD/i);
    // A payments key may match events to invoices, not throw a settlement away.
    const byPaymentSystem = await request(app)
      .post(`/v1/webhooks/payments/unmatched/${event.eventId}/match`)
      .auth(KEYS.payments, { type: 'bearer' })
      .send({ dismiss: true });
    expect(byPaymentSystem.status).toBe(403);
    const dismissed = await ops(request(app).post(`/v1/webhooks/payments/unmatched/${event.eventId}/match`)).send({
      dismiss: true,
      note: 'paid in error, refunded',
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.event.status).toBe('dismissed');
    expect(await balanceOf(id)).toBe(123_450);
  });
});
