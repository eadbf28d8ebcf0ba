import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { eventually } from '../../support/eventually';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';

/** The console's customers: found by name or id, one customer's page, its holds, payments and procedure forms. */
describe('the console’s customers pages', () => {
  let stack: TestStack;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });

  beforeAll(async () => {
    stack = await startTestStack();
  }, 120_000);
  afterAll(() => stack.stop());

  async function signedIn(key: string) {
    const agent = request.agent(stack.app);
    await agent.post('/app/sign-in').type('form').send({ key, next: '/app/customers' });
    await agent.get('/app/lang?to=en&back=/app/customers');
    return agent;
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

  /** A customer with one invoice due far ahead (nothing is sent meanwhile), under a name no other test uses. */
  async function newCustomer() {
    const id = `CU-${randomUUID().slice(0, 8)}`;
    const name = `Fromagerie ${randomUUID().slice(0, 6)}`;
    const body = invoiceBody(id, `${id.toLowerCase()}@client.test`, '2099-12-31');
    const created = await ops(request(stack.app).post('/v1/invoices')).send({
      ...body,
      customer: { ...body.customer, name },
    });
    expect(created.status).toBe(201);
    return { invoiceId: id, customerId: `cust-${id}`, name };
  }

  it('finds customers by part of their name over the API and in the list', async () => {
    const { customerId, name } = await newCustomer();
    const found = await ops(request(stack.app).get('/v1/customers')).query({ q: name.slice(-6).toUpperCase() });
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([
      {
        customerId,
        name,
        email: expect.any(String),
        phone: '+33 1 23 45 67 89',
        invoices: 1,
        openInvoices: 1,
        outstanding: [{ currency: 'EUR', amount: 123_450 }],
      },
    ]);
    expect(found.body.nextCursor).toBeNull();
    await newCustomer();
    const first = await ops(request(stack.app).get('/v1/customers')).query({ q: 'cust-cu-', limit: 1 });
    expect(first.body.items).toHaveLength(1);
    const second = await ops(request(stack.app).get('/v1/customers')).query({
      q: 'cust-cu-',
      limit: 1,
      cursor: first.body.nextCursor,
    });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].customerId > first.body.items[0].customerId).toBe(true);
    const wildcard = await ops(request(stack.app).get('/v1/customers')).query({ q: '%' });
    expect(wildcard.body.items).toEqual([]);
    const agent = await signedIn(KEYS.support);
    const list = await agent.get('/app/customers').query({ q: name });
    expect(list.status).toBe(200);
    expect(list.text).toContain(`<a href="/app/customers/${customerId}">${name}</a>`);
    expect(list.text).toContain('€1,234.50');
  });

  it('shows the customer with its invoices, outstanding amount and statement, and no form to support', async () => {
    const { customerId, invoiceId, name } = await newCustomer();
    const agent = await signedIn(KEYS.support);
    const page = await agent.get(`/app/customers/${customerId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<h1>${name}</h1>`);
    expect(page.text).toContain(`href="/app/invoices/${invoiceId}"`);
    expect(page.text).toMatch(/id="customer-outstanding">€1,234.50</);
    expect(page.text).toContain(`href="/app/customers/${customerId}/statement.pdf"`);
    expect(page.text).not.toContain('id="hold-form"');
    expect(page.text).not.toContain('id="payment-form"');
    expect(page.text).not.toContain('id="insolvency-form"');
    const pdf = await agent.get(`/app/customers/${customerId}/statement.pdf`).buffer(true);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(String(pdf.body.subarray(0, 5))).toBe('%PDF-');
    expect((await agent.get('/app/customers/nobody-at-all')).status).toBe(404);
  });

  it('places a hold, refuses one ending in the past naming its field, and lifts it', async () => {
    const { customerId } = await newCustomer();
    const agent = await signedIn(KEYS.ops);
    const page = await agent.get(`/app/customers/${customerId}`);
    const csrf = csrfOf(page.text);
    const refused = await agent
      .post(`/app/customers/${customerId}/hold`)
      .type('form')
      .send({ _csrf: csrf, kind: 'pause', reason: 'Talking to their accountant', until: '2020-01-01' });
    expect(refused.status).toBe(422);
    expect(refused.text).toMatch(/id="hold-until"[^>]*aria-invalid="true"/);
    expect(refused.text).toContain('value="Talking to their accountant"');
    const placed = await agent
      .post(`/app/customers/${customerId}/hold`)
      .type('form')
      .send({ _csrf: csrf, kind: 'pause', reason: 'Talking to their accountant', until: '' });
    expect(placed.status).toBe(303);
    expect(placed.headers.location).toBe(`/app/customers/${customerId}?done=hold`);
    const held = await agent.get(placed.headers.location!);
    expect(held.text).toContain('The hold is in force.');
    expect(held.text).toContain('Talking to their accountant');
    const [hold] = (await ops(request(stack.app).get(`/v1/customers/${customerId}`))).body.holds;
    expect(hold).toMatchObject({ kind: 'pause', reason: 'Talking to their accountant' });
    const lifted = await agent
      .post(`/app/customers/${customerId}/lift`)
      .type('form')
      .send({ _csrf: csrf, holdId: hold.holdId });
    expect(lifted.headers.location).toBe(`/app/customers/${customerId}?done=lift`);
    expect((await ops(request(stack.app).get(`/v1/customers/${customerId}`))).body.holds).toEqual([]);
  });

  it('places one hold for one form posted twenty times at once (a double click), and one per new form', async () => {
    const { customerId } = await newCustomer();
    const agent = await signedIn(KEYS.ops);
    const page = await agent.get(`/app/customers/${customerId}`);
    const formKey = /name="formKey" value="([^"]+)"/.exec(page.text)![1]!;
    const post = () =>
      agent
        .post(`/app/customers/${customerId}/hold`)
        .type('form')
        .send({ _csrf: csrfOf(page.text), formKey, kind: 'pause', reason: 'Double click' });
    const answers = await Promise.all(Array.from({ length: 20 }, post));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(303));
    const holds = (await ops(request(stack.app).get(`/v1/customers/${customerId}`))).body.holds;
    expect(holds).toHaveLength(1);
    const again = await agent.get(`/app/customers/${customerId}`);
    expect(/name="formKey" value="([^"]+)"/.exec(again.text)![1]).not.toBe(formKey);
    const badKey = await ops(request(stack.app).post(`/v1/customers/${customerId}/holds`))
      .set('Idempotency-Key', 'short')
      .send({ kind: 'pause', reason: 'x' });
    expect([badKey.status, badKey.body.errors?.[0]?.field]).toEqual([400, 'Idempotency-Key']);
  });

  it('records a payment typed in euros across the customer’s invoices', async () => {
    const { customerId, invoiceId } = await newCustomer();
    const agent = await signedIn(KEYS.payments);
    const page = await agent.get(`/app/customers/${customerId}`);
    expect(page.text).toContain('id="payment-form"');
    expect(page.text).not.toContain('id="hold-form"');
    const paymentId = `VIR-${randomUUID().slice(0, 6)}`;
    const form = { _csrf: csrfOf(page.text), paymentId, currency: 'EUR', receivedAt: '2026-03-02T10:30' };
    const refused = await agent
      .post(`/app/customers/${customerId}/payment`)
      .type('form')
      .send({ ...form, amount: 'douze' });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/id="payment-amount"[^>]*aria-invalid="true"/);
    const recorded = await agent
      .post(`/app/customers/${customerId}/payment`)
      .type('form')
      .send({ ...form, amount: '1 000,50' });
    expect(recorded.status).toBe(303);
    const customer = await ops(request(stack.app).get(`/v1/customers/${customerId}`));
    expect(customer.body.payments[0]).toMatchObject({
      paymentId,
      amount: 100_050,
      receivedAt: expect.stringMatching(/^2026-03-02T09:30:00/),
      shares: [expect.objectContaining({ invoiceId, amount: 100_050 })],
    });
    await eventually(
      async () => (await ops(request(stack.app).get(`/v1/invoices/${invoiceId}`))).body.state.balance,
      (balance) => balance === 23_400,
    );
    expect((await agent.get(recorded.headers.location!)).text).toContain('The payment is recorded.');
  });

  it('records an insolvency procedure, shows its claims, and closes it', async () => {
    const { customerId, invoiceId } = await newCustomer();
    const agent = await signedIn(KEYS.ops);
    const page = await agent.get(`/app/customers/${customerId}`);
    const csrf = csrfOf(page.text);
    const opened = await agent
      .post(`/app/customers/${customerId}/insolvency`)
      .type('form')
      .send({ _csrf: csrf, procedure: 'redressement', openedOn: '2026-02-10', publishedOn: '2026-02-20' });
    expect(opened.status).toBe(303);
    const shown = await eventually(
      async () => (await agent.get(`/app/customers/${customerId}`)).text,
      (html) => html.includes('id="insolvency-claims"'),
    );
    expect(shown).toContain('Redressement judiciaire');
    expect(shown).toContain(`<th scope="row">${invoiceId}</th>`);
    expect(shown).toContain('id="insolvency-close-form"');
    const closed = await agent
      .post(`/app/customers/${customerId}/insolvency-close`)
      .type('form')
      .send({ _csrf: csrf, outcome: 'dismissed', note: 'judgment set aside' });
    expect(closed.status).toBe(303);
    expect(closed.headers.location).toBe(`/app/customers/${customerId}?done=insolvency-close`);
    expect((await ops(request(stack.app).get(`/v1/customers/${customerId}`))).body.insolvency).toBeNull();
  });

  it('refuses a procedure published before its opening judgment, naming publishedOn', async () => {
    const { customerId } = await newCustomer();
    const agent = await signedIn(KEYS.ops);
    const page = await agent.get(`/app/customers/${customerId}`);
    const refused = await agent
      .post(`/app/customers/${customerId}/insolvency`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), procedure: 'redressement', openedOn: '2026-02-10', publishedOn: '2026-02-01' });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/id="insolvency-publishedOn"[^>]*aria-invalid="true"/);
    expect((await ops(request(stack.app).get(`/v1/customers/${customerId}`))).body.insolvency).toBeNull();
  });
});
