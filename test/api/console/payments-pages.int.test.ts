import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { signatureHeader } from '../../../api/payments/webhook-signature';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';
import { createApiApp, WEBHOOK_SECRET } from '../support/api-app';

/** The console's unmatched payments: a signed settlement no invoice took, matched to an invoice or dismissed. */
describe('the console’s unmatched payments page', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createApiApp>['app'];
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });

  beforeAll(async () => {
    stack = await startTestStack();
    // The test stack has no webhook secret: this app, over the same database and Temporal, has one.
    ({ app } = createApiApp({ db: stack.db, temporal: stack.temporal, taskQueue: stack.taskQueue }));
  }, 120_000);
  afterAll(() => stack.stop());

  async function signedIn(key: string) {
    const agent = request.agent(app);
    await agent.post('/app/sign-in').type('form').send({ key, next: '/app/payments' });
    await agent.get('/app/lang?to=en&back=/app/payments');
    return agent;
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

  async function newInvoice(): Promise<string> {
    const id = `PM-${randomUUID().slice(0, 8)}`;
    const created = await ops(request(app).post('/v1/invoices')).send(
      invoiceBody(id, `${id}@client.test`, '2099-12-31'),
    );
    expect(created.status).toBe(201);
    return id;
  }

  /** A signed settlement naming an invoice that does not exist: kept as unmatched. */
  async function unmatchedSettlement(amount = 50_000) {
    const event = {
      eventId: `evt-${randomUUID()}`,
      type: 'settlement',
      invoiceId: `F-TYPO-${randomUUID().slice(0, 4)}`,
      paymentId: `pay-${randomUUID().slice(0, 8)}`,
      amount,
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
    expect(delivered.body.status).toBe('unmatched');
    return event;
  }

  it('shows a settlement for an unknown invoice, and matching it records the payment on the invoice', async () => {
    const invoiceId = await newInvoice();
    const event = await unmatchedSettlement();
    const agent = await signedIn(KEYS.payments);
    const page = await agent.get('/app/payments');
    expect(page.status).toBe(200);
    expect(page.text).toContain(event.paymentId);
    expect(page.text).toContain(event.invoiceId);
    expect(page.text).toContain('€500.00');
    expect(page.text).toContain(`id="match-${event.eventId}-form"`);
    // A payments key matches; throwing a settlement away takes an operator.
    expect(page.text).not.toContain(`id="dismiss-${event.eventId}-form"`);

    const refused = await agent
      .post(`/app/payments/${event.eventId}/match`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), invoiceId: 'F-STILL-WRONG' });
    expect(refused.status).toBe(422);
    expect(refused.text).toMatch(new RegExp(`id="match-${event.eventId}-invoiceId"[^>]*aria-invalid="true"`));
    expect(refused.text).toContain('value="F-STILL-WRONG"');

    const matched = await agent
      .post(`/app/payments/${event.eventId}/match`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), invoiceId });
    expect(matched.status).toBe(303);
    expect(matched.headers.location).toBe('/app/payments?done=match');
    const after = await agent.get(matched.headers.location!);
    expect(after.text).toContain('The payment is applied to the invoice.');
    expect(after.text).not.toContain(event.paymentId);
    const invoice = await ops(request(app).get(`/v1/invoices/${invoiceId}`));
    expect(invoice.body.state.balance).toBe(73_450);
  });

  it('lets an operator dismiss a settlement with a reason, and shows support no form', async () => {
    const event = await unmatchedSettlement(1_000);
    const support = await signedIn(KEYS.support);
    const seen = await support.get('/app/payments');
    expect(seen.text).toContain(event.paymentId);
    expect(seen.text).not.toContain('<form method="post" action="/app/payments/');
    const agent = await signedIn(KEYS.ops);
    const page = await agent.get('/app/payments');
    const dismissed = await agent
      .post(`/app/payments/${event.eventId}/dismiss`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), note: 'test transfer from our own bank' });
    expect(dismissed.headers.location).toBe('/app/payments?done=dismiss');
    const listed = await ops(request(app).get('/v1/webhooks/payments/unmatched'));
    expect(listed.body.items.map((item: { eventId: string }) => item.eventId)).not.toContain(event.eventId);
    const again = await agent
      .post(`/app/payments/${event.eventId}/dismiss`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect(again.status).toBe(409);
    expect(again.text).toContain('The request was refused');
  });
});
